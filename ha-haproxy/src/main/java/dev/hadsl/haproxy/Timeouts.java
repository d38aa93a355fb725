package dev.hadsl.haproxy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** HAProxy's timeouts; a proxy's own override those of {@code defaults}. */
@Value.Immutable
public abstract class Timeouts {
  /** {@code timeout connect}: how long a connection to a server may take to establish. */
  public abstract Optional<Duration> connect();

  /** {@code timeout client}: the longest the client side may stay inactive. */
  public abstract Optional<Duration> client();

  /** {@code timeout server}: the longest the server side may stay inactive. */
  public abstract Optional<Duration> server();

  /** {@code timeout check}: how long a health check may wait for its answer once connected. */
  public abstract Optional<Duration> check();

  /** {@code timeout queue}: how long a request may wait for a free server slot. */
  public abstract Optional<Duration> queue();

  /** {@code timeout http-request}: how long a complete HTTP request may take to arrive. */
  public abstract Optional<Duration> httpRequest();

  /** {@code timeout http-keep-alive}: how long to wait for the next request on a kept-alive connection. */
  public abstract Optional<Duration> httpKeepAlive();

  /** For long-lived connections (websockets, noVNC) once established. */
  public abstract Optional<Duration> tunnel();

  /** Starts a builder with no timeouts set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Timeouts}. */
  public static class Builder extends ImmutableTimeouts.Builder {}

  /** No timeouts of its own. */
  public static Timeouts none() {
    return builder().build();
  }

  /** Sensible values for API services: short connect, one-minute client/server, ten-second HTTP waits. */
  public static Timeouts recommended() {
    return builder()
        .connect(Duration.ofSeconds(5))
        .client(Duration.ofMinutes(1))
        .server(Duration.ofMinutes(1))
        .check(Duration.ofSeconds(10))
        .queue(Duration.ofMinutes(1))
        .httpRequest(Duration.ofSeconds(10))
        .httpKeepAlive(Duration.ofSeconds(10))
        .build();
  }

  /** The values in HAProxy's keyword order, by keyword. */
  Map<String, Duration> byKeyword() {
    Map<String, Duration> values = new LinkedHashMap<>();
    connect().ifPresent(d -> values.put("connect", d));
    client().ifPresent(d -> values.put("client", d));
    server().ifPresent(d -> values.put("server", d));
    check().ifPresent(d -> values.put("check", d));
    queue().ifPresent(d -> values.put("queue", d));
    httpRequest().ifPresent(d -> values.put("http-request", d));
    httpKeepAlive().ifPresent(d -> values.put("http-keep-alive", d));
    tunnel().ifPresent(d -> values.put("tunnel", d));
    return values;
  }

  /** These timeouts with {@code own} values taking precedence. */
  Timeouts overriddenBy(Timeouts own) {
    return builder()
        .connect(own.connect().or(this::connect))
        .client(own.client().or(this::client))
        .server(own.server().or(this::server))
        .check(own.check().or(this::check))
        .queue(own.queue().or(this::queue))
        .httpRequest(own.httpRequest().or(this::httpRequest))
        .httpKeepAlive(own.httpKeepAlive().or(this::httpKeepAlive))
        .tunnel(own.tunnel().or(this::tunnel))
        .build();
  }

  /** Rejects a timeout that is not positive. */
  @Value.Check
  protected void validate() {
    byKeyword().forEach((keyword, duration) -> Durations.checkPositive("timeout " + keyword, duration));
  }
}
