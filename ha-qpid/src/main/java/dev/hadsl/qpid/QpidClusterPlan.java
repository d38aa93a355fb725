package dev.hadsl.qpid;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.FirewallRule;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.InitSystem;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import java.util.List;

/**
 * The steps that build a {@link QpidCluster} on its members, in the runbook's order: packages, uidgid file,
 * corosync.conf, the broker's cluster name, firewall (idempotent, then saved), then Corosync before qpidd.
 */
public final class QpidClusterPlan {
  /** Where the broker's options live on RHEL. */
  public static final String QPIDD_CONF = "/etc/qpidd.conf";

  private static final String COROSYNC = "corosync";
  private static final String QPIDD = "qpidd";

  /**
   * Saves the running rules where RHEL's iptables service restores them at boot, the form 'service iptables save'
   * writes (mode 0600), without its comments and with zeroed chain counters, so a re-run with unchanged rules finds
   * the file in place and leaves it alone.
   */
  private static final Command SAVE_FIREWALL = Command.of("sh", "-c", String.join("\n",
      "set -e",
      "normalize() { sed -e '/^#/d' -e 's/\\[[0-9]*:[0-9]*\\]$/[0:0]/'; }",
      "new=$(mktemp \"$1.XXXXXX\")",
      "iptables-save | normalize > \"$new\"",
      "if [ -f \"$1\" ] && normalize < \"$1\" | cmp -s - \"$new\"; then",
      "  rm -f \"$new\"",
      "  echo '" + Command.IN_PLACE + "'",
      "else",
      "  mv -f \"$new\" \"$1\"",
      "fi"), "sh", "/etc/sysconfig/iptables");

  private QpidClusterPlan() {}

  /** The steps that build {@code cluster} on its members, with corosync.conf in {@code dialect}. */
  public static Plan render(QpidCluster cluster, CorosyncDialect dialect) {
    List<Host> members = cluster.members();
    Target each = Target.each(members);
    Plan.Builder plan = Plan.builder();
    // Until Corosync starts, each member works on its own files alone (Step.Wait.OWN_HOST); the starts are barriers.
    plan.addStep(Step.onOwnHost("qpid.packages", each, "install the Qpid cluster packages",
        cluster.packageManager().install(List.of("qpid-cpp-server-cluster", "qpid-tools"))));
    // Corosync reads uidgid.d and corosync.conf at start, qpidd its options: a change notifies a restart, which also
    // restarts the broker on top of a restarted Corosync (it leaves the cluster when Corosync goes).
    plan.addStep(Step.builder().id("qpid.uidgid").target(each).waitsFor(Step.Wait.OWN_HOST)
        .description("let qpidd join Corosync as "
            + cluster.brokerUser())
        .artifact(ConfigFile.of("/etc/corosync/uidgid.d/qpidd", CorosyncRenderer.uidgid(cluster)))
        .addNotifies(COROSYNC).build());
    for (Host member : members) {
      plan.addStep(Step.builder().id("qpid.corosync-conf." + member.name()).target(Target.host(member))
          .waitsFor(Step.Wait.OWN_HOST)
          .description("write corosync.conf for " + member.name())
          .artifact(ConfigFile.of("/etc/corosync/corosync.conf", CorosyncRenderer.corosyncConf(cluster, member,
              dialect)))
          .addNotifies(COROSYNC).build());
    }
    plan.addStep(Step.builder().id("qpid.cluster-name").target(each).waitsFor(Step.Wait.OWN_HOST)
        .description("name the broker cluster "
            + cluster.name())
        .artifact(IniEdit.set(QPIDD_CONF, "", "cluster-name", cluster.name())).addNotifies(QPIDD).build());
    for (FirewallRule rule : cluster.firewallRules()) {
      plan.addStep(Step.onOwnHost("qpid.firewall." + rule.port() + "-" + rule.protocol().keyword(), each,
          "accept " + rule, rule.idempotentInsert()));
    }
    plan.addStep(Step.onOwnHost("qpid.firewall-save", each, "keep the firewall rules across reboots", SAVE_FIREWALL));
    InitSystem init = cluster.initSystem();
    plan.addStep(Step.builder().id("qpid.corosync-restart").target(each)
        .description("restart Corosync with its new configuration").artifact(init.restart(COROSYNC))
        .whenNotified(COROSYNC).addNotifies(QPIDD).build());
    plan.addStep(Step.of("qpid.corosync-start", each, "start Corosync", init.start(COROSYNC)));
    plan.addStep(Step.onOwnHost("qpid.corosync-enable", each, "start Corosync at boot", init.enable(COROSYNC)));
    plan.addStep(Step.builder().id("qpid.qpidd-restart").target(each)
        .description("restart the broker with its new configuration").artifact(init.restart(QPIDD))
        .whenNotified(QPIDD).build());
    plan.addStep(Step.of("qpid.qpidd-start", each, "start the broker after Corosync", init.start(QPIDD)));
    plan.addStep(Step.onOwnHost("qpid.qpidd-enable", each, "start the broker at boot", init.enable(QPIDD)));
    return plan.build();
  }

  /** The cluster's rules as an {@code iptables-restore} file, for review or for hosts managed that way. */
  public static String restoreFile(QpidCluster cluster) {
    return FirewallRule.restoreFile(cluster.firewallRules());
  }
}
