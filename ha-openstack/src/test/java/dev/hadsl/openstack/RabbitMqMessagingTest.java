package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.Version;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Clone;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.pacemaker.simulation.FailoverSimulator;
import dev.hadsl.pacemaker.simulation.Placement;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messaging as a RabbitMQ cluster on the control nodes: what it renders, judged by the real tools. */
class RabbitMqMessagingTest {
  static final String PASSWORD = "rabbit-secret-8";
  static final String COOKIE = "LABCOOKIEABCDEFGHIJ42";
  private static final Host HERE = Host.of("localhost", "127.0.0.1");

  static ControlPlane rabbit(Platform platform, int nodes) {
    return ControlPlane.builder().from(RunbookPlanes.inGroup(nodes)).platform(platform).mysql(platform.mysql())
        .horizonSsl(Optional.empty()).messaging(Messaging.rabbitMq(Secret.of(PASSWORD), Secret.of(COOKIE))).build();
  }

  private final ControlPlane plane = rabbit(Platform.DEBIAN_12_LAB, 3);

  @Test
  void everyControlNodeRunsTheBrokerAsACloneAndTheGroupKeepsNone() {
    Group group = (Group) plane.cluster().resources().get(0);
    assertThat(group.members()).extracting(Primitive::id).doesNotContain("qpidd");
    Clone clone = (Clone) plane.cluster().resource("rabbitmq-clone").orElseThrow();
    assertThat(clone.promotable()).isFalse();
    assertThat(clone.metaAttributes()).containsEntry("ordered", "true").containsEntry("interleave", "true");
    Primitive rabbit = (Primitive) clone.child();
    assertThat(rabbit.agent().toString()).isEqualTo("ocf:heartbeat:rabbitmq-cluster");
    assertThat(rabbit.metaAttributes()).containsEntry("notify", "true");
    assertThat(rabbit.instanceAttributes().get("set_policy"))
        .isEqualTo("ha-all ^(?!amq\\.).* {\"ha-mode\":\"all\",\"ha-sync-mode\":\"automatic\"}");
    Plan plan = plane.plan();
    assertThat(plan.step("cluster.release.rabbitmq-server.stop").target()).isEqualTo(Target.each(plane.controlNodes()));
    assertThat(plan.step("cluster.packages").artifact().display()).contains("rabbitmq-server");
    ConfigFile cookie = (ConfigFile) plan.step("messaging.rabbitmq.cookie").artifact();
    assertThat(cookie.mode()).isEqualTo(0400);
    assertThat(cookie.owner()).contains("rabbitmq:rabbitmq");
    assertThat(((ConfigFile) plan.step("messaging.rabbitmq.environment.node2").artifact()).content())
        .contains("NODENAME=rabbit@node2\nNODE_IP_ADDRESS=192.168.122.102\n");
    List<String> ids = plan.steps().stream().map(Step::id).toList();
    assertThat(ids.indexOf("messaging.rabbitmq.cookie")).isLessThan(ids.indexOf("pacemaker.configure.01"));
    assertThat(ids.indexOf("messaging.rabbitmq.user")).isGreaterThan(ids.indexOf("pacemaker.configure.01"));
    // Neither secret is shown, nor on any command line: the password travels in the environment to printf.
    String shown = DryRunRenderer.render(plan);
    assertThat(shown).doesNotContain(PASSWORD).doesNotContain(COOKIE);
    Command user = (Command) plan.step("messaging.rabbitmq.user").artifact();
    assertThat(String.join(" ", user.argv())).doesNotContain(PASSWORD);
    assertThat(user.environment()).containsKey("HA_DSL_PASSWORD");
    assertThat(user.secrets()).extracting(Secret::reveal).contains(PASSWORD);
  }

  @Test
  void everyServiceTalksToEveryNodeAsTheServiceUser() {
    List<IniEdit> edits = ConfigEdits.controlNodeEdits(plane);
    assertThat(edits).filteredOn(e -> e.file().equals("/etc/nova/nova.conf")).extracting(IniEdit::display)
        .contains("crudini --set /etc/nova/nova.conf DEFAULT rpc_backend nova.openstack.common.rpc.impl_kombu",
            "crudini --set /etc/nova/nova.conf DEFAULT rabbit_hosts"
                + " 192.168.122.101:5672,192.168.122.102:5672,192.168.122.103:5672",
            "crudini --set /etc/nova/nova.conf DEFAULT rabbit_ha_queues True",
            "crudini --set /etc/nova/nova.conf DEFAULT rabbit_userid openstack",
            "crudini --del /etc/nova/nova.conf DEFAULT rabbit_host")
        .noneMatch(line -> line.contains("qpid"));
    assertThat(edits).filteredOn(e -> e.file().equals("/etc/glance/glance-api.conf")).extracting(IniEdit::key)
        .contains("rabbit_host", "rabbit_port", "rabbit_password").doesNotContain("rabbit_hosts", "rpc_backend");
    assertThat(edits).noneMatch(e -> e.file().equals("/etc/glance/glance-registry.conf") && e.key().startsWith("rabbit"));
    ControlPlane withCompute = ControlPlane.builder().from(plane).addComputeNodes(Host.of("compute1",
        "192.168.122.121/24")).build();
    assertThat(ConfigEdits.computeNodeEdits(withCompute)).extracting(IniEdit::key)
        .contains("rabbit_hosts", "rabbit_password");
  }

