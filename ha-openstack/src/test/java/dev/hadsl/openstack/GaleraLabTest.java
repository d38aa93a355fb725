package dev.hadsl.openstack;

import static dev.hadsl.openstack.LabDeployTest.FEW_APIS;
import static dev.hadsl.openstack.LabDeployTest.NODES;
import static dev.hadsl.openstack.LabDeployTest.VIP;
import static dev.hadsl.openstack.LabDeployTest.await;
import static dev.hadsl.openstack.LabDeployTest.explained;
import static dev.hadsl.openstack.LabDeployTest.figure;
import static dev.hadsl.openstack.LabDeployTest.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.testing.tools.ClusterLab;
import dev.hadsl.testing.tools.ClusterLabExtension;
import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database as a Galera cluster, real in the lab: the plan installs nothing the machine lacks, writes every
 * node's Galera settings and sync check, forms the cluster and hands MariaDB (Debian's 10.11 with galera-4) to
 * {@code ocf:heartbeat:galera} as a promotable clone; HAProxy on the floating IP sends writes to one synced node.
 * Then the node taking writes crashes under a writing client (writes resume on another node, no acknowledged write
 * lost), rejoins (same rows, same checksum on all three), and all three crash at once and start again (the agent
 * bootstraps from the most advanced node, no acknowledged write lost); a last apply finds every run in place.
 * Real: Corosync, Pacemaker, pcs, the galera agent, MariaDB + Galera, rsync state transfers, xinetd, HAProxy.
 * STAND-INS: the OpenStack APIs and the Keystone CLI ({@link ServiceStandins}), the lab's fence agent.
 */
@RequiresTools({"pcs", "corosync", "pacemakerd", "mariadbd", "haproxy", "mysql", "xinetd", "rsync",
    "/usr/lib/ocf/resource.d/heartbeat/galera"})
class GaleraLabTest {
  @RegisterExtension
  static final ClusterLabExtension LAB = ClusterLabExtension.withNodes(NODES);
  private static final Duration SYNC_LIMIT = Duration.ofSeconds(240);

  @Test
  void galeraKeepsEveryAcknowledgedWriteThroughACrashAndAWholeClusterRestart(ClusterLab lab, @TempDir Path dir)
      throws Exception {
    assertThat(Path.of("/usr/lib/galera/libgalera_smm.so")).as("galera-4's provider (scripts/install-tools.sh)")
        .exists();
    // The low-latency profile: Corosync's token at 700 ms, Galera's failure detection at 1.5 s.
    ControlPlane plane = LabDeployTest.plane(GaleraDatabase.builder().failureDetection(Duration.ofMillis(1500)).build(),
        Optional.of(Duration.ofMillis(LabDeployTest.LOW_LATENCY_TOKEN_MS)), FEW_APIS);
    Plan plan = plane.plan();
    LabDeployTest.prepare(lab, plane, plan);
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());

    // 1. Fresh apply: the plan waits itself until every node is synced in a Primary cluster of three.
    Instant started = Instant.now();
    List<PlanRunner.Outcome> first = explained(() -> runner.run(plan), lab);
    double applied = seconds(started);
    for (Host node : NODES) {
      assertThat(status(lab, node.name())).as(node.name()).isEqualTo("3 Primary 4");
    }
    figure(String.format(Locale.ROOT, "galera fresh apply: %.1f s (%d runs, %d acted), three nodes synced",
        applied, first.size(), first.stream().filter(o -> !o.result().skipped()).count()));

