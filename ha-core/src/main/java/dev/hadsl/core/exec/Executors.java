package dev.hadsl.core.exec;

import java.time.Duration;

/** Static factories for the executors the library ships. */
public final class Executors {
  private Executors() {}

  /** Prints every artifact it is given (secrets masked) to {@code out} and reports success. */
  public static Executor dryRun(Appendable out) {
    return new DryRunExecutor(out);
  }

  /** Records what it is given, for tests; succeeds unless told otherwise. */
  public static RecordingExecutor recording() {
    return new RecordingExecutor();
  }

  /** Runs on this machine, with a per-step timeout of 10 minutes. */
  public static LocalExecutor local() {
    return LocalExecutor.builder().build();
  }

  /** Runs on this machine with the given per-step timeout. */
  public static LocalExecutor local(Duration timeout) {
    return LocalExecutor.builder().timeout(timeout).build();
  }

  /** Runs on each host through the system {@code ssh} client in batch mode. */
  public static SshExecutor ssh(SshOptions options) {
    return new SshExecutor(options);
  }
}
