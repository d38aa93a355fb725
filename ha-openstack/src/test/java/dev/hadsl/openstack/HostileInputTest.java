package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.ScriptExporter;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.testing.tools.Certificates;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and mistaken inputs, derived per field type and fed to the runbook's control plane one at a time: each is
 * either refused by {@code build()} with an {@link IllegalArgumentException} (or {@link NullPointerException}) whose
 * message names the field — and, for a secret, never shows it — or accepted, and then everything rendered from it is
 * accepted by the real tools: {@code plan()} renders, {@code crm_verify} takes the CIB, {@code haproxy -c -dW} the
 * configuration, {@code sh -n} and {@code shellcheck} every host's exported script. Nothing is accepted and broken
 * later. The corpus's size and the counts are printed ("hostile inputs:").
 */
@RequiresTools({"crm_verify", "haproxy", "shellcheck"})
class HostileInputTest {
  /** One field: how to set a value on the runbook's builder, how a refusal names it, whether it is a secret. */
  private record Field(String name, String mention, boolean secret, List<String> values,
      BiConsumer<ControlPlane.Builder, String> set) {}

  /** Strings that break shells, INI files, command lines, XML, printf and naive parsers, or are merely odd. */
  private static final List<String> STRINGS = List.of("", " ", "  padded  ", "two words", "tab\there", "new\nline",
      "carriage\rreturn", "nul\0byte", "$HOME", "${PATH}", "$(id)", "`id`", "'", "\"", "\\", "'\"\\$`", "%s%n%d",
      "--help", "-x", "*", "?", "~root", "../../etc/passwd", "a;b", "a|b", "a&b", "a>b", "<tag>", "&amp;", "]]>",
      "#comment", ";comment", "a:b", "[section]", "=", "k=v", "ä ö ü", "١٢٣", "İı", "\u202Eevil", "x".repeat(300),
      "UPPER", "node1");

  /** Address texts: the network, broadcast, multicast, unspecified and loopback addresses, bad prefixes, junk. */
  private static final List<String> ADDRESSES = List.of("192.168.122.0/24", "192.168.122.255/24", "224.0.0.1/24",
      "239.255.42.1/24", "0.0.0.0/24", "127.0.0.1/24", "255.255.255.255/24", "192.168.122.101/0", "192.168.122.150/1",
      "192.168.122.150/32", "192.168.122.150/33", "192.168.122.150/-1", "10.9.9.9/24", "192.168.122.200/24",
      "192.168.122.102/24", "1.2.3/24", "256.1.1.1/24", "01.02.03.04/24", "١٩٢.١٦٨.١٢٢.١٥٠/24", "192.168.122.150",
      " 192.168.122.150/24", "192.168.122.150/24 ", "", "node1", "192.168.122.150/24\n");

