package dev.hadsl.pacemaker.observed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import dev.hadsl.core.Host;
import dev.hadsl.core.ValidationException;
import dev.hadsl.core.Version;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.PacemakerStack;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The membership difference, from observations made of corosync.conf files the real pcs writes ({@code pcs cluster
 * setup --corosync_conf FILE}, which touches no node) and of what {@code crm_node -l} and
 * {@code corosync-quorumtool -s} print.
 */
@RequiresTools({"pcs"})
class MembershipChangeTest {
  private static final Host NODE1 = Host.of("node1", "192.168.122.101/24");
  private static final Host NODE2 = Host.of("node2", "192.168.122.102/24");
  private static final Host NODE3 = Host.of("node3", "192.168.122.103/24");
  private static final PacemakerStack STACK = PacemakerStack.EL9;

  @TempDir
  Path dir;

  /** corosync.conf as pcs 0.11 writes it for {@code nodes}. */
  private String corosyncConf(String cluster, Host... nodes) throws Exception {
    Path file = dir.resolve("corosync-" + cluster + "-" + nodes.length + ".conf");
    Files.deleteIfExists(file);
    List<String> argv = new ArrayList<>(List.of("pcs", "cluster", "setup", cluster));
    for (Host node : nodes) {
      argv.addAll(List.of(node.name(), "addr=" + node.address()));
    }
    argv.addAll(List.of("--corosync_conf", file.toString()));
    RealTools.runOk(argv.toArray(String[]::new));
    return Files.readString(file);
  }

  /** What a running member answers to {@link ObservedCluster#READ}. */
  private static NodeObservation member(Host host, String corosyncConf, List<Host> members, int expectedVotes) {
    StringBuilder out = new StringBuilder("@corosync.conf\n").append(corosyncConf).append("@cluster.conf\n@members\n");
    for (int i = 0; i < members.size(); i++) {
      out.append(i + 1).append(' ').append(members.get(i).name()).append(" member\n");
    }
    out.append("@quorum\nQuorum information\n------------------\nQuorate:          Yes\n\nVotequorum information\n"
        + "----------------------\nExpected votes:   ").append(expectedVotes).append("\nTotal votes:      ")
        .append(members.size()).append("\n@end\n");
    return ObservedCluster.parse(host.name(), ExecResult.of(0, out.toString(), ""));
  }

  private static NodeObservation bare(Host host) {
    return ObservedCluster.parse(host.name(), ExecResult.of(0, "@corosync.conf\n@cluster.conf\n@members\n@quorum\n"
        + "@end\n", ""));
  }

  private static ObservedCluster observed(NodeObservation... nodes) {
    Map<String, NodeObservation> map = new LinkedHashMap<>();
    for (NodeObservation node : nodes) {
      map.put(node.host(), node);
    }
    return new ObservedCluster(ImmutableMap.copyOf(map));
  }

  private static Cluster model(Host... nodes) {
    return Cluster.builder().name("openstack").addNodes(nodes).disableFencing("a test of membership").build();
  }

  @Test
  void parsesWhatPcsWrites() throws Exception {
    CorosyncNodelist two = CorosyncNodelist.parseCorosyncConf(corosyncConf("openstack", NODE1, NODE2)).orElseThrow();
    assertThat(two.clusterName()).isEqualTo("openstack");
    assertThat(two.nodes()).containsExactly(new CorosyncNodelist.Member("node1", "192.168.122.101", 1),
        new CorosyncNodelist.Member("node2", "192.168.122.102", 2));
    assertThat(two.twoNode()).as("pcs sets two_node for two nodes").isTrue();
    CorosyncNodelist three = CorosyncNodelist.parseCorosyncConf(corosyncConf("openstack", NODE1, NODE2, NODE3))
        .orElseThrow();
    assertThat(three.names()).containsExactly("node1", "node2", "node3");
    assertThat(three.twoNode()).isFalse();
    assertThat(CorosyncNodelist.parseCorosyncConf("")).isEmpty();
    assertThatThrownBy(() -> CorosyncNodelist.parseCorosyncConf("totem {\n cluster_name: x\n"))
        .hasMessage("corosync.conf: section 'totem' is never closed");
  }

