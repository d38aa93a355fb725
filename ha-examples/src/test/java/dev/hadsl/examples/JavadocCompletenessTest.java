package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public and protected member of the published modules has a javadoc comment. The build's javadoc runs doclint
 * without its "missing" group (that group also wants a tag for every parameter and return value); this test runs the
 * JDK's javadoc over the library's sources with that group and fails on the one warning that matters to users:
 * "no comment".
 */
class JavadocCompletenessTest {
  private static final List<String> MODULES = List.of("ha-core", "ha-pacemaker", "ha-haproxy", "ha-qpid",
      "ha-openstack", "ha-testing-tools", "ha-testing");

  @Test
  void everyPublicMemberHasAComment(@TempDir Path out) {
    List<String> sourcePath = new ArrayList<>();
    for (String module : MODULES) {
      Path sources = Path.of("..", module, "src", "main", "java");
      assertThat(sources).as("sources of %s (the test runs in ha-examples)", module).isDirectory();
      sourcePath.add(sources.toString());
      Path generated = Path.of("..", module, "target", "generated-sources", "annotations");
      if (Files.isDirectory(generated)) {
        sourcePath.add(generated.toString());
      }
    }
    String classpath = Objects.requireNonNull(System.getProperty("surefire.test.class.path"));
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    StringWriter output = new StringWriter();
    List<String> options = List.of("-Xdoclint:missing", "-Xmaxwarns", "100000", "-quiet", "-d", out.toString(),
        "-sourcepath", String.join(File.pathSeparator, sourcePath), "-classpath", classpath, "-subpackages",
        "dev.hadsl");
    boolean generated = javadoc.getTask(output, null, null, null, options, null).call();
    assertThat(generated).as("javadoc ran over every module:%n%s", output).isTrue();
    assertThat(out.resolve("dev/hadsl/openstack/ControlPlane.html")).exists();
    List<String> missing = output.toString().lines()
        .filter(line -> line.contains("warning: no comment"))
        .filter(line -> !line.contains("generated-sources"))
        .toList();
    assertThat(missing).as("public members without a javadoc comment").isEmpty();
  }
}
