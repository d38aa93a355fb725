package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.testing.tools.Golden;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class PcsRendererTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  private static String text(List<Command> commands) {
    return commands.stream().map(Command::display).collect(Collectors.joining("\n", "", "\n"));
  }

  /** The runbook group plus a clone, a promotable clone, a group clone and every constraint kind. */
  static Cluster everything() {
    Primitive galera = Primitive.builder().id("galera").agent("ocf:heartbeat:mysql")
        .putInstanceAttribute("datadir", "/var/lib/mysql")
        .addOperation(Operation.builder().name("monitor").interval(Duration.ofSeconds(10)).role("Promoted").build())
        .addOperation(Operation.builder().name("monitor").interval(Duration.ofSeconds(30)).role("Unpromoted").build())
        .build();
    return Cluster.builder().from(RunbookClusters.fenced(3))
        .putProperty("no-quorum-policy", "stop")
        .putOperationDefault("timeout", "60s")
        .addResource(Clone.builder().child(Primitive.lsb("lb-haproxy", "haproxy")).putMetaAttribute("interleave", "true")
            .build())
        .addResource(Clone.promotable(galera))
        .addResource(Clone.of(Group.builder().id("api").addMember(Primitive.systemd("nova-api", "openstack-nova-api"))
            .addMember(Primitive.systemd("nova-scheduler", "openstack-nova-scheduler"))
            .putMetaAttribute("target-role", "Started").build()))
        .addConstraint(Colocation.of("test-group", "lb-haproxy-clone"))
        .addConstraint(Order.of("lb-haproxy-clone", "test-group"))
        .addConstraint(Colocation.builder().resource("test-group").withResource("galera-clone")
            .withResourceRole("Promoted").score(Score.of(500)).build())
        .addConstraint(Order.builder().first("galera-clone").firstAction("promote").then("api-clone")
            .kind(Order.Kind.OPTIONAL).build())
        .addConstraint(Location.prefers("test-group", "node1", 50))
        .build();
  }

  @Test
  void rendersRunbookPlatformsPcs(TestInfo test) {
    Cluster cluster = RunbookClusters.fenced(3);
    PcsRenderer pcs = PcsRenderer.of(PacemakerStack.RHEL_6_5);
    Golden.assertMatches(test, text(pcs.setupCommands(cluster, Optional.of(Secret.of("hacluster-pw"))))
        + text(pcs.configurationCommands(cluster)));
  }

  @Test
  void rendersModernPcsTransactionally(TestInfo test) {
    PcsRenderer pcs = PcsRenderer.of(PacemakerStack.EL9).withForce();
    Cluster cluster = everything();
    Golden.assertMatches(test, text(pcs.setupCommands(cluster, Optional.of(Secret.of("hacluster-pw"))))
        + text(pcs.transactionalCommands(cluster, "/root/ha-dsl-cib.xml")));
  }

  @Test
  void secretsTravelOnStdinNeverOnPcsCommandLines() {
    for (PacemakerStack stack : List.of(PacemakerStack.RHEL_6_5, PacemakerStack.EL9)) {
      PcsRenderer pcs = PcsRenderer.of(stack);
      List<Command> commands = new java.util.ArrayList<>(pcs.setupCommands(RunbookClusters.fenced(2),
          Optional.of(Secret.of("hacluster-pw"))));
      commands.addAll(pcs.configurationCommands(RunbookClusters.fenced(2)));
      commands.addAll(pcs.transactionalCommands(RunbookClusters.fenced(2), "/root/cib.xml"));
      commands.add(pcs.restartCommand("haproxy"));
      for (Command command : commands) {
        assertThat(String.join(" ", command.argv())).doesNotContain("hacluster-pw").doesNotContain("ipmi-secret");
        assertThat(command.display()).doesNotContain("hacluster-pw").doesNotContain("ipmi-secret");
      }
      // Without pcsd (RHEL 6.5) nothing authenticates, so the password is not used at all.
      assertThat(commands).filteredOn(c -> c.stdin().orElse("").contains("hacluster-pw"))
          .hasSize(stack.pcsd() ? 1 : 0);
      assertThat(commands).filteredOn(c -> c.argv().get(0).equals("cibadmin")).hasSize(4)
          .allSatisfy(c -> assertThat(c.stdin().orElseThrow()).contains("name=\"password\" value=\"ipmi-secret\""));
    }
    // Live, the modern dialect creates a device disabled and enables it once its password is in.
    List<String> live = PcsRenderer.of(PacemakerStack.EL9).configurationCommands(RunbookClusters.fenced(2)).stream()
        .map(Command::display).toList();
    assertThat(live).contains("pcs stonith enable fence-node1");
    assertThat(live.get(live.indexOf("pcs stonith enable fence-node1") - 2)).endsWith("--disabled");
  }

  @Test
  void aPasswordEqualToTheUserNameMasksNothingElse() {
    Cluster cluster = Cluster.builder().name("c").addAllNodes(RunbookClusters.nodes(2))
        .addFencingDevice(Primitive.fenceIpmilan("fence-node1", "node1", "10.0.0.1", "admin", Secret.of("admin")))
        .addFencingDevice(Primitive.fenceIpmilan("fence-node2", "node2", "10.0.0.2", "admin", Secret.of("admin")))
        .build();
    List<String> shown = PcsRenderer.of(PacemakerStack.EL9).transactionalCommands(cluster, "/root/cib.xml").stream()
        .map(Command::display).toList();
    assertThat(shown).contains("pcs -f /root/cib.xml stonith create fence-node1 fence_ipmilan ip=10.0.0.1"
        + " username=admin lanplus=1 pcmk_host_list=node1 op monitor interval=60s",
        "CIB_file=/root/cib.xml cibadmin --modify --scope resources --xml-pipe <<stdin (1 line, secrets masked)");
  }

  @Test
  void pcs09CannotNameAClone() {
    Cluster cluster = Cluster.builder().name("c").addAllNodes(RunbookClusters.nodes(2)).disableFencing("test")
        .addResource(Clone.builder().child(Primitive.lsb("haproxy")).id("lb").build()).build();
    assertThatThrownBy(() -> PcsRenderer.of(PacemakerStack.RHEL_6_5).configurationCommands(cluster))
        .hasMessage("clone 'lb': pcs 0.9.90 cannot name a clone (pcs 0.10.1 can); use the id 'haproxy-clone'");
  }

  @Test
  void negativeScoresFollowDashDashWherePcsHasItAndDrawNoDeprecationWarning(@TempDir Path dir) {
    Cluster cluster = RunbookClusters.fenced(2);
    List<Command> el9 = PcsRenderer.of(PacemakerStack.EL9).withForce().fileCommands(cluster,
        dir.resolve("cib.xml").toString());
    List<Command> locations = el9.stream().filter(c -> c.argv().contains("location")).toList();
    assertThat(locations).isNotEmpty().allSatisfy(c -> assertThat(c.argv()).containsSequence("--", "-INFINITY"));
    // pcs 0.9.90 predates "--" (pcs 0.10.8): the score stays as it was.
    assertThat(PcsRenderer.of(PacemakerStack.RHEL_6_5).configurationCommands(cluster))
        .filteredOn(c -> c.argv().contains("location")).isNotEmpty().allSatisfy(c -> assertThat(c.argv())
            .doesNotContain("--").contains("-INFINITY"));

    RealTools.runOk("sh", "-c", "cibadmin --empty > \"$1\"", "sh", dir.resolve("cib.xml").toString());
    for (Command command : el9) {
      if (command.argv().contains("location") || command.argv().contains("stonith")
          && command.argv().contains("create")) {
        var result = RealTools.run(command.argv().toArray(String[]::new));
        assertThat(result.exitCode()).as(String.join(" ", command.argv()) + "\n" + result.stderr()).isZero();
        assertThat(result.stderr()).as(String.join(" ", command.argv())).doesNotContain("Deprecation");
      }
    }
  }

  @Test
  void pcsReplayOnAnEmptyCibMatchesTheNativeRender(@TempDir Path dir) throws Exception {
    RealTools.require("pcs");
    RealTools.require("cibadmin");
    for (Cluster cluster : List.of(RunbookClusters.fenced(3), everything())) {
      Path cib = dir.resolve(cluster.nodes().size() + "-" + cluster.resources().size() + ".xml");
      RealTools.runOk("sh", "-c", "cibadmin --empty > \"$1\"", "sh", cib.toString());
      Plan.Builder plan = Plan.builder();
      List<Command> commands = PcsRenderer.of(PacemakerStack.EL9).withForce().fileCommands(cluster, cib.toString());
      for (int i = 0; i < commands.size(); i++) {
        plan.addStep(Step.of("pcs-" + i, Target.host(LOCAL), "replay", commands.get(i)));
      }
      Plan built = plan.build();
      try {
        PlanRunner.of(Executors.local(Duration.ofMinutes(1))).run(built);
      } catch (RuntimeException e) {
        throw new AssertionError(DryRunRenderer.render(built), e);
      }

      String replayed = Files.readString(cib);
      Crm.assertValid(dir, "replayed.xml", replayed);
      assertThat(CibComparison.describe(replayed)).as("pcs -f replay vs native render")
          .containsExactlyElementsOf(CibComparison.describe(CibRenderer.render(cluster)));
    }
  }
}
