package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;
import org.immutables.value.Value;

/** An address that moves between nodes: address, prefix length and optionally the NIC it is raised on. */
@Value.Immutable
public abstract class FloatingIp {
  /** The floating address itself. */
  public abstract Ipv4Address address();

  /** The prefix length of the network the address is raised in, e.g. 24. */
  public abstract int prefix();

  /** The interface to raise the address on; when absent, the agent picks the one whose network matches. */
  public abstract Optional<String> nic();

  /** {@code FloatingIp.of("192.168.122.200/24")}. */
  public static FloatingIp of(String cidr) {
    checkArgument(cidr != null && cidr.indexOf('/') > 0,
        "floating IP '%s' is not in address/prefix form, e.g. 192.168.122.200/24", cidr);
    int slash = cidr.indexOf('/');
    return builder()
        .address(Ipv4Address.of(cidr.substring(0, slash)))
        .prefix(Prefixes.parse(cidr, cidr.substring(slash + 1)))
        .build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link FloatingIp}. */
  public static class Builder extends ImmutableFloatingIp.Builder {}

  /**
   * Rejects a prefix outside 0-32 or of 31, an invalid NIC name, and the network or broadcast address of the subnet.
   */
  @Value.Check
  protected void validate() {
    Prefixes.check("floating IP " + address() + "/" + prefix(), prefix());
    checkArgument(prefix() < 31 || prefix() == 32,
        "floating IP '%s/%s': a /31 network has no room for a floating address beside the nodes", address(),
        prefix());
    nic().ifPresent(nic -> checkArgument(nic.matches("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}"),
        "floating IP '%s': NIC '%s' is not a valid interface name", address(), nic));
    // IPaddr2 adds it as a unicast address on a NIC: a group, loopback, unspecified or 240/4 address is none.
    checkArgument(address().isHostAddress() && !address().isLoopback(), "floating IP '%s/%s' is not a unicast host"
        + " address (multicast 224.0.0.0/4, loopback 127.0.0.0/8, 0.0.0.0/8 and 240.0.0.0/4 cannot float between"
        + " nodes)", address(), prefix());
    Ipv4Network network = network();
    if (prefix() <= 30) {
      checkArgument(!address().equals(network.address()),
          "floating IP '%s/%s' is the network address of its subnet", address(), prefix());
      checkArgument(address().bits() != (network.address().bits() | ~Prefixes.mask(prefix())),
          "floating IP '%s/%s' is the broadcast address of its subnet", address(), prefix());
    }
  }

  /** The network the address lies in. */
  public Ipv4Network network() {
    return Ipv4Network.containing(address(), prefix());
  }

  @Override
  public String toString() {
    return address() + "/" + prefix() + nic().map(n -> " on " + n).orElse("");
  }
}
