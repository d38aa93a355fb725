package dev.hadsl.pacemaker.simulation;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import java.util.List;
import java.util.Optional;

/**
 * Where resources run in a simulated cluster state, and the resource starts of the transition that led there, in
 * the order Pacemaker executed them.
 */
public record Placement(ImmutableListMultimap<String, String> nodesByResource, ImmutableList<StartAction> starts) {
  /** One {@code start} of the transition. */
  public record StartAction(String resource, String node) {}

  /** The nodes a resource is active on (several for a clone, none when stopped). */
  public List<String> nodesOf(String resourceId) {
    return nodesByResource.get(resourceId);
  }

  /** The single node a resource runs on, if it runs on exactly one. */
  public Optional<String> nodeOf(String resourceId) {
    List<String> nodes = nodesOf(resourceId);
    return nodes.size() == 1 ? Optional.of(nodes.get(0)) : Optional.empty();
  }

  /** The resources started by the transition, in execution order. */
  public List<String> startOrder() {
    return starts.stream().map(StartAction::resource).toList();
  }
}
