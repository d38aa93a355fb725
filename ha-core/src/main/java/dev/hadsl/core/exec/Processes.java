package dev.hadsl.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one process: arguments passed exactly, environment added, stdin fed, output captured, killed with its whole
 * process group on timeout.
 *
 * <ul>
 *   <li>The process starts in a session and process group of its own ({@code setsid}), so a timeout kills everything
 *       it started, a double-forked grandchild included (unless that one left the group on purpose, as a daemon
 *       does).
 *   <li>Output goes to private temporary files, not pipes: a command that exits while a daemon it started still holds
 *       stdout (most {@code service start} commands) completes when the command exits.
 *   <li>A timeout is reported as timed out, never as an exit code.
 * </ul>
 */
final class Processes {
  private static final long MAX_CAPTURE = 16L << 20;
  private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
      .filter(Files::isExecutable).findFirst();

  private Processes() {}

  static ExecResult run(List<String> argv, byte[] stdin, Duration timeout) throws IOException {
    return run(argv, stdin, Map.of(), timeout);
  }

  /** Runs with {@code environment} added to this process's own: the channel for secrets besides stdin. */
  static ExecResult run(List<String> argv, byte[] stdin, Map<String, String> environment, Duration timeout)
      throws IOException {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
    }
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().putAll(environment);
    String program = resolve(argv.get(0), builder.environment().get("PATH"))
        .orElseThrow(() -> new IOException("could not start '" + argv.get(0) + "': not found"));
    List<String> command = new ArrayList<>();
    SETSID.ifPresent(setsid -> command.addAll(List.of(setsid.toString(), "--wait")));
    command.add(program);
    command.addAll(argv.subList(1, argv.size()));
    Path out = Files.createTempFile("ha-dsl-", ".out"); // created 0600: output may hold what a tool echoed
    Path err = Files.createTempFile("ha-dsl-", ".err");
    try {
      Process process = builder.command(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try (OutputStream input = process.getOutputStream()) {
        if (stdin != null) {
          input.write(stdin);
        }
      } catch (IOException closedEarly) {
        // the program did not read all of its stdin: its exit code tells what happened
      }
      boolean finished = waitFor(process, timeout);
      if (!finished) {
        killGroup(process);
        return ExecResult.timedOut(read(out), read(err));
      }
      return ExecResult.of(process.exitValue(), read(out), read(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static boolean waitFor(Process process, Duration timeout) throws IOException {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killGroup(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the process", e);
    }
  }

  /** SIGKILL to the process group (the process is its leader under setsid), then to any descendant left. */
  private static void killGroup(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    signalGroup(process);
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Once more: a child forked while the first signal was on its way joins the group after it.
    signalGroup(process);
  }

  private static void signalGroup(Process process) {
    if (SETSID.isPresent()) {
      try {
        new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static Optional<String> resolve(String program, String path) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program)) ? Optional.of(program) : Optional.empty();
    }
    for (String directory : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes((int) Math.min(Files.size(file), MAX_CAPTURE)), StandardCharsets.UTF_8);
    }
  }
}
