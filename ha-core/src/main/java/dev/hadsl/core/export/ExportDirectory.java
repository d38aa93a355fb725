package dev.hadsl.core.export;

import dev.hadsl.core.exec.LocalExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A directory an exporter owns. Its entries are written afresh into a private staging directory inside it and then
 * renamed into place, so nothing planted in an earlier export (a symbolic link to elsewhere) is written through, and
 * entries of an earlier export that the new one no longer has are removed.
 */
final class ExportDirectory {
  /** Writes one entry (a file or a directory named {@code name}) into the staging directory. */
  interface EntryWriter {
    void write(Path staged) throws IOException;
  }

  private final Path directory;

  private ExportDirectory(Path directory) {
    this.directory = directory;
  }

  /** Opens {@code directory} (created when missing), refusing a symbolic link or a file. */
  static ExportDirectory open(Path directory) throws IOException {
    if (Files.isSymbolicLink(directory)) {
      throw new IllegalArgumentException("export directory " + directory + " is a symbolic link: refused (the"
          + " export holds secrets); give the directory it points to instead");
    }
    Files.createDirectories(directory);
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("export directory " + directory + " is not a directory");
    }
    return new ExportDirectory(directory);
  }

  Path path() {
    return directory;
  }

  /**
   * Replaces the entries named in {@code entries} with what their writers stage, and removes every other entry that
   * {@code earlierExport} recognises as written by an earlier export.
   *
   * @return the names of the removed entries, sorted
   */
  List<String> replace(java.util.Map<String, EntryWriter> entries, Predicate<Path> earlierExport) throws IOException {
    Path staging = Files.createTempDirectory(directory, ".staging-");
    try {
      for (var entry : entries.entrySet()) {
        entry.getValue().write(staging.resolve(entry.getKey()));
      }
      List<String> removed = new ArrayList<>();
      try (Stream<Path> existing = Files.list(directory)) {
        for (Path path : existing.sorted().toList()) {
          String name = path.getFileName().toString();
          if (!entries.containsKey(name) && !path.equals(staging) && earlierExport.test(path)) {
            deleteTree(path);
            removed.add(name);
          }
        }
      }
      for (String name : entries.keySet()) {
        Path target = directory.resolve(name);
        deleteTree(target);
        Files.move(staging.resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
      }
      return List.copyOf(removed);
    } finally {
      deleteTree(staging);
    }
  }

  /** Deletes {@code root} and everything under it; a symbolic link is removed itself, never followed. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        if (failure != null) {
          throw failure;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Writes {@code content} into a file created 0600 (replacing any earlier one), then gives it {@code mode}: a script
   * or a copy that holds secrets is never readable by others, not even for a moment.
   */
  static void writePrivately(Path file, String content, int mode) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, LocalExecutor.permissions(mode));
  }
}
