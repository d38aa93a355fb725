package dev.hadsl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.TestInfo;

/**
 * Golden files at {@code src/test/resources/golden/<TestClass>/<testMethod>.txt}; {@code -Dgolden.update=true}
 * rewrites them from the actual output. A golden test only pins the text: pair it with the real tool.
 */
public final class Golden {
  private Golden() {}

  /**
   * Asserts {@code actual} equals the running test's golden file, rewriting the file first under {@code
   * -Dgolden.update=true}.
   */
  public static void assertMatches(TestInfo test, String actual) {
    String className = test.getTestClass().orElseThrow().getSimpleName();
    String methodName = test.getTestMethod().orElseThrow().getName();
    Path file = Path.of("src/test/resources/golden", className, methodName + ".txt");
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      }
      assertThat(file).as("golden file %s (regenerate with -Dgolden.update=true)", file).exists();
      assertThat(actual).as("output compared with golden file %s", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
