package dev.hadsl.core;

/** How services are started and enabled at boot on the target hosts. */
public enum InitSystem {
  /** SysV init with {@code service} and {@code chkconfig}: RHEL 6, the runbook's platform. */
  SYSV,
  /**
   * SysV init scripts as Debian runs them without systemd: {@code service}, and {@code update-rc.d} for the boot links
   * (Debian has no chkconfig). The lab's nodes, which run no systemd.
   */
  DEBIAN_SYSV,
  /** systemd: RHEL 7 and later, current Debian and Ubuntu. */
  SYSTEMD;

  /** Starts a service now, unless it runs already. */
  public Command start(String service) {
    Command start = this == SYSTEMD ? Command.of("systemctl", "start", service) : Command.of("service", service, "start");
    return Command.builder().from(start).unless(Command.of("sh", "-c", runningCondition(), "sh", service)).build();
  }

  /** Starts the service at boot, unless it is enabled already. */
  public Command enable(String service) {
    Command enable = switch (this) {
      case SYSV -> Command.of("chkconfig", service, "on");
      // 'defaults' creates the links from the script's LSB header, 'enable' turns existing K links into S links.
      case DEBIAN_SYSV -> Command.of("sh", "-c", "update-rc.d \"$1\" defaults && update-rc.d \"$1\" enable", "sh",
          service);
      case SYSTEMD -> Command.of("systemctl", "enable", service);
    };
    return Command.builder().from(enable).unless(Command.of("sh", "-c", enabledCondition(), "sh", service)).build();
  }

  /**
   * Does not start the service at boot (for services a cluster manager owns), unless it is not enabled already (an
   * unknown service is not enabled, so there is nothing to do).
   */
  public Command disable(String service) {
    Command disable = switch (this) {
      case SYSV -> Command.of("chkconfig", service, "off");
      case DEBIAN_SYSV -> Command.of("update-rc.d", service, "disable");
      case SYSTEMD -> Command.of("systemctl", "disable", service);
    };
    return Command.builder().from(disable).unless(Command.of("sh", "-c", "! " + enabledCondition(), "sh", service))
        .build();
  }

  /** Restarts the service; unguarded: a plan runs it only when notified of a change ({@code Step.whenNotified}). */
  public Command restart(String service) {
    return this == SYSTEMD ? Command.of("systemctl", "restart", service) : Command.of("service", service, "restart");
  }

  /**
   * Reloads the service's configuration without stopping it, skipped when it is not running (it reads the file when
   * it starts): {@code service NAME reload} or {@code systemctl reload NAME}. Only for services whose reload keeps
   * serving (HAProxy's init scripts and unit check the file first, then start a new process beside the old one).
   */
  public Command reloadIfRunning(String service) {
    Command reload = this == SYSTEMD ? Command.of("systemctl", "reload", service)
        : Command.of("service", service, "reload");
    return Command.builder().from(reload).unless(Command.of("sh", "-c", "! " + runningCondition(), "sh", service))
        .build();
  }

  /**
   * Stops the service, skipped when it is not running: some init scripts fail to stop a stopped service, which would
   * make the step fail on a second run.
   */
  public Command stopIfRunning(String service) {
    Command stop = this == SYSTEMD ? Command.of("systemctl", "stop", service) : Command.of("service", service, "stop");
    Command notRunning = Command.of("sh", "-c", "! " + runningCondition(), "sh", service);
    return Command.builder().from(stop).unless(notRunning).build();
  }

  /**
   * A shell condition, true when the service named by {@code "$1"} starts at boot: {@code chkconfig NAME} with no
   * other argument exits 0 when the service is on in the current runlevel (chkconfig(8)); on Debian, a start link in
   * the default runlevel 2.
   */
  public String enabledCondition() {
    return switch (this) {
      case SYSV -> "chkconfig \"$1\" >/dev/null 2>&1";
      case DEBIAN_SYSV -> "ls /etc/rc2.d/S[0-9][0-9]\"$1\" >/dev/null 2>&1";
      case SYSTEMD -> "systemctl is-enabled --quiet \"$1\"";
    };
  }

  /** A shell condition, true when the service named by {@code "$1"} runs. */
  public String runningCondition() {
    return this == SYSTEMD ? "systemctl is-active --quiet \"$1\"" : "service \"$1\" status >/dev/null 2>&1";
  }
}
