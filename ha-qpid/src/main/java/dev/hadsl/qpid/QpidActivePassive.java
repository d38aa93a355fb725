package dev.hadsl.qpid;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Port;
import dev.hadsl.pacemaker.Primitive;

/**
 * Qpid as a single broker that Pacemaker keeps running on one node (an {@code lsb:qpidd} primitive, usually in the
 * group that holds the floating IP).
 *
 * <p><b>Warning:</b> this makes the broker highly available but does <em>not</em> prevent message loss: messages in
 * the broker's memory are gone when its node fails. Use a {@link QpidCluster} when messages must survive a node.
 */
public final class QpidActivePassive {
  /** The broker's resource id as the runbook names it. */
  public static final String RESOURCE_ID = "qpidd";

  private QpidActivePassive() {}

  /** {@code lsb:qpidd} with id {@code qpidd}. Loses in-flight messages on failover; see the class comment. */
  public static Primitive primitive() {
    return Primitive.lsb(RESOURCE_ID, "qpidd");
  }

  /** What OpenStack services set to reach the broker through the floating IP. */
  public static QpidClientSettings clientSettings(Ipv4Address floatingIp, Port port) {
    return QpidClientSettings.builder()
        .keysToSet(ImmutableMap.of("qpid_hostname", floatingIp.text(), "qpid_port", port.toString()))
        .keysToRemove(ImmutableList.of("qpid_hosts"))
        .build();
  }
}
