package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Clone;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.pacemaker.simulation.FailoverSimulator;
import dev.hadsl.pacemaker.simulation.Placement;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database as a Galera cluster on every control node: what it renders, judged by the real tools. */
class GaleraDatabaseTest {
  private static final Host HERE = Host.of("localhost", "127.0.0.1");

  static ControlPlane galera(Platform platform, int nodes) {
    return ControlPlane.builder().from(RunbookPlanes.inGroup(nodes)).platform(platform).mysql(platform.mysql())
        .horizonSsl(Optional.empty())
        .database(Database.galera()).build();
  }

  private final ControlPlane plane = galera(Platform.DEBIAN_12_LAB, 3);

  @Test
  void everyNodeRunsAnInstanceOfAPromotableCloneAndTheGroupKeepsNoDatabase() {
    Cluster cluster = plane.cluster();
    Group group = (Group) cluster.resources().get(0);
    assertThat(group.members()).extracting(Primitive::id).doesNotContain("mysql-fs", "mysql-db").startsWith("vip");
    Clone clone = (Clone) cluster.resource("galera-clone").orElseThrow();
    assertThat(clone.promotable()).isTrue();
    assertThat(clone.metaAttributes()).containsEntry("promoted-max", "3").containsEntry("ordered", "true");
    Primitive galera = (Primitive) clone.child();
    assertThat(galera.agent().toString()).isEqualTo("ocf:heartbeat:galera");
    assertThat(galera.instanceAttributes()).containsEntry("wsrep_cluster_address", "gcomm://node1,node2,node3")
        .containsEntry("config", "/etc/mysql/my.cnf").containsEntry("socket", "/run/mysqld/mysqld.sock")
        .doesNotContainKeys("check_user", "check_passwd");
    // Pacemaker owns the server: released from init on every node, never started behind the agent's back.
    Plan plan = plane.plan();
    assertThat(plan.step("cluster.release.mariadb.disable").target()).isEqualTo(Target.each(plane.controlNodes()));
    assertThat(plan.step("cluster.packages").artifact().display()).contains("mariadb-server", "galera-4", "rsync",
        "xinetd");
    assertThat(plan.steps()).extracting(Step::id).doesNotContain("database.move-to-shared-storage");
    List<String> ids = plan.steps().stream().map(Step::id).toList();
    assertThat(ids.indexOf("database.galera.config.node1")).isLessThan(ids.indexOf("pacemaker.configure.01"));
    assertThat(ids.indexOf("database.galera.synced")).isGreaterThan(ids.indexOf("pacemaker.configure.01"))
        .isLessThan(ids.indexOf("database.grants"));
    assertThat(plan.step("database.grants").target()).isEqualTo(Target.oneOf(plane.controlNodes()));
    // Services still reach the database on the floating IP (through HAProxy now).
    assertThat(ConfigEdits.controlNodeEdits(plane)).anyMatch(edit -> edit.key().equals("connection")
        && edit.display().contains("@192.168.122.200/nova"));
  }

  @Test
  void crmVerifyAcceptsTheCibAndTheSchedulerStartsAnInstanceOnEveryNodeAndKeepsTheOthersOnAFailure(
      @TempDir Path dir) {
    for (Platform platform : List.of(Platform.DEBIAN_12_LAB, Platform.EL9)) {
      Path cib = TempFiles.write(dir, "cib.xml", CibRenderer.render(galera(platform, 3).cluster()));
      ExecResult verify = RealTools.run("crm_verify", "-x", cib.toString(), "-V");
      assertThat(verify.exitCode()).as(platform + ": " + verify.stderr()).isZero();
    }
    RealTools.require("crm_simulate");
    FailoverSimulator simulator = FailoverSimulator.using(Executors.local(), HERE, dir);
    Placement up = simulator.allUp(plane.cluster());
    assertThat(up.nodesOf("galera")).containsExactlyInAnyOrder("node1", "node2", "node3");
    String home = up.nodeOf("vip").orElseThrow();
    Placement after = simulator.afterFailureOf(plane.cluster(), home);
    assertThat(after.nodesOf("galera")).hasSize(2).doesNotContain(home);
    assertThat(after.nodeOf("vip")).isPresent().isNotEqualTo(Optional.of(home));
  }

  @Test
  void pcsBuildsTheSameClusterFromItsOwnCommands(@TempDir Path dir) throws Exception {
    PcsReplay.assertBuildsTheNativeCib(plane.cluster(), Platform.DEBIAN_12_LAB.pacemaker(), dir);
  }

  @Test
  void haproxySendsTheDatabaseToOneSyncedNodeAtATime(@TempDir Path dir) {
    String config = plane.haproxy().render();
    assertThat(config).contains(String.join("\n",
        "listen galera",
        "    mode tcp",
        "    bind 192.168.122.200:3306",
        "    option httpchk GET /",
        "    option tcpka",
        "    timeout connect 1s",
        "    timeout client 90m",
        "    timeout server 90m",
        "    timeout check 1s",
        "    stick-table type ip size 1000",
        "    stick on dst",
        "    server node1 192.168.122.101:3306 check inter 500ms rise 2 fall 2 port 9200 on-marked-down shutdown-sessions"
            + " backup",
        "    server node2 192.168.122.102:3306 check inter 500ms rise 2 fall 2 port 9200 on-marked-down shutdown-sessions"
            + " backup",
        "    server node3 192.168.122.103:3306 check inter 500ms rise 2 fall 2 port 9200 on-marked-down shutdown-sessions"
            + " backup"));
    for (Platform platform : List.of(Platform.DEBIAN_12_LAB, Platform.EL9)) {
      Path file = TempFiles.write(dir, "haproxy.cfg", galera(platform, 3).haproxy().render());
      ExecResult check = RealTools.run("haproxy", "-c", "-dW", "-f", file.toString());
      assertThat(check.exitCode()).as(platform + ": " + check.stdout() + check.stderr()).isZero();
    }
  }

