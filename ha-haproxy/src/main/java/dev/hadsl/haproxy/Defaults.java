package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Version;
import java.util.Optional;
import org.immutables.value.Value;

/** The {@code defaults} section every proxy inherits from. */
@Value.Immutable
public abstract class Defaults {
  /** The mode every proxy inherits; HTTP unless set. */
  @Value.Default
  public Mode mode() {
    return Mode.HTTP;
  }

  /** {@code log global}: use the global log targets. */
  @Value.Default
  public boolean logGlobal() {
    return true;
  }

  /** {@code option} lines every proxy inherits. */
  public abstract ImmutableList<ProxyOption> options();

  /** {@code retries}: how often a failed connection to a server is retried. */
  public abstract Optional<Integer> retries();

  /** {@code retry-on} conditions (HAProxy 2.x L7 retries), e.g. {@code conn-failure empty-response}. */
  public abstract ImmutableList<String> retryOn();

  /** {@code maxconn}: the most concurrent connections each proxy accepts. */
  public abstract Optional<Integer> maxconn();

  /** Timeouts every proxy inherits; {@link Timeouts#recommended()} unless set. */
  @Value.Default
  public Timeouts timeouts() {
    return Timeouts.recommended();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Defaults}. */
  public static class Builder extends ImmutableDefaults.Builder {}

  /**
   * HTTP defaults for API services: logs, three retries each redispatched to another server (a dead server costs a
   * request one {@code timeout connect}, not three, while its health checks have yet to mark it down), layer-7
   * retries of connection failures and empty or late responses, recommended timeouts.
   */
  public static Defaults recommended() {
    return builder()
        .addOption(ProxyOption.of("dontlognull"))
        .addOption(ProxyOption.redispatch(1))
        .retries(3)
        .addRetryOn("conn-failure", "empty-response", "response-timeout")
        .build();
  }

  /**
   * {@link #recommended()} without what {@code haproxy} lacks: {@code retry-on} came with 2.0, the redispatch
   * interval with 1.6 (before it, the bare option redispatches on the last retry).
   */
  public static Defaults recommended(Version haproxy) {
    Defaults recommended = recommended();
    Builder builder = builder().from(recommended);
    if (!haproxy.atLeast(HaproxyVersions.RETRY_ON)) {
      builder.retryOn(java.util.List.of());
    }
    if (!haproxy.atLeast(HaproxyVersions.REDISPATCH_INTERVAL)) {
      builder.options(recommended.options().stream()
          .map(option -> option.name().equals("redispatch") ? ProxyOption.of("redispatch") : option).toList());
    }
    return builder.build();
  }

  /** Rejects negative retries, a maxconn below 1 and unknown {@code retry-on} conditions. */
  @Value.Check
  protected void validate() {
    retries().ifPresent(r -> checkArgument(r >= 0, "defaults retries must be >= 0, was %s", r));
    maxconn().ifPresent(m -> checkArgument(m >= 1, "defaults maxconn must be >= 1, was %s", m));
    RetryOn.check("defaults", retryOn());
  }
}
