package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a run waits for: its host's earlier runs always; every earlier run when its step is a barrier; what the latest
 * barrier waited for, and the barrier itself, when its step touches only its own host. The runner follows it: hosts
 * flow on their own between barriers and meet at them, and one host at a time still means plan order.
 */
class RunOrderTest {
  private static final Host H1 = Host.of("h1", "10.0.0.1");
  private static final Host H2 = Host.of("h2", "10.0.0.2");
  private static final Target BOTH = Target.each(List.of(H1, H2));

  /** a: barrier on both; b, c: own host on both; d: barrier on h1 alone; e: own host on both. */
  private static final Plan PLAN = Plan.builder()
      .addStep(Step.of("a", BOTH, "a", Command.of("echo", "a")))
      .addStep(Step.onOwnHost("b", BOTH, "b", Command.of("echo", "b")))
      .addStep(Step.onOwnHost("c", BOTH, "c", Command.of("echo", "c")))
      .addStep(Step.of("d", Target.host(H1), "d", Command.of("echo", "d")))
      .addStep(Step.onOwnHost("e", BOTH, "e", Command.of("echo", "e")))
      .build();

  @Test
  void eachRunWaitsForItsBarrierAndItsHost() {
    RunOrder order = RunOrder.of(PLAN);
    assertThat(order.runs().stream().map(order::gate).toList())
        .as("a: nothing; b and c: all of a; d: all of a, b, c; e: all of d and before")
        .containsExactly(0, 0, 1, 1, 1, 1, 3, 4, 4);
    assertThat(order.byHost().get("h2").stream().map(run -> run.step().id())).containsExactly("a", "b", "c", "e");
  }

  @Test
  void theCriticalPathIsTheLongestChainThatMustFollowOneAnother() {
    // h1: a 1, b 5, c 1, d 1, e 1; h2: a 2, b 1, c 5, e 1 (seconds).
    Map<String, Integer> seconds = Map.of("a@h1", 1, "b@h1", 5, "c@h1", 1, "d@h1", 1, "e@h1", 1, "a@h2", 2,
        "b@h2", 1, "c@h2", 5, "e@h2", 1);
    Duration path = RunOrder.of(PLAN).criticalPath(run -> Duration.ofSeconds(
        seconds.get(run.step().id() + "@" + run.host().name())));
    // b waits for all of a (2 s), then each host's b and c (6 s either way), then d (1 s) and e (1 s): 10 s.
    assertThat(path).isEqualTo(Duration.ofSeconds(10));
    // As barriers, every step waits for the slowest host: 2 + 5 + 5 + 1 + 1.
    Plan barriers = Plan.builder().addAllSteps(PLAN.steps().stream()
        .map(step -> Step.builder().from(step).waitsFor(Step.Wait.EVERY_HOST).build()).toList()).build();
    assertThat(RunOrder.of(barriers).criticalPath(run -> Duration.ofSeconds(
        seconds.get(run.step().id() + "@" + run.host().name())))).isEqualTo(Duration.ofSeconds(14));
  }

  @Test
  void hostsFlowOnTheirOwnBetweenBarriers() throws Exception {
    // h1's b waits until h2 has run c: under barriers, h2's c would wait for h1's b, and the latch would time out.
    CountDownLatch h2RanC = new CountDownLatch(1);
    List<String> events = new CopyOnWriteArrayList<>();
    Executor executor = (host, artifact) -> {
      String run = id(artifact) + "@" + host.name();
      if (run.equals("b@h1") && !awaited(h2RanC)) {
        return ExecResult.of(1, "", "h2 never ran c while h1 was in b");
      }
      events.add(run);
      if (run.equals("c@h2")) {
        h2RanC.countDown();
      }
      return ExecResult.ok();
    };

    PlanRunner.of(executor).parallel(2).run(PLAN);

    assertThat(events.indexOf("c@h2")).isLessThan(events.indexOf("b@h1"));
    assertThat(events.indexOf("d@h1")).as("the barrier waits for both hosts")
        .isGreaterThan(events.indexOf("c@h1")).isGreaterThan(events.indexOf("c@h2"));
    assertThat(events.indexOf("e@h2")).as("what follows a barrier waits for it").isGreaterThan(events.indexOf("d@h1"));
  }

  @Test
  void oneHostAtATimeRunsInPlanOrder() {
    RecordingExecutor recorder = Executors.recording();
    List<PlanRunner.Outcome> outcomes = PlanRunner.of(recorder).run(PLAN);
    assertThat(outcomes.stream().map(o -> o.run().number())).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(recorder.executions().stream().map(r -> id(r.artifact()) + "@" + r.host().name())).containsExactly(
        "a@h1", "a@h2", "b@h1", "b@h2", "c@h1", "c@h2", "d@h1", "e@h1", "e@h2");
  }

  @Test
  void nothingStartsAfterAFailureAndTheFirstFailureInRunOrderIsThrown() {
    Map<String, Boolean> ran = new ConcurrentHashMap<>();
    CountDownLatch h2Failed = new CountDownLatch(1);
    ProgressListener listener = new ProgressListener() {
      @Override
      public void stepFailed(Plan.Run run, StepFailedException failure, Duration duration) {
        h2Failed.countDown();
      }
    };
    Executor executor = (host, artifact) -> {
      String run = id(artifact) + "@" + host.name();
      ran.put(run, true);
      if (run.equals("b@h1")) {
        // Ends after h2's failure is in: the runner then starts nothing more, h1's c included.
        awaited(h2Failed);
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return run.equals("b@h2") ? ExecResult.of(3, "", "b broke") : ExecResult.ok();
    };

    Throwable failure = catchThrowable(() -> PlanRunner.of(executor).withListener(listener).parallel(2).run(PLAN));

    assertThat(failure).isInstanceOfSatisfying(StepFailedException.class, e -> {
      assertThat(e.stepId()).isEqualTo("b");
      assertThat(e.hostName()).isEqualTo("h2");
    });
    assertThat(ran).containsKeys("a@h1", "a@h2", "b@h1", "b@h2").doesNotContainKeys("c@h2", "c@h1", "d@h1");
  }

  private static boolean awaited(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String id(Artifact artifact) {
    return ((Command) artifact).argv().get(1);
  }
}
