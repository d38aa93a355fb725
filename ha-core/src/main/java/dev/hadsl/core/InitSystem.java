package dev.hadsl.core;

/** How services are started and enabled at boot on the target hosts. */
public enum InitSystem {
  /** SysV init with {@code service} and {@code chkconfig}: RHEL 6, the runbook's platform. */
  SYSV,
  /** systemd: RHEL 7 and later, current Debian and Ubuntu. */
  SYSTEMD;

  /** Starts a service now, unless it runs already. */
  public Command start(String service) {
    Command start = this == SYSV ? Command.of("service", service, "start") : Command.of("systemctl", "start", service);
    return Command.builder().from(start).unless(Command.of("sh", "-c", runningCondition(), "sh", service)).build();
  }

  /** Starts the service at boot, unless it is enabled already. */
  public Command enable(String service) {
    Command enable = this == SYSV ? Command.of("chkconfig", service, "on") : Command.of("systemctl", "enable", service);
    return Command.builder().from(enable).unless(Command.of("sh", "-c", enabledCondition(), "sh", service)).build();
  }

  /**
   * Does not start the service at boot (for services a cluster manager owns), unless it is not enabled already (an
   * unknown service is not enabled, so there is nothing to do).
   */
  public Command disable(String service) {
    Command disable = this == SYSV ? Command.of("chkconfig", service, "off")
        : Command.of("systemctl", "disable", service);
    return Command.builder().from(disable).unless(Command.of("sh", "-c", "! " + enabledCondition(), "sh", service))
        .build();
  }

  /** Restarts the service; unguarded: a plan runs it only when notified of a change ({@code Step.whenNotified}). */
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

  /**
   * A shell condition, true when the service named by {@code "$1"} starts at boot: {@code chkconfig NAME} with no
   * other argument exits 0 when the service is on in the current runlevel (chkconfig(8)).
   */
  public String enabledCondition() {
    return this == SYSV ? "chkconfig \"$1\" >/dev/null 2>&1" : "systemctl is-enabled --quiet \"$1\"";
  }

  /** A shell condition, true when the service named by {@code "$1"} runs. */
  public String runningCondition() {
    return this == SYSV ? "service \"$1\" status >/dev/null 2>&1" : "systemctl is-active --quiet \"$1\"";
  }
}
