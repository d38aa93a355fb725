package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After packaging: the README's run command and the single-file example work with the built jar. */
class RunnableJarIT {
  private static final String JAR = Path.of("target/ha-examples.jar").toAbsolutePath().toString();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void jarRendersTheRunbookIntoTheOutputFolder(@TempDir Path out) {
    ExecResult result = RealTools.run(Duration.ofMinutes(2), JAVA, "-jar", JAR, "--out", out.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("Rendered").contains("steps on 7 hosts");
    assertThat(out.resolve("hosts/node1/files/etc/haproxy/haproxy.cfg")).isRegularFile();
    assertThat(out.resolve("pacemaker/cib.xml")).isRegularFile();
  }

  /**
   * The rendered files do not depend on the JVM's locale: the runbook rendered in fresh JVMs under locales with other
   * digits (Arabic-Indic in ar-EG and ar-SA), another dotless i (tr), decimal commas (de) and another script (hi) is
   * byte-for-byte the rendering under the root locale, every file of it.
   */
  private static final String JOURNAL_KEY = "hosts/.journal-key";

  @Test
  void renderingIsTheSameBytesUnderEveryLocale(@TempDir Path dir) throws IOException {
    Map<String, byte[]> reference = render(dir.resolve("root"), "", "");
    assertThat(reference).containsKey("pacemaker/cib.xml").hasSizeGreaterThan(20);
    for (String locale : List.of("ar-EG", "ar-SA", "tr-TR", "de-DE", "hi-IN")) {
      String[] parts = locale.split("-");
      // The scripts carry HMACs under the export's journal key, a fresh random secret unless the export directory
      // already holds one: each locale renders with the reference's key, so every byte can be compared.
      Path out = dir.resolve(locale);
      Files.createDirectories(out.resolve("hosts"));
      Files.write(out.resolve(JOURNAL_KEY), reference.get(JOURNAL_KEY));
      Files.setPosixFilePermissions(out.resolve(JOURNAL_KEY), PosixFilePermissions.fromString("rw-------"));
      Map<String, byte[]> rendered = render(out, parts[0], parts[1]);
      assertThat(rendered.keySet()).as("files under %s", locale).isEqualTo(reference.keySet());
      reference.forEach((file, bytes) -> assertThat(rendered.get(file)).as("%s under %s", file, locale)
          .isEqualTo(bytes));
    }
  }

  private static Map<String, byte[]> render(Path out, String language, String country) throws IOException {
    ExecResult result = RealTools.run(Duration.ofMinutes(2), JAVA, "-Duser.language=" + language,
        "-Duser.country=" + country, "-jar", JAR, "--out", out.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(out.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    // The summary line too: "Rendered N steps on M hosts".
    files.put("(stdout)", result.stdout().replace(out.toString(), "OUT").getBytes(StandardCharsets.UTF_8));
    return files;
  }

  @Test
  void helpExplainsTheOptions() {
    ExecResult result = RealTools.run(JAVA, "-jar", JAR, "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).contains("--out DIR").contains("--qpid cluster").contains("--platform rhel6.5").contains("--el6");
  }

  @Test
  void singleFileExampleRunsAgainstTheJar() {
    ExecResult result = RealTools.run(Duration.ofMinutes(2), JAVA, "-cp", JAR, "Example.java");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("ctl1 (10.0.0.11/24)").contains("listen keystone-public")
        .contains("bind 10.0.0.10:5000").contains("type=\"IPaddr2\"").doesNotContain("lab-token");
  }
}
