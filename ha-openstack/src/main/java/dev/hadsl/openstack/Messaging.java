package dev.hadsl.openstack;

import dev.hadsl.qpid.QpidCluster;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How the control plane's Qpid is made highly available: in the Pacemaker group (simple, but messages in flight are
 * lost on failover) or as a Qpid cluster on its own nodes (no message loss).
 */
@Value.Immutable
public abstract class Messaging {
  /** The separate Qpid cluster; absent when the broker runs in the group. */
  public abstract Optional<QpidCluster> cluster();

  /** {@code lsb:qpidd} in the group behind the floating IP. Does not prevent message loss. */
  public static Messaging inGroup() {
    return ImmutableMessaging.builder().build();
  }

  /**
   * A separate Qpid cluster on Corosync; services get {@code qpid_hosts}. Its Corosync is the platform's
   * ({@link Platform#corosyncDialect()}), and only a platform whose Qpid has the cluster module (0.18 or older) takes it.
   */
  public static Messaging cluster(QpidCluster cluster) {
    return ImmutableMessaging.builder().cluster(cluster).build();
  }

  /** Whether {@code lsb:qpidd} runs in the Pacemaker group rather than as a separate cluster. */
  public boolean isInGroup() {
    return cluster().isEmpty();
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Messaging}. */
  public static class Builder extends ImmutableMessaging.Builder {}
}
