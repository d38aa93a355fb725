package dev.hadsl.openstack;

import static dev.hadsl.openstack.LabDeployTest.VIP;
import static dev.hadsl.openstack.LabDeployTest.await;
import static dev.hadsl.openstack.LabDeployTest.explained;
import static dev.hadsl.openstack.LabDeployTest.figure;
import static dev.hadsl.openstack.LabDeployTest.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.ValidationException;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.PlanPreview;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.pacemaker.observed.MembershipChange;
import dev.hadsl.pacemaker.observed.ObservedCluster;
import dev.hadsl.testing.tools.ClusterLab;
import dev.hadsl.testing.tools.ClusterLabExtension;
import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day two in the lab: a two-node plane deployed by the plan, then a third node added to the model and applied while
 * a client writes through the floating IP and calls the APIs; a re-apply finds everything in place; then, with the
 * group moved onto the third node, the node taken out of the model again: the apply drains it first. Each apply
 * starts from what the nodes report ({@link ControlPlane#observe}): the membership change is derived from the
 * difference, never from "a file exists". Real: Corosync, Pacemaker, pcs and pcsd, MariaDB, HAProxy; the OpenStack
 * services are STAND-INS ({@link ServiceStandins}), as in {@link LabDeployTest}.
 */
@RequiresTools({"pcs", "corosync", "pacemakerd", "mariadbd", "haproxy", "mysql"})
class DayTwoLabTest {
  private static final List<Host> NODES = LabDeployTest.NODES;
  private static final List<Host> TWO = NODES.subList(0, 2);
  @RegisterExtension
  static final ClusterLabExtension LAB = ClusterLabExtension.withNodes(NODES);

  private static ControlPlane plane(ClusterLab lab, List<Host> nodes) {
    return LabDeployTest.plane(nodes, Database.sharedStorage(SharedStorage.blockDevice(lab.sharedDevice(), "ext4")),
        Messaging.inGroup(), Optional.empty(), LabDeployTest.FEW_APIS);
  }

  @Test
  void aThirdNodeJoinsUnderLoadAndLeavesAgainDrainedFirst(ClusterLab lab, @TempDir Path dir) throws Exception {
    ControlPlane two = plane(lab, TWO);
    ControlPlane three = plane(lab, NODES);
    LabDeployTest.prepare(lab, three, three.plan());
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());

    // Bare hosts: observing them finds no cluster, and the plan is the day-one plan.
    ObservedCluster bare = two.observe(lab.sshExecutor());
    assertThat(two.membershipChange(bare).dayOne()).isTrue();
    assertThat(two.plan(bare)).isEqualTo(two.plan());
    Instant started = Instant.now();
    explained(() -> runner.run(two.plan(bare)), lab);
    String holder = awaitServing(lab, two, TWO);
    figure(String.format(Locale.ROOT, "day two: two-node plane applied and serving after %.1f s", seconds(started)));

    // Add node3 under load.
    LoadClient load = LabDeployTest.loadClient(lab, dir, holder, two);
    load.start(1);
    load.awaitAcks(5);
    ObservedCluster before = three.observe(lab.sshExecutor());
    MembershipChange change = three.membershipChange(before);
    assertThat(change.problems()).isEmpty();
    assertThat(change.added()).extracting(Host::name).containsExactly("node3");
    assertThat(change.removed()).isEmpty();
    Plan addPlan = three.plan(before);
    List<PlanPreview.Item> addPreview = previewChangesNothing(lab, three, addPlan);
    Instant adding = Instant.now();
    List<PlanRunner.Outcome> added = explained(() -> runner.run(addPlan), lab);
    assertPreviewMatches(addPreview, added);
    awaitServing(lab, three, NODES);
    double addSeconds = seconds(adding);
    load.awaitAckAfter(Instant.now());
    LoadClient.Result addLoad = load.stop();
    assertThat(addLoad.failed()).as(() -> "INSERTs failed while node3 joined: " + addLoad.failures(adding)).isZero();
    assertThat(addLoad.httpFailed()).as(() -> "API requests failed while node3 joined: "
        + addLoad.httpFailures(adding)).isZero();
    assertThat(addLoad.lost(lab, holder(lab))).isEmpty();
    for (Host node : NODES) {
      assertThat(corosyncNames(lab, node.name())).as("corosync.conf on %s", node.name())
          .containsExactly("node1", "node2", "node3");
      assertThat(quorum(lab, node.name())).as("quorum on %s", node.name()).containsPattern("Expected votes:\\s+3\\n")
          .doesNotContain("2Node");
      assertThat(servers(lab, node.name(), "node3")).as("HAProxy backends on %s", node.name())
          .isPositive().isEqualTo(servers(lab, node.name(), "node1"));
    }
    assertThat(lab.exec("node1", "crm_resource", "--resource", "fence-lab", "--get-parameter", "pcmk_host_list")
        .stdout()).contains("node1 node2 node3");
    figure(String.format(Locale.ROOT, "day two: node3 added in %.1f s (%d runs, %d acted) under load: %d INSERTs"
        + " acknowledged, 0 failed, 0 lost; %d API requests, 0 failed", addSeconds, added.size(),
        added.stream().filter(o -> !o.result().skipped()).count(), addLoad.acked().size(), addLoad.httpOk()));

    // Re-apply: the cluster is the model, the plan is the day-one plan, every run in place.
    ObservedCluster grown = three.observe(lab.sshExecutor());
    assertThat(three.membershipChange(grown).isEmpty()).isTrue();
    assertThat(wouldAct(PlanPreview.of(lab.sshExecutor()).preview(three.plan(grown)))).as("preview after the add")
        .isEmpty();
    Instant again = Instant.now();
    assertThat(explained(() -> runner.run(three.plan(grown)), lab)).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());
    figure(String.format(Locale.ROOT, "day two: re-apply after the add: %.1f s, every run in place", seconds(again)));

    // An unsafe change is refused before anything runs: a rename in place.
    ControlPlane renamed = plane(lab, List.of(NODES.get(0), NODES.get(1), Host.of("node4", "192.168.122.103/24")));
    assertThatThrownBy(() -> renamed.plan(renamed.observe(lab.sshExecutor())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("node 'node4': its address 192.168.122.103"
            + " is recorded for node 'node3': a node is not renamed in place");

    // Move the group onto node3, then take node3 out of the model: the apply drains it first, under load.
    ExecResult move = lab.exec("node1", "sh", "-c", "crm_resource --move --resource \"$1\" --node node3"
        + " && crm_resource --wait --timeout=120s && crm_resource --clear --resource \"$1\"", "sh", two.groupId());
    assertThat(move.exitCode()).as(move.stderr()).isZero();
    String onNode3 = await(() -> "node3".equals(holder(lab)) && LabDeployTest.apisAnswer(lab, three) ? "node3" : null,
        "the group runs on node3", lab);
    load = LabDeployTest.loadClient(lab, dir, onNode3, three);
    load.start(addLoad.next());
    load.awaitAcks(5);
    ObservedCluster full = two.observe(lab.sshExecutor());
    MembershipChange removal = two.membershipChange(full);
    assertThat(removal.problems()).isEmpty();
    assertThat(removal.removed()).extracting(Host::name).containsExactly("node3");
    Plan removePlan = two.plan(full);
    List<PlanPreview.Item> removePreview = previewChangesNothing(lab, two, removePlan);
    Instant removing = Instant.now();
    List<PlanRunner.Outcome> removed = explained(() -> runner.run(removePlan), lab);
    assertPreviewMatches(removePreview, removed);
    String after = awaitServing(lab, two, TWO);
    double removeSeconds = seconds(removing);
    load.awaitAckAfter(Instant.now());
    LoadClient.Result removeLoad = load.stop();
    assertThat(removeLoad.lost(lab, after)).as("acknowledged INSERTs lost while node3 left").isEmpty();
    for (Host node : TWO) {
      assertThat(corosyncNames(lab, node.name())).as("corosync.conf on %s", node.name())
          .containsExactly("node1", "node2");
      assertThat(quorum(lab, node.name())).as("quorum on %s", node.name()).containsPattern("Expected votes:\\s+2\\n")
          .contains("2Node");
      assertThat(servers(lab, node.name(), "node3")).as("node3 gone from HAProxy on %s", node.name()).isZero();
      assertThat(lab.exec(node.name(), "crm_node", "-l").stdout()).doesNotContain("node3");
    }
    assertThat(lab.exec("node3", "sh", "-c", "pidof corosync pacemakerd").exitCode()).as("node3's cluster stopped")
        .isNotZero();
    figure(String.format(Locale.ROOT, "day two: node3 (running the group) drained and removed in %.1f s (%d runs,"
        + " %d acted) under load: database writable again after %.1f s, %d INSERTs failed during the move, %d"
        + " acknowledged, 0 lost; %d of %d API requests failed", removeSeconds, removed.size(),
        removed.stream().filter(o -> !o.result().skipped()).count(), removeLoad.recovery(removing),
        removeLoad.failed(), removeLoad.acked().size(), removeLoad.httpFailed(),
        removeLoad.httpOk() + removeLoad.httpFailed()));

    ObservedCluster shrunk = two.observe(lab.sshExecutor());
    assertThat(two.membershipChange(shrunk).isEmpty()).isTrue();
    assertThat(explained(() -> runner.run(two.plan(shrunk)), lab)).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());
  }

  /**
   * Previews {@code plan} and proves the preview changed nothing: every node's files under /etc and the plan's state
   * directories, the CIB's configuration and the membership are the same before and after.
   */
  private static List<PlanPreview.Item> previewChangesNothing(ClusterLab lab, ControlPlane plane, Plan plan) {
    String snapshot = "find /etc /var/lib/ha-dsl " + plane.cibInstallDirectory() + " -type f -exec md5sum {} +"
        + " 2>/dev/null | sort; cibadmin --query --scope configuration 2>/dev/null | md5sum; crm_node -l 2>/dev/null";
    List<String> before = NODES.stream().map(node -> lab.exec(node.name(), "sh", "-c", snapshot).stdout()).toList();
    Instant started = Instant.now();
    List<PlanPreview.Item> preview = PlanPreview.of(lab.sshExecutor()).preview(plan);
    double took = seconds(started);
    List<String> after = NODES.stream().map(node -> lab.exec(node.name(), "sh", "-c", snapshot).stdout()).toList();
    assertThat(after).as("every node's files, CIB and membership after the preview").isEqualTo(before);
    String rendered = PlanPreview.render(preview);
    System.out.println(rendered);
    figure(String.format(Locale.ROOT, "day two: preview in %.1f s: %d of %d runs would act (%d without a read-only"
        + " check)", took, preview.stream().filter(PlanPreview.Item::acts).count(), preview.size(),
        preview.stream().filter(item -> item.verdict() == PlanPreview.Verdict.UNCHECKED).count()));
    for (String secret : List.of("lab-hacluster-8", "lab-token-9", "lab-database-7", "lab-service-6")) {
      assertThat(rendered).as("the preview masks secrets").doesNotContain(secret);
    }
    return preview;
  }

  /**
   * Every run that acted was listed as acting, and every listed run acted, restarts and reloads aside: whether one of
   * those still acts depends on its notifier's effect (HAProxy reloads where it runs with files older than the new
   * ones), so for them the preview only promises to name them ("notified ...") when an acting run notifies them.
   */
  private static void assertPreviewMatches(List<PlanPreview.Item> preview, List<PlanRunner.Outcome> outcomes) {
    java.util.Set<String> notifiedRuns = preview.stream().filter(i -> i.run().step().whenNotified().isPresent())
        .map(i -> i.run().step().id() + " on " + i.run().host().name()).collect(java.util.stream.Collectors.toSet());
    java.util.Set<String> acted = new java.util.TreeSet<>(acted(outcomes));
    java.util.Set<String> listed = new java.util.TreeSet<>(wouldAct(preview));
    acted.removeAll(notifiedRuns);
    listed.removeAll(notifiedRuns);
    assertThat(acted).as("what the preview said would act, then acted:\n" + PlanPreview.render(preview))
        .isEqualTo(listed);
    java.util.Set<String> named = preview.stream().filter(i -> i.why().startsWith("notified"))
        .map(i -> i.run().step().id() + " on " + i.run().host().name()).collect(java.util.stream.Collectors.toSet());
    assertThat(acted(outcomes)).filteredOn(notifiedRuns::contains).as("restarts the preview named").allMatch(
        named::contains);
  }

  private static java.util.Set<String> wouldAct(List<PlanPreview.Item> preview) {
    return preview.stream().filter(PlanPreview.Item::acts)
        .map(item -> item.run().step().id() + " on " + item.run().host().name())
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  private static java.util.Set<String> acted(List<PlanRunner.Outcome> outcomes) {
    // A wait that had to wait changed nothing: the preview reports it as a wait, not as an action.
    return outcomes.stream().filter(o -> !o.result().skipped())
        .filter(o -> !(o.run().step().artifact() instanceof dev.hadsl.core.Command command && command.waitsOnly()))
        .map(o -> o.run().step().id() + " on " + o.run().host().name())
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Bounded wait until exactly {@code nodes} are online, the group runs and every API answers; where it runs. */
  private static String awaitServing(ClusterLab lab, ControlPlane plane, List<Host> nodes) throws Exception {
    String online = "Online: [ " + String.join(" ", nodes.stream().map(Host::name).toList()) + " ]";
    await(() -> lab.exec(nodes.get(0).name(), "crm_mon", "-1").stdout().contains(online), online, lab);
    String holder = await(() -> holder(lab), "the group runs", lab);
    await(() -> LabDeployTest.apisAnswer(lab, plane), "every API answers through HAProxy on the floating IP", lab);
    return holder;
  }

  private static String holder(ClusterLab lab) {
    return LabDeployTest.holder(lab);
  }

  /** The node names {@code node}'s corosync.conf records. */
  private static List<String> corosyncNames(ClusterLab lab, String node) {
    return lab.exec(node, "sh", "-c", "sed -n 's/^[[:space:]]*name: //p' /etc/corosync/corosync.conf").stdout()
        .lines().toList();
  }

  /** How many {@code server} lines of {@code node}'s haproxy.cfg name {@code server}. */
  private static int servers(ClusterLab lab, String node, String server) {
    return (int) lab.exec(node, "cat", "/etc/haproxy/haproxy.cfg").stdout().lines()
        .filter(line -> line.strip().startsWith("server " + server + " ")).count();
  }

  private static String quorum(ClusterLab lab, String node) {
    return lab.exec(node, "corosync-quorumtool", "-s").stdout();
  }
}
