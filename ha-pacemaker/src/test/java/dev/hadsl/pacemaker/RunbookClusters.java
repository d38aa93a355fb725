package dev.hadsl.pacemaker;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import java.util.ArrayList;
import java.util.List;

/** The runbook's cluster: one group (floating IP, NFS file system, MySQL, qpidd, consoleauth, HAProxy) on N nodes. */
final class RunbookClusters {
  static final List<String> GROUP_ORDER = List.of("vip", "mysql-fs", "mysql-db", "qpidd", "consoleauth", "haproxy");

  private RunbookClusters() {}

  static List<Host> nodes(int count) {
    List<Host> nodes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      nodes.add(Host.of("node" + i, "192.168.122." + (100 + i) + "/24"));
    }
    return nodes;
  }

  static Group runbookGroup() {
    return Group.of("test-group",
        Primitive.ipAddr2("vip", FloatingIp.of("192.168.122.200/24")),
        Primitive.filesystem("mysql-fs", "192.168.122.1:/srv/mysql", "/var/lib/mysql", "nfs"),
        Primitive.mysql("mysql-db", MysqlOptions.rhel6()),
        Primitive.lsb("qpidd"),
        Primitive.lsb("consoleauth", "openstack-nova-consoleauth"),
        Primitive.lsb("haproxy"));
  }

  /** The runbook group, fenced by one IPMI device per node, each kept off the node it fences. */
  static Cluster fenced(int nodeCount) {
    Cluster.Builder cluster = Cluster.builder().name("openstack").addAllNodes(nodes(nodeCount))
        .putResourceDefault("resource-stickiness", "100")
        .addResource(runbookGroup());
    for (Host node : nodes(nodeCount)) {
      String device = "fence-" + node.name();
      cluster.addFencingDevice(Primitive.fenceIpmilan(device, node.name(), "10.0.0." + node.address().text()
          .substring(node.address().text().lastIndexOf('.') + 1), "admin", Secret.of("ipmi-secret")));
      cluster.addConstraint(Location.avoids(device, node.name()));
    }
    return cluster.build();
  }

  /** The same group with fencing explicitly off, as a test bed. */
  static Cluster unfenced(int nodeCount) {
    return Cluster.builder().name("openstack").addAllNodes(nodes(nodeCount))
        .disableFencing("simulation test bed without power control")
        .addResource(runbookGroup()).build();
  }
}
