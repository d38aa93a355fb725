package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Secret;
import dev.hadsl.core.testing.RealTools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH executor against a real sshd of the test's own, on a free port of 127.0.0.1 with its own host key and
 * authorized key; the daemon is stopped by its pid.
 */
class SshExecutorLiveTest {
  private Process sshd;

  @AfterEach
  void stopSshd() throws InterruptedException {
    if (sshd != null) {
      ProcessHandle.of(sshd.pid()).ifPresent(ProcessHandle::destroy);
      if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
        sshd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void runsCommandsWritesFilesAndEditsIniFilesOverSsh(@TempDir Path dir) throws Exception {
    SshExecutor executor = startSshdAndConnect(dir);
    Host host = Host.of("loopback", "127.0.0.1");

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

  private SshExecutor startSshdAndConnect(Path dir) throws Exception {
    String sshdBinary = RealTools.require("sshd");
    RealTools.require("ssh");
    RealTools.require("ssh-keygen");
    RealTools.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
    RealTools.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString());
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    int port = freePort();
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"),
        "PidFile " + dir.resolve("sshd.pid"), "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "UsePAM no", "StrictModes no", "PasswordAuthentication no", "PermitRootLogin prohibit-password", ""));
    if (isRoot()) {
      Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation directory
    }
    sshd = new ProcessBuilder(sshdBinary, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    SshExecutor executor = Executors.ssh(SshOptions.builder()
        .user(System.getProperty("user.name")).port(port).identityFile(dir.resolve("client_key"))
        .addOptions("StrictHostKeyChecking=no", "UserKnownHostsFile=" + dir.resolve("known_hosts"))
        .timeout(Duration.ofSeconds(30))
        .build());
    Instant deadline = Instant.now().plusSeconds(10);
    for (int attempt = 0; attempt < 100 && Instant.now().isBefore(deadline); attempt++) {
      if (executor.execute(Host.of("loopback", "127.0.0.1"), Command.of("true")).succeeded()) {
        return executor;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sshd did not accept a login: " + Files.readString(dir.resolve("sshd.log")));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