    // 2. A writing client through HAProxy on the floating IP; crash the node taking the writes.
    Path client = LabDeployTest.probeCredentials(lab, dir, "node1"); // Galera replicates the user and table
    String writer = await(() -> writerThroughFloatingIp(lab, client), "HAProxy sends the database to a node", lab);
    // Only INSERTs: the database's recovery, not the APIs' (the lab's other tests measure those).
    LoadClient load = new LoadClient(lab, dir, client, VIP, List.of());
    load.start(1);
    load.awaitAcks(20);
    String groupHolder = LabDeployTest.holder(lab);
    Instant crash = Instant.now();
    lab.crash(writer);
    load.awaitAckAfter(Instant.now());
    LoadClient.Result crashed = load.stop();
    String survivor = NODES.stream().map(Host::name).filter(n -> !n.equals(writer)).findFirst().orElseThrow();
    assertThat(crashed.lost(lab, survivor)).as("acknowledged INSERTs missing after the writer's crash").isEmpty();
    String newWriter = await(() -> writerThroughFloatingIp(lab, client), "another node takes the writes", lab);
    assertThat(newWriter).isNotEqualTo(writer);
    figure(String.format(Locale.ROOT, "galera, crash of the node taking writes (%s; the group with HAProxy %s):"
        + " writes resumed on %s after %.1f s; %d INSERTs failed (%s), %d acknowledged, 0 lost", writer,
        writer.equals(groupHolder) ? "ran there too and moved" : "stayed on " + groupHolder, newWriter,
        crashed.recovery(crash), crashed.failed(), crashed.failures(crash), crashed.acked().size()));

    // 3. The crashed node boots bare of processes, the plan is re-applied to it, it rejoins by state transfer.
    LabDeployTest.awaitFenced(lab, writer);
    Instant rejoin = Instant.now();
    LabDeployTest.rejoin(lab, runner, plan, writer);
    awaitSynced(lab, NODES.stream().map(Host::name).toList());
    List<String> checksums = new ArrayList<>();
    for (Host node : NODES) {
      checksums.add(rows(lab, node.name()));
    }
    assertThat(new HashSet<>(checksums)).as("row count and checksum on each node: " + checksums).hasSize(1);
    figure(String.format(Locale.ROOT, "galera rejoin of the crashed node (boot, re-apply to it, synced): %.1f s;"
        + " rows and checksum equal on all three (%s)", seconds(rejoin), checksums.get(0)));

    // 4. One node crashes and the others write on without it, then they crash too; all three start again. The
    // first one is behind (a lower seqno): the agent must bootstrap from one of the others, or the writes made
    // after the first crash are lost.
    load.start(crashed.next());
    load.awaitAcks(10);
    String current = await(() -> writerThroughFloatingIp(lab, client), "a node takes the writes", lab);
    String behind = NODES.stream().map(Host::name).filter(n -> !n.equals(current)).findFirst().orElseThrow();
    lab.crash(behind);
    LabDeployTest.awaitFenced(lab, behind);
    Instant behindCrashed = Instant.now();
    await(() -> load.ackedSince(behindCrashed) >= 20, "20 writes without " + behind, lab);
    for (Host node : NODES) {
      if (!node.name().equals(behind)) {
        lab.crash(node.name());
      }
    }
    LoadClient.Result beforeOutage = load.stop();
    Instant restart = Instant.now();
    for (Host node : NODES) {
      lab.restart(node.name());
    }
    explained(() -> runner.run(plan), lab);
    awaitSynced(lab, NODES.stream().map(Host::name).toList());
    for (Host node : NODES) {
      List<Integer> lost = new ArrayList<>(beforeOutage.lost(lab, node.name()));
      lost.addAll(crashed.lost(lab, node.name()));
      assertThat(lost).as("acknowledged INSERTs missing on %s after the whole cluster restarted", node.name())
          .isEmpty();
    }
    Bootstrap choice = bootstrap(lab, restart);
    assertThat(choice.from()).as("the agent's bootstrap node, with last commits %s", choice.committed())
        .isNotEmpty().doesNotContain(behind);
    figure(String.format(Locale.ROOT, "galera, %s crashed, the others wrote on and crashed too, all three started"
        + " again: synced after %.1f s (boot, re-apply); the agent saw last commits %s and bootstrapped from %s;"
        + " %d acknowledged INSERTs before the outage, 0 lost", behind, seconds(restart), choice.committed(),
        choice.from(), beforeOutage.acked().size()));

