package dev.hadsl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Ansible tools on an export directory ({@code dev.hadsl.core.export.AnsibleExporter}'s): {@code
 * ansible-playbook --syntax-check} and {@code ansible-lint} with the export's own {@code .ansible-lint} (the
 * production profile, warnings named there), both run in the directory, as a user would.
 */
public final class AnsibleChecks {
  private AnsibleChecks() {}

  /** Fails the test unless the playbook passes the syntax check and ansible-lint reports no failure. */
  public static void syntaxCheckAndLint(Path export) {
    run(export, List.of(RealTools.require("ansible-playbook"), "--syntax-check", "playbook.yml"));
    String lint = run(export, List.of(RealTools.require("ansible-lint"), "--nocolor", "-c", ".ansible-lint",
        "playbook.yml"));
    assertThat(lint).as("ansible-lint").contains(" 0 failure(s)");
  }

  private static String run(Path directory, List<String> argv) {
    try {
      Path temp = Files.createTempDirectory("ansible-check");
      ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true);
      builder.environment().put("ANSIBLE_LOCAL_TEMP", temp.toString());
      // ansible-lint keeps its cache under XDG_CACHE_HOME: a private one, not the machine's.
      builder.environment().put("XDG_CACHE_HOME", temp.toString());
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(argv.get(0) + " did not finish within 5 minutes");
      }
      assertThat(process.exitValue()).as(String.join(" ", argv) + " in " + directory + ":\n" + output).isZero();
      try (var paths = Files.walk(temp)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
