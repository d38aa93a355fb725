package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local executor's process handling, each case repeated 50 times so a 1-in-20 flake would show: timeouts are
 * reported as timeouts and leave no process of the group behind, double-forked children die with their timeout,
 * commands that leave a daemon holding stdout complete, a hanging unless-check never lets the guarded command run,
 * and arguments arrive exactly.
 */
class ProcessRobustnessTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");
  private static final LocalExecutor SHORT = Executors.local(Duration.ofMillis(300));

  @RepeatedTest(50)
  void aTimedOutBackgroundWaitIsReportedAsTimedOutAndItsGroupIsGone(@TempDir Path dir) throws Exception {
    Path pid = dir.resolve("pid");
    ExecResult result = SHORT.execute(LOCAL, Command.of("sh", "-c", "echo $$ > \"$1.group\"; sleep 100 & echo $! > \"$1\"; wait", "sh",
        pid.toString()));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertGone(pid);
  }

  @RepeatedTest(50)
  void aDoubleForkedChildDiesWithItsTimeout(@TempDir Path dir) throws Exception {
    Path pid = dir.resolve("pid");
    // (sleep &) re-parents the sleep to init at once; only the process group still ties it to the command.
    ExecResult result = SHORT.execute(LOCAL, Command.of("sh", "-c", "echo $$ > \"$1.group\"; (sleep 100 & echo $! > \"$1\"); sleep 100",
        "sh", pid.toString()));

    assertThat(result.timedOut()).isTrue();
    assertGone(pid);
  }

  @RepeatedTest(50)
  void aCommandLeavingADaemonOnItsStdoutCompletes(@TempDir Path dir) throws Exception {
    Path pid = dir.resolve("pid");
    Instant start = Instant.now();
    ExecResult result = Executors.local(Duration.ofSeconds(20)).execute(LOCAL, Command.of("sh", "-c",
        "sleep 30 & echo $! > \"$1\"; echo started", "sh", pid.toString()));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).isEqualTo("started\n");
    assertThat(Duration.between(start, Instant.now())).as("not held up by the daemon").isLessThan(
        Duration.ofSeconds(15));
    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
  }

  @RepeatedTest(50)
  void aHangingUnlessCheckNeverLetsTheGuardedCommandRun(@TempDir Path dir) throws Exception {
    Path ran = dir.resolve("ran");
    ExecResult result = SHORT.execute(LOCAL, Command.builder().addArgv("touch", ran.toString())
        .unless(Command.of("sleep", "100")).build());

    assertThat(result.timedOut()).isTrue();
    assertThat(result.stderr()).startsWith("the unless-check timed out");
    assertThat(ran).doesNotExist();
  }

  @RepeatedTest(50)
  void argumentsArriveExactly() throws Exception {
    List<String> arguments = List.of("a\n", " b ", "", "\tc\t", "d e", "ü\r\n");
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "for a in \"$@\"; do printf '[%s]' \"$a\"; done", "sh"));
    argv.addAll(arguments);

    ExecResult result = Executors.local().execute(LOCAL, Command.of(argv));

    assertThat(result.stdout()).isEqualTo("[a\n][ b ][][\tc\t][d e][ü\r\n]");
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(() -> Executors.local(Duration.ZERO))
        .hasMessage("local executor: timeout must be > 0, was PT0S");
    assertThatThrownBy(() -> Executors.local(Duration.ofSeconds(-1)))
        .hasMessage("local executor: timeout must be > 0, was PT-1S");
    assertThatThrownBy(() -> SshOptions.builder().timeout(Duration.ZERO).build())
        .hasMessage("ssh timeout must be > 0, was PT0S");
  }

  @Test
  void aMissingProgramCannotBeAttempted() {
    assertThatThrownBy(() -> Executors.local().execute(LOCAL, Command.of("no-such-program-ha-dsl")))
        .isInstanceOf(java.io.IOException.class).hasMessage("could not start 'no-such-program-ha-dsl': not found");
  }

  /** The recorded process is gone, and no process of the command's group survives. */
  private static void assertGone(Path pidFile) throws Exception {
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    // Killed processes re-parented to the machine's init stay zombies until it reaps them: a zombie counts as gone.
    for (int i = 0; i < 100 && processGroup(pid) != -1; i++) {
      Thread.sleep(20);
    }
    assertThat(processGroup(pid)).as("process %s still runs", pid).isEqualTo(-1);
    long group = Long.parseLong(Files.readString(Path.of(pidFile + ".group")).strip());
    List<Path> left = inGroup(group);
    for (int i = 0; i < 100 && !left.isEmpty(); i++) { // a killed process may take a moment to finish exiting
      Thread.sleep(20);
      left = inGroup(group);
    }
    assertThat(left).as("processes left in group %s", group).isEmpty();
  }

  private static List<Path> inGroup(long group) throws Exception {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> processGroup(Long.parseLong(p.getFileName().toString())) == group).toList();
    }
  }

  /** The process group of {@code pid} from /proc/PID/stat, or -1 when the process is gone (a zombie counts as gone). */
  private static long processGroup(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return fields[0].equals("Z") ? -1 : Long.parseLong(fields[2]);
    } catch (Exception gone) {
      return -1;
    }
  }
}