    // 5. A last apply: every run in place.
    Instant again = Instant.now();
    List<PlanRunner.Outcome> reapply = explained(() -> runner.run(plan), lab);
    assertThat(reapply).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());
    figure(String.format(Locale.ROOT, "galera re-apply: %.1f s, every run already in place", seconds(again)));
  }

  /** {@code wsrep_cluster_size wsrep_cluster_status wsrep_local_state} of {@code node}, from its own socket. */
  private static String status(ClusterLab lab, String node) {
    ExecResult result = lab.exec(node, "mysql", "-N", "-B", "-e", "SELECT VARIABLE_VALUE FROM"
        + " information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('wsrep_cluster_size', 'wsrep_cluster_status',"
        + " 'wsrep_local_state') ORDER BY VARIABLE_NAME");
    return result.exitCode() == 0 ? String.join(" ", result.stdout().strip().split("\\s+")) : "";
  }

  private static void awaitSynced(ClusterLab lab, List<String> nodes) throws Exception {
    Instant deadline = Instant.now().plus(SYNC_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      if (nodes.stream().allMatch(node -> status(lab, node).equals(nodes.size() + " Primary 4"))) {
        return;
      }
      Thread.sleep(1000);
    }
    await(() -> false, "every node synced in a Primary cluster of " + nodes.size(), lab);
  }

  /** The node HAProxy sends a new connection to, as the node names itself; null while none answers. */
  private static String writerThroughFloatingIp(ClusterLab lab, Path client) {
    ExecResult result = lab.probe("mysql", "--defaults-extra-file=" + client, "--connect-timeout=2", "-N", "-B", "-e",
        "SELECT @@wsrep_node_name");
    String name = result.stdout().strip();
    return result.succeeded() && NODES.stream().anyMatch(n -> n.name().equals(name)) ? name : null;
  }

  /** The table's row count and checksum on {@code node}. */
  private static String rows(ClusterLab lab, String node) {
    ExecResult result = lab.exec(node, "mysql", "-N", "-B", "-e",
        "SELECT COUNT(*) FROM labprobe.t; CHECKSUM TABLE labprobe.t");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    String[] lines = result.stdout().strip().split("\n");
    return lines[0].strip() + " rows, checksum " + lines[lines.length - 1].split("\\s+")[1];
  }

  /** Each node's last committed seqno as the agent reported it, and the nodes it bootstrapped from. */
  private record Bootstrap(java.util.Map<String, String> committed, Set<String> from) {}

  /**
   * The agent's choice after the outage, from the node attributes it sets (attrd logs each: "Setting
   * galera-last-committed[node2]: (unset) -> 25", "Setting galera-bootstrap[node2]: (unset) -> true"): each node's
   * last committed seqno, and the node it bootstraps from.
   */
  private static Bootstrap bootstrap(ClusterLab lab, Instant since) {
    java.util.Map<String, String> committed = new java.util.TreeMap<>();
    Set<String> bootstrap = new java.util.TreeSet<>();
    java.util.regex.Pattern setting = java.util.regex.Pattern.compile(
        " (\\d\\d:\\d\\d:\\d\\d)\\.\\d+ .*Setting galera-(last-committed|bootstrap)\\[(\\w+)\\]: \\S+ -> (\\S+)");
    String after = java.time.LocalTime.ofInstant(since, java.time.ZoneId.systemDefault()).withNano(0).toString();
    for (Host node : NODES) {
      String log = lab.exec(node.name(), "sh", "-c", "grep -h 'Setting galera-' /var/log/pacemaker/pacemaker.log"
          + " 2>/dev/null | tail -n 40").stdout();
      for (String line : log.split("\n")) {
        java.util.regex.Matcher match = setting.matcher(line);
        // Only what the agent set after the restart (the log keeps the first start's too).
        if (match.find() && match.group(1).compareTo(after) >= 0 && !match.group(4).equals("(unset)")) {
          if (match.group(2).equals("bootstrap")) {
            bootstrap.add(match.group(3));
          } else {
            committed.put(match.group(3), match.group(4));
          }
        }
      }
    }
    return new Bootstrap(committed, bootstrap);
  }
}
