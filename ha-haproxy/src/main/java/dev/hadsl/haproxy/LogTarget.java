package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Ipv4Address;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** A {@code log} line of {@code global}: where to send logs, the syslog facility, optionally the maximum level. */
@Value.Immutable
public abstract class LogTarget {
  private static final Set<String> FACILITIES = Set.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
      "news", "uucp", "cron", "auth2", "ftp", "ntp", "audit", "alert", "cron2", "local0", "local1", "local2",
      "local3", "local4", "local5", "local6", "local7");
  private static final Set<String> LEVELS =
      Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

  /** {@code 127.0.0.1}, {@code 127.0.0.1:514} or a Unix socket path like {@code /dev/log}. */
  public abstract String address();

  /** The syslog facility, e.g. {@code local0}. */
  public abstract String facility();

  /** The most verbose level sent, e.g. {@code info}; every level when absent. */
  public abstract Optional<String> level();

  /** Every level to {@code address} under {@code facility}. */
  public static LogTarget of(String address, String facility) {
    return ImmutableLogTarget.builder().address(address).facility(facility).build();
  }

  /** Levels up to {@code level} to {@code address} under {@code facility}. */
  public static LogTarget of(String address, String facility, String level) {
    return ImmutableLogTarget.builder().address(address).facility(facility).level(level).build();
  }

  /** Rejects an address that is neither IPv4[:port] nor an absolute socket path, and unknown facilities and levels. */
  @Value.Check
  protected void validate() {
    checkArgument(address().matches("/[^\\s]+|[0-9.]+(:[0-9]{1,5})?"),
        "log target '%s' is neither an IPv4 address[:port] nor an absolute socket path", address());
    if (!address().startsWith("/")) {
      String[] parts = address().split(":");
      try {
        Ipv4Address.of(parts[0]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("log target '" + address() + "': '" + parts[0] + "' is not an IPv4 address",
            e);
      }
      checkArgument(parts.length == 1 || (Integer.parseInt(parts[1]) >= 1 && Integer.parseInt(parts[1]) <= 65535),
          "log target '%s': port %s is outside 1-65535", address(), parts.length > 1 ? parts[1] : "");
    }
    checkArgument(FACILITIES.contains(facility()), "log target '%s': unknown syslog facility '%s'", address(),
        facility());
    level().ifPresent(level -> checkArgument(LEVELS.contains(level), "log target '%s': unknown level '%s'",
        address(), level));
  }

  String render() {
    return "log " + address() + " " + facility() + level().map(l -> " " + l).orElse("");
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LogTarget}. */
  public static class Builder extends ImmutableLogTarget.Builder {}
}
