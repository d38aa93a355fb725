package dev.hadsl.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one rule for the places the executors keep something private in (journals, their key, ssh control sockets):
 * created owner-only when missing; when present, refused unless a real file or directory (not a symbolic link) of
 * this process's user that nobody else may use. A place someone else can write or read lets them plant a link, forge
 * a journal line, read a secret's fingerprint or hijack a shared ssh connection.
 */
final class PrivateFiles {
  private static final Set<PosixFilePermission> OWNER_FILE = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OWNER_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  private static final Set<PosixFilePermission> OWNER_WRITES = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /**
   * Creates {@code directory} 0700 when missing, else checks it is a directory of this user that nobody else may
   * use at all (ssh control sockets: reaching one is using the login).
   */
  static void requirePrivateDirectory(Path directory, String what) throws IOException {
    createOrRequire(directory, what, OWNER_DIRECTORY, "0700");
  }

  /**
   * Creates {@code directory} 0700 when missing, else checks it is a directory of this user that nobody else may
   * write (a journal directory: its files are private themselves; others must not plant or swap them).
   */
  static void requireOwnerWritableDirectory(Path directory, String what) throws IOException {
    createOrRequire(directory, what, OWNER_WRITES, "0755 or narrower");
  }

  private static void createOrRequire(Path directory, String what, Set<PosixFilePermission> allowed, String mode)
      throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
      return;
    }
    require(directory, what, true, allowed, mode);
  }

  /** Creates {@code file} empty and 0600 when missing, else checks it is a private regular file of this user. */
  static void requirePrivateFile(Path file, String what) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
      return;
    }
    require(file, what, false, OWNER_FILE, "0600");
  }

  /** Checks an existing {@code file} is a private regular file of this user (creates nothing). */
  static void requireExistingPrivateFile(Path file, String what) throws IOException {
    require(file, what, false, OWNER_FILE, "0600");
  }

  private static void require(Path path, String what, boolean directory, Set<PosixFilePermission> allowed,
      String mode) throws IOException {
    if (Files.isSymbolicLink(path)) {
      throw new IllegalArgumentException(what + " " + path + " is a symbolic link: refused (it would be written"
          + " through); give a real " + (directory ? "directory" : "file"));
    }
    PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String user = System.getProperty("user.name");
    boolean rightKind = directory ? attributes.isDirectory() : attributes.isRegularFile();
    if (!rightKind || !attributes.owner().getName().equals(user) || !allowed.containsAll(attributes.permissions())) {
      throw new IllegalArgumentException(what + " " + path + " must be a " + (directory ? "directory" : "regular file")
          + " owned by " + user + " with mode " + mode + " (at most " + PosixFilePermissions.toString(allowed) + "); it is "
          + (rightKind ? "one" : "not one") + " owned by " + attributes.owner().getName() + " with mode "
          + PosixFilePermissions.toString(attributes.permissions()) + ". Use a private one (nobody else may read or"
          + " write it) or let ha-dsl create it");
    }
  }
}
