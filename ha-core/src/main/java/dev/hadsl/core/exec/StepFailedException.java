package dev.hadsl.core.exec;

import com.google.common.base.Splitter;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Redaction;
import java.util.List;
import java.util.Optional;

/**
 * A plan stopped at a step: names the host, the step id, the exit code and the tail of stderr, with every secret of
 * the step masked.
 */
public final class StepFailedException extends RuntimeException {
  private static final int TAIL_LINES = 20;

  private final transient Plan.Run run;
  private final transient ExecResult result;

  StepFailedException(Plan.Run run, ExecResult result) {
    super(message(run, result));
    this.run = run;
    this.result = result;
  }

  StepFailedException(Plan.Run run, Exception cause) {
    super(redact(run, "step '" + run.step().id() + "' on " + run.host().name() + " could not be attempted: "
        + run.step().artifact().display() + ": " + cause.getMessage()), null);
    this.run = run;
    this.result = null;
  }

  /** The name of the host the step failed on. */
  public String hostName() {
    return run.host().name();
  }

  /** The id of the step that failed. */
  public String stepId() {
    return run.step().id();
  }

  /** The result, absent when the step could not even be attempted. */
  public Optional<ExecResult> result() {
    return Optional.ofNullable(result);
  }

  private static String message(Plan.Run run, ExecResult result) {
    String outcome = result.timedOut() ? "timed out and was killed" : "failed (exit " + result.exitCode() + ")";
    String text = "step '" + run.step().id() + "' on " + run.host().name() + " " + outcome + ": "
        + run.step().artifact().display();
    String tail = tail(result.stderr().isBlank() ? result.stdout() : result.stderr());
    return redact(run, tail.isEmpty() ? text : text + "\n" + tail);
  }

  private static String tail(String output) {
    List<String> lines = Splitter.on('\n').omitEmptyStrings().splitToList(output.strip());
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  private static String redact(Plan.Run run, String text) {
    return Redaction.redact(text, run.step().artifact().allSecrets());
  }
}
