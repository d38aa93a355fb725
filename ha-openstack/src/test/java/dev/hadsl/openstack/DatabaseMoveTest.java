package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL data move, run for real in a private mount namespace ({@code unshare --mount}): the "shared storage" is
 * a directory bind-mounted the way the step mounts the real device, so mount, cp -a, chown/chmod --reference and
 * md5sum are the real programs and nothing reaches the machine's own mounts. Needs root (mount namespaces).
 */
class DatabaseMoveTest {
  private static ExecResult inPrivateMounts(Command command) {
    List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--"));
    argv.addAll(command.argv());
    return RealTools.run(argv.toArray(String[]::new));
  }

  private static void requireRoot() {
    RealTools.require("unshare");
    if (!"root".equals(System.getProperty("user.name"))) {
      org.junit.jupiter.api.Assumptions.assumeTrue(RealTools.underCi(), "mount namespaces need root");
      throw new AssertionError("mount namespaces need root under CI");
    }
  }

  @Test
  void movesTheDataOnceVerifiedWithOwnershipAndThenFindsItInPlace(@TempDir Path dir) throws Exception {
    requireRoot();
    Path datadir = Files.createDirectories(dir.resolve("var-lib-mysql/mysql"));
    Files.writeString(datadir.resolve("user.frm"), "users\n");
    Files.writeString(dir.resolve("var-lib-mysql/ibdata1"), "x".repeat(100_000));
    Files.createDirectories(dir.resolve("var-lib-mysql/nova"));
    Files.writeString(dir.resolve("var-lib-mysql/nova/instances.ibd"), "instances\n");
    RealTools.runOk("chown", "-R", "nobody:nogroup", dir.resolve("var-lib-mysql").toString());
    RealTools.runOk("chmod", "0751", dir.resolve("var-lib-mysql").toString());
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Command move = DatabaseMove.command(dir.resolve("var-lib-mysql").toString(), "none", shared.toString(), "bind");

    ExecResult first = inPrivateMounts(move);

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stdout()).contains("database move: 3 files copied to " + shared + " and verified")
        .doesNotContain(Command.IN_PLACE);
    assertThat(shared.resolve("nova/instances.ibd")).hasContent("instances");
    assertThat(shared.resolve("ibdata1")).hasSize(100_000);
    assertThat(RealTools.runOk("stat", "-c", "%U:%G %a", shared.toString(), shared.resolve("mysql/user.frm").toString())
        .stdout()).isEqualTo("nobody:nogroup 751\nnobody:nogroup 644\n");
    assertThat(shared.resolve(DatabaseMove.MARK)).exists();

    Files.writeString(dir.resolve("var-lib-mysql/nova/new-since.ibd"), "later\n");
    ExecResult second = inPrivateMounts(move);
    assertThat(second.exitCode()).isZero();
    assertThat(second.stdout()).contains("the shared storage holds the database already").endsWith(Command.IN_PLACE + "\n");
    assertThat(shared.resolve("nova/new-since.ibd")).as("a second run copies nothing").doesNotExist();
  }

  @Test
  void refusesForeignDataAnEmptyDataDirectoryAndARunningServer(@TempDir Path dir) throws Exception {
    requireRoot();
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Files.writeString(shared.resolve("someone-elses"), "data\n");
    Path datadir = Files.createDirectories(dir.resolve("datadir/mysql"));
    ExecResult foreign = inPrivateMounts(DatabaseMove.command(dir.resolve("datadir").toString(), "none",
        shared.toString(), "bind"));
    assertThat(foreign.exitCode()).isEqualTo(3);
    assertThat(foreign.stderr()).contains("is not empty and holds no mark of a move");

    Path empty = Files.createDirectories(dir.resolve("empty-shared"));
    ExecResult noDatabase = inPrivateMounts(DatabaseMove.command(dir.resolve("nothing").toString(), "none",
        empty.toString(), "bind"));
    assertThat(noDatabase.exitCode()).isEqualTo(3);
    assertThat(noDatabase.stderr()).contains("holds no database");

    Files.writeString(datadir.getParent().resolve("mysql.sock"), "");
    RealTools.runOk("python3", "-c", "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])",
        datadir.getParent().resolve("live.sock").toString());
    Files.delete(datadir.getParent().resolve("mysql.sock"));
    Files.move(datadir.getParent().resolve("live.sock"), datadir.getParent().resolve("mysql.sock"));
    ExecResult running = inPrivateMounts(DatabaseMove.command(dir.resolve("datadir").toString(), "none",
        empty.toString(), "bind"));
    assertThat(running.exitCode()).isEqualTo(3);
    assertThat(running.stderr()).contains("MySQL still runs");
    assertThat(empty).isEmptyDirectory();
  }
}
