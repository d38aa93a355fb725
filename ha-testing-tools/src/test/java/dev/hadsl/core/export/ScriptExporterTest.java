package dev.hadsl.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.JournalKey;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.Golden;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class ScriptExporterTest {
  private final Host node1 = Host.of("node1", "192.168.122.101/24");
  private final Host node2 = Host.of("node2", "192.168.122.102/24");
  private final Plan plan = Plan.builder()
      .addStep(Step.of("packages", Target.each(List.of(node1, node2)), "install the cluster packages",
          Command.of("yum", "install", "-y", "pacemaker", "pcs")))
      .addStep(Step.of("haproxy-cfg", Target.each(List.of(node1, node2)), "write haproxy.cfg",
          ConfigFile.builder().path("/etc/haproxy/haproxy.cfg").content("global\n    daemon\nHA_DSL_EOF\n")
              .owner("root:root").build()))
      .addStep(Step.of("qpid-hosts", Target.host(node2), "point nova at the qpid cluster",
          IniEdit.set("/etc/nova/nova.conf", "DEFAULT", "qpid_hosts", "192.168.122.101:5672,192.168.122.102:5672")))
      .addStep(Step.of("firewall", Target.oneOf(List.of(node1, node2)), "open qpid's port",
          Command.builder().addArgv("iptables", "-I", "INPUT", "-p", "tcp", "--dport", "5672", "-j", "ACCEPT")
              .unless(Command.of("iptables", "-C", "INPUT", "-p", "tcp", "--dport", "5672", "-j", "ACCEPT")).build()))
      .build();

  @Test
  void rendersOneAnnouncedScriptPerHost(TestInfo test) {
    // A fixed key pins the journal lines; render(plan) alone keys them with a fresh random one.
    var scripts = ScriptExporter.render(plan, JournalKey.of("golden-file-key-0123456789abcdef".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII)));
    assertThat(scripts.keySet()).containsExactly("node1", "node2");
    Golden.assertMatches(test, scripts.get("node1") + "----\n" + scripts.get("node2"));
  }

  @Test
  void scriptsPassShParserAndShellcheck(@TempDir Path dir) throws Exception {
    ScriptExporter.create().export(plan, dir);
    for (String host : List.of("node1", "node2")) {
      Path script = dir.resolve(host).resolve("apply.sh");
      RealTools.runOk("sh", "-n", script.toString());
      RealTools.runOk("shellcheck", "-s", "sh", script.toString());
      assertThat(dir.resolve(host).resolve("files/etc/haproxy/haproxy.cfg")).hasContent("global\n    daemon\nHA_DSL_EOF");
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("node1/apply.sh"))).hasSize(3);
  }

  @Test
  void hereDocumentDelimiterNeverCollidesWithContent() {
    assertThat(dev.hadsl.core.Command.hereDocumentDelimiter("a\nb\n")).isEqualTo("HA_DSL_EOF");
    assertThat(dev.hadsl.core.Command.hereDocumentDelimiter("HA_DSL_EOF\nHA_DSL_EOF_1\n")).isEqualTo("HA_DSL_EOF_2");
  }

  @Test
  void dryRunGroupsByHostWithExecutionNumbers(TestInfo test) {
    Golden.assertMatches(test, DryRunRenderer.render(plan));
  }
}