  @Test
  void mariadbReadsEveryNodesSettingsAsWritten(@TempDir Path dir) {
    Plan plan = plane.plan();
    for (Host node : plane.controlNodes()) {
      ConfigFile file = (ConfigFile) plan.step("database.galera.config." + node.name()).artifact();
      assertThat(file.path()).isEqualTo("/etc/mysql/mariadb.conf.d/60-galera.cnf");
      Path cnf = TempFiles.write(dir, node.name() + ".cnf", file.content());
      // mariadbd refuses an option it does not know (and rsync transfers without a cluster address), and prints what
      // it read.
      ExecResult help = RealTools.run("mariadbd", "--defaults-file=" + cnf, "--verbose", "--help");
      assertThat(help.exitCode()).as(help.stderr()).isZero();
      assertThat(help.stdout()).containsPattern("(?m)^wsrep-on +TRUE$")
          .containsPattern("(?m)^wsrep-provider +/usr/lib/galera/libgalera_smm.so$")
          .containsPattern("(?m)^wsrep-node-name +" + node.name() + "$")
          .containsPattern("(?m)^bind-address +" + node.address().text().replace(".", "\\.") + "$")
          .containsPattern("(?m)^binlog-format +ROW$")
          .containsPattern("(?m)^wsrep-cluster-address +gcomm://node1,node2,node3$");
      assertThat(Path.of("/usr/lib/galera/libgalera_smm.so")).as("the provider the file names").exists();
    }
    ControlPlane quick = ControlPlane.builder().from(plane).database(GaleraDatabase.builder()
        .failureDetection(Duration.ofMillis(1500)).build()).build();
    String settings = ((ConfigFile) quick.plan().step("database.galera.config.node1").artifact()).content();
    assertThat(settings).endsWith("wsrep_provider_options = \"evs.suspect_timeout=PT1.5S;evs.inactive_timeout=PT4.5S;"
        + "evs.keepalive_period=PT0.3S\"\n");
    ExecResult help = RealTools.run("mariadbd", "--defaults-file=" + TempFiles.write(dir, "quick.cnf", settings),
        "--verbose", "--help");
    assertThat(help.exitCode()).as(help.stderr()).isZero();
    assertThat(help.stdout()).containsPattern("(?m)^wsrep-provider-options +evs.suspect_timeout=PT1.5S;"
        + "evs.inactive_timeout=PT4.5S;evs.keepalive_period=PT0.3S$");
  }

  @Test
  void galeraIsRefusedWhereItCannotHoldAMajorityOrDoesNotExist() {
    assertThatThrownBy(() -> galera(Platform.DEBIAN_12_LAB, 2))
        .hasMessageContaining("database galera: 2 control nodes; Galera needs at least 3");
    assertThatThrownBy(() -> galera(Platform.RHEL_6_5, 3))
        .hasMessageContaining("database galera: RHEL 6.5 ships no Galera")
        .hasMessageContaining("Pacemaker 1.1.10 on RHEL 6.5 predates the Promoted role");
    // Asked for shared storage and given Galera as well: both named, neither kept.
    assertThatThrownBy(() -> RunbookPlanes.builder(3).database(Database.galera()).build())
        .hasMessageContaining("shared storage 192.168.122.1:/srv/mysql was asked for (databaseStorage)")
        .hasMessageContaining("takes no shared storage");
    assertThatThrownBy(() -> GaleraDatabase.builder().clusterName("a b").build())
        .hasMessageContaining("galera clusterName 'a b'");
    for (Duration bad : List.of(Duration.ofMillis(500), Duration.ofSeconds(6), Duration.ofMillis(1550))) {
      assertThatThrownBy(() -> GaleraDatabase.builder().failureDetection(bad).build())
          .hasMessageContaining("galera failureDetection " + bad + " must be 1-5 s in whole tenths");
    }
    assertThatThrownBy(() -> GaleraDatabase.builder().stateTransfer("xtrabackup").clusterName("a b").build())
        .hasMessageContaining("stateTransfer 'xtrabackup' is not rsync or mariabackup")
        .hasMessageContaining("galera clusterName 'a b'");
    assertThat(ControlPlane.builder().from(plane).database(GaleraDatabase.builder().stateTransfer("mariabackup")
        .build()).build().plan().step("cluster.packages").artifact().display()).contains("mariadb-backup", "socat");
    // An API on a port Galera needs.
    assertThatThrownBy(() -> ControlPlane.builder().from(plane).addApiServices(ApiService.builder()
        .from(Catalog.havanaApis().get(0)).name("sst-port").port(dev.hadsl.core.Port.of(4444)).build()).build())
        .hasMessageContaining("port 4444 is already used by Horizon, the database or the messaging");
  }
}
