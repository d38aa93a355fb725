package dev.hadsl.qpid;

import dev.hadsl.core.Host;
import java.util.ArrayList;
import java.util.List;

/** Qpid clusters on separate nodes, as the runbook's alternate deployment. */
final class QpidClusters {
  private QpidClusters() {}

  static List<Host> members(int count) {
    List<Host> members = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      members.add(Host.of("qpid" + i, "192.168.122." + (110 + i) + "/24"));
    }
    return members;
  }

  static QpidCluster cluster(int count, CorosyncTransport transport) {
    return QpidCluster.builder().name("openstack-qpid").addAllMembers(members(count)).transport(transport).build();
  }
}
