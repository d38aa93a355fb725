package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.NullValueException;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** A resource agent: {@code class[:provider]:type}, e.g. {@code ocf:heartbeat:IPaddr2}, {@code lsb:qpidd}. */
@Value.Immutable
public abstract class Agent {
  private static final Set<String> CLASSES = Set.of("ocf", "lsb", "systemd", "service", "stonith");

  /** The resource class: {@code ocf}, {@code lsb}, {@code systemd}, {@code service} or {@code stonith}. */
  public abstract String standard();

  /** The OCF provider, e.g. {@code heartbeat}; present exactly for {@code ocf} agents. */
  public abstract Optional<String> provider();

  /** The agent's name within its class, e.g. {@code IPaddr2}. */
  public abstract String type();

  /** Parses {@code ocf:heartbeat:IPaddr2}, {@code lsb:qpidd}, {@code stonith:fence_ipmilan}. */
  public static Agent parse(String spec) {
    String[] parts = NullValueException.check(spec, "agent").split(":", -1);
    checkArgument(parts.length == 2 || parts.length == 3,
        "agent '%s' is not class:type or ocf:provider:type", spec);
    ImmutableAgent.Builder builder = ImmutableAgent.builder().standard(parts[0]).type(parts[parts.length - 1]);
    if (parts.length == 3) {
      builder.provider(parts[1]);
    }
    return builder.build();
  }

  /** Rejects unknown classes, a provider on a non-OCF agent or none on an OCF one, and malformed names. */
  @Value.Check
  protected void validate() {
    checkArgument(CLASSES.contains(standard()), "agent '%s': class '%s' is not one of ocf, lsb, systemd, service,"
        + " stonith", this, standard());
    checkArgument(standard().equals("ocf") == provider().isPresent(),
        "agent '%s': %s", this, standard().equals("ocf") ? "an ocf agent needs a provider (ocf:heartbeat:IPaddr2)"
            : "only ocf agents have a provider");
    // Never a leading '-' or '.': the type reaches init commands as an argument (service TYPE restart, systemctl
    // restart TYPE), where "--help" is an option that exits 0 and ".." a directory beside the init scripts.
    checkArgument(type().matches("[A-Za-z0-9_@][A-Za-z0-9_.@-]*"), "agent '%s': type '%s' is not a valid agent name"
        + " (letters, digits and _ . @ -, not starting with - or .)", this, type());
    provider().ifPresent(p -> checkArgument(p.matches("[A-Za-z0-9_-]+"), "agent '%s': provider '%s' is not valid",
        this, p));
  }

  /** Whether this is a fencing agent ({@code stonith:}). */
  public boolean isStonith() {
    return standard().equals("stonith");
  }

  @Override
  public String toString() {
    return standard() + provider().map(p -> ":" + p).orElse("") + ":" + type();
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Agent}. */
  public static class Builder extends ImmutableAgent.Builder {}
}
