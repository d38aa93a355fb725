package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/** An IPv4 network in CIDR form, e.g. {@code 192.168.122.0/24}; host bits must be zero. */
@Value.Immutable
public abstract class Ipv4Network {
  /** The network address, host bits zero. */
  @Value.Parameter
  public abstract Ipv4Address address();

  /** The prefix length, 0-32. */
  @Value.Parameter
  public abstract int prefix();

  /** Parses {@code a.b.c.d/n}. */
  public static Ipv4Network of(String cidr) {
    checkArgument(cidr != null && cidr.indexOf('/') > 0, "IPv4 network '%s' is not in address/prefix form", cidr);
    int slash = cidr.indexOf('/');
    return of(Ipv4Address.of(cidr.substring(0, slash)), Prefixes.parse(cidr, cidr.substring(slash + 1)));
  }

  /** The network {@code address/prefix}; {@code address} must have no host bits set. */
  public static Ipv4Network of(Ipv4Address address, int prefix) {
    return ImmutableIpv4Network.of(address, prefix);
  }

  /** The network that contains {@code address} with the given prefix length. */
  public static Ipv4Network containing(Ipv4Address address, int prefix) {
    Prefixes.check(address + "/" + prefix, prefix);
    return of(Ipv4Address.ofBits(address.bits() & Prefixes.mask(prefix)), prefix);
  }

  /** Rejects a prefix outside 0-32 and an address with host bits set. */
  @Value.Check
  protected void validate() {
    Prefixes.check(this.toString(), prefix());
    checkArgument((address().bits() & ~Prefixes.mask(prefix())) == 0,
        "IPv4 network '%s' has host bits set; the network is %s/%s", this,
        Ipv4Address.ofBits(address().bits() & Prefixes.mask(prefix())), prefix());
  }

  /** Whether {@code candidate} lies inside this network. */
  public boolean contains(Ipv4Address candidate) {
    return (candidate.bits() & Prefixes.mask(prefix())) == address().bits();
  }

  /** The dotted-quad netmask, e.g. {@code 255.255.255.0}. */
  public Ipv4Address netmask() {
    return Ipv4Address.ofBits(Prefixes.mask(prefix()));
  }

  @Override
  public String toString() {
    return address() + "/" + prefix();
  }
}
