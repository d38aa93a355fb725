package dev.hadsl.core.exec;

import org.immutables.value.Value;

/** What running an artifact produced: exit code, captured output, and whether the timeout killed it. */
@Value.Immutable
public abstract class ExecResult {
  public abstract int exitCode();

  @Value.Default
  public String stdout() {
    return "";
  }

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

  public static ExecResult of(int exitCode, String stdout, String stderr) {
    return ImmutableExecResult.builder().exitCode(exitCode).stdout(stdout).stderr(stderr).build();
  }

  /** Success with no output. */
  public static ExecResult ok() {
    return of(0, "", "");
  }

  static ExecResult skippedResult() {
    return ImmutableExecResult.builder().exitCode(0).skipped(true).build();
  }

  static ExecResult timedOut(String stdout, String stderr) {
    return ImmutableExecResult.builder().exitCode(-1).stdout(stdout).stderr(stderr).timedOut(true).build();
  }

  public boolean succeeded() {
    return exitCode() == 0 && !timedOut();
  }
}
