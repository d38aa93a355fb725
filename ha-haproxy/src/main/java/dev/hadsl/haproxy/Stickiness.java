package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** Keeps a client on one server: by an inserted cookie (HTTP) or by a stick table keyed on an address. */
@Value.Immutable
public abstract class Stickiness {
  /** What stickiness is keyed on. */
  public enum Kind {
    /** {@code cookie NAME insert indirect nocache}; every server gets {@code cookie <server name>}. */
    COOKIE,
    /** {@code stick-table type ip} + {@code stick on src}: the client's address. */
    SOURCE,
    /**
     * {@code stick-table type ip} + {@code stick on dst}: the address the client asked for, which with a tiny table
     * pins every client to the first server that answered (active/passive through the balancer, e.g. a broker).
     */
    DESTINATION
  }

  /** What stickiness is keyed on. */
  public abstract Kind kind();

  /** The cookie name, for {@link Kind#COOKIE}. */
  public abstract Optional<String> cookieName();

  /** Stick-table entries, for the table kinds. */
  @Value.Default
  public int tableSize() {
    return 200_000;
  }

  /** How long an idle stick-table entry is kept; absent, entries leave only when the table is full. */
  public abstract Optional<Duration> expire();

  /** By an inserted cookie called {@code name} (HTTP mode). */
  public static Stickiness cookie(String name) {
    return ImmutableStickiness.builder().kind(Kind.COOKIE).cookieName(name).build();
  }

  /** By the client's address, in a table of {@code tableSize} entries expiring after {@code expire}. */
  public static Stickiness source(int tableSize, Duration expire) {
    return ImmutableStickiness.builder().kind(Kind.SOURCE).tableSize(tableSize).expire(expire).build();
  }

  /** By the address the client connected to, in a table of {@code tableSize} entries. */
  public static Stickiness destination(int tableSize) {
    return ImmutableStickiness.builder().kind(Kind.DESTINATION).tableSize(tableSize).build();
  }

  /**
   * Rejects a cookie name for the table kinds or none for a cookie, malformed names, an empty table and a non-positive
   * expiry.
   */
  @Value.Check
  protected void validate() {
    checkArgument((kind() == Kind.COOKIE) == cookieName().isPresent(), "stickiness %s: a cookie name is %s", kind(),
        kind() == Kind.COOKIE ? "required" : "only for COOKIE");
    cookieName().ifPresent(name -> checkArgument(name.matches("[A-Za-z0-9_-]+"),
        "stickiness cookie name '%s' may only contain letters, digits, '-' and '_'", name));
    checkArgument(tableSize() >= 1, "stickiness: table size must be >= 1, was %s", tableSize());
    expire().ifPresent(d -> Durations.checkPositive("stickiness expire", d));
  }

  /** Whether this needs HTTP mode. */
  boolean needsHttp() {
    return kind() == Kind.COOKIE;
  }

  List<String> render() {
    return switch (kind()) {
      case COOKIE -> List.of("cookie " + cookieName().orElseThrow() + " insert indirect nocache");
      case SOURCE, DESTINATION -> List.of(
          "stick-table type ip size " + tableSize() + expire().map(d -> " expire " + Durations.format(d)).orElse(""),
          "stick on " + (kind() == Kind.SOURCE ? "src" : "dst"));
    };
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Stickiness}. */
  public static class Builder extends ImmutableStickiness.Builder {}
}
