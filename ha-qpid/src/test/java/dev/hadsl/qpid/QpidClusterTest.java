package dev.hadsl.qpid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.FirewallRule;
import dev.hadsl.core.Host;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Ipv4Network;
import dev.hadsl.core.Port;
import dev.hadsl.core.ValidationException;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.export.ScriptExporter;
import dev.hadsl.testing.tools.Golden;
import dev.hadsl.testing.tools.Netns;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class QpidClusterTest {
  @Test
  void clientSettingsUseQpidHostsAndDropTheSingleBrokerKeys() {
    QpidClientSettings settings = QpidClusters.cluster(2, CorosyncTransport.MULTICAST).clientSettings();
    assertThat(settings.keysToSet()).containsExactly(
        org.assertj.core.api.Assertions.entry("qpid_hosts", "192.168.122.111:5672,192.168.122.112:5672"));
    assertThat(settings.keysToRemove()).containsExactly("qpid_hostname", "qpid_port");
    assertThat(QpidActivePassive.clientSettings(Ipv4Address.of("192.168.122.200"), Port.of(5672)).keysToSet())
        .containsEntry("qpid_hostname", "192.168.122.200").containsEntry("qpid_port", "5672");
    assertThat(QpidActivePassive.primitive().agent()).hasToString("lsb:qpidd");
  }

  @Test
  void firewallOpensTheRunbookPortsToTheClusterNetworkAndTheBrokerToClients() {
    QpidCluster cluster = QpidCluster.builder().from(QpidClusters.cluster(3, CorosyncTransport.MULTICAST))
        .clientNetwork(Ipv4Network.of("192.168.122.0/24")).build();
    assertThat(cluster.firewallRules()).extracting(FirewallRule::toString).containsExactly(
        "5405/udp from 192.168.122.0/24", "5405/tcp from 192.168.122.0/24", "8084/tcp from 192.168.122.0/24",
        "11111/tcp from 192.168.122.0/24", "14567/tcp from 192.168.122.0/24", "16851/tcp from 192.168.122.0/24",
        "21064/tcp from 192.168.122.0/24", "50006/tcp from 192.168.122.0/24", "50007/udp from 192.168.122.0/24",
        "50008/tcp from 192.168.122.0/24", "50009/tcp from 192.168.122.0/24", "5672/tcp from 192.168.122.0/24");
  }

  @Test
  void validationReportsEveryProblem() {
    assertThatThrownBy(() -> QpidCluster.builder().name("q")
        .addMember(Host.of("a", "192.168.122.1/24")).build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("qpid cluster 'q': a cluster needs at least two members, has 1");
    assertThatThrownBy(() -> QpidCluster.builder().name("q")
        .addMembers(Host.of("a", "192.168.122.1/24"), Host.of("a", "192.168.122.1/24"), Host.of("c", "10.0.0.3/24"))
        .multicastAddress(Ipv4Address.of("192.168.1.1"))
        .brokerPort(Port.of(5405))
        .build())
        .hasMessage("qpid cluster 'q': 5 problems\n"
            + "  - member 'a' is listed twice\n"
            + "  - member 'a': address 192.168.122.1 is used by another member\n"
            + "  - multicast members must share a subnet, found [192.168.122.0/24, 10.0.0.0/24] (a (192.168.122.1/24),"
            + " a (192.168.122.1/24), c (10.0.0.3/24))\n"
            + "  - multicast address 192.168.1.1 is not inside 224.0.0.0/4\n"
            + "  - port 5405/tcp is opened twice (Corosync 5405, broker 5405, extra [8084/tcp, 11111/tcp, 14567/tcp,"
            + " 16851/tcp, 21064/tcp, 50006/tcp, 50007/udp, 50008/tcp, 50009/tcp])");
    assertThatThrownBy(() -> QpidCluster.builder().name("q")
        .addMembers(Host.of("a", "192.168.122.1"), Host.of("b", "192.168.122.2")).build())
        .hasMessage("qpid cluster 'q': members [a, b] need an address with prefix (e.g. 192.168.122.101/24):"
            + " multicast members must share a subnet");
    QpidCluster.builder().name("q").transport(CorosyncTransport.KNET)
        .addMembers(Host.of("a", "192.168.122.1"), Host.of("b", "10.0.0.2")).build();
  }

  @Test
  void planRunsInTheRunbookOrder(TestInfo test) {
    Golden.assertMatches(test, DryRunRenderer.render(
        QpidClusterPlan.render(QpidClusters.cluster(2, CorosyncTransport.MULTICAST), CorosyncDialect.COROSYNC_1)));
  }

  @Test
  void exportedScriptsPassShellcheck(@TempDir Path dir) throws Exception {
    ScriptExporter.create().export(QpidClusterPlan.render(QpidClusters.cluster(3, CorosyncTransport.KNET),
        CorosyncDialect.COROSYNC_2_3), dir);
    for (String member : List.of("qpid1", "qpid2", "qpid3")) {
      RealTools.runOk("shellcheck", "-s", "sh", dir.resolve(member).resolve("apply.sh").toString());
    }
  }

  @Test
  void restoreFilePassesIptablesRestoreTest(@TempDir Path dir) {
    Path rules = TempFiles.write(dir, "rules.v4", QpidClusterPlan.restoreFile(QpidClusters.cluster(3,
        CorosyncTransport.MULTICAST)));
    ExecResult result = Netns.run(List.of(), "iptables-restore", "--test", rules.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void firewallCommandsAreIdempotentUnderTheRealIptables(@TempDir Path dir) {
    // Run every rule's "check || insert" twice in a private namespace: the second round must add nothing.
    StringBuilder script = new StringBuilder("set -eu\n");
    for (FirewallRule rule : QpidClusters.cluster(2, CorosyncTransport.MULTICAST).firewallRules()) {
      script.append(rule.idempotentInsert().toShell()).append('\n');
    }
    Path file = TempFiles.write(dir, "rules.sh", script + script.toString().replace("set -eu\n", "")
        + "iptables -S INPUT\n");
    ExecResult result = Netns.run(List.of(), "sh", file.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout().lines().filter(l -> l.startsWith("-A INPUT"))).hasSize(12);
  }
}
