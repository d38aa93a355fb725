package dev.hadsl.testing;

import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.simulation.FailoverSimulator;
import dev.hadsl.pacemaker.simulation.Placement;
import dev.hadsl.testing.tools.RealTools;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a Pacemaker {@link Cluster}, answered by Pacemaker's own tools on the rendered CIB: {@code crm_verify}
 * for validity, {@code crm_simulate} (offline, no cluster needed) for placement and failover.
 */
public final class ClusterAssert extends AbstractAssert<ClusterAssert, Cluster> {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  ClusterAssert(Cluster actual) {
    super(actual, ClusterAssert.class);
  }

  /** {@code crm_verify -V} accepts the rendered CIB. */
  public ClusterAssert isAcceptedByCrmVerify() {
    isNotNull();
    try (WorkDirectory work = WorkDirectory.create("crm-verify")) {
      // The CIB holds the fence passwords: it is written 0600 into a private directory.
      String cib = work.writePrivately("cib.xml", CibRenderer.render(actual)).toString();
      ExecResult result = RealTools.run("crm_verify", "-x", cib, "-V");
      if (!result.succeeded()) {
        failWithMessage("expected crm_verify to accept the CIB of cluster '%s', but it exited %d:%n%s",
            actual.name(), result.exitCode(), result.stderr().strip());
      }
    }
    return this;
  }

  /** The group with this id, for assertions on it; fails if the cluster has no such group. */
  public GroupAssert group(String id) {
    isNotNull();
    Group group = actual.allResources().stream().filter(Group.class::isInstance).map(Group.class::cast)
        .filter(candidate -> candidate.id().equals(id)).findFirst().orElse(null);
    if (group == null) {
      failWithMessage("expected cluster '%s' to have a group '%s'", actual.name(), id);
    }
    return new GroupAssert(this, group);
  }

  /**
   * With every node up and then {@code node} failed, everything that ran keeps running, on surviving nodes only:
   * Pacemaker's scheduler decides, as it would on the real cluster (fencing, quorum, constraints and stickiness
   * included).
   */
  public ClusterAssert survivesFailureOf(String node) {
    isNotNull();
    if (actual.nodes().stream().noneMatch(host -> host.name().equals(node))) {
      failWithMessage("expected '%s' to be a node of cluster '%s', whose nodes are %s", node, actual.name(),
          actual.nodes().stream().map(Host::name).toList());
    }
    try (WorkDirectory work = WorkDirectory.create("crm-simulate")) {
      RealTools.require("crm_simulate");
      RealTools.require("crm_mon");
      FailoverSimulator simulator = FailoverSimulator.using(Executors.local(), LOCAL, work.path());
      Placement before = simulator.allUp(actual);
      Placement after = simulator.afterFailureOf(actual, node);
      List<String> problems = new ArrayList<>();
      for (String resource : before.nodesByResource().keySet()) {
        List<String> nodes = after.nodesOf(resource);
        if (nodes.isEmpty()) {
          problems.add(resource + " stopped (it ran on " + before.nodesOf(resource) + ")");
        } else if (nodes.contains(node)) {
          problems.add(resource + " still reported on the failed node " + node);
        }
      }
      if (!problems.isEmpty()) {
        failWithMessage("expected cluster '%s' to survive the failure of %s, but:%n  %s", actual.name(), node,
            String.join(System.lineSeparator() + "  ", problems));
      }
    }
    return this;
  }

  Placement allUp() {
    try (WorkDirectory work = WorkDirectory.create("crm-simulate")) {
      RealTools.require("crm_simulate");
      RealTools.require("crm_mon");
      return FailoverSimulator.using(Executors.local(), LOCAL, work.path()).allUp(actual);
    }
  }
}
