package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/** {@code then} is acted on after {@code first} (by default: started after, stopped before). */
@Value.Immutable
public abstract class Order implements Constraint {
  /** How strict the order is. */
  public enum Kind {
    MANDATORY("Mandatory"),
    OPTIONAL("Optional"),
    SERIALIZE("Serialize");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private static final Set<String> ACTIONS = Set.of("start", "stop", "promote", "demote");

  public abstract String first();

  public abstract String then();

  @Value.Default
  public String firstAction() {
    return "start";
  }

  @Value.Default
  public String thenAction() {
    return "start";
  }

  @Value.Default
  public Kind kind() {
    return Kind.MANDATORY;
  }

  @Override
  @Value.Default
  public String id() {
    return "order-" + first() + "-" + then() + "-" + kind().text().toLowerCase(java.util.Locale.ROOT);
  }

  public static Order of(String first, String then) {
    return builder().first(first).then(then).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Order}. */
  public static class Builder extends ImmutableOrder.Builder {}

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
