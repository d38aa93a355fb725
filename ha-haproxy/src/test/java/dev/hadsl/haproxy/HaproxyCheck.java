package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;

/** Runs the real {@code haproxy -c -dW} (warnings are fatal) on rendered text. */
final class HaproxyCheck {
  private HaproxyCheck() {}

  static ExecResult check(Path dir, String name, String config) {
    Path file = TempFiles.write(dir, name, config);
    return RealTools.run("haproxy", "-c", "-dW", "-f", file.toString());
  }

  static void assertValid(Path dir, String name, String config) {
    ExecResult result = check(dir, name, config);
    assertThat(result.exitCode()).as("haproxy -c -dW on %s:\n%s\n%s%s", name, config, result.stdout(), result.stderr())
        .isZero();
    assertThat(result.stdout() + result.stderr()).doesNotContain("[WARNING]");
  }

  static void assertRejected(Path dir, String name, String config, String expectedAlert) {
    ExecResult result = check(dir, name, config);
    assertThat(result.exitCode()).as("haproxy should reject %s:\n%s", name, config).isNotZero();
    assertThat(result.stdout() + result.stderr()).contains(expectedAlert);
  }
}
