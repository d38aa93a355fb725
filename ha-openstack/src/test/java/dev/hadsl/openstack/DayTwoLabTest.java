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
  private static final String ROTATED = "lab-rotated-5";
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

    int next = replaceNode3(lab, three, addLoad.next());
    next = maintainTheActiveNode(lab, dir, three, runner, next);
    next = rotateADatabasePassword(lab, dir, three, withRotatedGlancePassword(three), runner, next);
    // From here on the model holds the rotated password.
    ControlPlane twoNow = withRotatedGlancePassword(two);
    ControlPlane threeNow = withRotatedGlancePassword(three);

    // The group onto node3 (the maintenance may have moved it there), then node3 out of the model: the apply drains
    // it first, under load.
    if (!"node3".equals(holder(lab))) {
      ExecResult move = lab.exec("node1", "sh", "-c", "crm_resource --move --resource \"$1\" --node node3"
          + " && crm_resource --wait --timeout=120s && crm_resource --clear --resource \"$1\"", "sh", twoNow.groupId());
      assertThat(move.exitCode()).as(move.stderr()).isZero();
    }
    String onNode3 = await(() -> "node3".equals(holder(lab)) && LabDeployTest.apisAnswer(lab, threeNow) ? "node3"
        : null, "the group runs on node3", lab);
    load = LabDeployTest.loadClient(lab, dir, onNode3, threeNow);
    load.start(next);
    load.awaitAcks(5);
    ObservedCluster full = twoNow.observe(lab.sshExecutor());
    MembershipChange removal = twoNow.membershipChange(full);
    assertThat(removal.problems()).isEmpty();
    assertThat(removal.removed()).extracting(Host::name).containsExactly("node3");
    Plan removePlan = twoNow.plan(full);
    List<PlanPreview.Item> removePreview = previewChangesNothing(lab, twoNow, removePlan);
    Instant removing = Instant.now();
    List<PlanRunner.Outcome> removed = explained(() -> runner.run(removePlan), lab);
    assertPreviewMatches(removePreview, removed);
    String after = awaitServing(lab, twoNow, TWO);
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

    ObservedCluster shrunk = twoNow.observe(lab.sshExecutor());
    assertThat(twoNow.membershipChange(shrunk).isEmpty()).isTrue();
    assertThat(explained(() -> runner.run(twoNow.plan(shrunk)), lab)).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());
  }

  /**
   * node3 crashes (the cluster fences it) and comes back as a bare machine under the same name and address, its disk
   * wiped: the OS packages are there, no cluster configuration, no pcsd token. One apply rejoins it: the observation
   * finds it recorded but bare, the plan removes the stale node and adds it again.
   */
  private static int replaceNode3(ClusterLab lab, ControlPlane three, int next) throws Exception {
    assertThat(holder(lab)).as("the group runs on a node that stays").isNotEqualTo("node3");
    int fencedBefore = java.util.Collections.frequency(lab.fencedNodes(), "node3");
    lab.crash("node3");
    await(() -> java.util.Collections.frequency(lab.fencedNodes(), "node3") > fencedBefore, "node3 is fenced", lab);
    lab.bootBare("node3");
    LabDeployTest.prepare(lab, three, three.plan(), "node3");
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());
    ObservedCluster wiped = three.observe(lab.sshExecutor());
    MembershipChange rejoin = three.membershipChange(wiped);
    assertThat(rejoin.problems()).isEmpty();
    assertThat(rejoin.rejoining()).extracting(Host::name).containsExactly("node3");
    assertThat(rejoin.added()).isEmpty();
    assertThat(rejoin.removed()).isEmpty();
    Plan plan = three.plan(wiped);
    List<PlanPreview.Item> preview = previewChangesNothing(lab, three, plan);
    Instant rejoining = Instant.now();
    List<PlanRunner.Outcome> outcomes = explained(() -> runner.run(plan), lab);
    assertPreviewMatches(preview, outcomes);
    awaitServing(lab, three, NODES);
    double took = seconds(rejoining);
    for (Host node : NODES) {
      assertThat(corosyncNames(lab, node.name())).as("corosync.conf on %s", node.name())
          .containsExactly("node1", "node2", "node3");
      assertThat(quorum(lab, node.name())).as("quorum on %s", node.name()).containsPattern("Expected votes:\\s+3\\n");
    }
    assertThat(servers(lab, "node3", "node1")).as("node3's own HAProxy has every backend").isPositive();
    assertThat(wouldAct(PlanPreview.of(lab.sshExecutor()).preview(three.plan(three.observe(lab.sshExecutor())))))
        .as("preview after the rejoin").isEmpty();
    figure(String.format(Locale.ROOT, "day two: node3 crashed, fenced and back bare (disk wiped): rejoined by one"
        + " apply in %.1f s (%d runs, %d acted)", took, outcomes.size(), acted(outcomes).size()));
    return next;
  }

  /**
   * Maintenance of the node that runs the group, under load: drained (the group moves once), worked on (here: its
   * Pacemaker runs nothing, every API answers through the others), brought back; the group stays where it moved.
   */
  private static int maintainTheActiveNode(ClusterLab lab, Path dir, ControlPlane three, PlanRunner runner, int next)
      throws Exception {
    String active = holder(lab);
    LoadClient load = LabDeployTest.loadClient(lab, dir, active, three);
    load.start(next);
    load.awaitAcks(5);
    NodeMaintenance maintenance = three.maintenance(three.observe(lab.sshExecutor()), active);
    assertThat(maintenance.acting().name()).isNotEqualTo(active);
    Instant draining = Instant.now();
    double[] drained = new double[1];
    String[] movedTo = new String[1];
    List<PlanRunner.Outcome> outcomes = maintenance.around(runner, () -> {
      drained[0] = seconds(draining);
      assertThat(lab.exec(maintenance.acting().name(), "crm_mon", "--output-as=xml").stdout())
          .containsPattern("<node name=\"" + active + "\"[^>]* standby=\"true\"[^>]* resources_running=\"0\"");
      movedTo[0] = await(() -> holder(lab), "the group runs elsewhere", lab);
      assertThat(movedTo[0]).isNotEqualTo(active);
      await(() -> LabDeployTest.apisAnswer(lab, three), "every API answers while " + active + " is drained", lab);
      load.awaitAckAfter(Instant.now());
    });
    double total = seconds(draining);
    assertThat(outcomes).extracting(o -> o.run().step().id()).containsExactly("maintenance.drain." + active,
        "maintenance.resume." + active);
    assertThat(outcomes).noneMatch(o -> o.result().skipped());
    awaitServing(lab, three, NODES);
    assertThat(holder(lab)).as("the group stays where it moved").isEqualTo(movedTo[0]);
    load.awaitAckAfter(Instant.now());
    LoadClient.Result result = load.stop();
    assertThat(result.lost(lab, movedTo[0])).as("acknowledged INSERTs lost during the maintenance").isEmpty();
    NodeMaintenance again = three.maintenance(three.observe(lab.sshExecutor()), active);
    assertThat(runner.run(again.resume())).as("a node in service is not resumed again")
        .allMatch(o -> o.result().skipped());
    System.out.println("API requests that failed during the maintenance: " + result.httpFailures(draining));
    figure(String.format(Locale.ROOT, "day two: maintenance of %s (running the group) under load: drained in %.1f s,"
        + " back after %.1f s in all; database writable again after %.1f s, %d INSERTs failed during the move, %d"
        + " acknowledged, 0 lost; APIs answering again after %.1f s, %d of %d API requests failed while the group"
        + " moved", active, drained[0], total, result.recovery(draining), result.failed(), result.acked().size(),
        result.apiRecovery(draining), result.httpFailed(), result.httpOk() + result.httpFailed()));
    return result.next();
  }

  /**
   * Rotation of glance's database password under load: the apply acts exactly on the steps that hold it (glance's
   * two config files on every node, the grants where MySQL runs) and restarts exactly what reads them; the services'
   * files hold the new password, MySQL accepts it and refuses the old one; a second apply changes nothing.
   */
  private static int rotateADatabasePassword(ClusterLab lab, Path dir, ControlPlane three, ControlPlane rotated,
      PlanRunner runner, int next) throws Exception {
    // Expected: the steps that hold the password, and the restarts after them in the plan that they notify.
    java.util.Set<String> holders = new java.util.TreeSet<>();
    java.util.Set<String> expected = new java.util.TreeSet<>();
    java.util.Set<String> notified = new java.util.HashSet<>();
    for (int i = 0; i < rotated.plan().steps().size(); i++) {
      dev.hadsl.core.Step now = rotated.plan().steps().get(i);
      if (!now.equals(three.plan().steps().get(i))) {
        holders.add(now.id());
        notified.addAll(now.notifies());
      }
      if (now.whenNotified().filter(notified::contains).isPresent()) {
        expected.add(now.id());
      }
    }
    expected.addAll(holders);
    assertThat(holders).contains("database.grants").hasSizeGreaterThan(1);

    String mysqlNode = holder(lab);
    LoadClient load = LabDeployTest.loadClient(lab, dir, mysqlNode, three);
    load.start(next);
    load.awaitAcks(5);
    Plan plan = rotated.plan(rotated.observe(lab.sshExecutor()));
    List<PlanPreview.Item> preview = previewChangesNothing(lab, rotated, plan);
    Instant rotating = Instant.now();
    List<PlanRunner.Outcome> outcomes = explained(() -> runner.run(plan), lab);
    double took = seconds(rotating);
    assertPreviewMatches(preview, outcomes);
    java.util.Set<String> actedSteps = outcomes.stream().filter(o -> !o.result().skipped())
        .map(o -> o.run().step().id()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    assertThat(actedSteps).as("the steps that acted").isEqualTo(expected);
    assertThat(outcomes).filteredOn(o -> o.run().step().id().equals("database.grants") && !o.result().skipped())
        .extracting(o -> o.run().host().name()).containsExactly(mysqlNode);
    for (Host node : NODES) {
      assertThat(lab.exec(node.name(), "grep", "-c", "glance:" + ROTATED + "@", "/etc/glance/glance-api.conf")
          .stdout().strip()).as("glance-api.conf on %s holds the new password", node.name()).isEqualTo("1");
    }
    assertThat(glanceLogin(lab, ROTATED).exitCode()).as("MySQL accepts the new password").isZero();
    ExecResult old = glanceLogin(lab, LabDeployTest.DATABASE_PASSWORD);
    assertThat(old.exitCode()).as("MySQL refuses the old password").isNotZero();
    assertThat(old.stderr()).contains("Access denied");
    assertThat(explained(() -> runner.run(rotated.plan(rotated.observe(lab.sshExecutor()))), lab))
        .as("a second apply").allMatch(o -> o.result().skipped());
    load.awaitAckAfter(Instant.now());
    LoadClient.Result result = load.stop();
    assertThat(result.failed()).as(() -> "INSERTs failed during the rotation: " + result.failures(rotating)).isZero();
    assertThat(result.lost(lab, holder(lab))).isEmpty();
    figure(String.format(Locale.ROOT, "day two: glance's database password rotated under load in %.1f s: %d runs"
        + " acted (%s), 0 INSERTs failed, 0 lost; %d of %d API requests failed while glance restarted", took,
        acted(outcomes).size(), String.join(", ", expected), result.httpFailed(),
        result.httpOk() + result.httpFailed()));
    return result.next();
  }

  /** {@code plane} with glance's database password rotated. */
  private static ControlPlane withRotatedGlancePassword(ControlPlane plane) {
    java.util.Map<String, dev.hadsl.core.Secret> passwords = new java.util.LinkedHashMap<>(plane.databasePasswords());
    passwords.put("glance", dev.hadsl.core.Secret.of(ROTATED));
    return ControlPlane.builder().from(plane).databasePasswords(passwords).build();
  }

  /** glance logging in to MySQL through the floating IP from node1, its password in a 0600 option file. */
  private static ExecResult glanceLogin(ClusterLab lab, String password) {
    lab.install("node1", "/root/glance-login.cnf", "[client]\nuser=glance\npassword=" + password + "\n", "0600");
    return lab.exec("node1", "mysql", "--defaults-extra-file=/root/glance-login.cnf", "-h", VIP, "-e", "SELECT 1");
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
    for (String secret : List.of(LabDeployTest.HACLUSTER_PASSWORD, LabDeployTest.KEYSTONE_TOKEN,
        LabDeployTest.DATABASE_PASSWORD, LabDeployTest.SERVICE_PASSWORD, LabDeployTest.METADATA_SECRET, ROTATED)) {
      assertThat(rendered).as("the preview masks secrets").doesNotContain(secret);
    }
    return preview;
  }

  /**
   * Every run that acted was listed as acting, and every listed run acted. Restarts and reloads: each that acted was
   * named ("notified ..."), and each named one without a check of its own acted; one with a check (HAProxy reloads
   * only where it runs with files older than the new ones) is judged by its check after its notifier acted, which no
   * read-only preview can run beforehand.
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
    // A named restart without a check of its own acts whenever it is notified: it must have acted.
    java.util.Set<String> unconditional = preview.stream().filter(i -> i.why().startsWith("notified"))
        .filter(i -> !(i.run().step().artifact() instanceof dev.hadsl.core.Command c && c.unless().isPresent()))
        .map(i -> i.run().step().id() + " on " + i.run().host().name()).collect(java.util.stream.Collectors.toSet());
    assertThat(acted(outcomes)).as("named restarts without a check of their own acted").containsAll(unconditional);
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
