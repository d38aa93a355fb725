package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Stopwatch;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {
  private static final Host LOCAL = Host.of("local", "127.0.0.1");

  @Test
  void capturesExitCodeAndBothStreams() throws Exception {
    ExecResult result = Executors.local().execute(LOCAL,
        Command.of("sh", "-c", "echo out; echo err >&2; exit 3"));
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void timeoutKillsTheProcessAndItsChildren(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Stopwatch stopwatch = Stopwatch.createStarted();
    // The child sleep is what must die: killing only the sh wrapper would leave it running.
    ExecResult result = Executors.local(Duration.ofSeconds(1)).execute(LOCAL,
        Command.of("sh", "-c", "sleep 60 & echo $! > \"$1\"; wait", "sh", pidFile.toString()));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(stopwatch.elapsed()).isLessThan(Duration.ofSeconds(30));
    long childPid = Long.parseLong(Files.readString(pidFile).strip());
    for (int i = 0; i < 50 && ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(100);
    }
    assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).as("child %s alive", childPid)
        .isFalse();
  }

  @Test
  void unlessCheckThatSucceedsSkipsTheCommand(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("ran");
    Command guarded = Command.builder().addArgv("touch", marker.toString()).unless(Command.of("true")).build();
    ExecResult result = Executors.local().execute(LOCAL, guarded);
    assertThat(result.skipped()).isTrue();
    assertThat(marker).doesNotExist();

    Command unguarded = Command.builder().addArgv("touch", marker.toString()).unless(Command.of("false")).build();
    assertThat(Executors.local().execute(LOCAL, unguarded).skipped()).isFalse();
    assertThat(marker).exists();
  }

  @Test
  void writesFilesAtomicallyWithModeUnderTheFileRoot(@TempDir Path root) throws Exception {
    LocalExecutor executor = LocalExecutor.builder().fileRoot(root).build();
    ConfigFile file = ConfigFile.builder().path("/etc/haproxy/haproxy.cfg").content("global\n").mode(0640).build();

    assertThat(executor.execute(LOCAL, file).succeeded()).isTrue();

    Path written = root.resolve("etc/haproxy/haproxy.cfg");
    assertThat(written).hasContent("global");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-r-----");
    try (var siblings = Files.list(written.getParent())) {
      assertThat(siblings).as("no temporary file left behind").containsExactly(written);
    }
  }

  @Test
  void appliesIniEditsWithCrudini(@TempDir Path root) throws Exception {
    RealTools.require("crudini");
    Files.createDirectories(root.resolve("etc/nova"));
    Files.writeString(root.resolve("etc/nova/nova.conf"), "[DEFAULT]\n# comment\nqpid_port=5672\n");
    LocalExecutor executor = LocalExecutor.builder().fileRoot(root).build();

    executor.execute(LOCAL, IniEdit.set("/etc/nova/nova.conf", "DEFAULT", "qpid_hosts", "10.0.0.1:5672,10.0.0.2:5672"));
    executor.execute(LOCAL, IniEdit.delete("/etc/nova/nova.conf", "DEFAULT", "qpid_port"));

    assertThat(root.resolve("etc/nova/nova.conf"))
        .hasContent("[DEFAULT]\n# comment\nqpid_hosts = 10.0.0.1:5672,10.0.0.2:5672");
  }
}
