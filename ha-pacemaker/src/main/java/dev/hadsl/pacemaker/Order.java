package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/** {@code then} is acted on after {@code first} (by default: started after, stopped before). */
@Value.Immutable
public abstract non-sealed class Order implements Constraint {
  /** How strict the order is. */
  public enum Kind {
    /** {@code then} is never acted on before {@code first}; stopping {@code first} stops {@code then} too. */
    MANDATORY("Mandatory"),
    /** The order applies only when both actions happen in the same transition. */
    OPTIONAL("Optional"),
    /** The two actions never run at the same time, in either order. */
    SERIALIZE("Serialize");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** The kind as the CIB spells it, e.g. {@code Mandatory}. */
    public String text() {
      return text;
    }
  }

  private static final Set<String> ACTIONS = Set.of("start", "stop", "promote", "demote");

  /** The id of the resource acted on first. */
  public abstract String first();

  /** The id of the resource acted on after it. */
  public abstract String then();

  /** The action on {@code first} the order waits for; {@code start} unless set. */
  @Value.Default
  public String firstAction() {
    return "start";
  }

  /** The action on {@code then} that waits; {@code start} unless set. */
  @Value.Default
  public String thenAction() {
    return "start";
  }

  /** How strict the order is; {@link Kind#MANDATORY} unless set. */
  @Value.Default
  public Kind kind() {
    return Kind.MANDATORY;
  }

  @Override
  @Value.Default
  public String id() {
    return "order-" + first() + "-" + then() + "-" + kind().text().toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code then} starts after {@code first} (and stops before it). */
  public static Order of(String first, String then) {
    return builder().first(first).then(then).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Order}. */
  public static class Builder extends ImmutableOrder.Builder {}

  /** Rejects a malformed id, a resource ordered after itself and actions other than start, stop, promote and demote. */
  @Value.Check
  protected void validate() {
    Ids.check("order", id());
    checkArgument(!first().equals(then()), "order '%s': a resource cannot be ordered after itself", id());
    checkArgument(ACTIONS.contains(firstAction()) && ACTIONS.contains(thenAction()),
        "order '%s': actions must be start, stop, promote or demote, were '%s' and '%s'", id(), firstAction(),
        thenAction());
  }

  @Override
  public List<String> resourceIds() {
    return List.of(first(), then());
  }
}
