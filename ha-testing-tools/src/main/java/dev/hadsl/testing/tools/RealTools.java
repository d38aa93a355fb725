package dev.hadsl.testing.tools;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * For tests that need a real tool ({@code haproxy}, {@code crm_verify}, ...): locally a missing tool skips the test
 * with a message naming the install script; under CI ({@code CI=true}) it fails, so CI can never go green by
 * skipping the real checks.
 */
public final class RealTools {
  /** How to install the real tools, for skip and failure messages. */
  public static final String INSTALL_HINT = "run 'sudo scripts/install-tools.sh' to install the real tools";
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");
  private static final List<String> EXTRA_PATH = List.of("/usr/sbin", "/sbin");

  private RealTools() {}

  /** True under CI, where a missing tool is a failure. */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** The tool's absolute path; skips (locally) or fails (CI) when it is not installed. */
  public static String require(String tool) {
    Optional<Path> found = locate(tool);
    if (found.isEmpty()) {
      String message = "real tool '" + tool + "' is not installed: " + INSTALL_HINT;
      if (underCi()) {
        fail(message + " (CI=true: a missing tool fails the build)");
      }
      assumeTrue(false, message);
    }
    return found.get().toString();
  }

  /** Where {@code tool} is on PATH (plus the sbin directories), if anywhere. */
  public static Optional<Path> locate(String tool) {
    if (tool.contains("/")) {
      Path direct = Path.of(tool);
      return Files.isExecutable(direct) ? Optional.of(direct) : Optional.empty();
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.concat(Stream.of(path.split(":")), EXTRA_PATH.stream())
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Runs {@code argv} (the tool is looked up with {@link #require}) and returns what it did. */
  public static ExecResult run(Duration timeout, String... argv) {
    String[] resolved = argv.clone();
    resolved[0] = require(argv[0]);
    try {
      return Executors.local(timeout).execute(LOCAL, Command.of(resolved));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code argv} with a one-minute timeout. */
  public static ExecResult run(String... argv) {
    return run(Duration.ofMinutes(1), argv);
  }

  /** Runs {@code argv} and fails the test, showing its output, unless it exits 0. */
  public static ExecResult runOk(String... argv) {
    ExecResult result = run(argv);
    if (!result.succeeded()) {
      fail("'" + String.join(" ", argv) + "' exited " + result.exitCode() + (result.timedOut() ? " (timed out)" : "")
          + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
    }
    return result;
  }
}
