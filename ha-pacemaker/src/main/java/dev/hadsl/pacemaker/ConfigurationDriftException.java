package dev.hadsl.pacemaker;

import dev.hadsl.core.Host;

/**
 * An install refused because the live cluster's resources or constraints changed since the last install, behind the
 * model's back. The message lists every drifted element; {@link CibInstall#force()} installs over it.
 */
public final class ConfigurationDriftException extends IllegalStateException {
  private final transient ConfigurationDiff drift;

  ConfigurationDriftException(Host host, ConfigurationDiff drift) {
    super("CIB install on " + host.name() + " refused: the live configuration changed since the last install"
        + " (drift: " + String.join(", ", drift.ids()) + "); review it, then install with force() to replace it\n"
        + drift.render());
    this.drift = drift;
  }

  /** The drifted elements, from the last install to the live configuration. */
  public ConfigurationDiff drift() {
    return drift;
  }
}
