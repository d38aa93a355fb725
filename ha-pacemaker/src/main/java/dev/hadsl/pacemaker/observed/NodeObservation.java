package dev.hadsl.pacemaker.observed;

import com.google.common.collect.ImmutableSet;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one host said about the cluster when it was asked.
 *
 * @param host the host's name in the model (or in the cluster's records, for a node the model no longer has)
 * @param reachable whether the host answered at all; every other field is empty when it did not
 * @param unreachableBecause why it did not answer (the executor's error or the tail of its output)
 * @param configuration the membership its own cluster configuration records (corosync.conf, or cluster.conf on
 *     CMAN); empty when it has none: a bare or destroyed node
 * @param members the nodes its running cluster stack counts as members right now ({@code crm_node -l}); empty when
 *     Pacemaker does not run there
 * @param quorate whether its Corosync reports quorum ({@code corosync-quorumtool -s}); empty when Corosync does not
 *     run there
 * @param expectedVotes the votes its Corosync expects; empty when Corosync does not run there
 */
public record NodeObservation(String host, boolean reachable, String unreachableBecause,
    Optional<CorosyncNodelist> configuration, ImmutableSet<String> members, Optional<Boolean> quorate,
    OptionalInt expectedVotes) {

  /** A host that did not answer. */
  public static NodeObservation unreachable(String host, String because) {
    return new NodeObservation(host, false, because, Optional.empty(), ImmutableSet.of(), Optional.empty(),
        OptionalInt.empty());
  }

  /** Whether its running Pacemaker counts {@code node} as a member. */
  public boolean seesMember(String node) {
    return members.contains(node);
  }

  /** Whether this host's own configuration records a cluster named {@code clusterName}. */
  public boolean belongsTo(String clusterName) {
    return configuration.map(c -> c.clusterName().equals(clusterName)).orElse(false);
  }
}
