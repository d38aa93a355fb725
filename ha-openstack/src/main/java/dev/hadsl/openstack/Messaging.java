package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Secret;
import dev.hadsl.qpid.QpidCluster;

/**
 * How the control plane's message broker is made highly available: Qpid in the Pacemaker group (the runbook's first
 * form: simple, but messages in flight are lost on failover), a Qpid cluster on nodes of its own (the runbook's
 * second form), a RabbitMQ cluster on the control nodes, or one RabbitMQ broker in the group (as lossy as Qpid there).
 */
public sealed interface Messaging extends PlaneComponent permits QpidInGroup, QpidClusterMessaging,
    RabbitMqMessaging, RabbitMqInGroup {
  /** {@code lsb:qpidd} in the group behind the floating IP. Does not prevent message loss. */
  static Messaging inGroup() {
    return QpidInGroup.INSTANCE;
  }

  /**
   * A separate Qpid cluster on Corosync; services get {@code qpid_hosts}. Its Corosync is the platform's
   * ({@link Platform#corosyncDialect()}), and only a platform whose Qpid has the cluster module (0.18 or older) takes
   * it.
   */
  static Messaging cluster(QpidCluster cluster) {
    return QpidClusterMessaging.of(cluster);
  }

  /**
   * A RabbitMQ cluster on the control nodes under Pacemaker, queues mirrored, services connecting as their user
   * with {@code password}; the nodes share {@code erlangCookie}.
   */
  static Messaging rabbitMq(Secret password, Secret erlangCookie) {
    return RabbitMqMessaging.of(password, erlangCookie);
  }

  /** One RabbitMQ broker in the group on the floating IP: what it held is lost on failover. */
  static Messaging rabbitMqInGroup(Secret password) {
    return RabbitMqInGroup.of(password);
  }

  /**
   * What {@code file}, the config of an OpenStack service on a control or compute node, is told about the broker
   * (Havana's keys, in {@code [DEFAULT]}): what to set, and the other forms' keys removed, so a service never sees two.
   */
  ImmutableList<IniEdit> clientEdits(ControlPlane plane, String file);
}
