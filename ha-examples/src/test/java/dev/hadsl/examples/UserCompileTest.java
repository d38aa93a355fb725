package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's program compiles against the library's jars with every lint enabled and warnings fatal, on the classpath a
 * user has: the library modules and their compile dependencies, without the Immutables processor (a build-time-only
 * dependency of ours). Catches annotations of the generated code that leak into users' builds.
 */
class UserCompileTest {
  @Test
  void aUserProgramCompilesWithAllLintsAsErrors(@TempDir Path out) throws URISyntaxException {
    String testClasspath = Objects.requireNonNull(System.getProperty("surefire.test.class.path"),
        "surefire sets surefire.test.class.path");
    List<String> userClasspath = Arrays.stream(testClasspath.split(File.pathSeparator))
        .filter(entry -> !entry.contains(File.separator + "org" + File.separator + "immutables" + File.separator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .toList();
    assertThat(userClasspath).anyMatch(entry -> entry.contains("ha-openstack"))
        .noneMatch(entry -> entry.contains("immutables"));
    Path source = Path.of(UserCompileTest.class.getResource("/user-program/UserProgram.java").toURI());

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      boolean compiled = javac.getTask(diagnostics, files, null,
          List.of("-Xlint:all", "-Werror", "--release", "17", "-classpath", String.join(File.pathSeparator,
              userClasspath), "-d", out.toString()),
          null, files.getJavaFileObjects(source)).call();
      assertThat(diagnostics.toString()).as("javac diagnostics").isEmpty();
      assertThat(compiled).isTrue();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(out.resolve("UserProgram.class")).exists();
  }
}
