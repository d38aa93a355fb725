package dev.hadsl.core.exec;

import dev.hadsl.core.export.ScriptExporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed plan resumes at its failed step (runner journal and exported scripts alike); hosts of a step run together. */
class ResumeAndParallelTest {
  private static final Host NODE = Host.of("node1", "10.0.0.1");

  /** Five steps, each logging its name; step 3 fails until the flag file exists. */
  private static Plan plan(Path dir, String fourth) {
    Plan.Builder plan = Plan.builder();
    for (String name : List.of("s1", "s2", "s3", fourth, "s5")) {
      String guard = name.equals("s3") ? "test -e \"$2\" && " : "";
      plan.addStep(Step.of(name, Target.host(NODE), "step " + name, Command.of("sh", "-c",
          guard + "echo \"$1\" >> \"$3\"", "sh", name, dir.resolve("flag").toString(), dir.resolve("log").toString())));
    }
    return plan.build();
  }

  private static List<String> log(Path dir) throws Exception {
    return Files.exists(dir.resolve("log")) ? Files.readAllLines(dir.resolve("log")) : List.of();
  }

  @Test
  void theRunnerResumesAtTheFailedStepAndRerunsOnlyAChangedOne(@TempDir Path dir) throws Exception {
    PlanRunner runner = PlanRunner.of(Executors.local()).withJournal(dir.resolve("journal"));

    assertThat(catchThrowable(() -> runner.run(plan(dir, "s4")))).isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("step 's3' on node1 failed (exit 1)");
    assertThat(log(dir)).containsExactly("s1", "s2");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("journal/node1.journal"))))
        .isEqualTo("rw-------");

    Files.writeString(dir.resolve("flag"), "");
    List<PlanRunner.Outcome> resumed = runner.run(plan(dir, "s4"));
    assertThat(resumed).extracting(o -> o.result().skipped()).containsExactly(true, true, false, false, false);
    assertThat(log(dir)).containsExactly("s1", "s2", "s3", "s4", "s5");

    runner.run(plan(dir, "s4-changed"));
    assertThat(log(dir)).as("only the changed step ran again").containsExactly("s1", "s2", "s3", "s4", "s5",
        "s4-changed");
  }

  @Test
  void anExportedScriptResumesTheSameWay(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("apply.sh");
    Files.writeString(script, ScriptExporter.renderFor(plan(dir, "s4"), NODE));
    RealTools.require("shellcheck");
    RealTools.runOk("shellcheck", "-s", "sh", script.toString());

    assertThat(RealTools.run("sh", script.toString()).exitCode()).isNotZero();
    assertThat(log(dir)).containsExactly("s1", "s2");
    Files.writeString(dir.resolve("flag"), "");
    ExecResult resumed = RealTools.runOk("sh", script.toString());
    assertThat(resumed.stdout()).contains("already done (journal)");
    assertThat(log(dir)).containsExactly("s1", "s2", "s3", "s4", "s5");
    assertThat(RealTools.runOk("sh", script.toString()).stdout().lines()
        .filter(line -> line.contains("already done")).count()).as("a third run does nothing").isEqualTo(5);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("apply.sh.journal"))))
        .isEqualTo("rw-------");
  }

  @Test
  void theHostsOfAStepRunTogetherAndTheNextStepWaitsForAll(@TempDir Path dir) throws Exception {
    List<Host> hosts = IntStream.rangeClosed(1, 5).mapToObj(i -> Host.of("h" + i, "10.0.0." + i)).toList();
    Path log = dir.resolve("log");
    Plan plan = Plan.builder()
        .addStep(Step.of("work", Target.each(hosts), "work a second", Command.of("sh", "-c",
            "echo start >> \"$1\"; sleep 1; echo end >> \"$1\"", "sh", log.toString())))
        .addStep(Step.of("after", Target.host(hosts.get(0)), "after all", Command.of("sh", "-c",
            "echo after >> \"$1\"", "sh", log.toString())))
        .build();

    PlanRunner.of(Executors.local()).parallel(5).run(plan);

    List<String> lines = Files.readAllLines(log);
    assertThat(lines.subList(0, 5)).as("all five started before any ended").containsOnly("start");
    assertThat(lines.subList(5, 10)).containsOnly("end");
    assertThat(lines.get(10)).as("the next step is a barrier").isEqualTo("after");
  }

  @Test
  void aFailingHostStopsThePlanAfterItsStepFinishedEverywhere(@TempDir Path dir) throws Exception {
    List<Host> hosts = List.of(Host.of("h1", "10.0.0.1"), Host.of("h2", "10.0.0.2"), Host.of("h3", "10.0.0.3"));
    Path log = dir.resolve("log");
    Executor failsOnH2 = (host, artifact) -> host.name().equals("h2")
        ? ExecResult.of(4, "", "boom") : Executors.local().execute(host, artifact);
    Plan plan = Plan.builder()
        .addStep(Step.of("work", Target.each(hosts), "work", Command.of("sh", "-c", "echo work >> \"$1\"", "sh",
            log.toString())))
        .addStep(Step.of("never", Target.host(hosts.get(0)), "never", Command.of("sh", "-c", "echo never >> \"$1\"",
            "sh", log.toString())))
        .build();

    Throwable failure = catchThrowable(() -> PlanRunner.of(failsOnH2).parallel(3).run(plan));

    assertThat(failure).isInstanceOf(StepFailedException.class).hasMessage("step 'work' on h2 failed (exit 4): sh -c"
        + " 'echo work >> \"$1\"' sh " + log + "\nboom");
    assertThat(Files.readAllLines(log)).containsExactly("work", "work");
  }
}
