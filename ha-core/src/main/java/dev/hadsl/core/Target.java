package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/** Where a step runs: on one host, on each of several hosts, or once on one node of a cluster. */
@Value.Immutable
public abstract class Target {
  /** How the step is spread over {@link #hosts()}. */
  public enum Kind {
    /** Exactly one host. */
    HOST,
    /** Every host, in order. */
    EACH,
    /** Once, on the first of the hosts (a cluster-wide change made from any one member). */
    ONE_OF
  }

  /** How the step is spread over the hosts. */
  @Value.Parameter
  public abstract Kind kind();

  /** The hosts, in order, none twice. */
  @Value.Parameter
  public abstract ImmutableList<Host> hosts();

  /** Runs on {@code host} only. */
  public static Target host(Host host) {
    return ImmutableTarget.of(Kind.HOST, ImmutableList.of(host));
  }

  /** Runs on every one of {@code hosts}, in order. */
  public static Target each(List<Host> hosts) {
    return ImmutableTarget.of(Kind.EACH, hosts);
  }

  /** Runs once, on the first of {@code hosts}. */
  public static Target oneOf(List<Host> hosts) {
    return ImmutableTarget.of(Kind.ONE_OF, hosts);
  }

  /** Rejects an empty host list, more than one host for {@link Kind#HOST}, and a host listed twice. */
  @Value.Check
  protected void validate() {
    checkArgument(!hosts().isEmpty(), "target %s: no hosts", kind());
    checkArgument(kind() != Kind.HOST || hosts().size() == 1, "target HOST: exactly one host, was %s", hosts());
    Set<String> names = new HashSet<>();
    for (Host host : hosts()) {
      checkArgument(names.add(host.name()), "target %s: host '%s' is listed twice", kind(), host.name());
    }
  }

  /** The hosts the step actually runs on, in order. */
  public ImmutableList<Host> runsOn() {
    return kind() == Kind.EACH ? hosts() : ImmutableList.of(hosts().get(0));
  }

  @Override
  public String toString() {
    return switch (kind()) {
      case HOST -> hosts().get(0).name();
      case EACH -> "each of " + hosts().stream().map(Host::name).toList();
      case ONE_OF -> "one of " + hosts().stream().map(Host::name).toList();
    };
  }
}
