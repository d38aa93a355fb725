package dev.hadsl.testing.tools;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.SshExecutor;
import dev.hadsl.core.exec.SshOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * An sshd of the test's own on a free port of 127.0.0.1, with its own host key and authorized key in {@code dir};
 * {@link #close()} stops it by its pid.
 */
public final class PrivateSshd implements AutoCloseable {
  /** The host to hand the executor: loopback, where the daemon listens. */
  public static final Host LOOPBACK = Host.of("loopback", "127.0.0.1");

  private final Process sshd;
  private final SshExecutor executor;
  private final Path dir;
  private final int port;

  private PrivateSshd(Process sshd, SshExecutor executor, Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.sshd = sshd;
    this.executor = executor;
  }

  /** Starts the daemon and waits (bounded) until a login through the SSH executor succeeds. */
  public static PrivateSshd start(Path dir) throws Exception {
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
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation directory
    }
    Process sshd = new ProcessBuilder(sshdBinary, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    SshExecutor executor = executor(dir, port, Duration.ofSeconds(30));
    PrivateSshd started = new PrivateSshd(sshd, executor, dir, port);
    Instant deadline = Instant.now().plusSeconds(10);
    for (int attempt = 0; attempt < 100 && Instant.now().isBefore(deadline); attempt++) {
      if (executor.execute(LOOPBACK, Command.of("true")).succeeded()) {
        return started;
      }
      Thread.sleep(100);
    }
    started.close();
    throw new AssertionError("sshd did not accept a login: " + Files.readString(dir.resolve("sshd.log")));
  }

  /** The port it listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The private key it accepts. */
  public Path clientKey() {
    return dir.resolve("client_key");
  }

  /** The known-hosts file the executor keeps for it. */
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** An SSH executor logged in as this user with the generated key. */
  public SshExecutor executor() {
    return executor;
  }

  /** The same, each artifact (and each run of a batch) killed after {@code timeout}. */
  public SshExecutor executor(Duration timeout) {
    return executor(dir, port, timeout);
  }

  private static SshExecutor executor(Path dir, int port, Duration timeout) {
    return Executors.ssh(SshOptions.builder()
        .user(System.getProperty("user.name")).port(port).identityFile(dir.resolve("client_key"))
        .addOptions("StrictHostKeyChecking=no", "UserKnownHostsFile=" + dir.resolve("known_hosts"))
        .timeout(timeout)
        .build());
  }

  @Override
  public void close() {
    ProcessHandle.of(sshd.pid()).ifPresent(ProcessHandle::destroy);
    try {
      if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
        sshd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      sshd.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
