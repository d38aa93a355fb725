package dev.hadsl.pacemaker;

/** Which pcs the commands are for. */
public enum PcsDialect {
  /**
   * pcs 0.9 as on RHEL 6.5, the runbook's: {@code pcs cluster auth}, {@code pcs cluster setup --name},
   * {@code --clone}/{@code --master}, {@code resource defaults k=v}.
   */
  PCS_0_9,
  /**
   * pcs 0.10 and later (RHEL 8+, Debian 11+): {@code pcs host auth}, {@code pcs cluster setup NAME node addr=IP},
   * positional {@code clone}/{@code promotable}, {@code resource defaults update}.
   */
  PCS_0_10
}
