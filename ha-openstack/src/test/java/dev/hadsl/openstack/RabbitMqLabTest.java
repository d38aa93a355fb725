package dev.hadsl.openstack;

import static dev.hadsl.openstack.LabDeployTest.FEW_APIS;
import static dev.hadsl.openstack.LabDeployTest.NODES;
import static dev.hadsl.openstack.LabDeployTest.await;
import static dev.hadsl.openstack.LabDeployTest.explained;
import static dev.hadsl.openstack.LabDeployTest.figure;
import static dev.hadsl.openstack.LabDeployTest.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.testing.tools.ClusterLab;
import dev.hadsl.testing.tools.ClusterLabExtension;
import dev.hadsl.testing.tools.CommandLineWatcher;
import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messaging as a RabbitMQ cluster, real in the lab: Debian's rabbitmq-server 3.10 on three control nodes under
 * {@code ocf:heartbeat:rabbitmq-cluster}, queues mirrored by the agent's policy. A real AMQP client
 * ({@link AmqpLoad}, com.rabbitmq:amqp-client, in the lab's bridge namespace) publishes persistent messages with
 * publisher confirms while the node holding the queue crashes: every confirmed message is still there, read back by
 * a consumer (duplicates counted). The node rejoins, and a last apply finds every run in place. Real: Corosync,
 * Pacemaker, pcs, the agent, RabbitMQ, the AMQP client. STAND-INS: the OpenStack APIs ({@link ServiceStandins}), the
 * lab's fence agent.
 */
@RequiresTools({"pcs", "corosync", "pacemakerd", "mariadbd", "haproxy", "rabbitmq-server", "rabbitmqctl",
    "/usr/lib/ocf/resource.d/heartbeat/rabbitmq-cluster"})
class RabbitMqLabTest {
  @RegisterExtension
  static final ClusterLabExtension LAB = ClusterLabExtension.withNodes(NODES);
  private static final String PASSWORD = "lab-rabbit-4";
  private static final String COOKIE = "LABERLANGCOOKIE0123456789";
  private static final String QUEUE = "ha-dsl-probe";

  @Test
  void everyConfirmedMessageSurvivesTheCrashOfTheNodeHoldingTheQueue(ClusterLab lab, @TempDir Path dir)
      throws Exception {
    RabbitMqMessaging messaging = RabbitMqMessaging.of(Secret.of(PASSWORD), Secret.of(COOKIE));
    ControlPlane plane = LabDeployTest.plane(Database.sharedStorage(SharedStorage.blockDevice(lab.sharedDevice(),
        "ext4")), messaging, Optional.of(Duration.ofMillis(LabDeployTest.LOW_LATENCY_TOKEN_MS)), FEW_APIS);
    Plan plan = plane.plan();
    LabDeployTest.prepare(lab, plane, plan);
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());

    // 1. Fresh apply: three brokers clustered, the policy set, the service user made and guest gone.
    Instant started = Instant.now();
    java.util.concurrent.atomic.AtomicReference<List<PlanRunner.Outcome>> outcomes =
        new java.util.concurrent.atomic.AtomicReference<>();
    Set<String> commandLines = explained(() -> CommandLineWatcher.watchWhile(() -> outcomes.set(runner.run(plan))),
        lab);
    List<PlanRunner.Outcome> first = outcomes.get();
    double applied = seconds(started);
    assertThat(commandLines).as("command lines seen during the apply").anyMatch(line -> line.contains("rabbitmqctl"));
    for (String secret : List.of(PASSWORD, COOKIE)) {
      assertThat(commandLines).as("no command line holds the password or the cookie")
          .noneMatch(line -> line.contains(secret));
    }
    for (Host node : NODES) {
      assertThat(running(lab, node.name())).as("running nodes seen by %s", node.name()).isEqualTo("3");
    }
    assertThat(lab.exec("node1", "rabbitmqctl", "-q", "list_policies").stdout()).contains("ha-all");
    String users = lab.exec("node1", "rabbitmqctl", "-q", "list_users").stdout();
    assertThat(users).contains("openstack").doesNotContain("guest");
    figure(String.format(Locale.ROOT, "rabbitmq fresh apply: %.1f s (%d runs, %d acted), three nodes clustered",
        applied, first.size(), first.stream().filter(o -> !o.result().skipped()).count()));

    // 2. Publish with confirms; crash the node that holds the queue (its master).
    Path credentials = Files.writeString(dir.resolve("amqp.credentials"), messaging.user() + "\n" + PASSWORD + "\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    String addresses = NODES.stream().map(node -> node.address().text() + ":" + RabbitMqMessaging.AMQP_PORT)
        .collect(Collectors.joining(","));
    Path log = dir.resolve("publish.log");
    Process publisher = lab.startProbe(log, java("publish", credentials.toString(), addresses, QUEUE, "1", "3000",
        "100"));
    await(() -> acks(log).size() >= 50, "50 confirmed messages", lab);
    // The queue lives where it was declared (client-local), on the publisher's broker: crash that node, so the
    // publisher loses its connection and the queue its master at once.
    String queueNode = await(() -> queueHolder(lab), "the queue's node", lab);
    String holder = connectedNode(log);
    Instant crash = Instant.now();
    lab.crash(holder);
    await(() -> acks(log).stream().anyMatch(ack -> ack[1] > crash.toEpochMilli() + 50), "a confirm after the crash",
        lab);
    int confirmedAtResume = acks(log).size();
    await(() -> acks(log).size() >= confirmedAtResume + 50, "50 more confirms", lab);
    publisher.destroy();
    assertThat(publisher.waitFor(10, TimeUnit.SECONDS)).isTrue();
    List<long[]> acks = acks(log);
    long failed = Files.readAllLines(log).stream().filter(line -> line.startsWith("fail ")).count();
    double resumed = acks.stream().filter(ack -> ack[1] > crash.toEpochMilli()).mapToLong(ack -> ack[1]).min()
        .orElseThrow() - crash.toEpochMilli();
    // Read back on the survivors: every confirmed message is there.
    String survivors = NODES.stream().filter(node -> !node.name().equals(holder))
        .map(node -> node.address().text() + ":" + RabbitMqMessaging.AMQP_PORT).collect(Collectors.joining(","));
    ExecResult drained = lab.probe(java("drain", credentials.toString(), survivors, QUEUE));
    assertThat(drained.stdout()).as(drained.stderr()).contains("drained");
    List<Integer> received = drained.stdout().lines().filter(line -> line.startsWith("got "))
        .map(line -> Integer.valueOf(line.split(" ")[1])).toList();
    Set<Integer> got = new HashSet<>(received);
    List<Integer> lost = acks.stream().map(ack -> (int) ack[0]).filter(n -> !got.contains(n)).toList();
    assertThat(lost).as("confirmed messages missing after the crash of %s", holder).isEmpty();
    figure(String.format(Locale.ROOT, "rabbitmq, crash of the publisher's broker %s (the queue's master: %s):"
        + " publishing resumed on %s after %.1f s; %d publish attempts failed, %d confirmed, 0 lost, %d duplicates"
        + " read back", holder, queueNode, connectedNode(log), resumed / 1000.0, failed, acks.size(),
        received.size() - got.size()));

    // 3. The crashed node boots, the plan is re-applied to it, it rejoins; a last apply changes nothing.
    LabDeployTest.awaitFenced(lab, holder);
    Instant rejoin = Instant.now();
    LabDeployTest.rejoin(lab, runner, plan, holder);
    await(() -> NODES.stream().allMatch(node -> running(lab, node.name()).equals("3")), "three brokers again", lab);
    figure(String.format(Locale.ROOT, "rabbitmq rejoin of the crashed node: %.1f s", seconds(rejoin)));
    Instant again = Instant.now();
    List<PlanRunner.Outcome> reapply = explained(() -> runner.run(plan), lab);
    assertThat(reapply).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());
    figure(String.format(Locale.ROOT, "rabbitmq re-apply: %.1f s, every run already in place", seconds(again)));
  }

  /**
   * The runbook's warning, measured: one broker in the group (the runbook's first form, RabbitMQ for the Qpid this
   * machine lacks), the same publisher through the floating IP, the same crash of the broker's node. The group
   * starts the broker on a survivor, with that node's own (empty) data: every confirmed message the crashed broker
   * held is gone. The figure says how many.
   */
  @Test
  void aSingleBrokerInTheGroupLosesWhatItHeldWhenItsNodeCrashes(ClusterLab lab, @TempDir Path dir) throws Exception {
    RabbitMqInGroup messaging = RabbitMqInGroup.of(Secret.of(PASSWORD));
    ControlPlane plane = LabDeployTest.plane(Database.sharedStorage(SharedStorage.blockDevice(lab.sharedDevice(),
        "ext4")), messaging, Optional.of(Duration.ofMillis(LabDeployTest.LOW_LATENCY_TOKEN_MS)), FEW_APIS);
    Plan plan = plane.plan();
    LabDeployTest.prepare(lab, plane, plan);
    PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(NODES.size());
    explained(() -> runner.run(plan), lab);
    String holder = await(() -> LabDeployTest.holder(lab), "the group runs", lab);
    assertThat(explained(() -> runner.run(plan), lab)).allSatisfy(o -> assertThat(o.result().skipped())
        .as(o.run().step().id() + " on " + o.run().host().name() + " is already in place").isTrue());

    Path credentials = Files.writeString(dir.resolve("amqp.credentials"), messaging.user() + "\n" + PASSWORD + "\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    String address = LabDeployTest.VIP + ":" + RabbitMqMessaging.AMQP_PORT;
    Path log = dir.resolve("publish.log");
    Process publisher = lab.startProbe(log, java("publish", credentials.toString(), address, QUEUE, "1", "3000",
        "110"));
    await(() -> acks(log).size() >= 50, "50 confirmed messages", lab);
    Instant crash = Instant.now();
    lab.crash(holder);
    await(() -> acks(log).stream().anyMatch(ack -> ack[1] > crash.toEpochMilli() + 50),
        "a confirm after the group moved", lab);
    publisher.destroy();
    assertThat(publisher.waitFor(10, TimeUnit.SECONDS)).isTrue();
    List<long[]> acks = acks(log);
    List<long[]> beforeCrash = acks.stream().filter(ack -> ack[1] <= crash.toEpochMilli()).toList();
    double resumed = acks.stream().filter(ack -> ack[1] > crash.toEpochMilli()).mapToLong(ack -> ack[1]).min()
        .orElseThrow() - crash.toEpochMilli();
    ExecResult drained = lab.probe(java("drain", credentials.toString(), address, QUEUE));
    assertThat(drained.stdout()).as(drained.stderr()).contains("drained");
    Set<Integer> got = drained.stdout().lines().filter(line -> line.startsWith("got "))
        .map(line -> Integer.valueOf(line.split(" ")[1])).collect(Collectors.toSet());
    long lostBeforeCrash = beforeCrash.stream().filter(ack -> !got.contains((int) ack[0])).count();
    assertThat(lostBeforeCrash).as("what the crashed broker held is gone (the runbook's warning)")
        .isEqualTo(beforeCrash.size());
    figure(String.format(Locale.ROOT, "rabbitmq in the group (the runbook's form),"
        + " crash of its node %s: publishing resumed after %.1f s on %s; %d of the %d messages confirmed before the"
        + " crash lost, %d confirmed in all", holder, resumed / 1000.0, LabDeployTest.holder(lab), lostBeforeCrash,
        beforeCrash.size(), acks.size()));
  }

  /** How many nodes {@code node}'s broker sees running in its cluster; empty when it does not answer. */
  static String running(ClusterLab lab, String node) {
    ExecResult result = lab.exec(node, "rabbitmqctl", "eval", "-q", "length(rabbit_mnesia:cluster_nodes(running)).");
    return result.exitCode() == 0 ? result.stdout().strip() : "";
  }

  /** The node whose broker holds the probe queue (its master), from a running node; null while unknown. */
  private static String queueHolder(ClusterLab lab) {
    for (Host node : NODES) {
      if (lab.isRunning(node.name())) {
        String queues = lab.exec(node.name(), "rabbitmqctl", "-q", "list_queues", "name", "pid").stdout();
        for (String line : queues.split("\n")) {
          String[] fields = line.strip().split("\\s+");
          if (fields.length == 2 && fields[0].equals(QUEUE)) {
            return NODES.stream().map(Host::name).filter(name -> fields[1].startsWith("<rabbit@" + name + "."))
                .findFirst().orElse(null);
          }
        }
      }
    }
    return null;
  }

  /** The node the publisher's latest connection went to, from its log. */
  private static String connectedNode(Path log) throws java.io.IOException {
    List<String> connected = Files.readAllLines(log).stream().filter(line -> line.startsWith("connected ")).toList();
    assertThat(connected).as("the publisher connected").isNotEmpty();
    String address = connected.get(connected.size() - 1).split(" ")[1];
    return NODES.stream().filter(node -> node.address().text().equals(address)).map(Host::name).findFirst()
        .orElseThrow();
  }

  /** Each confirmed message of the publisher's log: its number and when it was confirmed (epoch ms). */
  static List<long[]> acks(Path log) throws java.io.IOException {
    return Files.readAllLines(log).stream().filter(line -> line.startsWith("ack ")).map(line -> line.split(" "))
        .filter(fields -> fields.length == 3)
        .map(fields -> new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])}).toList();
  }

  /** The AMQP client as its own JVM (this one's java and class path), in the lab's bridge namespace. */
  static String[] java(String... args) {
    List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), AmqpLoad.class.getName()));
    argv.addAll(List.of(args));
    return argv.toArray(String[]::new);
  }
}
