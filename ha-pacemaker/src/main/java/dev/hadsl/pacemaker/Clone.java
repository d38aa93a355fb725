package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.immutables.value.Value;

/**
 * A primitive or group running on several nodes at once (HAProxy on every node); promotable when one instance is
 * promoted (database primary).
 */
@Value.Immutable
public abstract non-sealed class Clone implements Resource {
  /** The cloned primitive or group. */
  public abstract Resource child();

  /** Whether one instance is promoted (a database primary); false unless set. */
  @Value.Default
  public boolean promotable() {
    return false;
  }

  /** {@code <child>-clone} unless given: the id pcs gives. */
  @Override
  @Value.Default
  public String id() {
    return child().id() + "-clone";
  }

  @Override
  public abstract ImmutableMap<String, String> metaAttributes();

  /** {@code child} cloned, with the default id {@code <child>-clone}. */
  public static Clone of(Resource child) {
    return builder().child(child).build();
  }

  /** {@code child} cloned with one instance promoted. */
  public static Clone promotable(Resource child) {
    return builder().child(child).promotable(true).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Clone}. */
  public static class Builder extends ImmutableClone.Builder {}

  /** Rejects a malformed id, a clone of a clone and {@code promotable} given as a meta attribute. */
  @Value.Check
  protected void validate() {
    Ids.check("clone", id());
    checkArgument(!(child() instanceof Clone), "clone '%s': a clone cannot contain a clone ('%s')", id(),
        child().id());
    checkArgument(!metaAttributes().containsKey("promotable"),
        "clone '%s': set promotable(true) instead of the meta attribute", id());
  }

  /** The meta attributes as rendered, with {@code promotable=true} first when promotable. */
  ImmutableMap<String, String> effectiveMetaAttributes() {
    ImmutableMap.Builder<String, String> meta = ImmutableMap.builder();
    if (promotable()) {
      meta.put("promotable", "true");
    }
    return meta.putAll(metaAttributes()).build();
  }

  @Override
  public ImmutableList<Resource> selfAndDescendants() {
    return ImmutableList.<Resource>builder().add(this).addAll(child().selfAndDescendants()).build();
  }

  @Override
  public ImmutableList<Primitive> primitives() {
    return child().primitives();
  }

  @Override
  public String toString() {
    return (promotable() ? "promotable clone " : "clone ") + id() + " of " + child().id();
  }
}
