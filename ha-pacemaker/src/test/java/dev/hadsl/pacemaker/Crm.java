package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;

/** Runs the real crm_verify. */
final class Crm {
  private Crm() {}

  static ExecResult verify(Path dir, String name, String cib) {
    Path file = TempFiles.write(dir, name, cib);
    return RealTools.run("crm_verify", "-x", file.toString(), "-V");
  }

  static void assertValid(Path dir, String name, String cib) {
    ExecResult result = verify(dir, name, cib);
    assertThat(result.exitCode()).as("crm_verify -x %s -V:\n%s\n%s", name, result.stderr(), cib).isZero();
  }
}