  private static List<Field> fields() {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("control node name", "node", false, concat(STRINGS, List.of("Ctl1", fqdn(253), fqdn(254),
        "-node", "node-", "node_1", "node.example.com", "a".repeat(63), "a".repeat(64))),
        (plane, value) -> plane.controlNodes(List.of(Host.of(value, "192.168.122.101/24"),
            Host.of("node2", "192.168.122.102/24"), Host.of("node3", "192.168.122.103/24")))));
    fields.add(new Field("control node address", "", false, ADDRESSES,
        (plane, value) -> plane.controlNodes(List.of(Host.of("node1", value), Host.of("node2", "192.168.122.102/24"),
            Host.of("node3", "192.168.122.103/24")))));
    fields.add(new Field("floating IP", "", false, concat(ADDRESSES, List.of("192.168.122.101/24")),
        (plane, value) -> plane.floatingIp(FloatingIp.of(value))));
    fields.add(new Field("NFS export", "", false, concat(STRINGS, List.of("host:/srv/mysql", "host:relative",
        "192.168.122.1:/srv/my sql", ":/srv/mysql")),
        (plane, value) -> plane.databaseStorage(SharedStorage.nfs(value))));
    fields.add(new Field("block device", "", false, concat(STRINGS, List.of("/dev/sdb", "dev/sdb", "/dev/../etc")),
        (plane, value) -> plane.databaseStorage(SharedStorage.blockDevice(value, "ext4"))));
    fields.add(new Field("file system type", "", false, concat(STRINGS, List.of("ext4", "xfs")),
        (plane, value) -> plane.databaseStorage(SharedStorage.blockDevice("/dev/sdb", value))));
    fields.add(new Field("Horizon certificate path", "", false, concat(STRINGS, List.of("/etc/haproxy/horizon.pem",
        "relative.crt", "/etc/pki/tls/private/horizon.key")),
        (plane, value) -> plane.horizonSsl(HorizonSsl.of(value, "/etc/pki/tls/private/horizon.key"))));
    fields.add(new Field("BMC address", "", false, List.of("", "not-an-ip", "192.168.122.200", "0.0.0.0", "224.0.0.1",
        "192.168.122.255", "1.2.3", "$(id)", "--help"),
        (plane, value) -> plane.fencingDevices(fencing(value, "admin"))));
    fields.add(new Field("BMC login", "", false, STRINGS, (plane, value) -> plane.fencingDevices(fencing(
        "192.168.124.101", value))));
    for (String project : List.of("nova", "keystone")) {
      fields.add(new Field("database password of " + project, project, true, STRINGS,
          (plane, value) -> plane.databasePassword(project, Secret.of(value))));
    }
    fields.add(new Field("service password of glance", "glance", true, STRINGS,
        (plane, value) -> plane.servicePassword("glance", Secret.of(value))));
    fields.add(new Field("hacluster password", "hacluster", true, STRINGS,
        (plane, value) -> plane.haclusterPassword(Secret.of(value))));
    fields.add(new Field("Keystone admin token", "token", true, STRINGS,
        (plane, value) -> plane.keystone(KeystoneAdmin.token(Secret.of(value)))));
    fields.add(new Field("metadata proxy secret", "metadata", true, STRINGS,
        (plane, value) -> plane.metadataProxySecret(Secret.of(value))));
    fields.add(new Field("Horizon secret key", "horizon", true, STRINGS,
        (plane, value) -> plane.horizonSecretKey(Secret.of(value))));
    return fields;
  }

  @Test
  void everyHostileValueIsRefusedAtBuildOrRendersWhatTheRealToolsAccept(@TempDir Path dir) throws Exception {
    Path pem = Certificates.selfSigned(dir);
    List<String> problems = new ArrayList<>();
    List<Path> scripts = new ArrayList<>();
    int cases = 0;
    int refused = 0;
    int accepted = 0;
    for (Field field : fields()) {
      for (String value : field.values()) {
        cases++;
        String label = field.name() + " = " + (field.secret() ? "<secret #" + cases + ">" : printable(value));
        ControlPlane plane;
        try {
          ControlPlane.Builder builder = RunbookPlanes.builder(3);
          field.set().accept(builder, value);
          plane = builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
          refused++;
          String message = String.valueOf(e.getMessage());
          if (!message.toLowerCase(Locale.ROOT).contains(field.mention().toLowerCase(Locale.ROOT))) {
            problems.add(label + ": refused, but the message does not name the field ('" + field.mention() + "'): "
                + message);
          }
          if (field.secret() && value.length() > 2 && message.contains(value)) {
            problems.add(label + ": the refusal shows the secret");
          }
          continue;
        }
        accepted++;
        problems.addAll(renderedAndChecked(label, plane, dir.resolve("case-" + cases), pem, scripts));
      }
    }
    // One shellcheck run over every accepted case's scripts.
    if (!scripts.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("shellcheck", "-s", "sh"));
      scripts.forEach(script -> argv.add(script.toString()));
      ExecResult shellcheck = RealTools.run(java.time.Duration.ofMinutes(5), argv.toArray(String[]::new));
      if (!shellcheck.succeeded()) {
        problems.add("shellcheck on the accepted cases' scripts:\n" + shellcheck.stdout());
      }
    }
    System.out.printf(Locale.ROOT, "hostile inputs: %d cases over %d fields: %d refused at build(), %d accepted"
        + " and rendered valid by the real tools (%d scripts), %d problems%n", cases, fields().size(), refused,
        accepted, scripts.size(), problems.size());
    assertThat(problems).isEmpty();
  }

  private static List<String> renderedAndChecked(String label, ControlPlane plane, Path dir, Path pem,
      List<Path> scripts) throws Exception {
    List<String> problems = new ArrayList<>();
    dev.hadsl.core.Plan plan;
    try {
      plan = plane.plan();
    } catch (RuntimeException e) {
      return List.of(label + ": accepted by build(), then plan() threw " + e);
    }
    Files.createDirectories(dir);
    ExecResult cib = RealTools.run("crm_verify", "-x", TempFiles.write(dir, "cib.xml",
        CibRenderer.render(plane.cluster())).toString(), "-V");
    if (!cib.succeeded()) {
      problems.add(label + ": crm_verify refuses the CIB: " + cib.stderr().strip());
    }
    String haproxy = plane.haproxy().render().replace(plane.horizonSsl().map(HorizonSsl::haproxyPem)
        .orElse("/etc/haproxy/horizon.pem"), pem.toString());
    ExecResult check = RealTools.run("haproxy", "-c", "-dW", "-f", TempFiles.write(dir, "haproxy.cfg", haproxy)
        .toString());
    if (!check.succeeded()) {
      problems.add(label + ": haproxy -c refuses the configuration: " + check.stdout().strip() + check.stderr().strip());
    }
    ScriptExporter.writeTo(plan, dir.resolve("scripts"));
    try (var hosts = Files.list(dir.resolve("scripts"))) {
      for (Path host : hosts.filter(Files::isDirectory).toList()) {
        Path script = host.resolve("apply.sh");
        ExecResult syntax = RealTools.run("sh", "-n", script.toString());
        if (!syntax.succeeded()) {
          problems.add(label + ": sh -n refuses " + dir.relativize(script) + ": " + syntax.stderr().strip());
        }
        scripts.add(script);
      }
    }
    return problems;
  }

  private static List<Primitive> fencing(String node1Bmc, String login) {
    List<Primitive> devices = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      devices.add(Primitive.fenceIpmilan("fence-node" + i, "node" + i, i == 1 ? node1Bmc : "192.168.124.10" + i,
          i == 1 ? login : "admin", Secret.of(RunbookPlanes.IPMI)));
    }
    return devices;
  }

  private static String fqdn(int length) {
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      name.append(name.length() == 0 ? "" : ".").append("a".repeat(Math.min(63, length - name.length()
          - (name.length() == 0 ? 0 : 1))));
    }
    return name.substring(0, length);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.valueOf(c));
    }
    return (value.length() > 40 ? out.substring(0, 40) + "...(" + value.length() + " chars)" : out.toString()) + "'";
  }
}
