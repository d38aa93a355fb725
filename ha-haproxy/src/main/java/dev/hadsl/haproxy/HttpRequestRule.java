package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * An {@code http-request} rule: an action with its arguments and an optional condition. Factories cover the rules an
 * HA front needs: forwarded-protocol headers behind TLS and the HTTP-to-HTTPS redirect.
 */
@Value.Immutable
public abstract class HttpRequestRule {
  private static final Set<String> REDIRECT_KINDS = Set.of("location", "prefix", "scheme");
  private static final Set<String> REDIRECT_CODES = Set.of("301", "302", "303", "307", "308");
  private static final ImmutableList<String> ACTIONS = ImmutableList.of("set-header", "add-header", "del-header",
      "redirect", "deny", "allow", "set-var", "disable-l7-retry");

  /** The action, e.g. {@code set-header} or {@code redirect}. */
  public abstract String action();

  /** Arguments, each quoted as needed when rendered. */
  public abstract ImmutableList<String> arguments();

  /**
   * An ACL condition, written after {@code if}: anonymous ACLs such as {@code { ssl_fc }} or {@code !{ ssl_fc }},
   * HAProxy's predefined ACLs ({@code METH_GET}) and the proxy's named ones ({@link Acl}), joined by {@code ||}.
   */
  public abstract Optional<String> ifCondition();

  /** The same, written after {@code unless}. */
  public abstract Optional<String> unlessCondition();

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link HttpRequestRule}. */
  public static class Builder extends ImmutableHttpRequestRule.Builder {}

  /** {@code http-request set-header NAME VALUE}. */
  public static HttpRequestRule setHeader(String name, String value) {
    return builder().action("set-header").addArguments(name, value).build();
  }

  /** {@code http-request set-header X-Forwarded-Proto https if { ssl_fc }}: tells the service it was reached by TLS. */
  public static HttpRequestRule forwardedProtoHttps() {
    return builder().action("set-header").addArguments("X-Forwarded-Proto", "https").ifCondition("{ ssl_fc }").build();
  }

  /** {@code http-request redirect scheme https code 301 unless { ssl_fc }}. */
  public static HttpRequestRule redirectToHttps() {
    return builder().action("redirect").addArguments("scheme", "https", "code", "301").unlessCondition("{ ssl_fc }")
        .build();
  }

  /**
   * Rejects unknown actions, both an {@code if} and an {@code unless} condition, and multi-line arguments or
   * conditions.
   */
  @Value.Check
  protected void validate() {
    checkArgument(ACTIONS.contains(action()), "http-request action '%s' is not one of %s", action(),
        String.join(", ", ACTIONS));
    checkArgument(ifCondition().isEmpty() || unlessCondition().isEmpty(),
        "http-request %s: give 'if' or 'unless', not both", action());
    arguments().forEach(a -> Names.checkOneLine("http-request " + action() + " argument", a));
    for (String condition : conditions()) {
      Names.checkOneLine("http-request condition", condition);
      Expressions.conditionProblem(condition, HaproxyKeywords.V2_6).ifPresent(problem -> {
        throw new IllegalArgumentException("http-request " + action() + ": condition '" + condition + "': " + problem);
      });
    }
    switch (action()) {
      case "set-header", "add-header" -> {
        checkArgument(arguments().size() == 2, "http-request %s takes a header name and a value, got %s", action(),
            arguments());
        Expressions.logFormatProblem(arguments().get(1), HaproxyKeywords.V2_6).ifPresent(problem -> {
          throw new IllegalArgumentException("http-request " + action() + " " + arguments().get(0) + ": value '"
              + arguments().get(1) + "' (a log-format string): " + problem);
        });
      }
      case "del-header" -> checkArgument(arguments().size() == 1, "http-request del-header takes a header name, got %s",
          arguments());
      case "redirect" -> checkRedirect();
      default -> { }
    }
  }

  /**
   * {@code redirect location|prefix|scheme <value> [code <301|302|303|307|308>] [drop-query] [append-slash]
   * [set-cookie <c>] [clear-cookie <c>]}: HAProxy's configuration manual, "redirect".
   */
  private void checkRedirect() {
    List<String> words = arguments();
    checkArgument(words.size() >= 2 && REDIRECT_KINDS.contains(words.get(0)), "http-request redirect: must start with"
        + " location, prefix or scheme and its value, got %s", words);
    for (int i = 2; i < words.size(); i++) {
      String option = words.get(i);
      if (option.equals("code")) {
        checkArgument(i + 1 < words.size() && REDIRECT_CODES.contains(words.get(i + 1)), "http-request redirect: code"
            + " must be one of %s, got %s", REDIRECT_CODES, words);
        i++;
      } else if (option.equals("set-cookie") || option.equals("clear-cookie")) {
        checkArgument(i + 1 < words.size(), "http-request redirect: %s needs a cookie, got %s", option, words);
        i++;
      } else {
        checkArgument(option.equals("drop-query") || option.equals("append-slash"), "http-request redirect: unknown"
            + " option '%s' in %s", option, words);
      }
    }
  }

  /** The log-format value a {@code set-header} or {@code add-header} rule writes, if it is one. */
  Optional<String> headerValue() {
    return action().equals("set-header") || action().equals("add-header") ? Optional.of(arguments().get(1))
        : Optional.empty();
  }

  /** The {@code if} or {@code unless} condition, if any. */
  List<String> conditions() {
    return List.of(ifCondition(), unlessCondition()).stream().flatMap(Optional::stream).toList();
  }

  String render() {
    StringBuilder line = new StringBuilder("http-request ").append(action());
    arguments().forEach(a -> line.append(' ').append(Names.word(a)));
    ifCondition().ifPresent(c -> line.append(" if ").append(c));
    unlessCondition().ifPresent(c -> line.append(" unless ").append(c));
    return line.toString();
  }
}
