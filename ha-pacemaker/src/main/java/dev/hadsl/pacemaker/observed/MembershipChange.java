package dev.hadsl.pacemaker.observed;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Host;
import dev.hadsl.core.ValidationException;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.PacemakerStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the cluster's membership differs from the model, read from what the nodes record and see: the nodes to add
 * (in the model, not recorded), to remove (recorded, not in the model), and to rejoin (recorded and in the model,
 * but back as a bare machine: no cluster configuration of its own), the member that carries the change out, and
 * every reason the change cannot be made safely. A cluster no host records yet is {@linkplain #dayOne() day one}:
 * the model's plan forms it.
 *
 * @param clusterName the model's cluster name
 * @param dayOne no host records the cluster: the plan forms it from scratch
 * @param acting the member that runs the change (first in the model's order that is an online member), when there is one
 * @param added the model's nodes the cluster does not record, in the model's order
 * @param removed the recorded nodes the model no longer has, with their recorded addresses
 * @param rejoining the model's nodes the cluster records that came back bare (replaced machines)
 * @param problems why the change cannot be made; empty when it can
 */
public record MembershipChange(String clusterName, boolean dayOne, Optional<Host> acting, ImmutableList<Host> added,
    ImmutableList<Host> removed, ImmutableList<Host> rejoining, ImmutableList<String> problems) {

  /** The plan for bare hosts: nothing recorded, nothing to change. */
  public static MembershipChange dayOne(Cluster model) {
    return new MembershipChange(model.name(), true, Optional.empty(), ImmutableList.of(), ImmutableList.of(),
        ImmutableList.of(), ImmutableList.of());
  }

  /** Whether nothing is added, removed or rejoined. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && rejoining.isEmpty();
  }

  /** Throws a {@link ValidationException} listing every problem, before anything changes. */
  public MembershipChange requireSafe() {
    ValidationException.throwIfAny("membership of cluster '" + clusterName + "'", problems);
    return this;
  }

  /**
   * The difference between {@code model} and what {@code observed} says. The recorded membership is the acting
   * member's corosync.conf (pcs keeps every node's copy the same); with no member online, the first model node's
   * that records the cluster.
   */
  public static MembershipChange between(Cluster model, PacemakerStack stack, ObservedCluster observed) {
    String name = model.name();
    List<NodeObservation> asked = model.nodes().stream().map(node -> observed.node(node.name()))
        .flatMap(Optional::stream).toList();
    if (observed.isNone() || asked.stream().noneMatch(node -> node.configuration().isPresent())) {
      return dayOne(model);
    }
    List<String> problems = new ArrayList<>();
    for (NodeObservation node : asked) {
      node.configuration().filter(c -> !c.clusterName().equals(name)).ifPresent(other -> problems.add("node '"
          + node.host() + "' belongs to cluster '" + other.clusterName() + "', not '" + name + "': destroy that"
          + " cluster there (pcs cluster destroy) before it joins this one"));
    }
    Optional<Host> acting = model.nodes().stream().filter(node -> observed.node(node.name())
        .filter(o -> o.belongsTo(name) && o.seesMember(node.name())).isPresent()).findFirst();
    Optional<Host> recorder = acting.or(() -> model.nodes().stream()
        .filter(node -> observed.node(node.name()).filter(o -> o.belongsTo(name)).isPresent()).findFirst());
    if (recorder.isEmpty()) {
      ValidationException.throwIfAny("membership of cluster '" + name + "'", problems);
      return dayOne(model);
    }
    NodeObservation recorderNode = observed.node(recorder.get().name()).orElseThrow();
    CorosyncNodelist recorded = recorderNode.configuration().orElseThrow();
    Set<String> modelNames = model.nodes().stream().map(Host::name).collect(Collectors.toSet());

    List<Host> added = new ArrayList<>();
    List<Host> rejoining = new ArrayList<>();
    for (Host node : model.nodes()) {
      Optional<CorosyncNodelist.Member> member = recorded.member(node.name());
      Optional<NodeObservation> seen = observed.node(node.name());
      if (member.isPresent()) {
        String address = member.get().address();
        if (!address.isEmpty() && !address.equals(node.address().text())) {
          problems.add("node '" + node.name() + "': the cluster records address " + address + ", the model has "
              + node.address() + ": a node's address does not change in place; remove the node (one apply), then"
              + " add it with its new address (another)");
        } else if (seen.filter(o -> o.reachable() && o.configuration().isEmpty()).isPresent()) {
          rejoining.add(node);
        }
        continue;
      }
      recorded.nodes().stream().filter(m -> m.address().equals(node.address().text())).findFirst()
          .ifPresent(other -> problems.add("node '" + node.name() + "': its address " + node.address() + " is"
              + " recorded for node '" + other.name() + "': a node is not renamed in place; remove '" + other.name()
              + "' (one apply), then add '" + node.name() + "' (another)"));
      if (seen.isEmpty() || !seen.get().reachable()) {
        problems.add("node '" + node.name() + "' is to be added but does not answer"
            + seen.map(o -> ": " + o.unreachableBecause()).orElse(""));
      } else if (seen.get().configuration().isPresent()) {
        problems.add("node '" + node.name() + "' is to be added but already has a cluster configuration (cluster '"
            + seen.get().configuration().get().clusterName() + "', nodes " + seen.get().configuration().get().names()
            + "): pcs refuses it; destroy it there first (pcs cluster destroy)");
      }
      added.add(node);
    }
    List<Host> removed = new ArrayList<>();
    for (CorosyncNodelist.Member member : recorded.nodes()) {
      if (!modelNames.contains(member.name())) {
        removed.add(leavingHost(member, model));
      }
    }
    boolean changes = !added.isEmpty() || !removed.isEmpty() || !rejoining.isEmpty();
    if (changes) {
      if (stack.cman()) {
        problems.add("pcs " + stack.pcs() + " on CMAN adds and removes nodes only through pcsd, which RHEL 6.5 does"
            + " not run (ClusterLabs/pcs 0.9.90, pcs/cluster.py cluster_node, utils.py sendHTTPRequest): change the"
            + " membership by hand (on every node: ccs -f /etc/cluster/cluster.conf --addnode NAME or --rmnode NAME,"
            + " and the node's fence instance; then cman_tool version -r) and apply again; nodes to add: "
            + names(added) + ", to remove: " + names(removed) + ", to rejoin: " + names(rejoining));
      } else if (!stack.pcs010()) {
        problems.add("pcs " + stack.pcs() + " names added nodes as NODE[,ALTADDR] (pcs 0.9 usage.py 'cluster node"
            + " add'); this library renders pcs 0.10's 'node add NAME addr=ADDRESS' only: change the membership with"
            + " pcs by hand and apply again");
      }
      if (acting.isEmpty()) {
        problems.add("no node of the model is an online member of cluster '" + name + "' (recorded: "
            + recorded.names() + "): start the cluster on its recorded nodes before its membership changes");
      } else {
        quorumProblem(recorded, observed.node(acting.get().name()).orElseThrow(), removed, rejoining)
            .ifPresent(problems::add);
      }
      if (model.nodes().size() < 2) {
        problems.add("the model leaves " + model.nodes().size() + " node: a cluster keeps at least two");
      }
    }
    return new MembershipChange(name, false, acting.or(() -> recorder), ImmutableList.copyOf(added),
        ImmutableList.copyOf(removed), ImmutableList.copyOf(rejoining), ImmutableList.copyOf(problems));
  }

  /**
   * Removing a node stops it; the nodes that stay and are members now must still hold more than half of the votes
   * the cluster counts before the change, or the change itself loses quorum (pcs refuses it too:
   * CorosyncQuorumWillBeLost, pcs lib/commands/cluster.py remove_nodes). A rejoining node is removed and added again,
   * so it counts as leaving.
   */
  private static Optional<String> quorumProblem(CorosyncNodelist recorded, NodeObservation acting,
      List<Host> removed, List<Host> rejoining) {
    if (removed.isEmpty() && rejoining.isEmpty()) {
      return Optional.empty();
    }
    Set<String> leaving = new java.util.HashSet<>(names(removed));
    leaving.addAll(names(rejoining));
    int votes = acting.expectedVotes().orElse(recorded.nodes().size());
    long staying = recorded.names().stream().filter(n -> !leaving.contains(n) && acting.seesMember(n)).count();
    if (2 * staying > votes) {
      return Optional.empty();
    }
    return Optional.of("removing " + String.join(", ", leaving.stream().sorted().toList()) + " leaves " + staying
        + " online member" + (staying == 1 ? "" : "s") + " of " + votes + " votes: the cluster would lose quorum;"
        + " bring the other recorded nodes online, or remove fewer nodes in one apply");
  }

  /** A recorded node the model no longer has: its recorded address, in the model nodes' network. */
  private static Host leavingHost(CorosyncNodelist.Member member, Cluster model) {
    String address = member.address().isEmpty() ? member.name() : member.address();
    Optional<Integer> prefix = model.nodes().get(0).prefix();
    try {
      return Host.of(member.name(), address + prefix.map(p -> "/" + p).orElse(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cluster '" + model.name() + "' records node '" + member.name()
          + "' at '" + address + "', which is no IPv4 address this library can reach it by", e);
    }
  }

  private static List<String> names(List<Host> hosts) {
    return hosts.stream().map(Host::name).toList();
  }

  /** One line per change, for progress output and the preview. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    added.forEach(node -> lines.add("add " + node + " to cluster '" + clusterName + "'"));
    rejoining.forEach(node -> lines.add("rejoin " + node + " (recorded, back without a cluster configuration)"));
    removed.forEach(node -> lines.add("remove " + node + " from cluster '" + clusterName + "' (drained first)"));
    return lines;
  }
}
