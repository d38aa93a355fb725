package dev.hadsl.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes generated text to a file so a real tool can read it. */
public final class TempFiles {
  private TempFiles() {}

  /**
   * Writes {@code content} as UTF-8 to {@code name} under {@code directory}, creating parent directories, and returns
   * its path.
   */
  public static Path write(Path directory, String name, String content) {
    try {
      Path file = directory.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
