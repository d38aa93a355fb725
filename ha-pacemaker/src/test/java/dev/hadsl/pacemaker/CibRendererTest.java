package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.Golden;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class CibRendererTest {
  @Test
  void rendersRunbookGroupInStartOrder(TestInfo test, @TempDir Path dir) {
    String cib = CibRenderer.render(RunbookClusters.fenced(3));
    Golden.assertMatches(test, cib);
    assertThat(cib).isEqualTo(CibRenderer.render(RunbookClusters.fenced(3)));
    Crm.assertValid(dir, "runbook.xml", cib);
  }

  @Test
  void unfencedRunbookClusterIsValidBecauseFencingIsExplicitlyOff(@TempDir Path dir) {
    Crm.assertValid(dir, "unfenced.xml", CibRenderer.render(RunbookClusters.unfenced(3)));
  }

  @Test
  void clonesPromotableClonesAndEveryConstraintKindPassCrmVerify(TestInfo test, @TempDir Path dir) {
    Primitive haproxy = Primitive.lsb("lb-haproxy", "haproxy");
    Primitive database = Primitive.builder().id("galera").agent("ocf:heartbeat:mysql")
        .putInstanceAttribute("datadir", "/var/lib/mysql")
        .addOperation(Operation.builder().name("monitor").interval(Duration.ofSeconds(10)).role("Promoted").build())
        .addOperation(Operation.builder().name("monitor").interval(Duration.ofSeconds(30)).role("Unpromoted").build())
        .build();
    Cluster cluster = Cluster.builder().name("clones").addAllNodes(RunbookClusters.nodes(3))
        .disableFencing("renderer test")
        .putProperty("no-quorum-policy", "stop")
        .putResourceDefault("resource-stickiness", "100")
        .putOperationDefault("timeout", "60s")
        .addResource(Clone.builder().child(haproxy).putMetaAttribute("interleave", "true").build())
        .addResource(Clone.promotable(database))
        .addResource(Clone.of(Group.of("services", Primitive.systemd("api", "openstack-nova-api"),
            Primitive.systemd("scheduler", "openstack-nova-scheduler"))))
        .addResource(Primitive.ipAddr2("vip", dev.hadsl.core.FloatingIp.of("192.168.122.200/24")))
        .addConstraint(Colocation.of("vip", "lb-haproxy-clone"))
        .addConstraint(Order.of("lb-haproxy-clone", "vip"))
        .addConstraint(Colocation.builder().resource("vip").withResource("galera-clone")
            .withResourceRole("Promoted").score(Score.of(500)).build())
        .addConstraint(Order.builder().first("galera-clone").firstAction("promote").then("services-clone")
            .kind(Order.Kind.OPTIONAL).build())
        .addConstraint(Location.prefers("vip", "node1", 50))
        .addConstraint(Location.avoids("galera-clone", "node3"))
        .build();
    String cib = CibRenderer.render(cluster);
    Golden.assertMatches(test, cib);
    Crm.assertValid(dir, "clones.xml", cib);
  }

  @Test
  void attributeValuesAreXmlEscaped(@TempDir Path dir) {
    Cluster cluster = Cluster.builder().name("escape").addAllNodes(RunbookClusters.nodes(1))
        .disableFencing("escaping test")
        .addResource(Primitive.filesystem("fs", "host:/srv/a&b<\"c'>", "/mnt/x", "nfs")).build();
    String cib = CibRenderer.render(cluster);
    assertThat(cib).contains("value=\"host:/srv/a&amp;b&lt;&quot;c&apos;&gt;\"");
    Crm.assertValid(dir, "escape.xml", cib);
  }

  @Test
  void crmVerifyRejectsWhatTheModelRefusesToBuild(@TempDir Path dir) {
    // The same mistakes written by hand into a valid CIB: Pacemaker rejects each, the model cannot express them.
    String valid = CibRenderer.render(RunbookClusters.unfenced(2));
    ExecResult duplicateId = Crm.verify(dir, "dup.xml", valid.replace("id=\"mysql-db\"", "id=\"vip\""));
    assertThat(duplicateId.exitCode()).isNotZero();
    ExecResult noFencing = Crm.verify(dir, "nofence.xml", valid.replace("value=\"false\"", "value=\"true\""));
    assertThat(noFencing.exitCode()).isNotZero();
    assertThat(noFencing.stderr()).contains("STONITH");
    ExecResult dangling = Crm.verify(dir, "dangling.xml", valid.replace("<constraints>",
        "<constraints>\n      <rsc_colocation id=\"c1\" rsc=\"vip\" with-rsc=\"nothing\" score=\"INFINITY\"/>"));
    assertThat(dangling.exitCode()).isNotZero();
  }
}
