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

  private QpidClusterPlan() {}

  public static Plan render(QpidCluster cluster, CorosyncDialect dialect) {
    List<Host> members = cluster.members();
    Target each = Target.each(members);
    Plan.Builder plan = Plan.builder();
    plan.addStep(Step.of("qpid.packages", each, "install the Qpid cluster packages",
        cluster.packageManager().install(List.of("qpid-cpp-server-cluster", "qpid-tools"))));
    plan.addStep(Step.of("qpid.uidgid", each, "let qpidd join Corosync as " + cluster.brokerUser(),
        ConfigFile.of("/etc/corosync/uidgid.d/qpidd", CorosyncRenderer.uidgid(cluster))));
    for (Host member : members) {
      plan.addStep(Step.of("qpid.corosync-conf." + member.name(), Target.host(member),
          "write corosync.conf for " + member.name(),
          ConfigFile.of("/etc/corosync/corosync.conf", CorosyncRenderer.corosyncConf(cluster, member, dialect))));
    }
    plan.addStep(Step.of("qpid.cluster-name", each, "name the broker cluster " + cluster.name(),
        IniEdit.set(QPIDD_CONF, "", "cluster-name", cluster.name())));
    for (FirewallRule rule : cluster.firewallRules()) {
      plan.addStep(Step.of("qpid.firewall." + rule.port() + "-" + rule.protocol().keyword(), each,
          "accept " + rule, rule.idempotentInsert()));
    }
    plan.addStep(Step.of("qpid.firewall-save", each, "keep the firewall rules across reboots",
        saveFirewall(cluster.initSystem())));
    InitSystem init = cluster.initSystem();
    plan.addStep(Step.of("qpid.corosync-start", each, "start Corosync", init.start("corosync")));
    plan.addStep(Step.of("qpid.corosync-enable", each, "start Corosync at boot", init.enable("corosync")));
    plan.addStep(Step.of("qpid.qpidd-start", each, "start the broker after Corosync", init.start("qpidd")));
    plan.addStep(Step.of("qpid.qpidd-enable", each, "start the broker at boot", init.enable("qpidd")));
    return plan.build();
  }

  /** The cluster's rules as an {@code iptables-restore} file, for review or for hosts managed that way. */
  public static String restoreFile(QpidCluster cluster) {
    return FirewallRule.restoreFile(cluster.firewallRules());
  }

  private static Command saveFirewall(InitSystem init) {
    return init == InitSystem.SYSV ? Command.of("service", "iptables", "save")
        : Command.of("sh", "-c", "iptables-save > /etc/sysconfig/iptables");
  }
}
