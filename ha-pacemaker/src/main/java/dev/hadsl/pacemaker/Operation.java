package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.immutables.value.Value;

/** A resource operation: {@code monitor interval=30s timeout=20s}, {@code start interval=0s timeout=60s}. */
@Value.Immutable
public abstract class Operation {
  private static final Set<String> NAMES = Set.of("monitor", "start", "stop", "promote", "demote", "notify",
      "migrate_to", "migrate_from", "reload", "reload-agent");
  private static final Set<String> ROLES = Set.of("Started", "Stopped", "Promoted", "Unpromoted");
  /** Pacemaker 2.1's on-fail values (Pacemaker Explained, "Resource Operations"; demote since 2.0.5). */
  private static final Set<String> ON_FAIL = Set.of("ignore", "block", "demote", "stop", "restart", "standby",
      "fence");

  /** The action, e.g. {@code monitor}, {@code start} or {@code stop}. */
  public abstract String name();

  /** How often a recurring operation runs, in whole milliseconds; zero for one-off operations. */
  public abstract Duration interval();

  /** How long the operation may take before it counts as failed; Pacemaker's default when absent. */
  public abstract Optional<Duration> timeout();

  /** For monitors of promotable clones: {@code Promoted} or {@code Unpromoted}. */
  public abstract Optional<String> role();

  /**
   * What Pacemaker does when the operation fails ({@code block}: leave the resource as it is, for a person to look),
   * its default when absent (restart, or fence for a failed stop).
   */
  public abstract Optional<String> onFail();

  /** A monitor every {@code interval} with the default timeout. */
  public static Operation monitor(Duration interval) {
    return ImmutableOperation.builder().name("monitor").interval(interval).build();
  }

  /** A monitor every {@code interval} that fails after {@code timeout}. */
  public static Operation monitor(Duration interval, Duration timeout) {
    return ImmutableOperation.builder().name("monitor").interval(interval).timeout(timeout).build();
  }

  /** A non-recurring operation (start, stop, promote, ...) with its timeout. */
  public static Operation of(String name, Duration timeout) {
    return ImmutableOperation.builder().name(name).interval(Duration.ZERO).timeout(timeout).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Operation}. */
  public static class Builder extends ImmutableOperation.Builder {}

  /** Rejects unknown actions and roles, negative or sub-millisecond durations, and a monitor without an interval. */
  @Value.Check
  protected void validate() {
    checkArgument(NAMES.contains(name()), "operation '%s' is not one of %s", name(), NAMES.stream().sorted().toList());
    checkArgument(!interval().isNegative() && interval().toNanos() % 1_000_000 == 0,
        "operation %s: interval must be >= 0 whole milliseconds, was %s", name(), interval());
    checkArgument(!name().equals("monitor") || !interval().isZero(),
        "operation monitor: interval must be > 0, was %s", interval());
    timeout().ifPresent(t -> checkArgument(!t.isNegative() && !t.isZero() && t.toNanos() % 1_000_000 == 0,
        "operation %s: timeout must be > 0 whole milliseconds, was %s", name(), t));
    role().ifPresent(r -> checkArgument(ROLES.contains(r), "operation %s: role '%s' is not one of %s", name(), r,
        ROLES.stream().sorted().toList()));
    onFail().ifPresent(f -> checkArgument(ON_FAIL.contains(f), "operation %s: on-fail '%s' is not one of %s", name(),
        f, ON_FAIL.stream().sorted().toList()));
  }

  /** The id pcs would give it: {@code <resource>-<name>-interval-<interval>}, with the role when there is one. */
  String idFor(String resourceId) {
    return resourceId + "-" + name() + "-interval-" + Ids.time(interval()) + role().map(r -> "-" + r).orElse("");
  }

  /**
   * The pcs arguments after {@code op}, one per element: {@code [monitor, interval=30s, timeout=20s]}; {@code roleName}
   * spells a role the way the pcs at hand does (Master before pcs 0.11.1, Promoted since).
   */
  ImmutableList<String> pcsArguments(UnaryOperator<String> roleName) {
    ImmutableList.Builder<String> words = ImmutableList.builder();
    words.add(name(), "interval=" + Ids.time(interval()));
    timeout().ifPresent(t -> words.add("timeout=" + Ids.time(t)));
    role().ifPresent(r -> words.add("role=" + roleName.apply(r)));
    onFail().ifPresent(f -> words.add("on-fail=" + f));
    return words.build();
  }
}
