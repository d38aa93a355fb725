package dev.hadsl.qpid;

/** How Corosync members find each other. */
public enum CorosyncTransport {
  /** UDP multicast: the runbook's form; members must share a subnet and the network must pass multicast. */
  MULTICAST,
  /** UDP unicast to every member of the nodelist: for networks without multicast (Corosync 2+). */
  UDPU,
  /** Kronosnet: Corosync 3's default, unicast, with link redundancy. */
  KNET
}