  @Test
  void parsesCmanClusterConf() {
    CorosyncNodelist cman = CorosyncNodelist.parseClusterConf("<cluster config_version=\"9\" name=\"openstack\">\n"
        + "  <cman two_node=\"1\" expected_votes=\"1\"/>\n  <clusternodes>\n"
        + "    <clusternode name=\"node1\" nodeid=\"1\"/>\n    <clusternode name=\"node2\" nodeid=\"2\"/>\n"
        + "  </clusternodes>\n</cluster>\n").orElseThrow();
    assertThat(cman.clusterName()).isEqualTo("openstack");
    assertThat(cman.names()).containsExactly("node1", "node2");
    assertThat(cman.twoNode()).isTrue();
  }

  @Test
  void bareHostsAreDayOne() {
    assertThat(MembershipChange.between(model(NODE1, NODE2), STACK, observed(bare(NODE1), bare(NODE2))).dayOne())
        .isTrue();
    assertThat(MembershipChange.between(model(NODE1, NODE2), STACK, ObservedCluster.none()).dayOne()).isTrue();
  }

  @Test
  void aNodeInTheModelOnlyIsAddedFromAnOnlineMember() throws Exception {
    String conf = corosyncConf("openstack", NODE1, NODE2);
    MembershipChange change = MembershipChange.between(model(NODE1, NODE2, NODE3), STACK,
        observed(member(NODE1, conf, List.of(NODE1, NODE2), 2), member(NODE2, conf, List.of(NODE1, NODE2), 2),
            bare(NODE3)));
    assertThat(change.problems()).isEmpty();
    assertThat(change.dayOne()).isFalse();
    assertThat(change.acting()).contains(NODE1);
    assertThat(change.added()).containsExactly(NODE3);
    assertThat(change.removed()).isEmpty();
    assertThat(change.describe()).containsExactly("add node3 (192.168.122.103/24) to cluster 'openstack'");
  }

  @Test
  void aRecordedNodeTheModelDropsIsRemovedAtItsRecordedAddress() throws Exception {
    String conf = corosyncConf("openstack", NODE1, NODE2, NODE3);
    List<Host> all = List.of(NODE1, NODE2, NODE3);
    MembershipChange change = MembershipChange.between(model(NODE1, NODE2), STACK,
        observed(member(NODE1, conf, all, 3), member(NODE2, conf, all, 3), member(NODE3, conf, all, 3)));
    assertThat(change.problems()).isEmpty();
    assertThat(change.removed()).containsExactly(NODE3);
    assertThat(change.added()).isEmpty();
    assertThat(MembershipChange.between(model(NODE1, NODE2, NODE3), STACK,
        observed(member(NODE1, conf, all, 3), member(NODE2, conf, all, 3), member(NODE3, conf, all, 3))).isEmpty())
        .isTrue();
  }

  @Test
  void aRemovalThatLosesQuorumIsRefused() throws Exception {
    String conf = corosyncConf("openstack", NODE1, NODE2, NODE3);
    Host node4 = Host.of("node4", "192.168.122.104/24");
    // node2 is down: removing node3 would leave node1 alone with 1 of 3 votes.
    MembershipChange change = MembershipChange.between(model(NODE1, NODE2, node4), STACK,
        observed(member(NODE1, conf, List.of(NODE1, NODE3), 3), NodeObservation.unreachable("node2", "exit 255"),
            member(NODE3, conf, List.of(NODE1, NODE3), 3), bare(node4)));
    assertThat(change.problems()).containsExactly("removing node3 leaves 1 online member of 3 votes: the cluster"
        + " would lose quorum; bring the other recorded nodes online, or remove fewer nodes in one apply");
    assertThatThrownBy(change::requireSafe).isInstanceOf(ValidationException.class)
        .hasMessageContaining("membership of cluster 'openstack'").hasMessageContaining("would lose quorum");
  }

