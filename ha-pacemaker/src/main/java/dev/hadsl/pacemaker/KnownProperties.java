package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * Cluster options Pacemaker 2.1 knows (schedulerd, controld, based metadata) and the common resource/operation
 * defaults. crm_verify accepts unknown property names silently, so a typo would silently do nothing.
 */
final class KnownProperties {
  static final Set<String> CLUSTER = ImmutableSet.of("no-quorum-policy", "symmetric-cluster", "maintenance-mode",
      "start-failure-is-fatal", "enable-startup-probes", "shutdown-lock", "shutdown-lock-limit", "stonith-enabled",
      "stonith-action", "stonith-timeout", "have-watchdog", "concurrent-fencing", "startup-fencing",
      "priority-fencing-delay", "cluster-delay", "batch-limit", "migration-limit", "stop-all-resources",
      "stop-orphan-resources", "stop-orphan-actions", "remove-after-stop", "pe-error-series-max", "pe-warn-series-max",
      "pe-input-series-max", "node-health-strategy", "node-health-base", "node-health-green", "node-health-yellow",
      "node-health-red", "placement-strategy", "cluster-name", "dc-deadtime", "cluster-recheck-interval",
      "load-threshold", "node-action-limit", "fence-reaction", "election-timeout", "shutdown-escalation",
      "join-integration-timeout", "join-finalization-timeout", "transition-delay", "stonith-watchdog-timeout",
      "stonith-max-attempts", "enable-acl", "cluster-ipc-limit");

  static final Set<String> RESOURCE_DEFAULTS = ImmutableSet.of("resource-stickiness", "migration-threshold",
      "failure-timeout", "target-role", "is-managed", "maintenance", "priority", "multiple-active", "allow-migrate",
      "requires", "critical", "allow-unhealthy-nodes", "remote-node");

  static final Set<String> OPERATION_DEFAULTS = ImmutableSet.of("timeout", "interval", "on-fail", "record-pending",
      "enabled", "start-delay", "interval-origin");

  private KnownProperties() {}
}
