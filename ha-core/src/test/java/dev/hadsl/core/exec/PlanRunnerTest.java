package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanRunnerTest {
  private final Host node1 = Host.of("node1", "10.0.0.1");
  private final Host node2 = Host.of("node2", "10.0.0.2");
  private final Plan plan = Plan.builder()
      .addStep(Step.of("first", Target.each(List.of(node1, node2)), "first", Command.of("true")))
      .addStep(Step.of("fails", Target.host(node2), "fails", Command.of("sh", "-c", "echo boom >&2; exit 4")))
      .addStep(Step.of("never", Target.host(node1), "never", Command.of("true")))
      .build();

  @Test
  void stopsAtTheFirstFailureNamingHostStepExitCodeAndStderr() {
    List<String> events = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void stepStarted(Plan.Run run) {
        events.add("start " + run.number() + " " + run.step().id() + "@" + run.host().name());
      }

      @Override
      public void stepFinished(Plan.Run run, ExecResult result, Duration duration) {
        events.add("done " + run.number());
      }

      @Override
      public void stepFailed(Plan.Run run, StepFailedException failure, Duration duration) {
        events.add("failed " + run.number());
      }
    };

    assertThatThrownBy(() -> PlanRunner.of(Executors.local()).withListener(listener).run(plan))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.hostName()).isEqualTo("node2");
          assertThat(e.stepId()).isEqualTo("fails");
          assertThat(e.result().orElseThrow().exitCode()).isEqualTo(4);
        })
        .hasMessage("step 'fails' on node2 failed (exit 4): sh -c 'echo boom >&2; exit 4'\nboom");
    assertThat(events).containsExactly("start 1 first@node1", "done 1", "start 2 first@node2", "done 2",
        "start 3 fails@node2", "failed 3");
  }

  @Test
  void recordingExecutorSeesEveryRunInOrder() {
    RecordingExecutor recorder = Executors.recording();
    List<PlanRunner.Outcome> outcomes = PlanRunner.of(recorder).run(Plan.builder()
        .addStep(plan.steps().get(0)).addStep(plan.steps().get(2)).build());
    assertThat(outcomes).hasSize(3);
    assertThat(recorder.executions()).extracting(e -> e.host().name()).containsExactly("node1", "node2", "node1");
  }

  @Test
  void anArtifactThatCannotBeAttemptedStopsThePlan() {
    Plan missing = Plan.builder()
        .addStep(Step.of("missing", Target.host(node1), "run a program that does not exist",
            Command.of("/nonexistent/program", "arg")))
        .build();
    assertThatThrownBy(() -> PlanRunner.of(Executors.local()).run(missing))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("step 'missing' on node1 could not be attempted: /nonexistent/program arg: ");
  }

  @Test
  void sshOptionsAreChecked() {
    assertThatThrownBy(() -> SshOptions.builder().user("Root User").build())
        .hasMessage("ssh user 'Root User' is not a valid user name");
    assertThatThrownBy(() -> SshOptions.builder().port(0).build()).hasMessage("ssh port 0 is not from 1 to 65535");
    assertThatThrownBy(() -> SshOptions.builder().addOption("-oProxyCommand=sh").build())
        .hasMessage("ssh option '-oProxyCommand=sh' is not Key=value");
    assertThat(Executors.ssh(SshOptions.builder().port(2222).addOption("StrictHostKeyChecking=yes").build())
        .sshCommand(node1)).containsExactly("ssh", "-p", "2222", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
        "-o", "StrictHostKeyChecking=yes", "--", "root@10.0.0.1", "sh -s");
  }

  @Test
  void dryRunExecutorPrintsEachRun() {
    StringBuilder out = new StringBuilder();
    PlanRunner.of(Executors.dryRun(out)).run(Plan.builder().addStep(plan.steps().get(0)).build());
    assertThat(out).hasToString("[node1] true\n[node2] true\n");
  }
}
