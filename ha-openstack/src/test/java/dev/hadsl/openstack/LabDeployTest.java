package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.core.testing.ClusterLab;
import dev.hadsl.core.testing.RealTools;
import dev.hadsl.pacemaker.Operation;
import dev.hadsl.pacemaker.Primitive;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan deploys: {@code ControlPlane.plan()} for the lab platform ({@link Platform#DEBIAN_12_LAB}), applied
 * through {@code PlanRunner} and the SSH executor to three bare lab nodes, forms a real Corosync + Pacemaker cluster
 * with its own steps (pcsd, {@code pcs host auth}, {@code pcs cluster setup}, {@code pcs cluster start}), installs
 * the configuration, moves MariaDB's data onto the shared block device and runs it under {@code ocf:heartbeat:mysql}
 * behind the floating IP, with HAProxy ({@code lsb:haproxy}) last in the group. Real: Corosync, Pacemaker, pcs and
 * pcsd, IPaddr2, Filesystem, MariaDB, HAProxy, sh. Stand-in: {@code qpidd} (Debian has no Qpid C++ broker), an init
 * script whose daemon only accepts connections on 5672; the lab's fence agent. A second apply changes nothing.
 */
class LabDeployTest {
  private static final List<Host> NODES = List.of(Host.of("node1", "192.168.122.101/24"),
      Host.of("node2", "192.168.122.102/24"), Host.of("node3", "192.168.122.103/24"));
  private static final String VIP = "192.168.122.200";
  private static final Duration LIMIT = Duration.ofSeconds(120);

  /**
   * STAND-IN for qpidd: an LSB init script whose daemon accepts TCP connections on 5672 and nothing else, so the
   * group can hold the broker the runbook puts there.
   */
  private static final String QPIDD_STANDIN = String.join("\n",
      "#!/bin/sh",
      "### BEGIN INIT INFO",
      "# Provides: qpidd",
      "# Required-Start: $remote_fs",
      "# Required-Stop: $remote_fs",
      "# Default-Start: 2 3 4 5",
      "# Default-Stop: 0 1 6",
      "# Short-Description: ha-dsl lab STAND-IN for the Qpid broker",
      "### END INIT INFO",
      "pidfile=/run/qpidd-standin.pid",
      "running() { [ -f $pidfile ] && kill -0 \"$(cat $pidfile)\" 2>/dev/null; }",
      "case \"$1\" in",
      "  start) running && exit 0",
      "    setsid python3 -c 'import socket, time",
      "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((\"0.0.0.0\", 5672))",
      "s.listen(16)",
      "while True:",
      "    c, _ = s.accept(); c.close()' </dev/null >/dev/null 2>&1 &",
      "    echo $! > $pidfile; sleep 0.2; running ;;",
      "  stop) if running; then kill \"$(cat $pidfile)\"; fi; rm -f $pidfile; exit 0 ;;",
      "  status) running || exit 3 ;;",
      "  restart) $0 stop; $0 start ;;",
      "  *) echo \"usage: $0 start|stop|status|restart\" >&2; exit 2 ;;",
      "esac",
      "");

  private static ControlPlane plane(ClusterLab lab) {
    return ControlPlane.builder()
        .addAllControlNodes(NODES)
        .floatingIp(FloatingIp.of(VIP + "/24"))
        .databaseStorage(SharedStorage.blockDevice(lab.sharedDevice(), "ext4"))
        .platform(Platform.DEBIAN_12_LAB)
        // No OpenStack daemon can run here: the cluster part of the runbook only.
        .apiServices(List.of())
        .horizon(false)
        .haclusterPassword(Secret.of("lab-hacluster-8"))
        .keystone(KeystoneAdmin.token(Secret.of("lab-token-9")))
        .addFencingDevice(Primitive.builder().id("fence-lab").agent("stonith:" + ClusterLab.fenceAgent())
            .putInstanceAttribute("pcmk_host_list", "node1 node2 node3")
            .addOperation(Operation.monitor(Duration.ofSeconds(60))).build())
        .build();
  }

  @Test
  void thePlanFormsTheClusterAndServesTheDatabaseOnTheFloatingIp(@TempDir Path dir) throws Exception {
    for (String tool : List.of("pcs", "corosync", "pacemakerd", "mariadbd", "haproxy")) {
      RealTools.require(tool);
    }
    try (ClusterLab lab = ClusterLab.start(dir, NODES)) {
      for (Host node : NODES) {
        lab.install(node.name(), "/etc/init.d/qpidd", QPIDD_STANDIN, "0755");
      }
      ControlPlane plane = plane(lab);
      Plan plan = plane.plan();
      PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());

      Instant started = Instant.now();
      List<PlanRunner.Outcome> first = explained(() -> runner.run(plan), lab);
      double applied = seconds(started);
      assertThat(first).filteredOn(o -> !o.result().skipped()).hasSizeGreaterThan(10);

      await(() -> lab.exec("node1", "crm_mon", "-1").stdout().contains("Online: [ node1 node2 node3 ]"),
          "three nodes online", lab);
      String holder = await(() -> holder(lab), "the group runs", lab);
      ExecResult status = lab.exec(holder, "crm_mon", "-1");
      assertThat(status.stdout()).contains("vip", "mysql-fs", "mysql-db", "qpidd", "haproxy");

      // MariaDB accepts writes through the floating IP (a probe user made on the node that runs it).
      ExecResult grant = lab.exec(holder, "mysql", "-e", "CREATE USER IF NOT EXISTS 'probe'@'%' IDENTIFIED BY"
          + " 'probe-pw'; GRANT ALL ON labprobe.* TO 'probe'@'%'; CREATE DATABASE IF NOT EXISTS labprobe;");
      assertThat(grant.exitCode()).as(grant.stderr()).isZero();
      ExecResult write = lab.probe("mysql", "-h", VIP, "-u", "probe", "-pprobe-pw", "-e",
          "CREATE TABLE IF NOT EXISTS labprobe.t (n INT); INSERT INTO labprobe.t VALUES (1); SELECT COUNT(*) FROM"
              + " labprobe.t;");
      assertThat(write.exitCode()).as(write.stderr()).isZero();

      Instant again = Instant.now();
      List<PlanRunner.Outcome> second = explained(() -> runner.run(plan), lab);
      double reapplied = seconds(again);
      assertThat(second).allSatisfy(o -> assertThat(o.result().skipped())
          .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());

      System.out.printf(Locale.ROOT, "lab deploy: first apply %.1f s (%d runs), second apply %.1f s (all in place)%n",
          applied, first.size(), reapplied);
    }
  }

  /**
   * The node where the group's last member, HAProxy, runs (a group starts in order, so all of it runs there), or
   * null.
   */
  private static String holder(ClusterLab lab) {
    for (Host node : NODES) {
      if (lab.isRunning(node.name())) {
        String located = lab.exec(node.name(), "crm_resource", "--resource", "haproxy", "--locate").stdout();
        for (Host candidate : NODES) {
          if (located.contains("running on: " + candidate.name())) {
            return candidate.name();
          }
        }
      }
    }
    return null;
  }

  private interface Probe<T> {
    T get() throws Exception;
  }

  private static <T> T await(Probe<T> probe, String what, ClusterLab lab) throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    for (int attempt = 0; attempt < 600 && Instant.now().isBefore(deadline); attempt++) {
      T value = probe.get();
      if (value != null && !Boolean.FALSE.equals(value)) {
        return value;
      }
      Thread.sleep(200);
    }
    return fail("timed out waiting until " + what + "; cluster state:\n" + clusterState(lab));
  }

  /** Runs the apply; when a step fails, the failure carries the cluster's own account of itself. */
  private static <T> T explained(Probe<T> apply, ClusterLab lab) throws Exception {
    try {
      return apply.get();
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n--- cluster state:\n" + clusterState(lab), e);
    }
  }

  private static String clusterState(ClusterLab lab) {
    StringBuilder state = new StringBuilder();
    NODES.stream().filter(n -> lab.isRunning(n.name())).findFirst()
        .ifPresentOrElse(n -> state.append(lab.exec(n.name(), "crm_mon", "-1rf").stdout()),
            () -> state.append("no node runs\n"));
    // MariaDB's own account of a failed start, from every node that tried.
    for (Host node : NODES) {
      if (lab.isRunning(node.name())) {
        state.append("--- ").append(node.name()).append(": /var/log/mysql/error.log\n").append(lab.exec(node.name(),
            "sh", "-c", "tail -n 15 /var/log/mysql/error.log 2>/dev/null").stdout());
      }
    }
    return state.toString();
  }

  private static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }
}