  @Test
  void crmVerifyAndThePcsReplayAcceptTheClusterAndTheSchedulerRunsABrokerOnEveryNode(@TempDir Path dir)
      throws Exception {
    Path cib = TempFiles.write(dir, "cib.xml", CibRenderer.render(plane.cluster()));
    ExecResult verify = RealTools.run("crm_verify", "-x", cib.toString(), "-V");
    assertThat(verify.exitCode()).as(verify.stderr()).isZero();
    RealTools.require("crm_simulate");
    Placement up = FailoverSimulator.using(Executors.local(), HERE, dir).allUp(plane.cluster());
    assertThat(up.nodesOf("rabbitmq")).containsExactlyInAnyOrder("node1", "node2", "node3");

    PcsReplay.assertBuildsTheNativeCib(plane.cluster(), Platform.DEBIAN_12_LAB.pacemaker(), dir);
  }

  static ControlPlane inGroup(Platform platform) {
    return ControlPlane.builder().from(RunbookPlanes.inGroup(3)).platform(platform).mysql(platform.mysql())
        .horizonSsl(Optional.empty()).messaging(Messaging.rabbitMqInGroup(Secret.of(PASSWORD))).build();
  }

  @Test
  void aSingleBrokerInTheGroupListensOnTheFloatingIpAndMakesTheServicesUser(@TempDir Path dir) {
    ControlPlane single = inGroup(Platform.DEBIAN_12_LAB);
    Group group = (Group) single.cluster().resources().get(0);
    assertThat(group.members()).extracting(Primitive::id).containsSubsequence("vip", "mysql-db", "rabbitmq", "haproxy")
        .doesNotContain("qpidd");
    Plan plan = single.plan();
    ConfigFile config = (ConfigFile) plan.step("messaging.rabbitmq.default-user").artifact();
    assertThat(config.mode()).isEqualTo(0600);
    assertThat(config.content()).contains("default_user = openstack\ndefault_pass = " + PASSWORD + "\n");
    assertThat(DryRunRenderer.render(plan)).doesNotContain(PASSWORD);
    assertThat(((ConfigFile) plan.step("messaging.rabbitmq.environment").artifact()).content())
        .contains("NODE_IP_ADDRESS=192.168.122.200\n");
    assertThat(ConfigEdits.controlNodeEdits(single)).filteredOn(e -> e.file().equals("/etc/nova/nova.conf"))
        .extracting(IniEdit::display).contains("crudini --set /etc/nova/nova.conf DEFAULT rabbit_host 192.168.122.200",
            "crudini --del /etc/nova/nova.conf DEFAULT rabbit_hosts");
    Path cib = TempFiles.write(dir, "cib.xml", CibRenderer.render(single.cluster()));
    ExecResult verify = RealTools.run("crm_verify", "-x", cib.toString(), "-V");
    assertThat(verify.exitCode()).as(verify.stderr()).isZero();
    assertThatThrownBy(() -> RabbitMqInGroup.of(Secret.of("has#hash"))).hasMessageContaining("no space and no '#'")
        .hasMessageNotContaining("has#hash");
    assertThatThrownBy(() -> inGroup(Platform.EL9)).hasMessageContaining("EL9 ships no rabbitmq-server");
  }

  @Test
  void rabbitMqIsRefusedWhereItCannotKeepAMajorityOrTheBrokerIsMissing() {
    assertThatThrownBy(() -> rabbit(Platform.DEBIAN_12_LAB, 2))
        .hasMessageContaining("messaging rabbitmq: 2 control nodes; a RabbitMQ cluster needs at least 3");
    assertThatThrownBy(() -> rabbit(Platform.EL9, 3))
        .hasMessageContaining("messaging rabbitmq: EL9 ships no rabbitmq-server");
    assertThatThrownBy(() -> rabbit(Platform.RHEL_6_5, 3))
        .hasMessageContaining("messaging rabbitmq: RHEL 6.5 ships no rabbitmq-server");
    Platform rabbit4 = Platform.builder().from(Platform.DEBIAN_12_LAB).name("Debian with RabbitMQ 4")
        .rabbitmq(Version.of("4.0.5")).build();
    assertThatThrownBy(() -> rabbit(rabbit4, 3)).hasMessageContaining("RabbitMQ 4.0.5 on Debian with RabbitMQ 4 has no"
        + " classic queue mirroring (removed in 4.0)");
    assertThatThrownBy(() -> RabbitMqMessaging.builder().user("guest").password(Secret.of(PASSWORD))
        .erlangCookie(Secret.of(COOKIE)).build()).hasMessageContaining("rabbitmq user 'guest'");
    for (String cookie : List.of("short", "has spaces in the cookie value", "quote'sAAAAAAAAAAAAAAAAAA")) {
      assertThatThrownBy(() -> RabbitMqMessaging.of(Secret.of(PASSWORD), Secret.of(cookie)))
          .hasMessageContaining("erlangCookie must be 20-255 letters and digits").hasMessageNotContaining(cookie);
    }
    for (String password : List.of("two\nlines", " padded ", "a ;comment")) {
      assertThatThrownBy(() -> RabbitMqMessaging.of(Secret.of(password), Secret.of(COOKIE)))
          .hasMessageContaining("rabbitmq password must be one non-empty line");
    }
    assertThatThrownBy(() -> ControlPlane.builder().from(plane).addApiServices(ApiService.builder()
        .from(Catalog.havanaApis().get(0)).name("on-epmd").port(dev.hadsl.core.Port.of(4369)).build()).build())
        .hasMessageContaining("port 4369 is already used by Horizon, the database or the messaging");
  }
}
