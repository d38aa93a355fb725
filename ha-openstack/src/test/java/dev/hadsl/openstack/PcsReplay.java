package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.pacemaker.CibComparison;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.PacemakerStack;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The real pcs as a judge: its own commands replayed on an empty CIB build what the native render says. */
final class PcsReplay {
  private static final Host HERE = Host.of("localhost", "127.0.0.1");

  private PcsReplay() {}

  /** Replays {@code cluster}'s {@code pcs -f} commands for {@code stack} and compares the CIB with the native one. */
  static void assertBuildsTheNativeCib(Cluster cluster, PacemakerStack stack, Path dir) throws Exception {
    RealTools.require("pcs");
    Path cib = dir.resolve("replayed.xml");
    RealTools.runOk("sh", "-c", "cibadmin --empty > \"$1\"", "sh", cib.toString());
    Plan.Builder replay = Plan.builder();
    var commands = PcsRenderer.of(stack).withForce().fileCommands(cluster, cib.toString());
    for (int i = 0; i < commands.size(); i++) {
      replay.addStep(Step.of("pcs-" + i, Target.host(HERE), "replay", commands.get(i)));
    }
    Plan built = replay.build();
    try {
      PlanRunner.of(Executors.local(Duration.ofMinutes(1))).run(built);
    } catch (RuntimeException e) {
      throw new AssertionError(DryRunRenderer.render(built), e);
    }
    assertThat(CibComparison.describe(Files.readString(cib))).as("pcs -f replay vs native render")
        .containsExactlyElementsOf(CibComparison.describe(CibRenderer.render(cluster)));
  }
}
