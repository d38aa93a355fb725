package dev.hadsl.openstack;

import dev.hadsl.qpid.CorosyncDialect;
import dev.hadsl.qpid.QpidCluster;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How the control plane's Qpid is made highly available: in the Pacemaker group (simple, but messages in flight are
 * lost on failover) or as a Qpid cluster on its own nodes (no message loss).
 */
@Value.Immutable
public abstract class Messaging {
  public abstract Optional<QpidCluster> cluster();

  @Value.Default
  public CorosyncDialect corosyncDialect() {
    return CorosyncDialect.COROSYNC_1;
  }

  /** {@code lsb:qpidd} in the group behind the floating IP. Does not prevent message loss. */
  public static Messaging inGroup() {
    return ImmutableMessaging.builder().build();
  }

  /** A separate Qpid cluster on Corosync; services get {@code qpid_hosts}. */
  public static Messaging cluster(QpidCluster cluster, CorosyncDialect dialect) {
    return ImmutableMessaging.builder().cluster(cluster).corosyncDialect(dialect).build();
  }

  public boolean isInGroup() {
    return cluster().isEmpty();
  }
}
