package dev.hadsl.core.exec;

import dev.hadsl.core.Host;
import java.io.IOException;
import java.time.Duration;

/**
 * An executor that can also run a whole POSIX {@code sh} script on a host: the script travels on the shell's
 * standard input, never on a command line, so it may carry the secrets of the runs it holds. {@link PlanRunner} sends
 * a host's consecutive runs through it as one batch ({@code HostBatch}): one connection instead of one per run.
 */
public interface ShellExecutor extends Executor {
  /**
   * Runs {@code script} with {@code sh -s} on {@code host}, killed after {@code timeout}.
   *
   * @return the script's exit code and its whole output
   * @throws IOException when the script could not be started at all
   */
  ExecResult executeScript(Host host, String script, Duration timeout) throws IOException;

  /** How long one artifact may run: a batch gives each of its runs this long. */
  Duration runTimeout();
}
