package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.LocalExecutor;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grants step against a real MariaDB started privately for the test (its own data directory and socket, no
 * network, stopped by its pid). {@code crm_resource} and {@code crm_node} are stand-ins that say where "the cluster"
 * runs MySQL; {@code mysql} and {@code mysqladmin} are the real clients, pointed at the private socket.
 */
class DatabaseGrantsTest {
  private static final Host HERE = Host.of("localhost", "127.0.0.1");
  private static final Set<String> HOSTS = new LinkedHashSet<>(List.of("192.168.122.101", "192.168.122.102",
      "192.168.122.200"));

  @TempDir
  Path dir;
  private Process mariadb;
  private Path socket;

  @BeforeEach
  void startPrivateMariadb() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      org.junit.jupiter.api.Assumptions.assumeTrue(RealTools.underCi(), "a private MariaDB runs as root here");
      throw new AssertionError("a private MariaDB needs root under CI");
    }
    String server = RealTools.require("mariadbd");
    RealTools.require("mariadb-install-db");
    RealTools.require("mysql");
    Path data = Files.createDirectories(dir.resolve("data"));
    socket = dir.resolve("mysql.sock");
    RealTools.runOk("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root",
        "--auth-root-authentication-method=socket", "--skip-test-db");
    mariadb = new ProcessBuilder(server, "--no-defaults", "--datadir=" + data, "--socket=" + socket,
        "--skip-networking", "--user=root", "--pid-file=" + dir.resolve("mariadb.pid"),
        "--log-error=" + dir.resolve("mariadb.log")).redirectErrorStream(true)
        .redirectOutput(dir.resolve("mariadb.out").toFile()).start();
    Instant deadline = Instant.now().plusSeconds(30);
    for (int attempt = 0; attempt < 150 && Instant.now().isBefore(deadline); attempt++) {
      if (RealTools.run("mysqladmin", "--no-defaults", "--socket=" + socket, "ping").succeeded()) {
        break;
      }
      Thread.sleep(200);
    }
    RealTools.runOk("mysqladmin", "--no-defaults", "--socket=" + socket, "ping");
  }

  @AfterEach
  void stopPrivateMariadb() throws Exception {
    if (mariadb != null) {
      mariadb.destroy();
      if (!mariadb.waitFor(20, TimeUnit.SECONDS)) {
        mariadb.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Stand-ins for the cluster tools, and the real clients on the private socket, first on PATH. */
  private Command onThisMachine(Command command, String mysqlRunsOn) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    write(bin.resolve("crm_resource"), "#!/bin/sh\n# stand-in: where the cluster runs the resource\n"
        + "echo \"resource $2 is running on: " + mysqlRunsOn + "\"\n");
    write(bin.resolve("crm_node"), "#!/bin/sh\n# stand-in: this node's cluster name\necho here\n");
    for (String client : List.of("mysql", "mysqladmin")) {
      write(bin.resolve(client), "#!/bin/sh\nexec /usr/bin/" + client + " --no-defaults --socket=" + socket
          + " \"$@\"\n");
    }
    return Command.builder().from(command).argv(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")))
        .addAllArgv(command.argv()).build();
  }

  private static void write(Path file, String content) throws Exception {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String sql(String query) {
    return RealTools.runOk("mysql", "--no-defaults", "--socket=" + socket, "-N", "-e", query).stdout().strip();
  }

  @Test
  void grantsEveryServiceFromEveryHostOnceAndAgainOnlyWhenAPasswordChanged() throws Exception {
    Map<String, Secret> passwords = new LinkedHashMap<>();
    passwords.put("nova", Secret.of("n0va'pass\\word"));
    passwords.put("glance", Secret.of("glance-pass"));
    Command grants = DatabaseGrants.command("mysql-db", passwords, HOSTS);
    assertThat(String.join(" ", grants.argv())).doesNotContain("n0va", "glance-pass");
    LocalExecutor local = LocalExecutor.builder().timeout(Duration.ofMinutes(2)).build();

    ExecResult first = local.execute(HERE, onThisMachine(grants, "here"));
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.skipped()).isFalse();
    assertThat(first.stdout()).contains("database grants: 8 missing, granted");
    assertThat(sql("SHOW DATABASES")).contains("nova", "glance");
    assertThat(sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'nova' AND Password = PASSWORD('n0va''pass\\\\word')"))
        .isEqualTo("3");
    assertThat(sql("SELECT COUNT(*) FROM mysql.db WHERE Db = 'glance' AND User = 'glance'")).isEqualTo("3");

    ExecResult second = local.execute(HERE, onThisMachine(grants, "here"));
    assertThat(second.skipped()).as(second.stdout()).isTrue();
    assertThat(second.stdout()).contains("every database and grant in place");

    passwords.put("glance", Secret.of("rotated"));
    ExecResult rotated = local.execute(HERE, onThisMachine(DatabaseGrants.command("mysql-db", passwords, HOSTS),
        "here"));
    assertThat(rotated.skipped()).isFalse();
    assertThat(rotated.stdout()).contains("3 missing, granted");
    assertThat(sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'glance' AND Password = PASSWORD('rotated')"))
        .isEqualTo("3");
  }

  @Test
  void onANodeWhereMysqlDoesNotRunItDoesNothing() throws Exception {
    Command grants = DatabaseGrants.command("mysql-db", Map.of("nova", Secret.of("pw")), HOSTS);
    ExecResult elsewhere = LocalExecutor.builder().build().execute(HERE, onThisMachine(grants, "node2"));
    assertThat(elsewhere.skipped()).isTrue();
    assertThat(elsewhere.stdout()).contains("database grants: MySQL runs on node2");
    assertThat(sql("SHOW DATABASES")).doesNotContain("nova");
  }
}
