package dev.hadsl.testing;

import static dev.hadsl.testing.HaAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.haproxy.Bind;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.haproxy.Server;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.testing.tools.RequiresTools;
import org.junit.jupiter.api.Test;

/** What a user writes to test their own deployment: the README's example, kept compiling and passing here. */
@RequiresTools({"crm_verify", "crm_simulate", "haproxy"})
class UserClusterTest {
  @Test
  void myClusterAndMyProxy() {
    Cluster cluster = Cluster.builder().name("openstack")
        .addNodes(Host.of("node1", "192.168.122.101/24"), Host.of("node2", "192.168.122.102/24"))
        .disableFencing("unit test of placement only")
        .addResource(Group.of("openstack", Primitive.ipAddr2("vip", FloatingIp.of("192.168.122.200/24")),
            Primitive.lsb("haproxy")))
        .build();
    assertThat(cluster).isAcceptedByCrmVerify().survivesFailureOf("node1").survivesFailureOf("node2")
        .group("openstack").startsInOrder("vip", "haproxy");

    HaproxyConfig proxy = HaproxyConfig.builder().addProxy(Proxy.listen("glance-api")
        .addBind(Bind.of("127.0.0.1", 9292)).addServer(Server.of("node1", "127.0.0.1", 19292)).build()).build();
    assertThat(proxy).hasProxy("glance-api").isAcceptedByHaproxy();
    assertThat(proxy.render()).contains("server node1 127.0.0.1:19292");
  }
}
