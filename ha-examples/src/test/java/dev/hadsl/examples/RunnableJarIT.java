package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Path;
import java.time.Duration;
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
