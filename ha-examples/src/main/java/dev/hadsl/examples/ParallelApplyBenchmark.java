package dev.hadsl.examples;

import com.google.common.base.Stopwatch;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.exec.Executor;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.core.exec.RunOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Times one plan step that takes a second on each of five hosts, applied host after host and with the hosts of a step
 * in parallel, side by side in one run (the local executor stands in for five machines). Then a plan whose hosts need
 * different times per step (six steps on three hosts; on each step one host takes a second, the others 0.1 s), once
 * with every step a barrier (every host waits for the slowest at every step, as before {@link Step.Wait}) and once
 * with the steps touching only their own host (each host flows on its own to the closing barrier). Prints each round
 * and the medians, next to the plan's critical path.
 *
 * <p>{@code java -cp ha-examples/target/ha-examples.jar dev.hadsl.examples.ParallelApplyBenchmark [--rounds N]}
 */
public final class ParallelApplyBenchmark {
  private ParallelApplyBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 3;
    List<Host> hosts = IntStream.rangeClosed(1, 5).mapToObj(i -> Host.of("host" + i, "10.0.0." + i)).toList();
    Plan plan = Plan.builder().addStep(Step.of("work", Target.each(hosts), "one second of work",
        Command.of("sleep", "1"))).build();
    List<Long> sequential = new ArrayList<>();
    List<Long> parallel = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      sequential.add(time(PlanRunner.of(Executors.local()), plan));
      parallel.add(time(PlanRunner.of(Executors.local()).parallel(hosts.size()), plan));
      System.out.printf(Locale.ROOT, "round %d: host after host %d ms, hosts in parallel %d ms%n", round,
          sequential.get(round - 1), parallel.get(round - 1));
    }
    System.out.printf(Locale.ROOT, "median: host after host %d ms, hosts in parallel %d ms (sum of hosts 5000 ms,"
        + " slowest host 1000 ms)%n", median(sequential), median(parallel));

    List<Host> three = hosts.subList(0, 3);
    Executor staggered = (host, artifact) -> Executors.local().execute(host, Command.of("sleep",
        slowHost(artifact).equals(host.name()) ? "1" : "0.1"));
    Plan barriers = staggeredPlan(three, Step.Wait.EVERY_HOST);
    Plan flowing = staggeredPlan(three, Step.Wait.OWN_HOST);
    List<Long> atBarriers = new ArrayList<>();
    List<Long> perHost = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      atBarriers.add(time(PlanRunner.of(staggered).parallel(three.size()), barriers));
      perHost.add(time(PlanRunner.of(staggered).parallel(three.size()), flowing));
      System.out.printf(Locale.ROOT, "round %d, hosts needing different times: every step a barrier %d ms, hosts"
          + " flowing between barriers %d ms%n", round, atBarriers.get(round - 1), perHost.get(round - 1));
    }
    java.util.function.Function<Plan.Run, Duration> planned = run ->
        Duration.ofMillis(slowHost(run.step().artifact()).equals(run.host().name()) ? 1000 : 100);
    System.out.printf(Locale.ROOT, "median: every step a barrier %d ms (critical path %d ms), hosts flowing %d ms"
        + " (critical path %d ms)%n", median(atBarriers), RunOrder.of(barriers).criticalPath(planned).toMillis(),
        median(perHost), RunOrder.of(flowing).criticalPath(planned).toMillis());
  }

  /** Six steps on {@code hosts} and a closing barrier; on step k the host k mod 3 is the slow one. */
  private static Plan staggeredPlan(List<Host> hosts, Step.Wait wait) {
    Plan.Builder plan = Plan.builder();
    for (int k = 0; k < 6; k++) {
      plan.addStep(Step.builder().id("step" + k).target(Target.each(hosts)).description("work, slow on one host")
          .artifact(Command.of("echo", hosts.get(k % hosts.size()).name())).waitsFor(wait).build());
    }
    return plan.addStep(Step.of("done", Target.host(hosts.get(0)), "all hosts done", Command.of("echo", "none")))
        .build();
  }

  private static String slowHost(Artifact artifact) {
    return ((Command) artifact).argv().get(1);
  }

  private static long time(PlanRunner runner, Plan plan) {
    Stopwatch stopwatch = Stopwatch.createStarted();
    runner.run(plan);
    return stopwatch.elapsed().toMillis();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
