package dev.hadsl.examples;

import com.google.common.base.Stopwatch;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.PlanRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Times one plan step that takes a second on each of five hosts, applied host after host and with the hosts of a step
 * in parallel, side by side in one run (the local executor stands in for five machines). Prints each round and the
 * medians.
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
