package dev.hadsl.core.exec;

import dev.hadsl.core.Command;
import dev.hadsl.core.Redaction;
import dev.hadsl.core.Secret;
import java.util.Collection;
import org.immutables.value.Value;

/** What running an artifact produced: exit code, captured output, and whether the timeout killed it. */
@Value.Immutable
public abstract class ExecResult {
  /** The process's exit code; -1 when the timeout killed it. */
  public abstract int exitCode();

  /** Captured standard output; empty unless set. */
  @Value.Default
  public String stdout() {
    return "";
  }

  /** Captured standard error; empty unless set. */
  @Value.Default
  public String stderr() {
    return "";
  }

  /** True when the executor's timeout killed the process. */
  @Value.Default
  public boolean timedOut() {
    return false;
  }

  /** True when an unless-check succeeded and the command was not run. */
  @Value.Default
  public boolean skipped() {
    return false;
  }

  /** A finished run with this exit code and output. */
  public static ExecResult of(int exitCode, String stdout, String stderr) {
    return ImmutableExecResult.builder().exitCode(exitCode).stdout(stdout).stderr(stderr).build();
  }

  /** Success with no output. */
  public static ExecResult ok() {
    return of(0, "", "");
  }

  /**
   * {@code result} marked skipped when it succeeded and its last line of standard output is {@link Command#IN_PLACE}:
   * the command checked for itself and changed nothing.
   */
  static ExecResult inPlaceWhenReported(ExecResult result) {
    if (!result.succeeded() || result.timedOut()) {
      return result;
    }
    if (!RunRules.inPlace(result.stdout())) {
      return result;
    }
    return ImmutableExecResult.builder().from(result).skipped(true).build();
  }

  static ExecResult skippedResult() {
    return ImmutableExecResult.builder().exitCode(0).skipped(true).build();
  }

  static ExecResult timedOut(String stdout, String stderr) {
    return ImmutableExecResult.builder().exitCode(-1).stdout(stdout).stderr(stderr).timedOut(true).build();
  }

  /** A copy with every secret masked in the captured output, for listeners and messages. */
  public ExecResult redacted(Collection<Secret> secrets) {
    return ImmutableExecResult.builder().from(this).stdout(Redaction.redact(stdout(), secrets))
        .stderr(Redaction.redact(stderr(), secrets)).build();
  }

  /** Exit code and output sizes only: captured output may hold secrets a tool echoed. */
  @Override
  public String toString() {
    return "ExecResult{exitCode=" + exitCode() + (timedOut() ? ", timed out" : "") + (skipped() ? ", skipped" : "")
        + ", stdout=" + stdout().length() + " chars, stderr=" + stderr().length() + " chars}";
  }

  /** Whether the process exited 0 before the timeout. */
  public boolean succeeded() {
    return exitCode() == 0 && !timedOut();
  }
}
