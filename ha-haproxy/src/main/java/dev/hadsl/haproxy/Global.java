package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Checks;
import dev.hadsl.core.Version;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** The {@code global} section. */
@Value.Immutable
public abstract class Global {
  /** Fork into the background; init scripts and Pacemaker's lsb/systemd agents expect it. */
  @Value.Default
  public boolean daemon() {
    return true;
  }

  /** The {@code log} lines: where HAProxy sends its logs. */
  public abstract ImmutableList<LogTarget> logTargets();

  /** {@code maxconn}: the most concurrent connections the process accepts. */
  public abstract Optional<Integer> maxconn();

  /** {@code user}: the user HAProxy drops privileges to. */
  public abstract Optional<String> user();

  /** {@code group}: the group HAProxy drops privileges to. */
  public abstract Optional<String> group();

  /** {@code chroot}: the directory HAProxy confines itself to after start. */
  public abstract Optional<String> chroot();

  /** {@code pidfile}: where the daemon writes its process id. */
  public abstract Optional<String> pidfile();

  /** A runtime API socket path ({@code stats socket PATH mode 660 level admin}). */
  public abstract Optional<String> statsSocket();

  /**
   * {@code expose-fd listeners} on the stats socket: a reload started with {@code -x SOCKET} takes the running
   * process's listening sockets instead of binding its own, so no connection is refused or reset while the old
   * process lets go of its sockets (with {@code -sf} alone, connections queued on the old sockets are reset). The
   * master-worker mode (systemd's {@code -Ws}) passes {@code -x} itself when a stats socket exposes its listeners.
   */
  @Value.Default
  public boolean exposeListeners() {
    return false;
  }

  /** {@code ssl-default-bind-ciphers}: the OpenSSL cipher list for TLS binds. */
  public abstract Optional<String> sslDefaultBindCiphers();

  /** E.g. {@code ssl-min-ver TLSv1.2}, {@code no-tls-tickets}. */
  public abstract ImmutableList<String> sslDefaultBindOptions();

  /** Starts a builder with nothing set but {@link #daemon()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Global}. */
  public static class Builder extends ImmutableGlobal.Builder {}

  /**
   * What a distribution package ships, hardened: syslog, haproxy user, chroot, admin socket exposing the listeners
   * (for seamless reloads), TLS 1.2+.
   */
  public static Global recommended() {
    return builder()
        .addLogTarget(LogTarget.of("/dev/log", "local0"))
        .maxconn(4096)
        .user("haproxy")
        .group("haproxy")
        .chroot("/var/lib/haproxy")
        .pidfile("/var/run/haproxy.pid")
        .statsSocket("/var/lib/haproxy/stats")
        .exposeListeners(true)
        .addSslDefaultBindOption("ssl-min-ver TLSv1.2")
        .build();
  }

  /**
   * {@link #recommended()} for an older HAProxy: old protocols refused with the keywords the release has
   * ({@code ssl-min-ver} since 1.8, {@code no-sslv3}/{@code no-tlsv1x} in {@code ssl-default-bind-options} since 1.6),
   * no global TLS settings before 1.6, no listeners passed on before 1.8.
   */
  public static Global recommended(Version haproxy) {
    Global recommended = recommended();
    if (haproxy.atLeast(HaproxyVersions.SSL_MIN_VER)) {
      return recommended;
    }
    Builder global = builder().from(recommended).sslDefaultBindOptions(List.of())
        .exposeListeners(haproxy.atLeast(HaproxyVersions.EXPOSE_FD_LISTENERS));
    if (haproxy.atLeast(HaproxyVersions.SSL_DEFAULT_BIND_OPTIONS)) {
      global.addAllSslDefaultBindOptions(List.of("no-sslv3", "no-tlsv10", "no-tlsv11"));
    }
    return global.build();
  }

  /** Rejects a maxconn below 1, malformed user and group names, relative paths and unknown TLS options. */
  @Value.Check
  protected void validate() {
    maxconn().ifPresent(m -> checkArgument(m >= 1, "global maxconn must be >= 1, was %s", m));
    user().ifPresent(u -> checkArgument(u.matches("[a-z_][a-z0-9_-]*"), "global user '%s' is not a user name", u));
    group().ifPresent(g -> checkArgument(g.matches("[a-z_][a-z0-9_-]*"), "global group '%s' is not a group name", g));
    chroot().ifPresent(p -> checkArgument(p.matches("/[^\\s\"'#]*"), "global chroot '%s' is not an absolute path", p));
    pidfile().ifPresent(p -> checkArgument(p.matches("/[^\\s\"'#]*"), "global pidfile '%s' is not an absolute path", p));
    statsSocket().ifPresent(p -> checkArgument(p.matches("/[^\\s\"'#]*"),
        "global stats socket '%s' is not an absolute path", p));
    chroot().ifPresent(p -> Checks.absolutePath("global chroot", p));
    pidfile().ifPresent(p -> Checks.absolutePath("global pidfile", p));
    statsSocket().ifPresent(p -> Checks.absolutePath("global stats socket", p));
    checkArgument(!exposeListeners() || statsSocket().isPresent(),
        "global expose-fd listeners needs a stats socket to pass the listeners on");
    sslDefaultBindCiphers().ifPresent(c -> checkArgument(c.matches("[A-Za-z0-9:+!@_.-]+"),
        "global ssl-default-bind-ciphers '%s' contains characters a cipher list does not", c));
    for (String option : sslDefaultBindOptions()) {
      checkArgument(option.matches("(ssl-min-ver|ssl-max-ver) (SSLv3|TLSv1\\.[0-3])|no-tls-tickets|no-sslv3"
          + "|no-tlsv1[0-3]|prefer-client-ciphers"), "global ssl-default-bind-options: '%s' is not a known option",
          option);
    }
  }
}
