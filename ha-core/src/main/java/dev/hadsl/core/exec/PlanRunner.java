package dev.hadsl.core.exec;

import com.google.common.base.Stopwatch;
import dev.hadsl.core.Plan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Walks a plan in order through an {@link Executor}, telling a {@link ProgressListener} about each step, and stops at
 * the first failure with a {@link StepFailedException}.
 */
public final class PlanRunner {
  /** What one run of one step gave. */
  public record Outcome(Plan.Run run, ExecResult result) {}

  private final Executor executor;
  private final ProgressListener listener;

  private PlanRunner(Executor executor, ProgressListener listener) {
    this.executor = Objects.requireNonNull(executor);
    this.listener = Objects.requireNonNull(listener);
  }

  public static PlanRunner of(Executor executor) {
    return new PlanRunner(executor, new ProgressListener() {});
  }

  public PlanRunner withListener(ProgressListener listener) {
    return new PlanRunner(executor, listener);
  }

  /**
   * Runs every step of {@code plan} in order.
   *
   * @return the outcome of every run
   * @throws StepFailedException at the first step that fails; later steps are not run
   */
  public List<Outcome> run(Plan plan) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Plan.Run run : plan.runs()) {
      listener.stepStarted(run);
      Stopwatch stopwatch = Stopwatch.createStarted();
      ExecResult result;
      try {
        result = executor.execute(run.host(), run.step().artifact());
      } catch (IOException | RuntimeException e) {
        StepFailedException failure = new StepFailedException(run, e);
        listener.stepFailed(run, failure, stopwatch.elapsed());
        throw failure;
      }
      if (!result.succeeded()) {
        StepFailedException failure = new StepFailedException(run, result);
        listener.stepFailed(run, failure, stopwatch.elapsed());
        throw failure;
      }
      // Listeners log: they get the output with the step's secrets masked; the caller's outcomes keep it whole.
      listener.stepFinished(run, result.redacted(run.step().artifact().allSecrets()), stopwatch.elapsed());
      outcomes.add(new Outcome(run, result));
    }
    return outcomes;
  }
}
