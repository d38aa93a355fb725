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
}
