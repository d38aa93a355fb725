package dev.hadsl.testing;

import static dev.hadsl.testing.HaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.haproxy.Bind;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.haproxy.Server;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Location;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.testing.tools.RequiresTools;
import org.junit.jupiter.api.Test;

/** Each assertion fails, with a message that says why, when what it claims is false. */
class HaAssertionsTest {
  private static final Host NODE1 = Host.of("node1", "192.168.122.101/24");
  private static final Host NODE2 = Host.of("node2", "192.168.122.102/24");

  private static Cluster.Builder twoNodes() {
    return Cluster.builder().name("lab").addNodes(NODE1, NODE2).disableFencing("assertion tests")
        .addResource(Group.of("services", Primitive.ipAddr2("vip", FloatingIp.of("192.168.122.200/24")),
            Primitive.lsb("haproxy")));
  }

  @Test
  @RequiresTools({"crm_simulate", "crm_mon"})
  void aGroupPinnedToOneNodeDoesNotSurviveItsFailure() {
    Cluster pinned = twoNodes().addConstraint(Location.avoids("services", "node2")).build();
    assertThat(pinned).survivesFailureOf("node2");
    assertThatThrownBy(() -> assertThat(pinned).survivesFailureOf("node1"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("survive the failure of node1")
        .hasMessageContaining("vip stopped");
    assertThatThrownBy(() -> assertThat(pinned).survivesFailureOf("node9"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("'node9' to be a node of cluster 'lab'");
  }

  @Test
  @RequiresTools({"crm_simulate", "crm_mon"})
  void aGroupStartsInItsDeclaredOrderOnly() {
    assertThat(twoNodes().build()).group("services").startsInOrder("vip", "haproxy");
    assertThatThrownBy(() -> assertThat(twoNodes().build()).group("services").startsInOrder("haproxy", "vip"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("members [haproxy, vip] in this order");
    assertThatThrownBy(() -> assertThat(twoNodes().build()).group("nope"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("a group 'nope'");
  }

  @Test
  @RequiresTools("crm_verify")
  void crmVerifyAcceptsAClusterWhoseFencingIsOffForAGivenReason() {
    assertThat(twoNodes().build()).isAcceptedByCrmVerify();
  }

  @Test
  @RequiresTools("haproxy")
  void haproxyRefusesACertificateThatIsNotThere() {
    HaproxyConfig config = HaproxyConfig.builder().addProxy(Proxy.listen("horizon")
        .addBind(Bind.ssl(NODE1.address(), 8443, "/nonexistent/horizon.pem"))
        .addServer(Server.of("node1", "127.0.0.1", 8080)).build()).build();
    assertThatThrownBy(() -> assertThat(config).isAcceptedByHaproxy())
        .isInstanceOf(AssertionError.class).hasMessageContaining("haproxy -c -dW")
        .hasMessageContaining("/nonexistent/horizon.pem");
    assertThatThrownBy(() -> assertThat(config).hasProxy("keystone"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("a proxy 'keystone', but there are [horizon]");
  }

  @Test
  void aPasswordInAnArgumentVectorIsNamedByStepNotShown() {
    Secret password = Secret.of("s3cret-marker");
    Step leaky = Step.of("set-password", Target.host(NODE1), "sets a password",
        Command.builder().addArgv("chpasswd-like", "--password", password.reveal()).addSecrets(password).build());
    Plan plan = Plan.builder().addSteps(leaky).build();
    assertThat(plan).hasStep("set-password").runsOnExactly("node1");
    assertThatThrownBy(() -> assertThat(plan).hasNoSecretsInArgv())
        .isInstanceOf(AssertionError.class).hasMessageContaining("step 'set-password': argument 2")
        .message().doesNotContain("s3cret-marker");
  }
}
