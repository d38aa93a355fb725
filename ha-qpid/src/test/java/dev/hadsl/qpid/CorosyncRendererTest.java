package dev.hadsl.qpid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.Golden;
import dev.hadsl.testing.tools.Netns;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorosyncRendererTest {
  @ParameterizedTest(name = "{0} with {1} members")
  @CsvSource({"MULTICAST, 2", "MULTICAST, 3", "UDPU, 3", "KNET, 2", "KNET, 5"})
  void corosync3AcceptsEveryMembersFileAtItsOwnAddress(CorosyncTransport transport, int count, @TempDir Path dir) {
    QpidCluster cluster = QpidClusters.cluster(count, transport);
    for (Host member : cluster.members()) {
      String conf = CorosyncRenderer.corosyncConf(cluster, member, CorosyncDialect.COROSYNC_2_3);
      Path file = TempFiles.write(dir, member.name() + ".conf", conf);
      ExecResult result = Netns.run(List.of(member.address()), "corosync", "-t", "-c", file.toString());
      assertThat(result.exitCode()).as("corosync -t for %s:\n%s\n%s", member, conf, result.stderr()).isZero();
    }
  }

  @Test
  void corosync3RefusesTheFileOnAHostThatIsNotAMember(@TempDir Path dir) {
    QpidCluster cluster = QpidClusters.cluster(2, CorosyncTransport.KNET);
    Path file = TempFiles.write(dir, "c.conf",
        CorosyncRenderer.corosyncConf(cluster, cluster.members().get(0), CorosyncDialect.COROSYNC_2_3));
    ExecResult result = Netns.run(List.of(dev.hadsl.core.Ipv4Address.of("192.168.122.250")), "corosync", "-t", "-c",
        file.toString());
    assertThat(result.exitCode()).isNotZero();
  }

  @Test
  void rendersCorosync23WithTwoNodeQuorum(TestInfo test) {
    QpidCluster cluster = QpidClusters.cluster(2, CorosyncTransport.MULTICAST);
    Golden.assertMatches(test,
        CorosyncRenderer.corosyncConf(cluster, cluster.members().get(0), CorosyncDialect.COROSYNC_2_3));
  }

  @Test
  void rendersCorosync1LikeTheRunbookSampleWithBindnetaddrDerivedFromEachMember(TestInfo test) {
    QpidCluster cluster = QpidClusters.cluster(2, CorosyncTransport.MULTICAST);
    String first = CorosyncRenderer.corosyncConf(cluster, cluster.members().get(0), CorosyncDialect.COROSYNC_1);
    String second = CorosyncRenderer.corosyncConf(cluster, cluster.members().get(1), CorosyncDialect.COROSYNC_1);
    Golden.assertMatches(test, first + "----\n" + second + "----\n" + CorosyncRenderer.uidgid(cluster));
    assertThat(first).contains("bindnetaddr: 192.168.122.0");
    assertThat(second).contains("bindnetaddr: 192.168.122.0");
    QpidCluster slash25 = QpidCluster.builder().name("q").addMembers(Host.of("a", "10.1.2.200/25"),
        Host.of("b", "10.1.2.201/25")).build();
    assertThat(CorosyncRenderer.corosyncConf(slash25, slash25.members().get(0), CorosyncDialect.COROSYNC_1))
        .contains("bindnetaddr: 10.1.2.128");
  }

  @Test
  void corosync3ParsesTheCorosync1PartsWithOnlyTheNodelistMigrationWarnings(@TempDir Path dir) {
    QpidCluster cluster = QpidClusters.cluster(2, CorosyncTransport.MULTICAST);
    Host member = cluster.members().get(0);
    // Corosync 3 requires a nodelist, and this machine has no /var/log/cluster: add the one, log to stderr instead
    // of the other, change nothing else.
    String conf = CorosyncRenderer.corosyncConf(cluster, member, CorosyncDialect.COROSYNC_1)
        .replace("to_stderr: no", "to_stderr: yes").replace("to_logfile: yes", "to_logfile: no")
        .replace("    logfile: /var/log/cluster/corosync.log\n", "")
        + "nodelist {\n    node {\n        ring0_addr: 192.168.122.111\n        nodeid: 1\n    }\n"
        + "    node {\n        ring0_addr: 192.168.122.112\n        nodeid: 2\n    }\n}\n";
    Path file = TempFiles.write(dir, "corosync1.conf", conf);

    ExecResult result = Netns.run(List.of(member.address()), "corosync", "-t", "-c", file.toString());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    List<String> warnings = (result.stdout() + result.stderr()).lines().filter(l -> l.contains("warning")).toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("interface section bindnetaddr is used together with nodelist");
    assertThat(warnings.get(1)).contains("Please migrate config file to nodelist");
  }

  @Test
  void corosync1IsMulticastOnlyAndFilesAreForMembersOnly() {
    QpidCluster knet = QpidClusters.cluster(2, CorosyncTransport.KNET);
    assertThatThrownBy(() -> CorosyncRenderer.corosyncConf(knet, knet.members().get(0), CorosyncDialect.COROSYNC_1))
        .hasMessage("qpid cluster 'openstack-qpid': Corosync 1.x supports only multicast here; use transport"
            + " MULTICAST or the Corosync 2/3 dialect for KNET");
    assertThatThrownBy(() -> CorosyncRenderer.corosyncConf(knet, Host.of("other", "10.0.0.1"),
        CorosyncDialect.COROSYNC_2_3)).hasMessage("'other' is not a member of qpid cluster 'openstack-qpid'");
  }
}
