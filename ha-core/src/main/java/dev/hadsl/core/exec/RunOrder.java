package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which runs of a plan must finish before a run may start, from each step's {@link Step#waitsFor()}: every run follows
 * the earlier runs on its own host; a run of an {@link Step.Wait#EVERY_HOST} step (a barrier) also follows every run
 * of every earlier step; a run of an {@link Step.Wait#OWN_HOST} step also follows what the latest barrier before it
 * followed, and that barrier's own runs. Both come down to one number per run, its <em>gate</em>: the count of leading
 * steps whose runs must all be done. A pure function of the plan: the runner schedules by it, benchmarks measure the
 * critical path with it.
 */
public final class RunOrder {
  private final Plan plan;
  private final ImmutableList<Plan.Run> runs;
  private final Map<String, Integer> stepIndex = new HashMap<>();
  private final int[] gate;
  private final int[] runsOfStep;

  private RunOrder(Plan plan) {
    this.plan = plan;
    this.runs = plan.runs();
    List<Step> steps = plan.steps();
    int[] stepGate = new int[steps.size()];
    int lastBarrier = -1;
    for (int s = 0; s < steps.size(); s++) {
      stepIndex.put(steps.get(s).id(), s);
      if (steps.get(s).waitsFor() == Step.Wait.EVERY_HOST) {
        stepGate[s] = s;
        lastBarrier = s;
      } else {
        stepGate[s] = lastBarrier + 1;
      }
    }
    this.gate = new int[runs.size()];
    this.runsOfStep = new int[steps.size()];
    for (int r = 0; r < runs.size(); r++) {
      int s = stepIndex.get(runs.get(r).step().id());
      gate[r] = stepGate[s];
      runsOfStep[s]++;
    }
  }

  /** The order of {@code plan}'s runs. */
  public static RunOrder of(Plan plan) {
    return new RunOrder(plan);
  }

  /** The plan's runs, in plan order (index = run number - 1). */
  public ImmutableList<Plan.Run> runs() {
    return runs;
  }

  /** How many steps the plan has. */
  public int steps() {
    return plan.steps().size();
  }

  /** The position of {@code run}'s step in the plan (0-based). */
  public int stepIndexOf(Plan.Run run) {
    return stepIndex.get(run.step().id());
  }

  /** How many runs the step at {@code index} has. */
  public int runsOfStep(int index) {
    return runsOfStep[index];
  }

  /** How many leading steps must have all their runs done before {@code run} may start (its host's order aside). */
  public int gate(Plan.Run run) {
    return gate[run.number() - 1];
  }

  /** Each host's runs in plan order, hosts in the plan's host order. */
  public Map<String, List<Plan.Run>> byHost() {
    Map<String, List<Plan.Run>> byHost = new LinkedHashMap<>();
    plan.hosts().forEach(host -> byHost.put(host.name(), plan.runsOn(host.name())));
    return byHost;
  }

  /**
   * The critical path: the longest chain of runs that must follow one another, each taking {@code duration} — the
   * least time any engine needs for the plan with unlimited hosts in parallel and no cost between runs.
   */
  public Duration criticalPath(Function<Plan.Run, Duration> duration) {
    long[] finish = new long[runs.size()];
    Map<String, Long> hostFinish = new HashMap<>();
    // finishedBefore[s]: the latest finish among runs of the steps before s.
    long[] finishedBefore = new long[steps() + 1];
    long longest = 0;
    int step = 0;
    for (int r = 0; r < runs.size(); r++) {
      Plan.Run run = runs.get(r);
      int s = stepIndexOf(run);
      while (step < s) {
        finishedBefore[step + 1] = Math.max(finishedBefore[step + 1], finishedBefore[step]);
        step++;
      }
      long start = Math.max(hostFinish.getOrDefault(run.host().name(), 0L), finishedBefore[gate[r]]);
      finish[r] = start + duration.apply(run).toNanos();
      hostFinish.put(run.host().name(), finish[r]);
      finishedBefore[s + 1] = Math.max(finishedBefore[s + 1], finish[r]);
      longest = Math.max(longest, finish[r]);
    }
    return Duration.ofNanos(longest);
  }
}
