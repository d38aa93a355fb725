package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.immutables.value.Value;

/** A {@code listen}, {@code frontend} or {@code backend} section. */
@Value.Immutable
public abstract class Proxy {
  /** The section keyword. */
  public enum Kind {
    LISTEN("listen"),
    FRONTEND("frontend"),
    BACKEND("backend");

    private final String keyword;

    Kind(String keyword) {
      this.keyword = keyword;
    }

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

  public abstract Kind kind();

  public abstract String name();

  /** Overrides the mode of {@code defaults}. */
  public abstract Optional<Mode> mode();

  public abstract ImmutableList<Bind> binds();

  public abstract Optional<Balance> balance();

  public abstract ImmutableList<ProxyOption> options();

  /** Own timeouts, overriding those of {@code defaults}. */
  @Value.Default
  public Timeouts timeouts() {
    return Timeouts.none();
  }

  public abstract Optional<Integer> retries();

  public abstract Optional<Integer> maxconn();

  public abstract ImmutableList<HttpRequestRule> httpRequestRules();

  public abstract Optional<Stickiness> stickiness();

  /**
   * {@code redirect prefix URL code 301}: every request answered with a permanent redirect to the same path under
   * {@code URL} (scheme, host and optional port, e.g. {@code https://192.168.122.200}). Unlike
   * {@code http-request redirect scheme} it works in every HAProxy since 1.3 (1.4.24 configuration.txt:4043).
   */
  public abstract Optional<String> redirectPrefix();

  public abstract Optional<StatsPage> stats();

  /** The backend a frontend hands requests to. */
  public abstract Optional<String> defaultBackend();

  public abstract ImmutableList<Server> servers();

  /** Servers without health checks are refused unless this is set: a dead server would keep receiving traffic. */
  @Value.Default
  public boolean allowServersWithoutHealthCheck() {
    return false;
  }

  public static Builder listen(String name) {
    return new Builder().kind(Kind.LISTEN).name(name);
  }

  public static Builder frontend(String name) {
    return new Builder().kind(Kind.FRONTEND).name(name);
  }

  public static Builder backend(String name) {
    return new Builder().kind(Kind.BACKEND).name(name);
  }

  /** Builds a {@link Proxy}; start from {@link #listen}, {@link #frontend} or {@link #backend}. */
  public static class Builder extends ImmutableProxy.Builder {}

  @Value.Check
  protected void validate() {
    Names.check(kind().keyword(), name());
    retries().ifPresent(r -> checkArgument(r >= 0, "%s '%s': retries must be >= 0, was %s", kind().keyword(), name(), r));
    maxconn().ifPresent(m -> checkArgument(m >= 1, "%s '%s': maxconn must be >= 1, was %s", kind().keyword(), name(), m));
    redirectPrefix().ifPresent(url -> checkArgument(url.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?"),
        "%s '%s': redirect prefix '%s' must be a scheme and host with an optional port, without a path or a trailing"
            + " '/' (the request's path is appended)", kind().keyword(), name(), url));
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
