package dev.hadsl.openstack;

/** Where Pacemaker runs HAProxy. */
public enum HaproxyPlacement {
  /**
   * In the group, last, on the node holding the floating IP: the runbook's form. A failover restarts HAProxy with
   * everything else.
   */
  IN_GROUP,
  /**
   * A clone running on every control node, with the group (and so the floating IP) kept where a copy runs. A failover
   * only moves the address; HAProxy is already up there. Needs {@code net.ipv4.ip_nonlocal_bind=1} so every copy can
   * bind the floating IP it does not hold yet.
   */
  CLONE
}
