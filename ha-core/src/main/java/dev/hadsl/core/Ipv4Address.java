package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;
import org.immutables.value.Value;

/** An IPv4 address in dotted-quad form, e.g. {@code 192.168.122.101}. */
@Value.Immutable
public abstract class Ipv4Address implements Comparable<Ipv4Address> {
  private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

  /** The canonical dotted-quad text. */
  @Value.Parameter
  public abstract String text();

  /** Parses {@code text}; leading zeros are refused because tools disagree on whether they mean octal. */
  public static Ipv4Address of(String text) {
    return ImmutableIpv4Address.of(NullValueException.check(text, "address"));
  }

  /** The address from its 32-bit value. */
  public static Ipv4Address ofBits(int bits) {
    return of((bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff));
  }

  /** The address as an unsigned 32-bit value in an int (computed, not stored: it must not run before the check). */
  public int bits() {
    int bits = 0;
    for (String octet : text().split("\\.")) {
      bits = (bits << 8) | Integer.parseInt(octet);
    }
    return bits;
  }

  /** Rejects text that is not four decimal octets from 0 to 255 without leading zeros. */
  @Value.Check
  protected void validate() {
    checkArgument(text() != null && DOTTED_QUAD.matcher(text()).matches(),
        "IPv4 address '%s' is not four decimal octets separated by dots", text());
    for (String octet : text().split("\\.")) {
      checkArgument(Integer.parseInt(octet) <= 255, "IPv4 address '%s': octet %s is above 255", text(), octet);
    }
  }

  /** Whether this address lies in 224.0.0.0/4. */
  public boolean isMulticast() {
    return (bits() >>> 28) == 0xe;
  }

  /** Whether a host may have it as its own address: not multicast, not 0.0.0.0/8 and not 240.0.0.0/4 (reserved). */
  public boolean isHostAddress() {
    return !isMulticast() && (bits() >>> 24) != 0 && Integer.compareUnsigned(bits(), 0xf0000000) < 0;
  }

  /** Whether this address lies in 127.0.0.0/8. */
  public boolean isLoopback() {
    return (bits() >>> 24) == 127;
  }

  @Override
  public int compareTo(Ipv4Address other) {
    return Integer.compareUnsigned(bits(), other.bits());
  }

  @Override
  public String toString() {
    return text();
  }
}
