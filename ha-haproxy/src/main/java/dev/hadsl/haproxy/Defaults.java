package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Version;
import java.util.Optional;
import org.immutables.value.Value;

/** The {@code defaults} section every proxy inherits from. */
@Value.Immutable
public abstract class Defaults {
  @Value.Default
  public Mode mode() {
    return Mode.HTTP;
  }

  /** {@code log global}: use the global log targets. */
  @Value.Default
  public boolean logGlobal() {
    return true;
  }

  public abstract ImmutableList<ProxyOption> options();

  public abstract Optional<Integer> retries();

  /** {@code retry-on} conditions (HAProxy 2.x L7 retries), e.g. {@code conn-failure empty-response}. */
  public abstract ImmutableList<String> retryOn();

  public abstract Optional<Integer> maxconn();

  @Value.Default
  public Timeouts timeouts() {
    return Timeouts.recommended();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Defaults}. */
  public static class Builder extends ImmutableDefaults.Builder {}

  /** HTTP defaults for API services: logs, redispatch with three retries on a dead server, recommended timeouts. */
  public static Defaults recommended() {
    return builder()
        .addOption(ProxyOption.of("dontlognull"))
        .addOption(ProxyOption.of("redispatch"))
        .retries(3)
        .addRetryOn("conn-failure", "empty-response", "response-timeout")
        .build();
  }

  /** {@link #recommended()} without what {@code haproxy} lacks: {@code retry-on} came with 2.0. */
  public static Defaults recommended(Version haproxy) {
    return haproxy.atLeast(HaproxyVersions.RETRY_ON) ? recommended()
        : builder().from(recommended()).retryOn(java.util.List.of()).build();
  }

  @Value.Check
  protected void validate() {
    retries().ifPresent(r -> checkArgument(r >= 0, "defaults retries must be >= 0, was %s", r));
    maxconn().ifPresent(m -> checkArgument(m >= 1, "defaults maxconn must be >= 1, was %s", m));
    RetryOn.check("defaults", retryOn());
  }
}
