package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Secret;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/** The statistics page of a proxy ({@code stats enable}, {@code stats uri}, optional basic auth). */
@Value.Immutable
public abstract class StatsPage {
  /** The path the page is served at; {@code /stats} unless set. */
  @Value.Default
  public String uri() {
    return "/stats";
  }

  /** {@code stats refresh}: how often the browser reloads the page. */
  public abstract Optional<Duration> refresh();

  /** Basic-auth user; the password is a {@link Secret}. */
  public abstract Optional<String> user();

  /** The basic-auth password; given together with {@link #user()}. */
  public abstract Optional<Secret> password();

  /** Hide the HAProxy version from the page. */
  @Value.Default
  public boolean hideVersion() {
    return true;
  }

  /** A page at {@code uri} without authentication. */
  public static StatsPage at(String uri) {
    return builder().uri(uri).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StatsPage}. */
  public static class Builder extends ImmutableStatsPage.Builder {}

  /**
   * Rejects a malformed URI, a user without password or the reverse, and user names or passwords HAProxy cannot read.
   */
  @Value.Check
  protected void validate() {
    checkArgument(uri().startsWith("/") && uri().matches("[^\\s\"'#\\\\]+"),
        "stats uri '%s' must start with '/' and contain no spaces or quotes", uri());
    checkArgument(user().isPresent() == password().isPresent(), "stats page: give both user and password, or neither");
    user().ifPresent(u -> checkArgument(u.matches("[A-Za-z0-9_.-]+"),
        "stats user '%s' may only contain letters, digits, '-', '_' and '.'", u));
    password().ifPresent(p -> checkArgument(p.reveal().matches("[^\\s\"'#\\\\:]+"),
        "stats password must not contain spaces, quotes, '#', '\\' or ':'"));
    refresh().ifPresent(d -> Durations.checkPositive("stats refresh", d));
  }
}