  @Test
  void renamesReaddressesAndUnusableNewNodesAreRefusedTogether() throws Exception {
    String conf = corosyncConf("openstack", NODE1, NODE2, NODE3);
    List<Host> all = List.of(NODE1, NODE2, NODE3);
    Host renamed = Host.of("node4", "192.168.122.103/24");
    Host moved = Host.of("node2", "192.168.122.112/24");
    Host silent = Host.of("node5", "192.168.122.105/24");
    Host foreign = Host.of("node6", "192.168.122.106/24");
    MembershipChange change = MembershipChange.between(model(NODE1, moved, renamed, silent, foreign), STACK,
        observed(member(NODE1, conf, all, 3), member(moved, conf, all, 3), bare(renamed),
            NodeObservation.unreachable("node5", "exit 255: ssh: connect to host 192.168.122.105 port 22: No route"),
            member(foreign, corosyncConf("other", foreign, Host.of("x1", "192.168.122.107")), List.of(foreign), 2)));
    assertThat(change.problems()).containsExactly(
        "node 'node6' belongs to cluster 'other', not 'openstack': destroy that cluster there (pcs cluster destroy)"
            + " before it joins this one",
        "node 'node2': the cluster records address 192.168.122.102, the model has 192.168.122.112: a node's address"
            + " does not change in place; remove the node (one apply), then add it with its new address (another)",
        "node 'node4': its address 192.168.122.103 is recorded for node 'node3': a node is not renamed in place;"
            + " remove 'node3' (one apply), then add 'node4' (another)",
        "node 'node5' is to be added but does not answer: exit 255: ssh: connect to host 192.168.122.105 port 22:"
            + " No route",
        "node 'node6' is to be added but already has a cluster configuration (cluster 'other', nodes [node6, x1]):"
            + " pcs refuses it; destroy it there first (pcs cluster destroy)");
  }

  @Test
  void aBareMachineUnderARecordedNameRejoins() throws Exception {
    String conf = corosyncConf("openstack", NODE1, NODE2, NODE3);
    MembershipChange change = MembershipChange.between(model(NODE1, NODE2, NODE3), STACK,
        observed(bare(NODE1), member(NODE2, conf, List.of(NODE2, NODE3), 3),
            member(NODE3, conf, List.of(NODE2, NODE3), 3)));
    assertThat(change.problems()).isEmpty();
    assertThat(change.acting()).contains(NODE2);
    assertThat(change.rejoining()).containsExactly(NODE1);
    assertThat(change.added()).isEmpty();
  }

  @Test
  void platformsWhosePcsCannotChangeMembershipAreRefusedWithWhatToDo() throws Exception {
    String conf = corosyncConf("openstack", NODE1, NODE2);
    ObservedCluster grown = observed(member(NODE1, conf, List.of(NODE1, NODE2), 2),
        member(NODE2, conf, List.of(NODE1, NODE2), 2), bare(NODE3));
    assertThat(MembershipChange.between(model(NODE1, NODE2, NODE3), PacemakerStack.RHEL_6_5, grown).problems())
        .singleElement().asString().startsWith("pcs 0.9.90 on CMAN adds and removes nodes only through pcsd")
        .contains("ccs -f /etc/cluster/cluster.conf --addnode NAME").endsWith("nodes to add: [node3], to remove: [],"
            + " to rejoin: []");
    PacemakerStack el7 = PacemakerStack.builder().from(PacemakerStack.EL9).pcs(Version.of("0.9.169"))
        .corosync(Version.of("2.4.5")).build();
    assertThat(MembershipChange.between(model(NODE1, NODE2, NODE3), el7, grown).problems())
        .singleElement().asString().startsWith("pcs 0.9.169 names added nodes as NODE[,ALTADDR]");
  }
}
