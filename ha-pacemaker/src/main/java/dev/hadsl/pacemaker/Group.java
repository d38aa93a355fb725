package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import org.immutables.value.Value;

/**
 * Primitives kept together on one node and started in order (stopped in reverse): the runbook's floating IP, file
 * system, MySQL, Qpid, consoleauth and HAProxy.
 */
@Value.Immutable
public abstract non-sealed class Group implements Resource {
  @Override
  public abstract String id();

  /** Members in start order. */
  public abstract ImmutableList<Primitive> members();

  @Override
  public abstract ImmutableMap<String, String> metaAttributes();

  /** A group of {@code members}, started in the order given. */
  public static Group of(String id, Primitive... members) {
    return builder().id(id).addMembers(members).build();
  }

  /** A group of {@code members}, started in list order. */
  public static Group of(String id, List<Primitive> members) {
    return builder().id(id).addAllMembers(members).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Group}. */
  public static class Builder extends ImmutableGroup.Builder {}

  /** Rejects a malformed id and a group without members. */
  @Value.Check
  protected void validate() {
    Ids.check("group", id());
    checkArgument(!members().isEmpty(), "group '%s' has no members; Pacemaker refuses an empty group", id());
  }

  @Override
  public ImmutableList<Resource> selfAndDescendants() {
    return ImmutableList.<Resource>builder().add(this).addAll(members()).build();
  }

  @Override
  public ImmutableList<Primitive> primitives() {
    return members();
  }

  @Override
  public String toString() {
    return "group " + id() + " " + members().stream().map(Primitive::id).toList();
  }
}
