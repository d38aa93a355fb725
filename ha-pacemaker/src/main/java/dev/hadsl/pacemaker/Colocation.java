package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** {@code resource} runs where {@code withResource} runs (or, with a negative score, never there). */
@Value.Immutable
public abstract non-sealed class Colocation implements Constraint {
  /** The id of the resource that is placed. */
  public abstract String resource();

  /** The id of the resource it is placed with, which is placed first. */
  public abstract String withResource();

  /** How strongly: {@code INFINITY} (must) unless set; negative keeps them apart. */
  @Value.Default
  public Score score() {
    return Score.INFINITY;
  }

  /** Only with this role of {@code resource}, e.g. {@code Promoted}. */
  public abstract Optional<String> resourceRole();

  /** Only with this role of {@code withResource}, e.g. {@code Promoted}. */
  public abstract Optional<String> withResourceRole();

  @Override
  @Value.Default
  public String id() {
    return "colocation-" + resource() + "-" + withResource() + "-" + score().text().replace("+", "");
  }

  /** {@code resource} always runs where {@code withResource} runs. */
  public static Colocation of(String resource, String withResource) {
    return builder().resource(resource).withResource(withResource).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Colocation}. */
  public static class Builder extends ImmutableColocation.Builder {}

  /** Rejects a malformed id, a resource colocated with itself and unknown roles. */
  @Value.Check
  protected void validate() {
    Ids.check("colocation", id());
    checkArgument(!resource().equals(withResource()), "colocation '%s': a resource cannot be colocated with itself",
        id());
    resourceRole().ifPresent(r -> Roles.check(id(), r));
    withResourceRole().ifPresent(r -> Roles.check(id(), r));
  }

  @Override
  public List<String> resourceIds() {
    return List.of(resource(), withResource());
  }
}
