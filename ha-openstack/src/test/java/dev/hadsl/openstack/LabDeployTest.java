package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.pacemaker.Operation;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.testing.tools.ClusterLab;
import dev.hadsl.testing.tools.ClusterLabExtension;
import dev.hadsl.testing.tools.AnsibleChecks;
import dev.hadsl.testing.tools.CommandLineWatcher;
import dev.hadsl.testing.tools.RequiresTools;
import dev.hadsl.testing.tools.TimelineChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan deploys: {@code ControlPlane.plan()} for the lab platform ({@link Platform#DEBIAN_12_LAB}), applied
 * through {@code PlanRunner} and the SSH executor to three bare lab nodes, forms a real Corosync + Pacemaker cluster
 * with its own steps (pcsd, {@code pcs host auth}, {@code pcs cluster setup}, Corosync and Pacemaker started),
 * edits the services' config files (real crudini), moves MariaDB's data onto the shared block device and runs it
 * under {@code ocf:heartbeat:mysql} behind the floating IP, with HAProxy ({@code lsb:haproxy}) last in the group in
 * front of the APIs on every node; then fails over (crash and freeze of the active node, crash of a passive one),
 * rejoins, and re-applies. Real: Corosync, Pacemaker, pcs and pcsd, IPaddr2, Filesystem, MariaDB, HAProxy, crudini,
 * sh. STAND-INS, for what cannot run here: {@code qpidd} (Debian has no Qpid C++ broker), the OpenStack services and
 * the Keystone CLI ({@link ServiceStandins}), and the lab's fence agent. Figures are printed ("lab figure:") and
 * recorded in the README.
 */
@RequiresTools({"pcs", "corosync", "pacemakerd", "mariadbd", "haproxy", "mysql", "arping", "ansible-playbook"})
class LabDeployTest {
  static final List<Host> NODES = List.of(Host.of("node1", "192.168.122.101/24"),
      Host.of("node2", "192.168.122.102/24"), Host.of("node3", "192.168.122.103/24"));
  @RegisterExtension
  static final ClusterLabExtension LAB = ClusterLabExtension.withNodes(NODES);
  static final String VIP = "192.168.122.200";
  private static final Duration LIMIT = Duration.ofSeconds(120);
  /** The low-latency profile's Corosync token (README, the lab's figures table). */
  static final int LOW_LATENCY_TOKEN_MS = 700;
  /** Every Havana API of the runbook, each answered by a stand-in. */
  private static final List<ApiService> APIS = Catalog.havanaApis();
  /** For the token comparison, which measures failover only: Keystone and Glance. */
  static final List<ApiService> FEW_APIS = List.of(Catalog.KEYSTONE_PUBLIC, Catalog.KEYSTONE_ADMIN,
      Catalog.GLANCE_API);
  static final String HACLUSTER_PASSWORD = "lab-hacluster-8";
  static final String KEYSTONE_TOKEN = "lab-token-9";
  static final String DATABASE_PASSWORD = "lab-database-7";
  static final String SERVICE_PASSWORD = "lab-service-6";
  static final String METADATA_SECRET = "lab-metadata-5";

  private static ControlPlane plane(ClusterLab lab, Optional<Duration> corosyncToken, List<ApiService> apis) {
    return plane(Database.sharedStorage(SharedStorage.blockDevice(lab.sharedDevice(), "ext4")), corosyncToken, apis);
  }

  /** The lab's plane with {@code database}: three nodes, the lab's fence agent, stand-ins for {@code apis}. */
  static ControlPlane plane(Database database, Optional<Duration> corosyncToken, List<ApiService> apis) {
    return plane(database, Messaging.inGroup(), corosyncToken, apis);
  }

  /** The lab's plane with {@code database} and {@code messaging}. */
  static ControlPlane plane(Database database, Messaging messaging, Optional<Duration> corosyncToken,
      List<ApiService> apis) {
    return plane(NODES, database, messaging, corosyncToken, apis);
  }

  /** The lab's plane on {@code nodes}, its fence device covering exactly them. */
  static ControlPlane plane(List<Host> nodes, Database database, Messaging messaging, Optional<Duration> corosyncToken,
      List<ApiService> apis) {
    return ControlPlane.builder()
        .messaging(messaging)
        .corosyncToken(corosyncToken)
        .addAllControlNodes(nodes)
        .floatingIp(FloatingIp.of(VIP + "/24"))
        .database(database)
        .platform(Platform.DEBIAN_12_LAB)
        // No OpenStack daemon can run here: stand-ins (ServiceStandins) answer for Keystone and Glance.
        .apiServices(apis)
        .horizon(false)
        .haclusterPassword(Secret.of(HACLUSTER_PASSWORD))
        .databasePasswords(secrets(DatabaseProjects.HAS_DATABASE, DATABASE_PASSWORD))
        .servicePasswords(secrets(ConfigEdits.AUTHENTICATING_PROJECTS, SERVICE_PASSWORD))
        .metadataProxySecret(Secret.of(METADATA_SECRET))
        .keystone(KeystoneAdmin.token(Secret.of(KEYSTONE_TOKEN)))
        .addFencingDevice(Primitive.builder().id("fence-lab").agent("stonith:" + ClusterLab.fenceAgent())
            .putInstanceAttribute("pcmk_host_list", String.join(" ", nodes.stream().map(Host::name).toList()))
            .addOperation(Operation.monitor(Duration.ofSeconds(60))).build())
        .build();
  }

  @Test
  void thePlanDeploysFailsOverAndRejoins(ClusterLab lab, @TempDir Path dir) throws Exception {
    ControlPlane plane = plane(lab, Optional.empty(), APIS);
    Plan plan = plane.plan();
    prepare(lab, plane, plan);
    PhaseTimes phases = new PhaseTimes();
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());
    PlanRunner timed = runner.withListener(phases);
    List<String> figures = new ArrayList<>();

    // 1 + 7. Fresh apply, with every process's command line watched for the plan's secrets.
    Instant started = Instant.now();
    AtomicReference<List<PlanRunner.Outcome>> outcomes = new AtomicReference<>();
    Set<String> commandLines = explained(() -> CommandLineWatcher.watchWhile(() -> outcomes.set(timed.run(plan))),
        lab);
    List<PlanRunner.Outcome> first = outcomes.get();
    double applied = seconds(started);
    assertThat(commandLines).as("command lines seen during the apply").anyMatch(line -> line.contains("pcs host auth"));
    for (String secret : List.of(HACLUSTER_PASSWORD, KEYSTONE_TOKEN, DATABASE_PASSWORD, SERVICE_PASSWORD,
        METADATA_SECRET)) {
      assertThat(commandLines).as("no command line holds a secret").noneMatch(line -> line.contains(secret));
    }
    assertThat(first).filteredOn(o -> !o.result().skipped()).hasSizeGreaterThan(10);
    for (Host node : NODES) {
      assertThat(HavanaSamples.editsMissingOn(lab, node.name(), plan))
          .as("the plan's INI edits, read back from the Havana files on %s", node.name()).isEmpty();
    }
    String holder = awaitServing(lab, plane);
    double serving = seconds(started);
    figures.add(String.format(Locale.ROOT, "fresh apply: %.1f s (%d runs, %d acted), group serving after %.1f s",
        applied, first.size(), first.stream().filter(o -> !o.result().skipped()).count(), serving));
    figures.add("fresh apply per phase: " + phases.summary());
    double criticalPath = phases.criticalPath(plan).toMillis() / 1000.0;
    // The edits are the ones Havana reads (checked by crudini, as the services would read them), and the catalog
    // (the Keystone stand-in's) points at the floating IP.
    for (Host node : NODES) {
      assertThat(lab.exec(node.name(), "crudini", "--get", "/etc/keystone/keystone.conf", "DEFAULT", "bind_host")
          .stdout().strip()).isEqualTo(node.address().text());
      assertThat(lab.exec(node.name(), "crudini", "--get", "/etc/glance/glance-api.conf", "DEFAULT",
          "sql_connection").stdout()).contains("@" + VIP + "/glance");
    }
    assertThat(lab.exec("node1", "cat", "/var/lib/keystone-standin/endpoints").stdout())
        .contains("http://" + VIP + ":5000/v2.0", "http://" + VIP + ":9292").doesNotContain("127.0.0.1");

    LoadClient load = loadClient(lab, dir, holder, plane);

    // 2. Re-apply: nothing changes. By default the hosts' checks answer it first (each host: one read of its files,
    // one script of the other checks), so no run is carried out; walking the plan instead times each run's check.
    Instant again = Instant.now();
    List<PlanRunner.Outcome> second = explained(() -> runner.run(plan), lab);
    assertThat(second).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());
    double reapplied = seconds(again);
    PhaseTimes reapplyTimes = new PhaseTimes();
    Instant walking = Instant.now();
    assertThat(explained(() -> runner.checkingFirst(false).withListener(reapplyTimes).run(plan), lab))
        .allMatch(o -> o.result().skipped());
    double walked = seconds(walking);
    Instant third = Instant.now();
    assertThat(explained(() -> runner.run(plan), lab)).allMatch(o -> o.result().skipped());
    double reappliedAgain = seconds(third);
    figures.add(String.format(Locale.ROOT, "re-apply: %.1f s, every run already in place (1/%.0f of the fresh"
        + " apply; walking the plan run by run instead of the checks first: %.1f s; checks first again after that:"
        + " %.1f s, 1/%.0f); fresh apply %.1f s = %.2f x the critical path of %.1f s (the longest chain of runs that"
        + " must follow one another, from the runs' own times)", reapplied, applied / reapplied, walked,
        reappliedAgain, applied / reappliedAgain, applied, applied / criticalPath, criticalPath));
    figures.add("re-apply walking the plan, the slowest runs (their checks): " + reapplyTimes.slowest(plan, 20)
        + "; critical path " + reapplyTimes.criticalPath(plan).toMillis() / 1000.0 + " s; per phase: "
        + reapplyTimes.summary());

    // 3. Crash the active node under load: the floating IP comes back on one survivor, no acknowledged write lost.
    String crashed = holder;
    Failover crash = crashActiveUnderLoad(lab, load, crashed, 1);
    String survivor = crash.survivor();
    LoadClient.Result crashLoad = crash.load();
    figures.add(String.format(Locale.ROOT, "crash of the active node: floating IP answering again after %.1f s,"
        + " database writable after %.1f s; %d INSERTs failed, %d acknowledged, 0 lost; %d of %d API requests"
        + " failed", crash.ipRecovery(), crash.recovery(), crashLoad.failed(), crashLoad.acked().size(),
        crashLoad.httpFailed(), crashLoad.httpOk() + crashLoad.httpFailed()));
    figures.add("crash of the active node, from the survivor's Pacemaker log and the client: " + crash.timeline());
    crash.draw("Crash of the active node, 3 nodes, default token: seconds after the crash", "failover-timeline.svg");

    // 6. Rejoin: the crashed node boots again, the plan is re-applied to it alone; the group stays (stickiness).
    Instant rejoin = Instant.now();
    rejoin(lab, runner, plan, crashed);
    assertThat(holder(lab)).isEqualTo(survivor);
    figures.add(String.format(Locale.ROOT, "rejoin of the crashed node (boot, re-apply to it, member): %.1f s;"
        + " the group stayed on %s", seconds(rejoin), survivor));

    // 5. Crash a passive node: nothing moves, the client sees no failure.
    String passive = NODES.stream().map(Host::name).filter(n -> !n.equals(survivor)).findFirst().orElseThrow();
    load.start(crashLoad.next());
    load.awaitAcks(5);
    Instant passiveCrash = Instant.now();
    lab.crash(passive);
    await(() -> lab.fencedNodes().stream().filter(passive::equals).count() >= 1
        && !lab.exec(survivor, "crm_mon", "-1").stdout().contains("UNCLEAN"), "the passive node fenced", lab);
    load.awaitAckAfter(Instant.now());
    LoadClient.Result passiveLoad = load.stop();
    assertThat(passiveLoad.failed()).as(() -> "INSERTs failed while a passive node crashed: "
        + passiveLoad.failures(passiveCrash) + "\n" + lab.exec(survivor, "crm_mon", "-1", "-rf").stdout()).isZero();
    assertThat(passiveLoad.httpFailed()).as(() -> "API requests failed while a passive node crashed: "
        + passiveLoad.httpFailures(passiveCrash)).isZero();
    assertThat(passiveLoad.ipRecovery(passiveCrash)).as("the floating IP went away").isZero();
    assertThat(passiveLoad.lost(lab, survivor)).isEmpty();
    assertThat(holder(lab)).isEqualTo(survivor);
    figures.add(String.format(Locale.ROOT, "crash of a passive node: group stayed on %s, %d INSERTs and %d API"
        + " requests in %.1f s, 0 failed", survivor, passiveLoad.acked().size(), passiveLoad.httpOk(),
        seconds(passiveCrash)));
    rejoin(lab, runner, plan, passive);

    // 4. Freeze the active node: it is fenced (killed) before the group starts elsewhere, and runs on one node.
    load.start(passiveLoad.next());
    load.awaitAcks(5);
    // Broadcast ARP requests for the floating IP every second (iputils' arping takes whole seconds) from the bridge:
    // every node that holds the address answers one, even with its processes stopped (the kernel answers), so two
    // holders would show as two MACs.
    String frozenMac = mac(lab, survivor);
    Process arping = lab.startProbe(dir.resolve("arping.log"), "arping", "-b", "-I", "br0", "-w", "120",
        VIP);
    Instant freeze = Instant.now();
    lab.freeze(survivor);
    String successor = awaitHolderOtherThan(survivor, "the group runs elsewhere after the freeze", lab);
    assertThat(lab.fencedNodes()).as("the frozen node was fenced").contains(survivor);
    assertThat(lab.isRunning(survivor)).isFalse();
    assertThat(runningOn(lab, "vip")).containsExactly(successor);
    load.awaitAckAfter(Instant.now());
    LoadClient.Result freezeLoad = load.stop();
    String arpFigure = arpAnswers(lab, dir.resolve("arping.log"), arping, frozenMac, mac(lab, successor));
    assertThat(freezeLoad.lost(lab, successor)).isEmpty();
    figures.add(String.format(Locale.ROOT, "freeze of the active node: fenced; floating IP answering again after"
        + " %.1f s, database writable after %.1f s on %s; %d INSERTs failed, 0 lost", freezeLoad.ipRecovery(freeze),
        freezeLoad.recovery(freeze), successor, freezeLoad.failed()));
    figures.add("freeze of the active node, ARP for the floating IP: " + arpFigure);

    figures.forEach(line -> System.out.println("lab figure: " + line));
  }

  /**
   * The performance harness's other side (README, the lab's figures table): the same deployment with the low-latency
   * profile (Corosync's token at {@value #LOW_LATENCY_TOKEN_MS} ms instead of the default 3000), crashed the same way
   * under the same load.
   */
  @Test
  void aLowLatencyTokenBringsTheDatabaseBackSooner(ClusterLab lab, @TempDir Path dir) throws Exception {
    ControlPlane plane = plane(lab, Optional.of(Duration.ofMillis(LOW_LATENCY_TOKEN_MS)), FEW_APIS);
    Plan plan = plane.plan();
    prepare(lab, plane, plan);
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());
    Instant started = Instant.now();
    explained(() -> runner.run(plan), lab);
    String holder = awaitServing(lab, plane);
    double serving = seconds(started);
    assertThat(lab.exec(holder, "corosync-cmapctl", "-g", "totem.token").stdout())
        .contains("= " + LOW_LATENCY_TOKEN_MS);
    // A token too short for this machine would lose healthy nodes under the apply's load: none was fenced.
    assertThat(lab.fencedNodes()).as("nodes fenced before the crash").isEmpty();
    Failover crash = crashActiveUnderLoad(lab, loadClient(lab, dir, holder, plane), holder, 1);
    System.out.printf(Locale.ROOT, "lab figure: token %d ms: group serving after %.1f s; crash of the active"
        + " node: floating IP answering again after %.1f s, database writable after %.1f s; %d INSERTs failed, %d"
        + " acknowledged, 0 lost; %d of %d API requests failed%n", LOW_LATENCY_TOKEN_MS, serving, crash.ipRecovery(),
        crash.recovery(),
        crash.load().failed(), crash.load().acked().size(), crash.load().httpFailed(),
        crash.load().httpOk() + crash.load().httpFailed());
    System.out.println("lab figure: token " + LOW_LATENCY_TOKEN_MS + " ms: crash of the active node, from the"
        + " survivor's Pacemaker log and the client: " + crash.timeline());
    crash.draw("Crash of the active node, 3 nodes, token " + LOW_LATENCY_TOKEN_MS + " ms: seconds after the crash",
        "failover-timeline-low-latency.svg");
  }

  /**
   * The same plan through Ansible and through the PlanRunner, in one lab run: ansible-playbook over SSH (the lab's key,
   * forks = nodes) deploys three bare nodes, a second run changes nothing, the PlanRunner then finds every run in
   * place (one set of run rules); after a model change --check names exactly the steps the run then changes. Then the
   * lab is rebuilt bare and the PlanRunner deploys it afresh: both engines' fresh and no-change times side by side.
   */
  @Test
  void ansibleDeploysThePlanThePlanRunnerFindsInPlace(ClusterLab lab, @TempDir Path dir) throws Exception {
    ControlPlane plane = plane(lab, Optional.empty(), FEW_APIS);
    Plan plan = plane.plan();
    prepare(lab, plane, plan);
    Path export = dir.resolve("ansible");
    plane.ansibleExporter().export(plan, export);
    AtomicReference<AnsibleChecks.Run> fresh = new AtomicReference<>();
    Set<String> commandLines = CommandLineWatcher.watchWhile(() -> fresh.set(ansible(lab, export, dir)));
    assertThat(commandLines).as("command lines seen during the run").anyMatch(line -> line.contains("ansible-playbook"));
    for (String secret : List.of(HACLUSTER_PASSWORD, KEYSTONE_TOKEN, DATABASE_PASSWORD, SERVICE_PASSWORD,
        METADATA_SECRET)) {
      assertThat(commandLines).as("no command line holds a secret").noneMatch(line -> line.contains(secret));
    }
    awaitServing(lab, plane);
    AnsibleChecks.Run again = ansible(lab, export, dir);
    assertThat(again.changed()).as(() -> "a second ansible-playbook run changes nothing; the first changed: "
        + fresh.get().changed() + "\npending on node1: " + lab.exec("node1", "ls", "-la", Step.PENDING_DIRECTORY)
        .stdout()).isEmpty();
    Instant runnerAgain = Instant.now();
    List<PlanRunner.Outcome> inPlace = explained(() -> PlanRunner.of(lab.sshExecutor()).parallel(NODES.size())
        .run(plan), lab);
    double runnerAgainSeconds = seconds(runnerAgain);
    assertThat(inPlace).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is in place after Ansible").isTrue());

    // A model change: a new service password for glance. --check names the steps that would act; the run changes
    // those, and the restarts their edits notify.
    String newSecret = "lab-service-rotated-4";
    Map<String, Secret> passwords = new LinkedHashMap<>(plane.servicePasswords());
    passwords.put("glance", Secret.of(newSecret));
    ControlPlane rotated = ControlPlane.builder().from(plane).servicePasswords(passwords).build();
    rotated.ansibleExporter().export(rotated.plan(), export);
    AnsibleChecks.Run preview = ansible(lab, export, dir, "--check");
    AnsibleChecks.Run applied = ansible(lab, export, dir);
    List<String> restarts = rotated.plan().steps().stream().filter(step -> step.whenNotified().isPresent())
        .map(Step::id).toList();
    assertThat(preview.changedSteps()).as("--check names what the run then changes (it changed %s)",
        applied.changed()).isNotEmpty()
        .isEqualTo(applied.changedSteps().stream().filter(id -> !restarts.contains(id)).toList());
    assertThat(applied.changedSteps()).as("the edits' restarts follow").anyMatch(restarts::contains);
    for (Host node : NODES) {
      assertThat(lab.exec(node.name(), "grep", "-rl", newSecret, "/etc/glance").stdout())
          .as("the new password on %s", node.name()).isNotBlank();
    }
    awaitServing(lab, rotated);

    // The PlanRunner on the same lab rebuilt bare.
    lab.rebuild();
    prepare(lab, plane, plan);
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());
    Instant runnerFresh = Instant.now();
    explained(() -> runner.run(plan), lab);
    double runnerFreshSeconds = seconds(runnerFresh);
    awaitServing(lab, plane);
    Instant runnerNoChange = Instant.now();
    explained(() -> runner.run(plan), lab);
    System.out.printf(Locale.ROOT, "lab figure: the same plan (%d steps, 3 APIs) on 3 bare nodes:"
            + " ansible-playbook (forks %d) fresh %.1f s, no change %.1f s (changed=0); PlanRunner (parallel %d)"
            + " fresh %.1f s, no change %.1f s; PlanRunner after Ansible: %.1f s, every run in place%n",
        plan.steps().size(), NODES.size(), fresh.get().seconds(), again.seconds(), NODES.size(), runnerFreshSeconds,
        seconds(runnerNoChange), runnerAgainSeconds);
  }

  private static AnsibleChecks.Run ansible(ClusterLab lab, Path export, Path dir, String... extra) {
    List<String> arguments = new ArrayList<>(List.of("-f", Integer.toString(NODES.size()), "-u", "root",
        "--private-key", lab.sshKey().toString(), "--ssh-common-args",
        "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR",
        "-e", "ansible_python_interpreter=/usr/bin/python3"));
    arguments.addAll(List.of(extra));
    return AnsibleChecks.playbook(lab.bridgeLauncher(), export, dir.resolve("ansible-tmp"), Duration.ofMinutes(15),
        arguments.toArray(String[]::new));
  }

  private static String mac(ClusterLab lab, String node) {
    return lab.exec(node, "cat", "/sys/class/net/eth0/address").stdout().strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads the ARP replies for the floating IP in the order they came: at most two MACs, and once a second MAC
   * answered the first never answers again (the frozen node's kernel answers until fencing kills it). Then asks once
   * more, after the successor serves: every reply comes from the successor alone.
   */
  private static String arpAnswers(ClusterLab lab, Path log, Process arping, String frozen, String successor)
      throws Exception {
    arping.destroy();
    assertThat(arping.waitFor(10, TimeUnit.SECONDS)).as("arping stopped").isTrue();
    String during = Files.readString(log);
    List<String> macs = replyMacs(during);
    List<String> distinct = macs.stream().distinct().toList();
    assertThat(distinct).as("ARP replies while the group moved (frozen %s, successor %s):%n%s", frozen, successor,
        during).hasSizeLessThanOrEqualTo(2);
    if (distinct.size() == 2) {
      assertThat(macs.subList(macs.indexOf(distinct.get(1)), macs.size())).as("after the second MAC's first reply,"
          + " only it answers:%n%s", during).containsOnly(distinct.get(1));
    }
    ExecResult after = lab.probe("arping", "-b", "-c", "3", "-w", "5", "-I", "br0", VIP);
    List<String> now = replyMacs(after.stdout());
    assertThat(now).as("ARP for %s after the failover (successor %s, frozen %s):%n%s%s", VIP, successor, frozen,
        after.stdout(), after.stderr()).isNotEmpty().containsOnly(successor);
    return macs.stream().filter(frozen::equals).count() + " replies from the frozen node while the group moved, "
        + macs.stream().filter(successor::equals).count() + " from the successor, none from both after the"
        + " successor's first; afterwards " + now.size() + " of " + now.size() + " from the successor alone";
  }

  private static List<String> replyMacs(String arpingOutput) {
    List<String> macs = new ArrayList<>();
    Matcher reply = Pattern.compile("reply from " + Pattern.quote(VIP) + " \\[([0-9A-Fa-f:]+)\\]")
        .matcher(arpingOutput);
    while (reply.find()) {
      macs.add(reply.group(1).toLowerCase(Locale.ROOT));
    }
    return macs;
  }

  private static Map<String, Secret> secrets(Collection<String> projects, String value) {
    Map<String, Secret> secrets = new LinkedHashMap<>();
    projects.forEach(project -> secrets.put(project, Secret.of(value)));
    return secrets;
  }

  /**
   * What the nodes have before the plan: Havana's own configuration files where its packages put them, the stand-ins
   * for the OpenStack services and the Keystone CLI.
   */
  static void prepare(ClusterLab lab, ControlPlane plane, Plan plan) {
    for (Host node : NODES) {
      prepare(lab, plane, plan, node.name());
    }
  }

  /** What the OS packages put on {@code node} before the plan runs: sample configs and the services' stand-ins. */
  static void prepare(ClusterLab lab, ControlPlane plane, Plan plan, String node) {
    HavanaSamples.install(lab, node);
    ServiceStandins.install(lab, node, plane, plan);
    lab.install(node, "/var/lib/keystone-standin/services", ReapplyLabTest.CATALOG, "0600");
  }

  /** Whether every API answers 200 through HAProxy on the floating IP. */
  static boolean apisAnswer(ClusterLab lab, ControlPlane plane) {
    return plane.apiServices().stream().allMatch(api -> lab.probe("curl", "-sf", "-m", "5", "-o", "/dev/null",
        "http://" + VIP + ":" + api.port().number() + "/").succeeded());
  }

  /** Bounded wait until all three nodes are online and the whole group runs; the node it runs on. */
  private static String awaitServing(ClusterLab lab, ControlPlane plane) throws Exception {
    await(() -> lab.exec("node1", "crm_mon", "-1").stdout().contains("Online: [ node1 node2 node3 ]"),
        "three nodes online", lab);
    String holder = await(() -> holder(lab), "the group runs", lab);
    assertThat(lab.exec(holder, "crm_mon", "-1").stdout()).contains("vip", "mysql-fs", "mysql-db", "qpidd",
        "haproxy");
    await(() -> apisAnswer(lab, plane), "every API answers through HAProxy on the floating IP", lab);
    return holder;
  }

  /** A probe user and table made on the node that runs MariaDB, and a load client that writes through the VIP. */
  static LoadClient loadClient(ClusterLab lab, Path dir, String holder, ControlPlane plane)
      throws Exception {
    return new LoadClient(lab, dir, probeCredentials(lab, dir, holder), VIP,
        plane.apiServices().stream().map(api -> Integer.toString(api.port().number())).toList());
  }

  /**
   * The probe user and table {@code labprobe.t (n INT PRIMARY KEY)}, made on {@code node}'s MariaDB, and the 0600
   * option file a client in the bridge namespace logs in with through the floating IP.
   */
  static Path probeCredentials(ClusterLab lab, Path dir, String node) throws Exception {
    ExecResult grant = lab.exec(node, "mysql", "-e", "CREATE USER IF NOT EXISTS 'probe'@'%' IDENTIFIED BY"
        + " 'probe-pw'; GRANT ALL ON labprobe.* TO 'probe'@'%'; CREATE DATABASE IF NOT EXISTS labprobe;"
        + " CREATE TABLE IF NOT EXISTS labprobe.t (n INT PRIMARY KEY) ENGINE=InnoDB;");
    assertThat(grant.exitCode()).as(grant.stderr()).isZero();
    Path client = Files.writeString(dir.resolve("client.cnf"), "[client]\nuser=probe\npassword=probe-pw\nhost=" + VIP
        + "\n");
    Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-------"));
    return client;
  }

  /** Where the group went after a crash, what the client saw, and how long the database was not writable. */
  private record Failover(String survivor, LoadClient.Result load, double ipRecovery, double recovery,
      List<TimelineChart.Mark> marks) {
    /** The marks as one line of the lab's figures. */
    String timeline() {
      return marks.stream().map(mark -> mark.label() + " " + mark.seconds().map(s -> String.format(Locale.ROOT,
          "%.1f s", s)).orElse("?")).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The timeline as the SVG chart the README shows: written to target/lab and, for the README, to docs/ at the
     * repository's top (the lab test regenerates it on every run).
     */
    void draw(String title, String file) throws java.io.IOException {
      String svg = TimelineChart.render(title, marks);
      Path lab = Path.of("target", "lab");
      Files.createDirectories(lab);
      Files.writeString(lab.resolve(file), svg);
      Path docs = Path.of("..", "docs");
      if (Files.isDirectory(docs)) {
        Files.writeString(docs.resolve(file), svg);
      }
    }
  }

  /**
   * Crashes the node running the group while the client writes: the group comes back on one survivor, the crashed
   * node was fenced, and every acknowledged INSERT is there.
   */
  private static Failover crashActiveUnderLoad(ClusterLab lab, LoadClient load, String holder, int firstNumber)
      throws Exception {
    load.start(firstNumber);
    load.awaitAcks(10);
    Instant crash = Instant.now();
    lab.crash(holder);
    String survivor = awaitHolderOtherThan(holder, "the group runs again after the crash", lab);
    Instant serving = Instant.now();
    load.awaitAckAfter(serving);
    load.awaitApiAnswerAfter(serving);
    LoadClient.Result result = load.stop();
    assertThat(result.lost(lab, survivor)).as("acknowledged INSERTs missing after the failover").isEmpty();
    assertThat(runningOn(lab, "vip")).containsExactly(survivor);
    assertThat(lab.fencedNodes()).contains(holder);
    List<TimelineChart.Mark> marks = new ArrayList<>(timeline(lab, survivor, holder, crash));
    marks.add(TimelineChart.Mark.at("floating IP answering", result.ipRecovery(crash)));
    marks.add(TimelineChart.Mark.at("database writable", result.recovery(crash)));
    marks.add(TimelineChart.Mark.at("first API answer through HAProxy", result.apiRecovery(crash)));
    marks.sort(java.util.Comparator.comparing(mark -> mark.seconds().orElse(Double.MAX_VALUE)));
    return new Failover(survivor, result, result.ipRecovery(crash), result.recovery(crash), marks);
  }

  /** Marks of a failover in Pacemaker 2.1's detail log, in the order they happen. */
  private static final List<String> MARKS = List.of("membership lost", "fenced", "floating IP resource started");

  /**
   * Where the seconds of a failover went, read from the survivor's Pacemaker log (millisecond timestamps, the same
   * clock as this JVM's): the crashed node's loss from the membership, the fencing request and its result, the start
   * of the floating IP. A mark not found shows as '?'.
   */
  private static List<TimelineChart.Mark> timeline(ClusterLab lab, String survivor, String crashed, Instant crash) {
    String log = lab.exec(survivor, "sh", "-c", "cat /var/log/pacemaker/pacemaker.log 2>/dev/null").stdout();
    List<Pattern> patterns = List.of(
        Pattern.compile("Node " + crashed + " state is now lost|" + crashed + "\\S* .*(lost|left) the"),
        Pattern.compile("Operation '?(reboot|off)'? (\\[\\d+\\] )?targeting " + crashed + ".*: OK"),
        Pattern.compile("Result of start operation for vip on " + survivor + ": (ok|OK)"));
    DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss.SSS", Locale.ENGLISH);
    ZonedDateTime crashZoned = crash.atZone(ZoneId.systemDefault());
    List<TimelineChart.Mark> found = new ArrayList<>();
    for (int i = 0; i < MARKS.size(); i++) {
      Optional<Double> seconds = Optional.empty();
      for (String line : log.split("\n")) {
        if (line.length() < 19 || !patterns.get(i).matcher(line).find()) {
          continue;
        }
        try {
          LocalDateTime at = LocalDateTime.parse(crashZoned.getYear() + " " + line.substring(0, 19).replaceAll(
              " +", " ").strip(), time);
          double after = Duration.between(crash, at.atZone(ZoneId.systemDefault()).toInstant()).toMillis() / 1000.0;
          if (after >= 0) {
            seconds = Optional.of(after);
            break;
          }
        } catch (java.time.format.DateTimeParseException unreadable) {
          // a continuation line
        }
      }
      found.add(new TimelineChart.Mark(MARKS.get(i), seconds));
    }
    return found;
  }

  /**
   * Bounded wait until the crashed {@code node} was fenced and no survivor sees a node UNCLEAN: a node booted before
   * the fencing it is owed would be killed by it.
   */
  static void awaitFenced(ClusterLab lab, String node) throws Exception {
    String survivor = NODES.stream().map(Host::name).filter(n -> !n.equals(node) && lab.isRunning(n)).findFirst()
        .orElseThrow();
    await(() -> lab.fencedNodes().contains(node) && !lab.exec(survivor, "crm_mon", "-1").stdout().contains("UNCLEAN"),
        node + " fenced", lab);
  }

  /** Boots the node again and re-applies the plan to it alone; bounded wait until all three are online. */
  static void rejoin(ClusterLab lab, PlanRunner runner, Plan plan, String node) throws Exception {
    lab.restart(node);
    explained(() -> runner.run(plan.narrowedTo(node)), lab);
    String other = NODES.stream().map(Host::name).filter(n -> !n.equals(node) && lab.isRunning(n)).findFirst()
        .orElseThrow();
    await(() -> lab.exec(other, "crm_mon", "-1").stdout().contains("Online: [ node1 node2 node3 ]"),
        node + " online again", lab);
    // Online is not settled: the scheduler still probes the node and places its clones and fencing devices. A node
    // that fails mid-transition is a different test; the rejoin ends when the cluster has nothing left to do.
    ExecResult settled = lab.exec(other, "crm_resource", "--wait", "--timeout=120s");
    assertThat(settled.exitCode()).as("the cluster settles after %s rejoined: %s", node, settled.stderr()).isZero();
  }

  /** Bounded wait until the group runs on a node other than {@code gone}; that node. */
  private static String awaitHolderOtherThan(String gone, String what, ClusterLab lab) throws Exception {
    return await(() -> {
      String now = holder(lab);
      return now != null && !now.equals(gone) ? now : null;
    }, what, lab);
  }

  /** The nodes where crm_mon shows {@code resource} started, from a running node. */
  private static List<String> runningOn(ClusterLab lab, String resource) {
    String node = NODES.stream().map(Host::name).filter(lab::isRunning).findFirst().orElseThrow();
    String located = lab.exec(node, "crm_resource", "--resource", resource, "--locate").stdout();
    return NODES.stream().map(Host::name).filter(n -> located.contains("running on: " + n)).toList();
  }

  /**
   * The node where the group's last member, HAProxy, runs (a group starts in order, so all of it runs there), or
   * null.
   */
  static String holder(ClusterLab lab) {
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

  interface Probe<T> {
    T get() throws Exception;
  }

  static <T> T await(Probe<T> probe, String what, ClusterLab lab) throws Exception {
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
  static <T> T explained(Probe<T> apply, ClusterLab lab) throws Exception {
    try {
      return apply.get();
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + "\n--- cluster state:\n" + clusterState(lab), e);
    }
  }

  static String clusterState(ClusterLab lab) {
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

  /** A figure of the lab, printed as soon as it is measured (a later failure keeps it). */
  static void figure(String line) {
    System.out.println("lab figure: " + line);
  }

  static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }
}
