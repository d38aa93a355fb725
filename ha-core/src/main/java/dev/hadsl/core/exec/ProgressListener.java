package dev.hadsl.core.exec;

import dev.hadsl.core.Plan;
import java.time.Duration;

/** Hears about a plan run step by step. Every method has a do-nothing default. */
public interface ProgressListener {
  /** A run is about to be carried out (not called for a run the journal already records). */
  default void stepStarted(Plan.Run run) {}

  /** A run succeeded or was skipped; {@code result} has the step's secrets masked. */
  default void stepFinished(Plan.Run run, ExecResult result, Duration duration) {}

  /** A run failed or could not be attempted; the plan stops with {@code failure}. */
  default void stepFailed(Plan.Run run, StepFailedException failure, Duration duration) {}
}
