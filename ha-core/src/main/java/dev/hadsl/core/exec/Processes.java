package dev.hadsl.core.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.Watchdog;

/** Runs one process through commons-exec: argument by argument, output captured, killed (with its children) on timeout. */
final class Processes {
  // After a kill, stop waiting for output pipes a surviving grandchild might still hold open.
  private static final Duration PUMP_STOP_TIMEOUT = Duration.ofSeconds(2);

  private Processes() {}

  static ExecResult run(List<String> argv, byte[] stdin, Duration timeout) throws IOException {
    return run(argv, stdin, Map.of(), timeout);
  }

  /** Runs with {@code environment} added to this process's own: the channel for secrets besides stdin. */
  static ExecResult run(List<String> argv, byte[] stdin, Map<String, String> environment, Duration timeout)
      throws IOException {
    CommandLine commandLine = new CommandLine(argv.get(0));
    for (String argument : argv.subList(1, argv.size())) {
      commandLine.addArgument(argument, false); // false: never let commons-exec re-quote or split
    }
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    InputStream input = new ByteArrayInputStream(stdin == null ? new byte[0] : stdin);
    PumpStreamHandler streams = new PumpStreamHandler(stdout, stderr, input);
    streams.setStopTimeout(PUMP_STOP_TIMEOUT);
    TreeKillingWatchdog watchdog = new TreeKillingWatchdog(timeout);
    DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
    executor.setWatchdog(watchdog);
    executor.setExitValues(null); // we judge the exit code ourselves
    Map<String, String> fullEnvironment = new HashMap<>(System.getenv());
    fullEnvironment.putAll(environment);
    int exitCode = executor.execute(commandLine, fullEnvironment);
    String out = stdout.toString(StandardCharsets.UTF_8);
    String err = stderr.toString(StandardCharsets.UTF_8);
    return watchdog.killedProcess() ? ExecResult.timedOut(out, err) : ExecResult.of(exitCode, out, err);
  }

  /**
   * commons-exec's watchdog destroys only the direct child; a {@code sh -c} wrapper would leave its children running
   * past the timeout. This one kills the descendants first.
   */
  private static final class TreeKillingWatchdog extends ExecuteWatchdog {
    private Process process;

    @SuppressWarnings("deprecation") // the builder cannot produce a subclass
    TreeKillingWatchdog(Duration timeout) {
      super(timeout.toMillis());
    }

    @Override
    public synchronized void start(Process process) {
      this.process = process;
      super.start(process);
    }

    @Override
    public synchronized void timeoutOccured(Watchdog watchdog) {
      if (process != null) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
      }
      super.timeoutOccured(watchdog);
    }
  }
}
