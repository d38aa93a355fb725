package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Secret;
import dev.hadsl.testing.tools.PrivateSshd;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH executor against a real sshd of the test's own, on a free port of 127.0.0.1 with its own host key and
 * authorized key; the daemon is stopped by its pid.
 */
class SshExecutorLiveTest {
  private PrivateSshd sshd;

  @AfterEach
  void stopSshd() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void runsCommandsWritesFilesAndEditsIniFilesOverSsh(@TempDir Path dir) throws Exception {
    sshd = PrivateSshd.start(dir);
    SshExecutor executor = sshd.executor();
    Host host = PrivateSshd.LOOPBACK;

    ExecResult hello = executor.execute(host, Command.of("sh", "-c", "echo \"$1\"; echo oops >&2; exit 3", "sh",
        "it's $(not) run"));
    assertThat(hello.exitCode()).isEqualTo(3);
    assertThat(hello.stdout()).isEqualTo("it's $(not) run\n");
    assertThat(hello.stderr()).contains("oops");

    Path file = dir.resolve("remote/etc/app.conf");
    ConfigFile config = ConfigFile.builder().path(file.toString()).content("[DEFAULT]\nkey = 1\n").mode(0600).build();
    assertThat(executor.execute(host, config).exitCode()).isZero();
    assertThat(file).hasContent("[DEFAULT]\nkey = 1");
    assertThat(Files.getPosixFilePermissions(file)).hasSize(2);

    RealTools.require("crudini");
    Secret password = Secret.of("s3cret pass");
    assertThat(executor.execute(host, IniEdit.setSecret(file.toString(), "DEFAULT", "password", password)).exitCode())
        .isZero();
    assertThat(file).content().contains("password = s3cret pass");
    // The secret travelled on ssh's standard input, never in its argument vector.
    assertThat(String.join(" ", executor.sshCommand(host))).doesNotContain("s3cret");
  }
}
