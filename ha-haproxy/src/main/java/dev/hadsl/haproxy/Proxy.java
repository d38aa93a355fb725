package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/** A {@code listen}, {@code frontend} or {@code backend} section. */
@Value.Immutable
public abstract class Proxy {
  /** The section keyword. */
  public enum Kind {
    /** {@code listen}: accepts connections and forwards them to its own servers. */
    LISTEN("listen"),
    /** {@code frontend}: accepts connections and hands them to a backend. */
    FRONTEND("frontend"),
    /** {@code backend}: forwards what frontends hand it to its servers. */
    BACKEND("backend");

    private final String keyword;

    Kind(String keyword) {
      this.keyword = keyword;
    }

    /** The keyword that opens the section in haproxy.cfg. */
    public String keyword() {
      return keyword;
    }

    boolean accepts() {
      return this != BACKEND;
    }

    boolean forwards() {
      return this != FRONTEND;
    }
  }

  /** Whether this is a {@code listen}, {@code frontend} or {@code backend} section. */
  public abstract Kind kind();

  /** The section's name: letters, digits, '-', '_', '.' and ':'. */
  public abstract String name();

  /** Overrides the mode of {@code defaults}. */
  public abstract Optional<Mode> mode();

  /** The addresses and ports the proxy accepts connections on (none for a backend). */
  public abstract ImmutableList<Bind> binds();

  /** How requests are spread over the servers; HAProxy's default (roundrobin) when absent. */
  public abstract Optional<Balance> balance();

  /** {@code option} lines, in order. */
  public abstract ImmutableList<ProxyOption> options();

  /** Own timeouts, overriding those of {@code defaults}. */
  @Value.Default
  public Timeouts timeouts() {
    return Timeouts.none();
  }

  /** {@code retries}: how often a failed connection to a server is retried; overrides {@code defaults}. */
  public abstract Optional<Integer> retries();

  /** {@code maxconn}: the most concurrent connections the proxy accepts. */
  public abstract Optional<Integer> maxconn();

  /** Named ACLs ({@code acl} lines) the conditions of {@link #httpRequestRules()} may refer to. */
  public abstract ImmutableList<Acl> acls();

  /** {@code http-request} rules, in order. */
  public abstract ImmutableList<HttpRequestRule> httpRequestRules();

  /** How a client is kept on the same server, if at all. */
  public abstract Optional<Stickiness> stickiness();

  /**
   * {@code redirect prefix URL code 301}: every request answered with a permanent redirect to the same path under
   * {@code URL} (scheme, host and optional port, e.g. {@code https://192.168.122.200}). Unlike
   * {@code http-request redirect scheme} it works in every HAProxy since 1.3 (1.4.24 configuration.txt:4043).
   */
  public abstract Optional<String> redirectPrefix();

  /** The statistics page this proxy serves, if any. */
  public abstract Optional<StatsPage> stats();

  /** The backend a frontend hands requests to. */
  public abstract Optional<String> defaultBackend();

  /** The servers requests are forwarded to, in order. */
  public abstract ImmutableList<Server> servers();

  /** Servers without health checks are refused unless this is set: a dead server would keep receiving traffic. */
  @Value.Default
  public boolean allowServersWithoutHealthCheck() {
    return false;
  }

  /** Starts a {@code listen} section. */
  public static Builder listen(String name) {
    return new Builder().kind(Kind.LISTEN).name(name);
  }

  /** Starts a {@code frontend} section. */
  public static Builder frontend(String name) {
    return new Builder().kind(Kind.FRONTEND).name(name);
  }

  /** Starts a {@code backend} section. */
  public static Builder backend(String name) {
    return new Builder().kind(Kind.BACKEND).name(name);
  }

  /** Builds a {@link Proxy}; start from {@link #listen}, {@link #frontend} or {@link #backend}. */
  public static class Builder extends ImmutableProxy.Builder {}

