package dev.hadsl.qpid;

/** Which Corosync the configuration is for. */
public enum CorosyncDialect {
  /** Corosync 1.x as on RHEL 6 (the runbook's sample): totem/interface with bindnetaddr, multicast only. */
  COROSYNC_1,
  /** Corosync 2 and 3: a nodelist, udp/udpu/knet transport, votequorum. */
  COROSYNC_2_3
}
