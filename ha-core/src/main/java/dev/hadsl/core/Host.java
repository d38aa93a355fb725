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

  /** The host name as the cluster knows it (RFC 1123). */
  public abstract String name();

  /** The host's own IPv4 address. */
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

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Host}. */
  public static class Builder extends ImmutableHost.Builder {}

  /** Rejects an invalid host name and a prefix outside 0-32. */
  @Value.Check
  protected void validate() {
    checkArgument(HOST_NAME.matcher(name()).matches(),
        "host name '%s' is not a valid host name (letters, digits, inner hyphens, dot-separated labels)",
        Checks.printable(name()));
    prefix().ifPresent(prefix -> Prefixes.check(name() + " " + address() + "/" + prefix, prefix));
    // In a /30 or larger subnet the first and last addresses name the network and its broadcast: no interface can
    // hold them as a host address (/31 and /32 have no such addresses, RFC 3021).
    prefix().filter(prefix -> prefix <= 30).ifPresent(prefix -> {
      int hostBits = ~(-1 << (32 - prefix));
      int offset = address().bits() & hostBits;
      checkArgument(offset != 0 && offset != hostBits, "host '%s': address %s/%s is the %s address of its subnet, not"
          + " a host address", name(), address(), prefix, offset == 0 ? "network" : "broadcast");
    });
  }

  /** Whether {@code name} is a valid DNS host name: dot-separated labels of letters, digits and inner hyphens. */
  public static boolean isValidName(String name) {
    return name != null && HOST_NAME.matcher(name).matches();
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
