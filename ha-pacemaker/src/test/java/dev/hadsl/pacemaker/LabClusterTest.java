package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.SshExecutor;
import dev.hadsl.testing.tools.ClusterLab;
import dev.hadsl.testing.tools.ClusterLabExtension;
import dev.hadsl.testing.tools.RequiresTools;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real three-node Corosync + Pacemaker cluster in the {@link ClusterLab}: configured over SSH on every node (the
 * SSH executor against three sshds), the CIB installed by {@link CibInstall}, a floating IP failed over when its node
 * is killed and the dead node fenced through the lab's agent. Prints the figures.
 */
@RequiresTools({"corosync", "pacemakerd"})
class LabClusterTest {
  private static final List<Host> NODES = List.of(Host.of("node1", "192.168.122.101/24"),
      Host.of("node2", "192.168.122.102/24"), Host.of("node3", "192.168.122.103/24"));
  @RegisterExtension
  static final ClusterLabExtension LAB = ClusterLabExtension.withNodes(NODES);
  private static final Host VIP = Host.of("vip", "192.168.122.200");
  private static final Duration LIMIT = Duration.ofSeconds(120);

  private static String corosyncConf() {
    StringBuilder conf = new StringBuilder(String.join("\n", "totem {", "    version: 2", "    cluster_name: hadsl-lab",
        "    transport: knet", "    crypto_cipher: none", "    crypto_hash: none", "    token: 1000", "}",
        "nodelist {", ""));
    for (int i = 0; i < NODES.size(); i++) {
      conf.append(String.join("\n", "    node {", "        ring0_addr: " + NODES.get(i).address(),
          "        name: " + NODES.get(i).name(), "        nodeid: " + (i + 1), "    }", ""));
    }
    return conf.append(String.join("\n", "}", "quorum {", "    provider: corosync_votequorum", "}", "logging {",
        "    to_syslog: no", "    to_logfile: yes", "    logfile: /var/log/corosync.log", "}", "")).toString();
  }

  private static Cluster model() {
    return Cluster.builder().name("hadsl-lab").addAllNodes(NODES)
        .putProperty("dc-deadtime", "2s")
        .putResourceDefault("resource-stickiness", "100")
        .addFencingDevice(Primitive.builder().id("fence-lab").agent("stonith:" + ClusterLab.fenceAgent())
            .putInstanceAttribute("pcmk_host_list", "node1 node2 node3")
            .addOperation(Operation.monitor(Duration.ofSeconds(60))).build())
        .addResource(Primitive.ipAddr2("vip", FloatingIp.of("192.168.122.200/24")))
        .build();
  }

  @Test
  void threeNodesFormAClusterAndTheFloatingIpSurvivesACrash(ClusterLab lab) throws Exception {
    SshExecutor ssh = lab.sshExecutor();
    Instant started = Instant.now();
    for (Host node : NODES) {
      ok(ssh.execute(node, ConfigFile.of("/etc/corosync/corosync.conf", corosyncConf())));
      startStack(ssh, node);
    }
    await(() -> lab.exec("node1", "crm_mon", "-1").stdout().contains("Online: [ node1 node2 node3 ]"),
        "three nodes online", lab);
    double formed = seconds(started);

    CibInstall.using(ssh, NODES.get(0), "/root/ha-dsl-cib").install(model());
    await(() -> holder(ssh).isPresent(), "the floating IP answers", lab);
    String before = holder(ssh).orElseThrow();

    Instant crash = Instant.now();
    lab.crash(before);
    await(() -> holder(ssh).filter(node -> !node.equals(before)).isPresent(), "the floating IP moves", lab);
    double recovered = seconds(crash);
    String after = holder(ssh).orElseThrow();
    String survivor = NODES.stream().map(Host::name).filter(n -> !n.equals(before)).findFirst().orElseThrow();
    String history = lab.exec(survivor, "stonith_admin", "--history", before).stdout();

    assertThat(after).isNotEqualTo(before);
    assertThat(history).as("the crashed node was fenced through the lab agent").contains("successful");

    // The crashed node boots again (its disk kept) and rejoins; stickiness keeps the floating IP where it is.
    lab.restart(before);
    startStack(ssh, host(before));
    await(() -> lab.exec(after, "crm_mon", "-1").stdout().contains("Online: [ node1 node2 node3 ]"),
        before + " rejoins", lab);
    Thread.sleep(3_000);
    assertThat(holder(ssh)).as("the floating IP stays after the rejoin").contains(after);

    // A node that hangs (every process stopped) is fenced, and the floating IP moves.
    Instant freeze = Instant.now();
    lab.freeze(after);
    await(() -> holder(ssh).filter(node -> !node.equals(after)).isPresent(), "the floating IP leaves a frozen node",
        lab);
    double recoveredFromFreeze = seconds(freeze);
    assertThat(lab.isRunning(after)).as("fencing killed the frozen node").isFalse();
    assertThat(lab.fencedNodes()).contains(after);

    System.out.printf(Locale.ROOT, "lab: 3 nodes online in %.1f s; floating IP back %.1f s after its node was"
        + " killed, %.1f s after its node froze (fenced)%n", formed, recovered, recoveredFromFreeze);
  }

  private static Host host(String name) {
    return NODES.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  private static void startStack(SshExecutor ssh, Host node) throws Exception {
    ok(ssh.execute(node, Command.of("sh", "-c", "setsid corosync -f > /var/log/corosync.out 2>&1 < /dev/null &")));
    ok(ssh.execute(node, Command.of("sh", "-c", "PCMK_logfacility=none PCMK_logfile=/var/log/pacemaker.log"
        + " setsid pacemakerd > /var/log/pacemakerd.out 2>&1 < /dev/null &")));
  }

  /** The node answering on the floating IP (ssh to it and ask its name), if any. */
  private static Optional<String> holder(SshExecutor ssh) {
    try {
      ExecResult result = ssh.execute(VIP, Command.of("hostname"));
      return result.succeeded() ? Optional.of(result.stdout().strip()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition condition, String what, ClusterLab lab) throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    for (int attempt = 0; attempt < 600 && Instant.now().isBefore(deadline); attempt++) {
      if (condition.holds()) {
        return;
      }
      Thread.sleep(200);
    }
    String status = NODES.stream().filter(n -> lab.isRunning(n.name())).findFirst()
        .map(n -> lab.exec(n.name(), "crm_mon", "-1").stdout()).orElse("no node runs");
    fail("timed out waiting until " + what + "; crm_mon:\n" + status);
  }

  private static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }

  private static void ok(ExecResult result) {
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }
}
