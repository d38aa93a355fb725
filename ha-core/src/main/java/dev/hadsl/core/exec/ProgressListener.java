package dev.hadsl.core.exec;

import dev.hadsl.core.Plan;
import java.time.Duration;

/** Hears about a plan run step by step. Every method has a do-nothing default. */
public interface ProgressListener {
  default void stepStarted(Plan.Run run) {}

  default void stepFinished(Plan.Run run, ExecResult result, Duration duration) {}

  default void stepFailed(Plan.Run run, StepFailedException failure, Duration duration) {}
}
