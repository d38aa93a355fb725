package dev.hadsl.core;

/** How services are started and enabled at boot on the target hosts. */
public enum InitSystem {
  /** SysV init with {@code service} and {@code chkconfig}: RHEL 6, the runbook's platform. */
  SYSV,
  /** systemd: RHEL 7 and later, current Debian and Ubuntu. */
  SYSTEMD;

  /** Starts a service now; starting a running service succeeds, so the step is idempotent. */
  public Command start(String service) {
    return this == SYSV ? Command.of("service", service, "start") : Command.of("systemctl", "start", service);
  }

  /** Starts the service at boot. */
  public Command enable(String service) {
    return this == SYSV ? Command.of("chkconfig", service, "on") : Command.of("systemctl", "enable", service);
  }

  /** Does not start the service at boot (for services a cluster manager owns). */
  public Command disable(String service) {
    return this == SYSV ? Command.of("chkconfig", service, "off") : Command.of("systemctl", "disable", service);
  }

  public Command restart(String service) {
    return this == SYSV ? Command.of("service", service, "restart") : Command.of("systemctl", "restart", service);
  }

  /**
   * Stops the service, skipped when it is not running: some init scripts fail to stop a stopped service, which would
   * make the step fail on a second run.
   */
  public Command stopIfRunning(String service) {
    Command stop = this == SYSV ? Command.of("service", service, "stop") : Command.of("systemctl", "stop", service);
    Command notRunning = Command.of("sh", "-c", "! " + runningCondition(), "sh", service);
    return Command.builder().from(stop).unless(notRunning).build();
  }

  /** A shell condition, true when the service named by {@code "$1"} runs. */
  public String runningCondition() {
    return this == SYSV ? "service \"$1\" status >/dev/null 2>&1" : "systemctl is-active --quiet \"$1\"";
  }
}
