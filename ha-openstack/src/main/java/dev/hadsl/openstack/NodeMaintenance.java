package dev.hadsl.openstack;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.ValidationException;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.pacemaker.observed.NodeObservation;
import dev.hadsl.pacemaker.observed.ObservedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance of one control node: {@link #drain()} moves everything Pacemaker runs there to the other nodes
 * (standby, then a bounded wait until nothing runs there: the group with the floating IP and the
 * database moves once, the node's clone instances stop), the operator works on the node, and {@link #resume()} lets
 * Pacemaker use it again (standby off, then a bounded wait until the cluster settled). Resource
 * stickiness keeps the group where it moved: bringing the node back cuts no client off a second time. Both plans run
 * on another online member, so they work while the node itself is being worked on, and both converge: a drained
 * node is not drained again, a node in service is not "resumed".
 *
 * <p>Made by {@link ControlPlane#maintenance(ObservedCluster, String)}, which refuses, before anything changes, a
 * node the model does not have, one that is no online member, and a drain that would leave no online member to run
 * the group.
 *
 * @param node the node under maintenance
 * @param acting the online member both plans run on
 * @param drain the plan that drains the node
 * @param resume the plan that brings it back
 */
public record NodeMaintenance(Host node, Host acting, Plan drain, Plan resume) {

  /** Work done on a drained node, e.g. a package upgrade and reboot through the caller's own executor. */
  @FunctionalInterface
  public interface Work {
    /** Runs the work; whatever it throws is rethrown after the node was brought back. */
    void run() throws Exception;
  }

  static NodeMaintenance of(ControlPlane plane, ObservedCluster observed, String nodeName) {
    List<String> problems = new ArrayList<>();
    Optional<Host> node = plane.controlNodes().stream().filter(h -> h.name().equals(nodeName)).findFirst();
    if (node.isEmpty()) {
      problems.add("node '" + nodeName + "' is no control node of the model (control nodes: "
          + plane.controlNodes().stream().map(Host::name).toList() + ")");
    }
    String cluster = plane.cluster().name();
    Optional<Host> acting = plane.controlNodes().stream().filter(h -> !h.name().equals(nodeName))
        .filter(h -> observed.node(h.name()).filter(o -> o.belongsTo(cluster) && o.seesMember(h.name())).isPresent())
        .findFirst();
    if (acting.isEmpty()) {
      problems.add("no other control node is an online member of cluster '" + cluster + "': draining '" + nodeName
          + "' would leave nothing to run the group on");
    } else if (node.isPresent()) {
      NodeObservation seen = observed.node(acting.get().name()).orElseThrow();
      if (!seen.seesMember(nodeName)) {
        problems.add("node '" + nodeName + "' is no online member of cluster '" + cluster + "' (members seen from "
            + acting.get().name() + ": " + seen.members().stream().sorted().toList() + "): nothing runs there to"
            + " drain; apply the model first if it is to rejoin");
      }
    }
    ValidationException.throwIfAny("maintenance of node '" + nodeName + "'", problems);
    PcsRenderer pcs = ControlPlanePlan.pcsRenderer(plane);
    Target on = Target.host(acting.get());
    Plan drain = Plan.builder().addSteps(Step.of("maintenance.drain." + nodeName, on, "drain " + nodeName
        + " for maintenance: standby, then wait until nothing runs there", pcs.standbyCommand(nodeName))).build();
    Plan resume = Plan.builder().addSteps(Step.of("maintenance.resume." + nodeName, on, "bring " + nodeName
        + " back from maintenance: unstandby, then wait until the cluster settled", pcs.unstandbyCommand(nodeName)))
        .build();
    return new NodeMaintenance(node.get(), acting.get(), drain, resume);
  }

  /**
   * Drains the node, runs {@code work}, then brings the node back, even when the work failed (its failure is
   * rethrown after); when the drain fails, the work does not run and the node stays as the drain left it.
   */
  public List<PlanRunner.Outcome> around(PlanRunner runner, Work work) throws Exception {
    List<PlanRunner.Outcome> outcomes = new ArrayList<>(runner.run(drain));
    try {
      work.run();
    } finally {
      outcomes.addAll(runner.run(resume));
    }
    return outcomes;
  }
}
