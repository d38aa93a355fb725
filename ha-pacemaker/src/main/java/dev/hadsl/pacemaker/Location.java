package dev.hadsl.pacemaker;

import java.util.List;
import org.immutables.value.Value;

/** {@code resource} prefers (positive score) or avoids (negative score) {@code node}. */
@Value.Immutable
public abstract non-sealed class Location implements Constraint {
  /** The id of the resource placed. */
  public abstract String resource();

  /** The node's name, as the cluster knows it. */
  public abstract String node();

  /** Positive to prefer the node, negative to avoid it; {@code -INFINITY} never runs there. */
  public abstract Score score();

  @Override
  @Value.Default
  public String id() {
    return "location-" + resource() + "-" + node() + "-" + score().text().replace("+", "");
  }

  /** {@code resource} prefers {@code node} by {@code score}. */
  public static Location prefers(String resource, String node, int score) {
    return builder().resource(resource).node(node).score(Score.of(score)).build();
  }

  /** Never run {@code resource} on {@code node}. */
  public static Location avoids(String resource, String node) {
    return builder().resource(resource).node(node).score(Score.MINUS_INFINITY).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Location}. */
  public static class Builder extends ImmutableLocation.Builder {}

  /** Rejects a malformed id. */
  @Value.Check
  protected void validate() {
    Ids.check("location", id());
  }

  @Override
  public List<String> resourceIds() {
    return List.of(resource());
  }
}
