package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/**
 * A TCP/UDP port from 1 to 65535. Checked here because some tools (iptables with the nft backend) silently wrap a
 * larger number instead of refusing it.
 */
@Value.Immutable
public abstract class Port implements Comparable<Port> {
  /** The port number, 1-65535. */
  @Value.Parameter
  public abstract int number();

  /** The port {@code number}; refused outside 1-65535. */
  public static Port of(int number) {
    return ImmutablePort.of(number);
  }

  /** Rejects a number outside 1-65535. */
  @Value.Check
  protected void validate() {
    checkArgument(number() >= 1 && number() <= 65535, "port %s is not from 1 to 65535", number());
  }

  @Override
  public int compareTo(Port other) {
    return Integer.compare(number(), other.number());
  }

  @Override
  public String toString() {
    return Integer.toString(number());
  }
}
