package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.SshExecutor;
import dev.hadsl.testing.tools.ClusterLab;
import dev.hadsl.testing.tools.ClusterLabExtension;
import dev.hadsl.testing.tools.RequiresTools;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A real one-node cluster (Corosync, Pacemaker) in a one-node {@link ClusterLab}, so its CIB, its /run and its
 * daemons are the lab node's, never the machine's: the library's transactional pcs form configures it from empty,
 * then {@link CibInstall} installs a native render over it; neither removes a property the model does not own. Needs
 * root; the lab stops every daemon with the node.
 */
@RequiresTools({"corosync", "pacemakerd", "cibadmin", "crm_mon", "pcs"})
class LiveClusterTest {
  private static final Host NODE = Host.of("node1", "192.168.122.101/24");
  private static final Duration LIMIT = Duration.ofSeconds(90);
  /** Where the transactional pcs form and the native install keep their files on the node. */
  private static final String TX_CIB = "/root/ha-dsl-tx-cib.xml";
  private static final String INSTALL_DIR = "/root/ha-dsl-install";

  @RegisterExtension
  static final ClusterLabExtension LAB = ClusterLabExtension.withNodes(NODE);

  private SshExecutor ssh;

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
  void transactionalPcsAndNativeInstallBothConfigureALiveCluster(ClusterLab lab) throws Exception {
    startCluster(lab);

    Cluster first = Cluster.builder().from(base())
        .addResource(Group.of("web", dummy("ip"), dummy("server")))
        .addResource(Clone.of(dummy("agent")))
        .addConstraint(Order.of("agent-clone", "web"))
        .build();
    for (Command command : PcsRenderer.of(PacemakerStack.EL9).transactionalCommands(first,
        TX_CIB)) {
      run(command);
    }
    assertThat(awaitStarted("ip", "server", "agent")).as("started after the pcs transaction").isTrue();

    Cluster second = Cluster.builder().from(base())
        .addResource(Group.of("web", dummy("ip"), dummy("server"), dummy("cache")))
        .build();
    // The pcs form left resources no native install recorded: that is drift, installed over on purpose.
    CibInstall.using(ssh, NODE, INSTALL_DIR).force().install(second);
    assertThat(awaitStarted("ip", "server", "cache")).as("started after the native install").isTrue();
    assertThat(resourceRoles()).doesNotContainKey("agent");
    assertThat(nodeOnline()).as("the node entry survived the configuration replace").isTrue();
  }

  @Test
  void installsKeepHandSetAndPacemakerMaintainedProperties(ClusterLab lab) throws Exception {
    startCluster(lab);
    // An operator freezes the cluster for maintenance and tunes it, outside the model.
    run(Command.of("crm_attribute", "--type", "crm_config", "--name", "maintenance-mode", "--update", "true"));
    run(Command.of("crm_attribute", "--type", "crm_config", "--name", "batch-limit", "--update", "7"));
    Map<String, String> handSet = Map.of("maintenance-mode", "true", "batch-limit", "7");

    Cluster model = Cluster.builder().from(base()).addResource(Group.of("web", dummy("ip"), dummy("server"))).build();
    for (Command command : PcsRenderer.of(PacemakerStack.EL9).transactionalCommands(model,
        TX_CIB)) {
      run(command);
    }
    assertThat(liveProperties()).as("after the pcs transaction").containsAllEntriesOf(handSet)
        .containsKeys("dc-version", "cluster-infrastructure");

    CibInstall install = CibInstall.using(ssh, NODE, INSTALL_DIR);
    Cluster changed = Cluster.builder().from(model).addResource(dummy("cache")).build();
    CibInstall.Report report = install.force().install(changed);
    Map<String, String> afterNative = liveProperties();
    assertThat(afterNative).as("right after the native push, no election in between").containsAllEntriesOf(handSet)
        .containsKeys("dc-version", "cluster-infrastructure", "cluster-name");
    assertThat(report.pushed()).isTrue();
    assertThat(report.unowned().properties()).as("reported as not owned by the model")
        .containsExactlyInAnyOrderEntriesOf(handSet);
    assertThat(CibInstall.using(ssh, NODE, INSTALL_DIR).install(changed).pushed())
        .as("the same model again pushes nothing").isFalse();

    install.install(Cluster.builder().from(changed).putProperty("stonith-timeout", "90s").build());
    Map<String, String> expected = new HashMap<>(afterNative);
    expected.put("stonith-timeout", "90s");
    assertThat(liveProperties()).as("a model property changes exactly that property")
        .containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void installsConvergeAsOneDiffAndRefuseDrift(ClusterLab lab) throws Exception {
    startCluster(lab);
    CibInstall install = CibInstall.using(ssh, NODE, INSTALL_DIR);
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
    ExecResult result = ssh.execute(NODE, Command.of("cibadmin", "--query", "--scope", "crm_config"));
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

  private void startCluster(ClusterLab lab) throws Exception {
    ssh = lab.sshExecutor();
    ok(ssh.execute(NODE, ConfigFile.of("/etc/corosync/corosync.conf", String.join("\n",
        "totem {", "    version: 2", "    cluster_name: hadsl-live", "    transport: knet", "    crypto_cipher: none",
        "    crypto_hash: none", "}", "nodelist {", "    node {", "        ring0_addr: " + NODE.address(),
        "        name: " + NODE.name(), "        nodeid: 1", "    }", "}",
        "quorum {", "    provider: corosync_votequorum", "}", "logging {", "    to_syslog: no", "    to_logfile: yes",
        "    logfile: /var/log/corosync.log", "}", ""))));
    // A first CIB with a short dc-deadtime, written the way the library writes every file: owner and mode set.
    ok(ssh.execute(NODE, ConfigFile.builder().path("/var/lib/pacemaker/cib/cib.xml")
        .content(CibRenderer.render(base())).owner("hacluster:haclient").mode(0600).build()));
    ok(ssh.execute(NODE, Command.of("sh", "-c", "setsid corosync -f > /var/log/corosync.out 2>&1 < /dev/null &")));
    ok(ssh.execute(NODE, Command.of("sh", "-c", "PCMK_logfacility=none PCMK_logfile=/var/log/pacemaker.log"
        + " setsid pacemakerd > /var/log/pacemakerd.out 2>&1 < /dev/null &")));
    Instant deadline = Instant.now().plus(LIMIT);
    for (int attempt = 0; attempt < 300 && Instant.now().isBefore(deadline); attempt++) {
      if (nodeOnline()) {
        return;
      }
      Thread.sleep(300);
    }
    fail("node1 did not come online; pacemaker log:\n" + lab.exec("node1", "cat", "/var/log/pacemaker.log").stdout());
  }

  private static void ok(ExecResult result) {
    assertThat(result.exitCode()).as(result.stderr()).isZero();
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
    ExecResult result = ssh.execute(NODE, Command.of("crm_mon", "-1", "--output-as=xml"));
    String xml = result.stdout().isBlank() ? "<crm_mon/>" : result.stdout();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private void run(Command command) throws Exception {
    ExecResult result = ssh.execute(NODE, command);
    assertThat(result.exitCode()).as("%s: %s", command.display(), result.stderr()).isZero();
  }
}
