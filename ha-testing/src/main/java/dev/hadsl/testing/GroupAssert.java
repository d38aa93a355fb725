package dev.hadsl.testing;

import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one group of a cluster; see {@link ClusterAssert#group(String)}. */
public final class GroupAssert extends AbstractAssert<GroupAssert, Group> {
  private final ClusterAssert cluster;

  GroupAssert(ClusterAssert cluster, Group actual) {
    super(actual, GroupAssert.class);
    this.cluster = cluster;
  }

  /**
   * The group's members are exactly these, in this order, and Pacemaker's scheduler ({@code crm_simulate}, every node
   * up) starts them in this order, all on one node.
   */
  public GroupAssert startsInOrder(String... memberIds) {
    isNotNull();
    List<String> expected = List.of(memberIds);
    List<String> declared = actual.members().stream().map(Primitive::id).toList();
    if (!declared.equals(expected)) {
      failWithMessage("expected group '%s' to have the members %s in this order, but it has %s", actual.id(), expected,
          declared);
    }
    var placement = cluster.allUp();
    List<String> started = placement.startOrder().stream().filter(expected::contains).toList();
    if (!started.equals(expected)) {
      failWithMessage("expected crm_simulate to start group '%s' as %s, but it started %s", actual.id(), expected,
          started);
    }
    List<String> nodes = expected.stream().flatMap(id -> placement.nodesOf(id).stream()).distinct().toList();
    if (nodes.size() != 1) {
      failWithMessage("expected group '%s' to run on one node, but its members run on %s", actual.id(), nodes);
    }
    return this;
  }

  /** Back to the cluster, for more assertions. */
  public ClusterAssert and() {
    return cluster;
  }
}
