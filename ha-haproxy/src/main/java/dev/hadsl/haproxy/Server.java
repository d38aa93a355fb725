package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Checks;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Port;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A {@code server} line. Addresses are IPv4 literals: HAProxy resolves host names at start-up and refuses to start
 * when one does not resolve, which is the last thing a load balancer should depend on.
 */
@Value.Immutable
public abstract class Server {
  /** How to treat the server's certificate when talking TLS to it. */
  public enum SslVerify {
    /** {@code verify none}: accept any certificate. */
    NONE,
    /** {@code verify required}: the certificate must be signed by the {@link #caFile()} CA. */
    REQUIRED
  }

  /** The server's name in the proxy, also its cookie value under cookie stickiness. */
  public abstract String name();

  /** The server's IPv4 address. */
  public abstract Ipv4Address address();

  /** The server's port. */
  public abstract Port port();

  /** Health-check the server (on by default). */
  @Value.Default
  public boolean check() {
    return true;
  }

  /** Interval between checks. */
  public abstract Optional<Duration> inter();

  /** Consecutive good checks before a server is UP again. */
  public abstract Optional<Integer> rise();

  /** Consecutive failed checks before a server is DOWN. */
  public abstract Optional<Integer> fall();

  /** Only used when every non-backup server is down. */
  @Value.Default
  public boolean backup() {
    return false;
  }

  /**
   * {@code port}: health checks go to this port instead of the server's (a check service beside the server, as a
   * Galera node's sync check on 9200 beside MySQL's 3306).
   */
  public abstract Optional<Port> checkPort();

  /**
   * {@code on-marked-down shutdown-sessions}: when the check marks the server down, its open sessions are closed
   * at once, so a client on a node that left the cluster reconnects (to the next server) instead of waiting on it.
   */
  @Value.Default
  public boolean shutdownSessionsWhenDown() {
    return false;
  }

  /** {@code weight}, 0-256: the server's share of the load relative to the others. */
  public abstract Optional<Integer> weight();

  /** {@code maxconn}: the most concurrent connections sent to this server; more wait in the queue. */
  public abstract Optional<Integer> maxconn();

  /** Talk TLS to the server; then {@link #sslVerify()} must be given. */
  @Value.Default
  public boolean ssl() {
    return false;
  }

  /** How the server's certificate is verified; required with {@link #ssl()}. */
  public abstract Optional<SslVerify> sslVerify();

  /** The CA bundle the server's certificate is verified against; needed with {@link SslVerify#REQUIRED}. */
  public abstract Optional<String> caFile();

  /** A health-checked server at {@code address:port}, the address in dotted form. */
  public static Server of(String name, String address, int port) {
    return builder().name(name).address(Ipv4Address.of(address)).port(Port.of(port)).build();
  }

  /** A health-checked server at {@code address:port}. */
  public static Server of(String name, Ipv4Address address, int port) {
    return builder().name(name).address(address).port(Port.of(port)).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Server}. */
  public static class Builder extends ImmutableServer.Builder {}

  /**
   * Rejects malformed names, out-of-range numbers, check and TLS settings without {@code check} or {@code ssl}, and TLS
   * without a way to verify.
   */
  @Value.Check
  protected void validate() {
    Names.check("server", name());
    inter().ifPresent(d -> Durations.checkPositive("server '" + name() + "': inter", d));
    rise().ifPresent(n -> checkArgument(n >= 1, "server '%s': rise must be >= 1, was %s", name(), n));
    fall().ifPresent(n -> checkArgument(n >= 1, "server '%s': fall must be >= 1, was %s", name(), n));
    weight().ifPresent(w -> checkArgument(w >= 0 && w <= 256, "server '%s': weight must be 0-256, was %s", name(), w));
    maxconn().ifPresent(m -> checkArgument(m >= 1, "server '%s': maxconn must be >= 1, was %s", name(), m));
    checkArgument(check() || (inter().isEmpty() && rise().isEmpty() && fall().isEmpty() && checkPort().isEmpty()
        && !shutdownSessionsWhenDown()), "server '%s': inter, rise, fall, port and on-marked-down need 'check'",
        name());
    checkArgument(ssl() || (sslVerify().isEmpty() && caFile().isEmpty()),
        "server '%s': verify and ca-file need 'ssl'", name());
    checkArgument(!ssl() || sslVerify().isPresent(),
        "server '%s': with ssl, say how to verify the server certificate (HAProxy refuses to guess)", name());
    checkArgument(sslVerify().orElse(SslVerify.NONE) != SslVerify.REQUIRED || caFile().isPresent(),
        "server '%s': 'verify required' needs a ca-file", name());
    caFile().ifPresent(path -> checkArgument(path.startsWith("/") && path.matches("[^\\s\"'#\\\\]+"),
        "server '%s': ca-file '%s' must be an absolute path without spaces or quotes", name(), path));
    caFile().ifPresent(path -> Checks.absolutePath("server '" + name() + "': ca-file", path));
  }

  String render(boolean cookie) {
    StringBuilder line = new StringBuilder("server ").append(name()).append(' ').append(address()).append(':')
        .append(port());
    if (check()) {
      line.append(" check");
    }
    inter().ifPresent(d -> line.append(" inter ").append(Durations.format(d)));
    rise().ifPresent(n -> line.append(" rise ").append(n));
    fall().ifPresent(n -> line.append(" fall ").append(n));
    checkPort().ifPresent(p -> line.append(" port ").append(p));
    if (shutdownSessionsWhenDown()) {
      line.append(" on-marked-down shutdown-sessions");
    }
    weight().ifPresent(n -> line.append(" weight ").append(n));
    maxconn().ifPresent(n -> line.append(" maxconn ").append(n));
    if (backup()) {
      line.append(" backup");
    }
    if (cookie) {
      line.append(" cookie ").append(name());
    }
    if (ssl()) {
      line.append(" ssl verify ").append(sslVerify().orElseThrow() == SslVerify.NONE ? "none" : "required");
      caFile().ifPresent(ca -> line.append(" ca-file ").append(ca));
    }
    return line.toString();
  }
}
