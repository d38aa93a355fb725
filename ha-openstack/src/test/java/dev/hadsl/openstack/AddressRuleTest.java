package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.ValidationException;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.qpid.QpidCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Addresses and names that no cluster of several machines can use are refused at build: group, loopback,
 * unspecified and reserved addresses for nodes and the floating IP, Qpid's group in the network-control block, a
 * node named {@code localhost} or named like an address other than its own.
 */
class AddressRuleTest {
  private static Cluster cluster(List<Host> nodes) {
    return Cluster.builder().name("c").addAllNodes(nodes).disableFencing("address rule test").build();
  }

  private static List<Host> withFirst(Host first) {
    List<Host> nodes = new ArrayList<>(RunbookPlanes.nodes(3));
    nodes.set(0, first);
    return nodes;
  }

  @Test
  void theFloatingIpMustBeAUnicastHostAddress() {
    for (String cidr : List.of("224.0.0.1/24", "239.255.42.1/24", "127.0.0.5/8", "0.0.0.1/24", "240.0.0.1/24",
        "250.1.1.1/16")) {
      assertThatThrownBy(() -> FloatingIp.of(cidr)).as(cidr).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("floating IP '" + cidr + "' is not a unicast host address");
    }
    assertThat(FloatingIp.of("192.168.122.200/24").address().text()).isEqualTo("192.168.122.200");
  }

  @Test
  void clusterNodesNeedAddressesAndNamesTheOtherNodesCanReach() {
    List<List<Object>> cases = List.of(
        List.of(withFirst(Host.of("node1", "224.0.0.9")), "node 'node1': address 224.0.0.9 is not a unicast host"),
        List.of(withFirst(Host.of("node1", "239.1.2.3")), "node 'node1': address 239.1.2.3 is not a unicast host"),
        List.of(withFirst(Host.of("node1", "0.0.0.7")), "node 'node1': address 0.0.0.7 is not a unicast host"),
        List.of(List.of(Host.of("a", "127.0.0.1"), Host.of("b", "127.0.0.2")),
            "node 'a': address 127.0.0.1 is a loopback address"),
        List.of(withFirst(Host.of("localhost", "192.168.122.101/24")),
            "node 'localhost': the name resolves to 127.0.0.1 on every machine"),
        List.of(withFirst(Host.of("localhost.localdomain", "192.168.122.101/24")),
            "node 'localhost.localdomain': the name resolves to 127.0.0.1"),
        List.of(withFirst(Host.of("192.168.122.102", "192.168.122.101/24")),
            "named like the address 192.168.122.102 but its address is 192.168.122.101"));
    for (List<Object> bad : cases) {
      @SuppressWarnings("unchecked")
      List<Host> nodes = (List<Host>) bad.get(0);
      assertThatThrownBy(() -> cluster(nodes)).as("%s", nodes).isInstanceOf(ValidationException.class)
          .hasMessageContaining((String) bad.get(1));
      assertThatThrownBy(() -> RunbookPlanes.builder(3).controlNodes(nodes).fencingDevices(List.of()).build())
          .as("as control nodes: %s", nodes).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining((String) bad.get(1));
    }
    // A node named by its own address, and a one-node cluster on loopback (a test bench), stay valid.
    assertThat(cluster(withFirst(Host.of("192.168.122.101", "192.168.122.101/24"))).nodes()).hasSize(3);
    assertThat(cluster(List.of(Host.of("bench", "127.0.0.1"))).nodes()).hasSize(1);
    assertThatThrownBy(() -> RunbookPlanes.builder(3).addComputeNode(Host.of("localhost", "192.168.122.50/24"))
        .build()).hasMessageContaining("node 'localhost': the name resolves to 127.0.0.1");
  }

  @Test
  void qpidsGroupMustNotBeInTheNetworkControlBlock() {
    for (String group : List.of("224.0.0.1", "224.0.0.251", "224.0.0.0")) {
      assertThatThrownBy(() -> QpidCluster.builder().name("q").addAllMembers(List.of(Host.of("qpid1",
          "192.168.122.111/24"), Host.of("qpid2", "192.168.122.112/24"))).multicastAddress(
              dev.hadsl.core.Ipv4Address.of(group)).build()).as(group)
          .hasMessageContaining("multicast address " + group + " is in 224.0.0.0/24, reserved for network control");
    }
    assertThatThrownBy(() -> QpidCluster.builder().name("q").addAllMembers(List.of(Host.of("localhost",
        "192.168.122.111/24"), Host.of("qpid2", "192.168.122.112/24"))).build())
        .hasMessageContaining("member 'localhost': the name resolves to 127.0.0.1");
  }
}
