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

  /** One {@code ansible-playbook} run: its output and the names of the tasks that reported a change, in order. */
  public record Run(String output, List<String> changed, double seconds) {
    /** The step ids of the changed tasks (task names are {@code Step N/M ID: ...}), distinct, in order. */
    public List<String> changedSteps() {
      return changed.stream().map(name -> name.split(" ")[2].replaceFirst(":$", "")).distinct().toList();
    }
  }

  /**
   * Runs {@code ansible-playbook -i inventory.yml playbook.yml EXTRA...} in {@code export} (after {@code launcher},
   * e.g. nsenter into a lab's network namespace), with ansible-core's own default callback (the JSON callback lives in
   * the ansible.posix collection, which ansible-core alone does not have) and Ansible's temporary and control-socket
   * directories under {@code temp}; fails the test unless it exits 0 within {@code timeout}.
   */
  public static Run playbook(List<String> launcher, Path export, Path temp, java.time.Duration timeout,
      String... extra) {
    try {
      Files.createDirectories(temp);
      List<String> argv = new java.util.ArrayList<>(launcher);
      argv.addAll(List.of(RealTools.require("env"), "-C", export.toString(), "ANSIBLE_STDOUT_CALLBACK=default",
          "ANSIBLE_NOCOLOR=1", "ANSIBLE_DISPLAY_OK_HOSTS=yes",
          "ANSIBLE_LOCAL_TEMP=" + temp.resolve("local"), "ANSIBLE_SSH_CONTROL_PATH_DIR=" + temp.resolve("cp"),
          "ANSIBLE_CONFIG=" + export.resolve("ansible.cfg"), RealTools.require("ansible-playbook"), "-i",
          "inventory.yml", "playbook.yml"));
      argv.addAll(List.of(extra));
      java.time.Instant started = java.time.Instant.now();
      Process process = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(temp.resolve("ansible.log").toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("ansible-playbook did not finish within " + timeout.toSeconds() + " s");
      }
      double seconds = java.time.Duration.between(started, java.time.Instant.now()).toMillis() / 1000.0;
      String output = Files.readString(temp.resolve("ansible.log"));
      assertThat(process.exitValue()).as(output).isZero();
      return new Run(output, changedTasks(output), seconds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final java.util.regex.Pattern TASK = java.util.regex.Pattern.compile("^TASK \\[(.*)\\] \\*+$");

  /**
   * The tasks that reported a change on any host, from the default callback's lines: {@code TASK [name] ****}, then
   * one {@code changed: [host]} or {@code ok: [host]} per host.
   */
  private static List<String> changedTasks(String output) {
    List<String> changed = new java.util.ArrayList<>();
    String task = null;
    for (String line : output.lines().toList()) {
      java.util.regex.Matcher banner = TASK.matcher(line);
      if (banner.matches()) {
        task = banner.group(1);
      } else if (line.startsWith("PLAY ") || line.startsWith("RUNNING HANDLER ")) {
        task = null;
      } else if (task != null && line.startsWith("changed: [") && !changed.contains(task)) {
        changed.add(task);
      }
    }
    return changed;
  }

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
      TempFiles.deleteRecursively(temp);
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
