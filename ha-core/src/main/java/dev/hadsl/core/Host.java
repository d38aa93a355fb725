package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A machine the plan acts on: its name (as the cluster knows it) and its IPv4 address, optionally with the prefix
 * length of its network (needed where a tool wants the network, e.g. Corosync's bindnetaddr).
 */
@Value.Immutable
public abstract class Host {
  // RFC 1123 host name: labels of letters, digits and inner hyphens, dot separated.
  private static final Pattern HOST_NAME =
      Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  public abstract String name();

  public abstract Ipv4Address address();

  /** The prefix length of the host's network, when known. */
  public abstract Optional<Integer> prefix();

  /** {@code Host.of("node1", "192.168.122.101")} or, with the network, {@code "192.168.122.101/24"}. */
  public static Host of(String name, String address) {
    NullValueException.check(name, "host name");
    NullValueException.check(address, "address of host '" + name + "'");
    Builder builder = builder().name(name);
    int slash = address.indexOf('/');
    if (slash < 0) {
      return builder.address(Ipv4Address.of(address)).build();
    }
    return builder
        .address(Ipv4Address.of(address.substring(0, slash)))
        .prefix(Prefixes.parse(address, address.substring(slash + 1)))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Host}. */
  public static class Builder extends ImmutableHost.Builder {}

  @Value.Check
  protected void validate() {
    checkArgument(HOST_NAME.matcher(name()).matches(),
        "host name '%s' is not a valid host name (letters, digits, inner hyphens, dot-separated labels)", name());
    prefix().ifPresent(prefix -> Prefixes.check(name() + " " + address() + "/" + prefix, prefix));
  }

  /** The host's network, when its prefix is known. */
  public Optional<Ipv4Network> network() {
    return prefix().map(prefix -> Ipv4Network.containing(address(), prefix));
  }

  @Override
  public String toString() {
    return name() + " (" + address() + prefix().map(p -> "/" + p).orElse("") + ")";
  }
}
