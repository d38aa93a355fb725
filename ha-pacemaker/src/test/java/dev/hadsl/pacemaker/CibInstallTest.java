package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The native install against the real {@code cibadmin}, offline: {@code CIB_file} points every cibadmin call of the
 * install script (the query of the "live" CIB and the final push alike) at a file standing in for the live CIB.
 * The live proof on a running cluster is in {@link LiveClusterTest}.
 */
class CibInstallTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  /** A live-looking CIB: Pacemaker's own properties, an operator's, an operator's resource default, and old resources. */
  private static String liveCib(Path dir) {
    Path cib = dir.resolve("live-cib.xml");
    TempFiles.write(dir, "live-cib.xml", RealTools.runOk("cibadmin", "--empty").stdout());
    for (String[] property : new String[][] {{"dc-version", "2.1.5-a3f44794f94"}, {"cluster-infrastructure", "corosync"},
        {"cluster-name", "hadsl"}, {"maintenance-mode", "true"}, {"batch-limit", "7"}}) {
      RealTools.runOk("env", "CIB_file=" + cib, "crm_attribute", "--type", "crm_config", "--name", property[0],
          "--update", property[1]);
    }
    RealTools.runOk("env", "CIB_file=" + cib, "cibadmin", "--modify", "--scope", "configuration", "--xml-text",
        "<configuration><rsc_defaults><meta_attributes id=\"rsc-options\"><nvpair id=\"rsc-options-migration-threshold\""
            + " name=\"migration-threshold\" value=\"3\"/></meta_attributes></rsc_defaults></configuration>");
    return cib.toString();
  }

  private static Cluster model(String... resourceIds) {
    Cluster.Builder cluster = Cluster.builder().name("hadsl").addAllNodes(RunbookClusters.nodes(2))
        .disableFencing("offline install test");
    for (String id : resourceIds) {
      cluster.addResource(Primitive.builder().id(id).agent("ocf:heartbeat:Dummy")
          .addOperation(Operation.monitor(Duration.ofSeconds(10))).build());
    }
    if (resourceIds.length > 1) {
      cluster.addConstraint(Order.of(resourceIds[0], resourceIds[1]));
    }
    return cluster.build();
  }

  private static CibInstall.Report install(String cib, Path dir, Cluster cluster) {
    return CibInstall.using((host, artifact) -> Executors.local(Duration.ofMinutes(1)).execute(host,
        withCibFile(artifact, cib)), LOCAL, dir.resolve("install").toString()).install(cluster);
  }

  /** Points the artifact's cibadmin calls at the stand-in live CIB. */
  private static Artifact withCibFile(Artifact artifact, String cib) {
    if (artifact instanceof dev.hadsl.core.Command command) {
      List<String> argv = new java.util.ArrayList<>(List.of("env", "CIB_file=" + cib));
      argv.addAll(command.argv());
      return dev.hadsl.core.Command.builder().from(command).argv(argv).build();
    }
    return artifact;
  }

  @Test
  void installKeepsEveryPropertyAndDefaultTheModelDoesNotOwn(@TempDir Path dir) throws Exception {
    String cib = liveCib(dir);
    Cluster model = Cluster.builder().from(model("web", "db")).putProperty("stonith-timeout", "90s")
        .putResourceDefault("resource-stickiness", "100").build();

    CibInstall.Report report = install(cib, dir, model);

    Map<String, String> properties = nvpairs(Files.readString(Path.of(cib)), "crm_config");
    assertThat(properties).containsEntry("dc-version", "2.1.5-a3f44794f94")
        .containsEntry("cluster-infrastructure", "corosync").containsEntry("cluster-name", "hadsl")
        .containsEntry("maintenance-mode", "true").containsEntry("batch-limit", "7")
        .containsEntry("stonith-enabled", "false").containsEntry("stonith-timeout", "90s");
    assertThat(nvpairs(Files.readString(Path.of(cib)), "rsc_defaults"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("migration-threshold", "3", "resource-stickiness", "100"));
    assertThat(report.pushed()).isTrue();
    assertThat(report.unowned().properties()).as("Pacemaker's own properties are not drift")
        .containsExactlyInAnyOrderEntriesOf(Map.of("maintenance-mode", "true", "batch-limit", "7"));
    assertThat(report.unowned().resourceDefaults()).containsExactlyEntriesOf(Map.of("migration-threshold", "3"));
    assertThat(report.unowned().describe()).contains("property maintenance-mode=true (kept, not set by the model)");
    assertThat(CibComparison.describe(Files.readString(Path.of(cib))))
        .containsAll(CibComparison.describe(CibRenderer.render(model)).stream()
            .filter(line -> line.startsWith("/configuration/resources") || line.startsWith("/configuration/constraints"))
            .toList());
    Crm.assertValid(dir, "installed.xml", Files.readString(Path.of(cib)));
  }

  @Test
  void installingTheSameModelAgainPushesNothing(@TempDir Path dir) throws Exception {
    String cib = liveCib(dir);
    install(cib, dir, model("web", "db"));
    String afterFirst = Files.readString(Path.of(cib));

    CibInstall.Report again = install(cib, dir, model("web", "db"));

    assertThat(again.pushed()).isFalse();
    assertThat(Files.readString(Path.of(cib))).as("not even the epoch moved").isEqualTo(afterFirst);
    try (var files = Files.list(dir.resolve("install"))) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .as("the CIB copies are removed; the section files and the record of the install stay")
          .containsExactly("constraints.xml", "installed-constraints.xml", "installed-resources.xml",
              "owned-settings.xml", "resources.xml");
    }
  }

  @Test
  void anEmptyAttributeSetLeftByARestartIsNeitherDriftNorAChange(@TempDir Path dir) throws Exception {
    String cib = liveCib(dir);
    install(cib, dir, model("web", "db"));
    // What crm_resource --restart (pcs resource restart) does to the resource: target-role set, then deleted.
    RealTools.runOk("env", "CIB_file=" + cib, "crm_resource", "--resource", "web", "--meta", "--set-parameter",
        "target-role", "--parameter-value", "Stopped");
    RealTools.runOk("env", "CIB_file=" + cib, "crm_resource", "--resource", "web", "--meta", "--delete-parameter",
        "target-role");
    assertThat(Files.readString(Path.of(cib))).contains("<meta_attributes id=\"web-meta_attributes\"/>");

    CibInstall.Report again = install(cib, dir, model("web", "db"));

    assertThat(again.pushed()).isFalse();
  }

  @Test
  void aModelThatSetsAPropertyChangesExactlyThatProperty(@TempDir Path dir) throws Exception {
    String cib = liveCib(dir);
    install(cib, dir, model("web"));
    Map<String, String> before = nvpairs(Files.readString(Path.of(cib)), "crm_config");

    install(cib, dir, Cluster.builder().from(model("web")).putProperty("stonith-timeout", "90s").build());

    Map<String, String> expected = new LinkedHashMap<>(before);
    expected.put("stonith-timeout", "90s");
    assertThat(nvpairs(Files.readString(Path.of(cib)), "crm_config")).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void removingAResourceAndItsConstraintInstalls(@TempDir Path dir) throws Exception {
    String cib = liveCib(dir);
    install(cib, dir, model("web", "db"));

    install(cib, dir, model("web"));

    String installed = Files.readString(Path.of(cib));
    assertThat(installed).doesNotContain("id=\"db\"").doesNotContain("rsc_order");
    Crm.assertValid(dir, "shrunk.xml", installed);
  }

  @Test
  void driftIsRefusedWithItsDiffAndForceInstallsOverIt(@TempDir Path dir) throws Exception {
    String cib = liveCib(dir);
    install(cib, dir, model("web", "db"));
    // Behind the model's back: a resource created by hand.
    RealTools.runOk("env", "CIB_file=" + cib, "cibadmin", "--create", "--scope", "resources", "--xml-text",
        "<primitive id=\"extra\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>");
    String drifted = Files.readString(Path.of(cib));

    assertThatThrownBy(() -> install(cib, dir, model("web", "db", "cache")))
        .isInstanceOfSatisfying(ConfigurationDriftException.class, e -> {
          assertThat(e.drift().ids()).containsExactly("extra");
          assertThat(e.getMessage()).startsWith("CIB install on localhost refused: the live configuration changed"
              + " since the last install (drift: extra); review it, then install with force() to replace it\n"
              + "+ resource extra\n");
        });
    assertThat(Files.readString(Path.of(cib))).as("nothing changed").isEqualTo(drifted);

    // The script alone refuses the same way (exit 3), for plans and exported scripts.
    ExecResult script = Executors.local(Duration.ofMinutes(1)).execute(LOCAL, withCibFile(
        CibInstall.artifacts(model("web", "db", "cache"), dir.resolve("install").toString()).get(3), cib));
    assertThat(script.exitCode()).isEqualTo(CibInstall.DRIFT_EXIT_CODE);
    assertThat(script.stderr()).contains("cib-install: refused: the live resources or constraints changed")
        .contains("+  <primitive id=\"extra\"");

    CibInstall.Report forced = CibInstall.using((host, artifact) -> Executors.local(Duration.ofMinutes(1))
        .execute(host, withCibFile(artifact, cib)), LOCAL, dir.resolve("install").toString()).force()
        .install(model("web", "db", "cache"));
    assertThat(forced.changes().changes()).extracting(ConfigurationDiff.Change::summary)
        .containsExactly("+ resource cache", "- resource extra");
    assertThat(Files.readString(Path.of(cib))).doesNotContain("id=\"extra\"").contains("id=\"cache\"");
    assertThat(install(cib, dir, model("web", "db", "cache")).pushed()).as("converged: no drift, no push").isFalse();
  }

  @Test
  void previewShowsWhatAnInstallWouldChange(@TempDir Path dir) throws Exception {
    String cib = liveCib(dir);
    install(cib, dir, model("web", "db"));
    Cluster changed = Cluster.builder().name("hadsl").addAllNodes(RunbookClusters.nodes(2))
        .disableFencing("offline install test")
        .addResource(Primitive.builder().id("web").agent("ocf:heartbeat:Dummy")
            .addOperation(Operation.monitor(Duration.ofSeconds(20))).build())
        .addResource(Primitive.builder().id("cache").agent("ocf:heartbeat:Dummy").build())
        .build();

    CibInstall.Report preview = CibInstall.using((host, artifact) -> Executors.local(Duration.ofMinutes(1))
        .execute(host, withCibFile(artifact, cib)), LOCAL, dir.resolve("install").toString()).preview(changed);

    assertThat(preview.drift().isEmpty()).isTrue();
    assertThat(preview.pushed()).isFalse();
    assertThat(preview.changes().render()).startsWith("~ resource web\n")
        .contains("+ resource cache\n", "- resource db\n", "- constraint order-web-db-mandatory\n")
        .contains("interval=20s");
  }

  @Test
  void sectionFilesAreCreatedPrivateAndCarryTheFencePasswordAsASecret() {
    Secret password = Secret.of("ipmi-pw-7");
    Cluster fenced = Cluster.builder().name("hadsl").addAllNodes(RunbookClusters.nodes(2))
        .addFencingDevice(Primitive.fenceIpmilan("fence-node1", "node1", "10.0.0.1", "admin", password))
        .addFencingDevice(Primitive.fenceIpmilan("fence-node2", "node2", "10.0.0.2", "admin", password)).build();

    List<Artifact> artifacts = CibInstall.artifacts(fenced, "/root/ha-dsl-cib");

    assertThat(artifacts).hasSize(4);
    for (Artifact artifact : artifacts.subList(0, 3)) {
      assertThat(((ConfigFile) artifact).mode()).isEqualTo(0600);
      assertThat(artifact.secrets()).contains(password);
    }
    assertThat(((ConfigFile) artifacts.get(2)).content()).contains("name=\"stonith-enabled\" value=\"true\"");
    assertThat(artifacts.get(3).display()).doesNotContain("ipmi-pw-7").endsWith("sh /root/ha-dsl-cib");
  }

  @Test
  void theInstallScriptPassesShellcheck(@TempDir Path dir) {
    Path script = TempFiles.write(dir, "install.sh", "#!/bin/sh\n" + CibInstall.script());
    ExecResult result = RealTools.run("shellcheck", "-s", "sh", script.toString());
    assertThat(result.exitCode()).as(result.stdout()).isZero();
  }

  @Test
  void aRelativeDirectoryIsRefused() {
    assertThatThrownBy(() -> CibInstall.artifacts(model("web"), "cib"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CIB install directory 'cib' must be an absolute path without a trailing '/'");
  }

  private static Map<String, String> nvpairs(String cib, String section) throws Exception {
    Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    Map<String, String> values = new LinkedHashMap<>();
    NodeList sections = root.getElementsByTagName(section);
    for (int s = 0; s < sections.getLength(); s++) {
      NodeList pairs = ((Element) sections.item(s)).getElementsByTagName("nvpair");
      for (int i = 0; i < pairs.getLength(); i++) {
        Element pair = (Element) pairs.item(i);
        values.put(pair.getAttribute("name"), pair.getAttribute("value"));
      }
    }
    return values;
  }
}
