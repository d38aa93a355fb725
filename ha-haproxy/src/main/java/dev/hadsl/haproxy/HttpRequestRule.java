package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An {@code http-request} rule: an action with its arguments and an optional condition. Factories cover the rules an
 * HA front needs: forwarded-protocol headers behind TLS and the HTTP-to-HTTPS redirect.
 */
@Value.Immutable
public abstract class HttpRequestRule {
  private static final ImmutableList<String> ACTIONS = ImmutableList.of("set-header", "add-header", "del-header",
      "redirect", "deny", "allow", "set-var", "disable-l7-retry");

  /** The action, e.g. {@code set-header} or {@code redirect}. */
  public abstract String action();

  /** Arguments, each quoted as needed when rendered. */
  public abstract ImmutableList<String> arguments();

  /** An ACL condition, e.g. {@code { ssl_fc }} or {@code !{ ssl_fc }}, written after {@code if}. */
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
    ifCondition().ifPresent(c -> Names.checkOneLine("http-request condition", c));
    unlessCondition().ifPresent(c -> Names.checkOneLine("http-request condition", c));
  }

  String render() {
    StringBuilder line = new StringBuilder("http-request ").append(action());
    arguments().forEach(a -> line.append(' ').append(Names.word(a)));
    ifCondition().ifPresent(c -> line.append(" if ").append(c));
    unlessCondition().ifPresent(c -> line.append(" unless ").append(c));
    return line.toString();
  }
}
