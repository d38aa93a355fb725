package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.export.ScriptExporter;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.MysqlOptions;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.testing.tools.Certificates;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import dev.hadsl.testing.tools.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and mistaken inputs, derived per field type and fed to the runbook's control plane one at a time: each is
 * either refused by {@code build()} with an {@link IllegalArgumentException} (or {@link NullPointerException}) whose
 * message names the field — and, for a secret, never shows it — or accepted, and then everything rendered from it is
 * accepted by the real tools: {@code plan()} renders, {@code crm_verify} takes the CIB, {@code haproxy -c -dW} the
 * configuration, {@code sh -n} every host's exported script and {@code shellcheck} the steps that carry the value. Nothing is accepted and broken
 * later. The corpus's size and the counts are printed ("hostile inputs:").
 */
@RequiresTools({"crm_verify", "haproxy", "shellcheck"})
class HostileInputTest {
  /** One field: how to set a value on the runbook's builder, how a refusal names it, whether it is a secret. */
  private record Field(String name, String mention, boolean secret, List<String> values,
      BiConsumer<ControlPlane.Builder, String> set) {}

  /** Strings that break shells, INI files, command lines, XML, printf and naive parsers, or are merely odd. */
  private static final List<String> STRINGS = List.of("", " ", "  padded  ", "two words", "tab\there", "new\nline",
      "carriage\rreturn", "nul\0byte", "$HOME", "${PATH}", "$(id)", "a ;b", "a #b", "`id`", "'", "\"", "\\", "'\"\\$`", "%s%n%d",
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
    fields.add(new Field("control node name", "name", false, concat(STRINGS, List.of("Ctl1", fqdn(253), fqdn(254),
        "-node", "node-", "node_1", "node.example.com", "a".repeat(63), "a".repeat(64), "localhost",
        "localhost.localdomain", "192.168.122.102", "192.168.122.101")),
        (plane, value) -> plane.controlNodes(List.of(Host.of(value, "192.168.122.101/24"),
            Host.of("node2", "192.168.122.102/24"), Host.of("node3", "192.168.122.103/24")))
            .fencingDevices(fencing(value, "192.168.124.101", "admin"))));
    fields.add(new Field("control node address", "", false, ADDRESSES,
        (plane, value) -> plane.controlNodes(List.of(Host.of("node1", value), Host.of("node2", "192.168.122.102/24"),
            Host.of("node3", "192.168.122.103/24")))));
    fields.add(new Field("floating IP", "", false, concat(ADDRESSES, List.of("192.168.122.101/24")),
        (plane, value) -> plane.floatingIp(FloatingIp.of(value))));
    fields.add(new Field("NFS export", "", false, concat(STRINGS, List.of("host:/srv/mysql", "host:relative",
        "192.168.122.1:/srv/my sql", ":/srv/mysql", "srv:/../etc", "srv:/srv/./mysql", "srv:/srv//mysql")),
        (plane, value) -> plane.databaseStorage(SharedStorage.nfs(value))));
    fields.add(new Field("block device", "", false, concat(STRINGS, List.of("/dev/sdb", "dev/sdb", "/dev/../etc", "/dev/./sdb")),
        (plane, value) -> plane.databaseStorage(SharedStorage.blockDevice(value, "ext4"))));
    fields.add(new Field("file system type", "", false, concat(STRINGS, List.of("ext4", "xfs")),
        (plane, value) -> plane.databaseStorage(SharedStorage.blockDevice("/dev/sdb", value))));
    fields.add(new Field("Horizon certificate path", "", false, concat(STRINGS, List.of("/etc/haproxy/horizon.pem",
        "relative.crt", "/etc/pki/tls/private/horizon.key", "/etc/../etc/shadow", "/etc/haproxy/./horizon.pem",
        "/etc/haproxy/horizon.pem/")),
        (plane, value) -> plane.horizonSsl(HorizonSsl.of(value, "/etc/pki/tls/private/horizon.key"))));
    fields.add(new Field("BMC address", "", false, List.of("", "not-an-ip", "192.168.122.200", "0.0.0.0", "224.0.0.1",
        "192.168.122.255", "1.2.3", "$(id)", "--help"),
        (plane, value) -> plane.fencingDevices(fencing(value, "admin"))));
    fields.add(new Field("mysql datadir", "datadir", false, concat(STRINGS, List.of("var/lib/mysql",
        "/var/lib/../mysql", "/var/lib/mysql/")),
        (plane, value) -> plane.mysql(MysqlOptions.builder().from(Platform.EL9.mysql()).datadir(value).build())));
    fields.add(new Field("CIB file", "cibFile", false, concat(STRINGS, List.of("ha-dsl-cib.xml", "/root/./cib.xml")),
        (plane, value) -> plane.cibFile(value)));
    // HA semantics: each case one mistake in the cluster's shape rather than in a string.
    fields.add(new Field("deployment shape", "", false, List.of("node1 only", "node9 too", "BMC on the floating IP",
        "BMC on node2's address", "qpid member on node1's address", "all-loopback control nodes",
        "compute node named like a qpid member", "compute node on node1's address", "compute node named localhost"),
        HostileInputTest::mistake));
    fields.add(new Field("Qpid multicast group", "", false, List.of("224.0.0.1", "224.0.0.251", "224.0.0.0",
        "224.0.1.1", "239.255.42.1", "10.0.0.1", "255.255.255.255", "0.0.0.0", "not-an-ip", "239.255.42.1/24"),
        (plane, value) -> plane.platform(Platform.RHEL_6_5).horizonSsl(RunbookPlanes.horizonSsl(Platform.RHEL_6_5))
            .messaging(Messaging.cluster(dev.hadsl.qpid.QpidCluster.builder().from(RunbookPlanes.qpidCluster())
                .multicastAddress(dev.hadsl.core.Ipv4Address.of(value)).build()))));
    fields.add(new Field("single-host service", "", false, concat(STRINGS, List.of("NOVA", "openstack-nova-api",
        "nova.api", "svc1")), (plane, value) -> plane.addSingleHostServices(Primitive.lsb("svc1", value))));
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
    Rendered rendered = new Rendered(dir);
    int cases = 0;
    int refused = 0;
    int accepted = 0;
    Map<String, List<String>> acceptedValues = new LinkedHashMap<>();
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
          // A secret refused by Secret.of itself (empty, NUL) is named by its type: the field is not known yet.
          String lower = message.toLowerCase(Locale.ROOT);
          if (!lower.contains(field.mention().toLowerCase(Locale.ROOT))
              && !(field.secret() && lower.startsWith("a secret must not"))) {
            problems.add(label + ": refused, but the message does not name the field ('" + field.mention() + "'): "
                + message);
          }
          if (field.secret() && value.length() > 2 && message.contains(value)) {
            problems.add(label + ": the refusal shows the secret");
          }
          continue;
        }
        accepted++;
        if (!field.secret()) {
          acceptedValues.computeIfAbsent(field.name(), name -> new ArrayList<>()).add(printable(value));
        }
        try {
          rendered.add(label, plane, value);
        } catch (RuntimeException e) {
          problems.add(label + ": accepted by build(), then rendering threw " + e);
        }
      }
    }
    problems.addAll(rendered.check(pem));
    System.out.printf(Locale.ROOT, "hostile inputs: %d cases over %d fields: %d refused at build(), %d accepted"
        + " and rendered (%d distinct CIBs through crm_verify, %d distinct HAProxy configurations through haproxy -c,"
        + " %d host scripts through sh -n, %d scripts of the steps carrying the value through shellcheck); %d"
        + " problems%n", cases, fields().size(), refused, accepted, rendered.cibs.size(), rendered.haproxyConfigs.size(),
        rendered.fullScripts, rendered.stepScripts.size(), problems.size());
    acceptedValues.forEach((field, values) -> System.out.println("hostile inputs: accepted for " + field + ": "
        + String.join(" ", values)));
    assertThat(problems).isEmpty();
  }

  /**
   * What the accepted cases rendered, checked by the real tools once per distinct text: the same CIB or HAProxy
   * configuration (most values do not reach them) is verified once. Every host's whole script goes through
   * {@code sh -n}; shellcheck (2 s for a whole host script) gets the script of just the steps whose artifacts carry
   * the value, which the exporter renders as it does inside the whole script.
   */
  private static final class Rendered {
    private final Path dir;
    private final Map<String, String> cibs = new LinkedHashMap<>();
    private final Map<String, String> haproxyConfigs = new LinkedHashMap<>();
    private final Map<Path, String> stepScripts = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int fullScripts;
    private int count;

    Rendered(Path dir) {
      this.dir = dir;
    }

    void add(String label, ControlPlane plane, String value) throws IOException {
      Plan plan = plane.plan();
      cibs.putIfAbsent(CibRenderer.render(plane.cluster()), label);
      haproxyConfigs.putIfAbsent(plane.haproxy().render().replace(plane.horizonSsl().map(HorizonSsl::haproxyPem)
          .orElse("/etc/haproxy/horizon.pem"), "@PEM@"), label);
      Path caseDir = Files.createDirectories(dir.resolve("case-" + ++count));
      int host = 0;
      // Files by number: a host name may be 253 characters, too long with a suffix for a file name.
      for (Map.Entry<String, String> script : ScriptExporter.render(plan).entrySet()) {
        Path file = TempFiles.write(caseDir, "host-" + ++host + ".sh", script.getValue());
        ExecResult syntax = RealTools.run("sh", "-n", file.toString());
        fullScripts++;
        if (!syntax.succeeded()) {
          problems.add(label + ": sh -n refuses the script of " + script.getKey() + ": " + syntax.stderr().strip());
        }
      }
      List<Step> carrying = plan.steps().stream().filter(step -> carries(step, value)).toList();
      if (!value.isBlank() && !carrying.isEmpty()) {
        Plan steps = Plan.builder().addAllSteps(carrying).build();
        int stepHost = 0;
        for (Map.Entry<String, String> script : ScriptExporter.render(steps).entrySet()) {
          stepScripts.put(TempFiles.write(caseDir, "steps-" + ++stepHost + ".sh", script.getValue()), label);
        }
      }
    }

    List<String> check(Path pem) {
      cibs.forEach((cib, label) -> {
        ExecResult result = RealTools.run("crm_verify", "-x", TempFiles.write(dir, "cib.xml", cib).toString(), "-V");
        if (!result.succeeded()) {
          problems.add(label + ": crm_verify refuses the CIB: " + result.stderr().strip());
        }
      });
      haproxyConfigs.forEach((config, label) -> {
        Path file = TempFiles.write(dir, "haproxy.cfg", config.replace("@PEM@", pem.toString()));
        ExecResult result = RealTools.run("haproxy", "-c", "-dW", "-f", file.toString());
        if (!result.succeeded()) {
          problems.add(label + ": haproxy -c refuses the configuration: " + result.stdout().strip()
              + result.stderr().strip());
        }
      });
      if (!stepScripts.isEmpty()) {
        List<String> argv = new ArrayList<>(List.of("shellcheck", "-s", "sh", "-f", "gcc"));
        stepScripts.keySet().forEach(script -> argv.add(script.toString()));
        ExecResult result = RealTools.run(Duration.ofMinutes(5), argv.toArray(String[]::new));
        if (!result.succeeded()) {
          // gcc format, "<file>:<line>:<column>: <level>: <message>": named by the case rather than the file.
          result.stdout().lines().forEach(line -> {
            String file = line.substring(0, Math.max(0, line.indexOf(':')));
            problems.add(stepScripts.getOrDefault(Path.of(file), "?") + ": shellcheck " + line.substring(
                line.indexOf(':') + 1));
          });
          if (result.stdout().isBlank()) {
            problems.add("shellcheck exited " + result.exitCode() + ": " + result.stderr().strip());
          }
        }
      }
      return problems;
    }

    /** Whether the step's artifact carries {@code value} anywhere it reaches a shell. */
    private static boolean carries(Step step, String value) {
      if (step.artifact() instanceof Command command) {
        return command.toShell().contains(value) || command.stdin().orElse("").contains(value)
            || command.environment().values().stream().anyMatch(v -> v.contains(value));
      }
      if (step.artifact() instanceof ConfigFile file) {
        return file.content().contains(value) || file.path().contains(value);
      }
      if (step.artifact() instanceof IniEdit edit) {
        return edit.value().orElse("").contains(value) || edit.file().contains(value);
      }
      return false;
    }
  }

  /** One mistake in the shape of the deployment, by name. */
  private static void mistake(ControlPlane.Builder plane, String which) {
    Secret ipmi = Secret.of(RunbookPlanes.IPMI);
    switch (which) {
      case "node1 only" -> plane.fencingDevices(List.of(Primitive.fenceIpmilan("fence-node1", "node1",
          "192.168.124.101", "admin", ipmi)));
      case "node9 too" -> plane.addFencingDevice(Primitive.fenceIpmilan("fence-node9", "node9", "192.168.124.109",
          "admin", ipmi));
      case "BMC on the floating IP" -> plane.fencingDevices(fencing("192.168.122.200", "admin"));
      case "BMC on node2's address" -> plane.fencingDevices(fencing("192.168.122.102", "admin"));
      case "qpid member on node1's address" -> plane.platform(Platform.RHEL_6_5)
          .horizonSsl(RunbookPlanes.horizonSsl(Platform.RHEL_6_5))
          .messaging(Messaging.cluster(dev.hadsl.qpid.QpidCluster.builder().name("q")
              .addMembers(Host.of("qpid1", "192.168.122.101/24"), Host.of("qpid2", "192.168.122.112/24")).build()));
      case "all-loopback control nodes" -> plane.controlNodes(List.of(Host.of("node1", "127.0.0.1"),
          Host.of("node2", "127.0.0.2"), Host.of("node3", "127.0.0.3")));
      case "compute node named like a qpid member" -> plane.platform(Platform.RHEL_6_5)
          .horizonSsl(RunbookPlanes.horizonSsl(Platform.RHEL_6_5))
          .messaging(Messaging.cluster(RunbookPlanes.qpidCluster()))
          .addComputeNode(Host.of("qpid1", "192.168.122.150/24"));
      case "compute node on node1's address" -> plane.addComputeNode(Host.of("compute1", "192.168.122.101/24"));
      case "compute node named localhost" -> plane.addComputeNode(Host.of("localhost", "192.168.122.150/24"));
      default -> throw new IllegalArgumentException(which);
    }
  }

  private static List<Primitive> fencing(String node1Bmc, String login) {
    return fencing("node1", node1Bmc, login);
  }

  /** One IPMI device per node; the first node's name, BMC and login as given. */
  private static List<Primitive> fencing(String node1, String node1Bmc, String login) {
    List<Primitive> devices = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      devices.add(Primitive.fenceIpmilan("fence-node" + i, i == 1 ? node1 : "node" + i,
          i == 1 ? node1Bmc : "192.168.124.10" + i,
          i == 1 ? login : "admin", Secret.of(RunbookPlanes.IPMI)));
    }
    return devices;
  }

  /** A name of {@code length} characters: 63-character labels joined by dots, never ending in a dot. */
  private static String fqdn(int length) {
    String name = ("a".repeat(63) + ".").repeat(5).substring(0, length);
    return name.endsWith(".") ? name.substring(0, length - 1) + "b" : name;
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
