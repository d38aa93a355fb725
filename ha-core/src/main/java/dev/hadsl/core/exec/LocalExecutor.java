package dev.hadsl.core.exec;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.ArtifactVisitor;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.immutables.value.Value;

/**
 * Carries out artifacts on this machine, whatever host they name: commands in a process group of their own with a
 * per-step timeout that kills the whole group, files written atomically (temp file beside the target, then rename), INI edits through {@code crudini}.
 * A {@link #fileRoot()} other than {@code /} confines files and INI edits below it (for tests and staging).
 */
@Value.Immutable
public abstract class LocalExecutor implements Executor {
  /** How long one command may run before it and its children are killed. */
  @Value.Default
  public Duration timeout() {
    return Duration.ofMinutes(10);
  }

  /** Where absolute artifact paths are rooted; {@code /} for the real file system. */
  @Value.Default
  public Path fileRoot() {
    return Path.of("/");
  }

  /** Starts a builder: a ten-minute timeout and the real file system unless set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Rejects a timeout that is not positive. */
  @Value.Check
  protected void validate() {
    if (timeout().isZero() || timeout().isNegative()) {
      throw new IllegalArgumentException("local executor: timeout must be > 0, was " + timeout());
    }
  }

  /** Builds a {@link LocalExecutor}. */
  public static class Builder extends ImmutableLocalExecutor.Builder {}

  @Override
  public ExecResult execute(Host host, Artifact artifact) throws IOException {
    try {
      return artifact.accept(new ArtifactVisitor<ExecResult>() {
        @Override
        public ExecResult command(Command command) {
          return uncheckedRun(command);
        }

        @Override
        public ExecResult file(ConfigFile file) {
          try {
            return writeAtomically(file) ? ExecResult.ok() : ExecResult.skippedResult();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public ExecResult iniEdit(IniEdit edit) {
          IniEdit rooted = IniEdit.builder().from(edit).file(resolve(edit.file()).toString()).build();
          return uncheckedRun(rooted.toCommand());
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private ExecResult uncheckedRun(Command command) {
    try {
      if (command.unless().isPresent()) {
        ExecResult check = run(command.unless().get());
        if (check.timedOut()) {
          // A check that hangs proves nothing: never run the guarded command on its account.
          return ExecResult.timedOut(check.stdout(), "the unless-check timed out: " + check.stderr());
        }
        if (check.succeeded()) {
          return ExecResult.skippedResult();
        }
      }
      return ExecResult.inPlaceWhenReported(run(command));
    } catch (IOException e) {
      // The message names the program only: arguments may hold secrets.
      throw new UncheckedIOException("could not start '" + command.argv().get(0) + "'", e);
    }
  }

  private ExecResult run(Command command) throws IOException {
    byte[] stdin = command.stdin().map(text -> text.getBytes(StandardCharsets.UTF_8)).orElse(null);
    return Processes.run(command.argv(), stdin, command.environment(), timeout());
  }

  private Path resolve(String absolutePath) {
    return fileRoot().resolve(absolutePath.substring(1));
  }

  /**
   * Writes {@code file} through a temp file beside the target, then a rename.
   *
   * @return false when the target already had this content, mode and ownership: nothing was changed
   */
  private boolean writeAtomically(ConfigFile file) throws IOException {
    Path target = resolve(file.path());
    Files.createDirectories(target.getParent());
    // createTempFile: an unpredictable name, created 0600, so the content is never readable before its own chmod.
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temp, file.content(), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(temp, permissions(file.mode()));
      if (file.owner().isPresent()) {
        setOwner(temp, file.owner().get());
      }
      if (sameFile(temp, target)) {
        return false;
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static boolean sameFile(Path written, Path target) throws IOException {
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    PosixFileAttributes want = Files.readAttributes(written, PosixFileAttributes.class);
    PosixFileAttributes have = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return want.permissions().equals(have.permissions()) && want.owner().equals(have.owner())
        && want.group().equals(have.group()) && Files.mismatch(written, target) == -1;
  }

  private static void setOwner(Path path, String owner) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    String[] userAndGroup = owner.split(":", 2);
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName(userAndGroup[0]));
    if (userAndGroup.length == 2) {
      view.setGroup(lookup.lookupPrincipalByGroupName(userAndGroup[1]));
    }
  }

  /** The permissions of an octal {@code mode} such as {@code 0640}. */
  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] byBit = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < byBit.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(byBit[bit]);
      }
    }
    return permissions;
  }
}