  /**
   * Rejects a malformed name, negative retries, a maxconn below 1, a condition naming an ACL that is neither declared
   * nor predefined, an http-request rule testing or copying what its section does not offer, and a redirect prefix
   * with a path.
   */
  @Value.Check
  protected void validate() {
    Names.check(kind().keyword(), name());
    retries().ifPresent(r -> checkArgument(r >= 0, "%s '%s': retries must be >= 0, was %s", kind().keyword(), name(), r));
    maxconn().ifPresent(m -> checkArgument(m >= 1, "%s '%s': maxconn must be >= 1, was %s", kind().keyword(), name(), m));
    List<String> problems = aclReferenceProblems(HaproxyKeywords.V2_6);
    problems.addAll(httpRequestContextProblems(HaproxyKeywords.V2_6));
    checkArgument(problems.isEmpty(), "%s", String.join("\n", problems));
    redirectPrefix().ifPresent(url -> checkArgument(url.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?"),
        "%s '%s': redirect prefix '%s' must be a scheme and host with an optional port, without a path or a trailing"
            + " '/' (the request's path is appended)", kind().keyword(), name(), url));
  }

  /**
   * Every ACL a condition names is predefined by HAProxy or declared by this proxy: HAProxy refuses the configuration
   * otherwise ("no such ACL"). A fetch name used bare is the usual slip, so the message says so.
   */
  List<String> aclReferenceProblems(HaproxyKeywords keywords) {
    Set<String> declared = acls().stream().map(Acl::name).collect(Collectors.toCollection(TreeSet::new));
    List<String> problems = new ArrayList<>();
    for (HttpRequestRule rule : httpRequestRules()) {
      for (String condition : rule.conditions()) {
        for (String reference : Expressions.aclReferences(condition)) {
          if (!declared.contains(reference) && !keywords.predefinedAcls.contains(reference)) {
            String hint = keywords.fetches.contains(reference)
                ? "; '" + reference + "' is a sample fetch: test it in braces, '{ " + reference + " }'" : "";
            problems.add(kind().keyword() + " '" + name() + "': http-request " + rule.action() + " condition '"
                + condition + "' names ACL '" + reference + "', which is neither declared here "
                + (declared.isEmpty() ? "(no acl lines)" : "(acl " + String.join(", ", declared) + ")")
                + " nor predefined by " + keywords + hint);
          }
        }
      }
    }
    return problems;
  }

  /**
   * Every fetch an http-request rule tests or copies is one HAProxy offers to this section's http-request rules:
   * response headers or the status, for one, are not there yet. HAProxy only warns that such a condition "will never
   * match" (a deny rule that never denies), and refuses such a header value.
   */
  List<String> httpRequestContextProblems(HaproxyKeywords keywords) {
    List<String> problems = new ArrayList<>();
    for (HttpRequestRule rule : httpRequestRules()) {
      for (String condition : rule.conditions()) {
        List<String> fetches = new ArrayList<>(Expressions.anonymousAclFetches(condition));
        Set<String> references = Set.copyOf(Expressions.aclReferences(condition));
        acls().stream().filter(acl -> references.contains(acl.name()))
            .forEach(acl -> fetches.add(Expressions.fetchName(acl.criterion())));
        fetches.stream().filter(fetch -> !keywords.usableInHttpRequest(fetch, kind())).distinct()
            .forEach(fetch -> problems.add(kind().keyword() + " '" + name() + "': http-request " + rule.action()
                + " condition '" + condition + "' tests '" + fetch + "', which " + keywords + " does not offer to a "
                + kind().keyword() + "'s http-request rules: it would never match"));
      }
      rule.headerValue().stream().flatMap(value -> Expressions.logFormatFetches(value).stream())
          .filter(fetch -> !keywords.usableInHttpRequest(fetch, kind())).distinct()
          .forEach(fetch -> problems.add(kind().keyword() + " '" + name() + "': http-request " + rule.action() + " "
              + rule.arguments().get(0) + " uses '" + fetch + "', which " + keywords + " does not offer to a "
              + kind().keyword() + "'s http-request rules"));
    }
    return problems;
  }

  /** The proxy's effective mode given the defaults. */
  public Mode effectiveMode(Defaults defaults) {
    return mode().orElse(defaults.mode());
  }

  /** The proxy's effective timeouts given the defaults. */
  Timeouts effectiveTimeouts(Defaults defaults) {
    return defaults.timeouts().overriddenBy(timeouts());
  }

  /** Whether any option or server makes HAProxy check server health. */
  boolean healthChecked() {
    return servers().stream().allMatch(Server::check);
  }
}
