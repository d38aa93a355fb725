package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An {@code option} line. Only options HAProxy 2.x still knows can be built, each with the mode it needs, so no
 * removed keyword is ever emitted.
 */
@Value.Immutable
public abstract class ProxyOption {
  /** The mode an option needs; empty when it works in both. */
  private static final ImmutableMap<String, Optional<Mode>> KNOWN = ImmutableMap.<String, Optional<Mode>>builder()
      .put("httplog", Optional.of(Mode.HTTP))
      .put("tcplog", Optional.empty())
      .put("dontlognull", Optional.empty())
      .put("log-health-checks", Optional.empty())
      .put("redispatch", Optional.empty())
      .put("abortonclose", Optional.empty())
      .put("allbackups", Optional.empty())
      .put("forwardfor", Optional.of(Mode.HTTP))
      .put("http-server-close", Optional.of(Mode.HTTP))
      .put("http-keep-alive", Optional.of(Mode.HTTP))
      .put("httpclose", Optional.of(Mode.HTTP))
      .put("http-buffer-request", Optional.of(Mode.HTTP))
      .put("httpchk", Optional.empty())
      .put("tcpka", Optional.empty())
      .put("clitcpka", Optional.empty())
      .put("srvtcpka", Optional.empty())
      .put("mysql-check", Optional.of(Mode.TCP))
      .put("pgsql-check", Optional.of(Mode.TCP))
      .put("redis-check", Optional.of(Mode.TCP))
      .put("ssl-hello-chk", Optional.of(Mode.TCP))
      .put("tcp-check", Optional.empty())
      .put("splice-auto", Optional.empty())
      .build();
  private static final ImmutableList<String> HEALTH_CHECKS =
      ImmutableList.of("httpchk", "mysql-check", "pgsql-check", "redis-check", "ssl-hello-chk", "tcp-check");

  /** The option keyword, e.g. {@code httpchk}. */
  @Value.Parameter
  public abstract String name();

  /** The words after the keyword; only {@code httpchk}, {@code mysql-check} and {@code redispatch} take any. */
  @Value.Parameter
  public abstract ImmutableList<String> arguments();

  /** An option without arguments, e.g. {@code ProxyOption.of("redispatch")}. */
  public static ProxyOption of(String name) {
    return ImmutableProxyOption.of(name, ImmutableList.of());
  }

  /** {@code option httpchk METHOD URI}: an HTTP health check. */
  public static ProxyOption httpchk(String method, String uri) {
    return ImmutableProxyOption.of("httpchk", ImmutableList.of(method, uri));
  }

  /** {@code option mysql-check user USER}: logs in to MySQL as a user that needs no password and no grants. */
  public static ProxyOption mysqlCheck(String user) {
    return ImmutableProxyOption.of("mysql-check", ImmutableList.of("user", user));
  }

  /**
   * {@code option redispatch INTERVAL}: a retried connection goes to another server on every {@code interval}th
   * retry (negative: on the Nth retry before the last). The bare option redispatches only on the last retry, so a
   * server that died without a reset (its SYNs unanswered) costs a request {@code retries} times {@code timeout
   * connect} until its health checks mark it down; with {@code 1} it costs one {@code timeout connect}. Since
   * HAProxy 1.6 (haproxy/haproxy 726ab7145, "MEDIUM: backend: Allow redispatch on retry intervals", v1.6-dev2).
   */
  public static ProxyOption redispatch(int interval) {
    return ImmutableProxyOption.of("redispatch", ImmutableList.of(Integer.toString(interval)));
  }

  /** {@code option forwardfor}: adds X-Forwarded-For. */
  public static ProxyOption forwardFor() {
    return of("forwardfor");
  }

  /** Rejects options this library does not know, and arguments the option does not take. */
  @Value.Check
  protected void validate() {
    checkArgument(KNOWN.containsKey(name()), "option '%s' is not an HAProxy 2.x option this library knows (%s)",
        name(), String.join(", ", KNOWN.keySet()));
    for (String argument : arguments()) {
      Names.checkOneLine("option " + name() + " argument", argument);
    }
    if (name().equals("httpchk")) {
      checkArgument(arguments().size() == 2 && arguments().get(0).matches("[A-Z]+")
              && arguments().get(1).startsWith("/") && !arguments().get(1).contains(" "),
          "option httpchk takes a method and a URI starting with '/', was %s", arguments());
    } else if (name().equals("mysql-check")) {
      checkArgument(arguments().size() == 2 && arguments().get(0).equals("user")
              && arguments().get(1).matches("[A-Za-z0-9_]{1,32}"),
          "option mysql-check takes 'user NAME', was %s", arguments());
    } else if (name().equals("redispatch")) {
      // 0 means "never redispatch" to HAProxy: a model that wants that leaves the option out.
      checkArgument(arguments().isEmpty() || arguments().size() == 1 && arguments().get(0).matches("-?[1-9][0-9]{0,8}"),
          "option redispatch takes at most one non-zero interval, was %s", arguments());
    } else {
      checkArgument(arguments().isEmpty(), "option %s takes no arguments, was %s", name(), arguments());
    }
  }

  /** The mode this option needs, if it needs one. */
  public Optional<Mode> requiredMode() {
    return KNOWN.get(name());
  }

  /** True for the options that make HAProxy health-check servers beyond a plain TCP connect. */
  public boolean isHealthCheck() {
    return HEALTH_CHECKS.contains(name());
  }

  String render() {
    StringBuilder line = new StringBuilder("option ").append(name());
    arguments().forEach(argument -> line.append(' ').append(Names.word(argument)));
    return line.toString();
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ProxyOption}. */
  public static class Builder extends ImmutableProxyOption.Builder {}
}
