package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.LocalExecutor;
import dev.hadsl.testing.tools.RealTools;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A real one-node cluster (Corosync on 127.0.0.1, Pacemaker) of the test's own: the library's transactional pcs form
 * configures it from empty, then {@link CibInstall} installs a native render over it; neither removes a property the
 * model does not own. Needs root and the machine to itself; every daemon is stopped by its pid and Pacemaker's state removed.
 */
class LiveClusterTest {
  private static final Host NODE = Host.of("node1", "127.0.0.1");
  private static final Path CIB_DIR = Path.of("/var/lib/pacemaker/cib");
  private static final Path PENGINE_DIR = Path.of("/var/lib/pacemaker/pengine");
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final LocalExecutor LOCAL = LocalExecutor.builder().timeout(Duration.ofMinutes(2)).build();

  private Process corosync;
  private Process pacemakerd;

  @AfterEach
  void stopClusterAndRemoveState() throws Exception {
    stop(pacemakerd, 60);
    stop(corosync, 15);
    if (pacemakerd != null) {
      for (Path dir : new Path[] {CIB_DIR, PENGINE_DIR}) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }

  private static Cluster base() {
    return Cluster.builder().name("hadsl-live").addNode(NODE).disableFencing("one-node test cluster")
        .putProperty("dc-deadtime", "2s")
        .build();
  }

  private static Primitive dummy(String id) {
    return Primitive.builder().id(id).agent("ocf:heartbeat:Dummy")
        .addOperation(Operation.monitor(Duration.ofSeconds(10))).build();
  }

  @Test
  void transactionalPcsAndNativeInstallBothConfigureALiveCluster(@TempDir Path dir) throws Exception {
    startCluster(dir);

    Cluster first = Cluster.builder().from(base())
        .addResource(Group.of("web", dummy("ip"), dummy("server")))
        .addResource(Clone.of(dummy("agent")))
        .addConstraint(Order.of("agent-clone", "web"))
        .build();
    for (Command command : PcsRenderer.of(PacemakerStack.EL9).transactionalCommands(first,
        dir.resolve("tx-cib.xml").toString())) {
      run(command);
    }
    assertThat(awaitStarted("ip", "server", "agent")).as("started after the pcs transaction").isTrue();

    Cluster second = Cluster.builder().from(base())
        .addResource(Group.of("web", dummy("ip"), dummy("server"), dummy("cache")))
        .build();
    // The pcs form left resources no native install recorded: that is drift, installed over on purpose.
    CibInstall.using(LOCAL, NODE, dir.resolve("install").toString()).force().install(second);
    assertThat(awaitStarted("ip", "server", "cache")).as("started after the native install").isTrue();
    assertThat(resourceRoles()).doesNotContainKey("agent");
    assertThat(nodeOnline()).as("the node entry survived the configuration replace").isTrue();
  }

  @Test
  void installsKeepHandSetAndPacemakerMaintainedProperties(@TempDir Path dir) throws Exception {
    startCluster(dir);
    // An operator freezes the cluster for maintenance and tunes it, outside the model.
    run(Command.of("crm_attribute", "--type", "crm_config", "--name", "maintenance-mode", "--update", "true"));
    run(Command.of("crm_attribute", "--type", "crm_config", "--name", "batch-limit", "--update", "7"));
    Map<String, String> handSet = Map.of("maintenance-mode", "true", "batch-limit", "7");

    Cluster model = Cluster.builder().from(base()).addResource(Group.of("web", dummy("ip"), dummy("server"))).build();
    for (Command command : PcsRenderer.of(PacemakerStack.EL9).transactionalCommands(model,
        dir.resolve("tx-cib.xml").toString())) {
      run(command);
    }
    assertThat(liveProperties()).as("after the pcs transaction").containsAllEntriesOf(handSet)
        .containsKeys("dc-version", "cluster-infrastructure");

    CibInstall install = CibInstall.using(LOCAL, NODE, dir.resolve("install").toString());
    Cluster changed = Cluster.builder().from(model).addResource(dummy("cache")).build();
    CibInstall.Report report = install.force().install(changed);
    Map<String, String> afterNative = liveProperties();
    assertThat(afterNative).as("right after the native push, no election in between").containsAllEntriesOf(handSet)
        .containsKeys("dc-version", "cluster-infrastructure", "cluster-name");
    assertThat(report.pushed()).isTrue();
    assertThat(report.unowned().properties()).as("reported as not owned by the model")
        .containsExactlyInAnyOrderEntriesOf(handSet);
    assertThat(CibInstall.using(LOCAL, NODE, dir.resolve("install").toString()).install(changed).pushed())
        .as("the same model again pushes nothing").isFalse();

    install.install(Cluster.builder().from(changed).putProperty("stonith-timeout", "90s").build());
    Map<String, String> expected = new HashMap<>(afterNative);
    expected.put("stonith-timeout", "90s");
    assertThat(liveProperties()).as("a model property changes exactly that property")
        .containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void installsConvergeAsOneDiffAndRefuseDrift(@TempDir Path dir) throws Exception {
    startCluster(dir);
    CibInstall install = CibInstall.using(LOCAL, NODE, dir.resolve("install").toString());
    Cluster model = Cluster.builder().from(base()).addResource(Group.of("web", dummy("ip"), dummy("server"))).build();

    assertThat(install.install(model).pushed()).isTrue();
    assertThat(awaitStarted("ip", "server")).isTrue();
    CibInstall.Report again = install.install(model);
    assertThat(again.pushed()).as("the same model again pushes nothing").isFalse();
    assertThat(again.changes().isEmpty()).isTrue();

    Cluster changed = Cluster.builder().from(base()).addResource(Group.of("web", dummy("ip"),
        Primitive.builder().id("server").agent("ocf:heartbeat:Dummy")
            .addOperation(Operation.monitor(Duration.ofSeconds(20))).build())).build();
    assertThat(install.preview(changed).changes().ids()).as("the diff names exactly the changed resource")
        .containsExactly("web");
    assertThat(install.install(changed).pushed()).isTrue();

    run(Command.of("pcs", "resource", "create", "extra", "ocf:heartbeat:Dummy"));
    try {
      install.install(changed);
      fail("an install over drift must be refused");
    } catch (ConfigurationDriftException refused) {
      assertThat(refused.drift().ids()).containsExactly("extra");
    }
    assertThat(resourceRoles()).as("the refusal changed nothing").containsKey("extra");
    CibInstall.Report forced = install.force().install(changed);
    assertThat(forced.changes().ids()).containsExactly("extra");
    assertThat(install.install(changed).pushed()).as("converged after force").isFalse();
    Instant deadline = Instant.now().plus(LIMIT);
    while (resourceRoles().containsKey("extra") && Instant.now().isBefore(deadline)) {
      Thread.sleep(300);
    }
    assertThat(resourceRoles()).doesNotContainKey("extra");
  }

  private Map<String, String> liveProperties() throws Exception {
    ExecResult result = LOCAL.execute(NODE, Command.of("cibadmin", "--query", "--scope", "crm_config"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    NodeList pairs = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(result.stdout().getBytes(StandardCharsets.UTF_8)))
        .getElementsByTagName("nvpair");
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < pairs.getLength(); i++) {
      Element pair = (Element) pairs.item(i);
      properties.put(pair.getAttribute("name"), pair.getAttribute("value"));
    }
    return properties;
  }

  private void startCluster(Path dir) throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      if (RealTools.underCi()) {
        fail("the live cluster test needs root under CI");
      }
      assumeTrue(false, "the live cluster test needs root");
    }
    String corosyncBinary = RealTools.require("corosync");
    String pacemakerdBinary = RealTools.require("pacemakerd");
    RealTools.require("cibadmin");
    RealTools.require("crm_mon");
    RealTools.require("pcs");
    boolean busy = ProcessHandle.allProcesses().anyMatch(p -> p.info().command()
        .map(c -> c.endsWith("/corosync") || c.endsWith("/pacemakerd")).orElse(false));
    boolean stale;
    try (Stream<Path> files = Files.list(CIB_DIR)) {
      stale = files.findAny().isPresent();
    }
    if (busy || stale) {
      fail("a cluster runs on this machine or left state in " + CIB_DIR + "; the live test needs the machine to"
          + " itself");
    }
    Files.writeString(dir.resolve("corosync.conf"), String.join("\n",
        "totem {", "    version: 2", "    cluster_name: hadsl-live", "    transport: knet", "    crypto_cipher: none",
        "    crypto_hash: none", "}", "nodelist {", "    node {", "        ring0_addr: " + NODE.address(),
        "        name: " + NODE.name(), "        nodeid: 1", "    }", "}",
        "quorum {", "    provider: corosync_votequorum", "}", "logging {", "    to_stderr: yes", "    to_syslog: no",
        "}", ""));
    // A first CIB with a short dc-deadtime, written the way the library writes every file: owner and mode set.
    ExecResult written = LOCAL.execute(NODE, ConfigFile.builder().path(CIB_DIR.resolve("cib.xml").toString())
        .content(CibRenderer.render(base())).owner("hacluster:haclient").mode(0600).build());
    assertThat(written.succeeded()).isTrue();
    corosync = new ProcessBuilder(corosyncBinary, "-f", "-c", dir.resolve("corosync.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("corosync.log").toFile()).start();
    ProcessBuilder pacemaker = new ProcessBuilder(pacemakerdBinary).redirectErrorStream(true)
        .redirectOutput(dir.resolve("pacemakerd.out").toFile());
    pacemaker.environment().put("PCMK_logfile", dir.resolve("pacemaker.log").toString());
    pacemakerd = pacemaker.start();
    Instant deadline = Instant.now().plus(LIMIT);
    for (int attempt = 0; attempt < 300 && Instant.now().isBefore(deadline); attempt++) {
      if (nodeOnline()) {
        return;
      }
      Thread.sleep(300);
    }
    fail("node1 did not come online; pacemaker log:\n" + Files.readString(dir.resolve("pacemaker.log")));
  }

  private boolean awaitStarted(String... resources) throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    for (int attempt = 0; attempt < 300 && Instant.now().isBefore(deadline); attempt++) {
      Map<String, String> roles = resourceRoles();
      if (Stream.of(resources).allMatch(r -> "Started".equals(roles.get(r)))) {
        return true;
      }
      Thread.sleep(300);
    }
    System.err.println("resource roles: " + resourceRoles());
    return false;
  }

  private Map<String, String> resourceRoles() throws Exception {
    Map<String, String> roles = new HashMap<>();
    NodeList resources = crmMon().getElementsByTagName("resource");
    for (int i = 0; i < resources.getLength(); i++) {
      Element resource = (Element) resources.item(i);
      roles.put(resource.getAttribute("id"), resource.getAttribute("role"));
    }
    return roles;
  }

  private boolean nodeOnline() throws Exception {
    NodeList nodes = crmMon().getElementsByTagName("node");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element node = (Element) nodes.item(i);
      if (node.getAttribute("name").equals(NODE.name()) && node.getAttribute("online").equals("true")) {
        return true;
      }
    }
    return false;
  }

  private org.w3c.dom.Document crmMon() throws Exception {
    ExecResult result = LOCAL.execute(NODE, Command.of("crm_mon", "-1", "--output-as=xml"));
    String xml = result.stdout().isBlank() ? "<crm_mon/>" : result.stdout();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static void run(Command command) throws Exception {
    ExecResult result = LOCAL.execute(NODE, command);
    assertThat(result.exitCode()).as("%s: %s", command.display(), result.stderr()).isZero();
  }

  private static void stop(Process process, int seconds) throws InterruptedException {
    if (process == null) {
      return;
    }
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
