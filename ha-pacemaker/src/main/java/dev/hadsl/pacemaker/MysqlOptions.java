package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Checks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** The parameters of {@code ocf:heartbeat:mysql} an active/passive database on shared storage sets. */
@Value.Immutable
public abstract class MysqlOptions {
  /** The server start script, e.g. {@code /usr/bin/mysqld_safe}. */
  public abstract Optional<String> binary();

  /** The configuration file, e.g. {@code /etc/my.cnf}. */
  public abstract Optional<String> config();

  /** The data directory, on the shared storage. */
  public abstract Optional<String> datadir();

  /** The pid file, in a directory the mysql user may write. */
  public abstract Optional<String> pid();

  /** The Unix socket clients on the node connect through. */
  public abstract Optional<String> socket();

  /** The user mysqld runs as. */
  public abstract Optional<String> user();

  /** The group mysqld runs as. */
  public abstract Optional<String> group();

  /** mysqld's error log; the agent creates the file (not its directory) and hands it to the user. */
  public abstract Optional<String> log();

  /** Starts a builder with nothing set (the agent's defaults). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link MysqlOptions}. */
  public static class Builder extends ImmutableMysqlOptions.Builder {}

  /** RHEL 6's MySQL layout, as the runbook's nodes have it. */
  public static MysqlOptions rhel6() {
    return builder()
        .binary("/usr/bin/mysqld_safe")
        .config("/etc/my.cnf")
        .datadir("/var/lib/mysql")
        .pid("/var/run/mysqld/mysqld.pid")
        .socket("/var/lib/mysql/mysql.sock")
        .user("mysql")
        .group("mysql")
        .build();
  }

  /**
   * EL9's MariaDB layout: the same paths as RHEL 6 but the pid under {@code /run/mariadb}, where the package's tmpfiles
   * rule creates a directory the mysql user may write.
   */
  public static MysqlOptions el9() {
    return builder().from(rhel6()).pid("/run/mariadb/mariadb.pid").build();
  }

  /**
   * Debian's MariaDB layout: configuration under /etc/mysql, pid and socket under /run/mysqld. The error log goes to
   * /var/log/mysqld.log: the agent's Debian default, /var/log/mysql/error.log, names a directory Debian 12's
   * mariadb-server no longer ships (it logs to the journal), and the agent creates only the file, so mysqld_safe
   * fails to start (seen on the lab cluster).
   */
  public static MysqlOptions debian() {
    return builder().from(rhel6()).config("/etc/mysql/my.cnf").pid("/run/mysqld/mysqld.pid")
        .socket("/run/mysqld/mysqld.sock").log("/var/log/mysqld.log").build();
  }

  /**
   * Rejects paths the agent would resolve against its own working directory (relative, or with '.' and '..') and
   * user or group names that are not Unix names.
   */
  @Value.Check
  protected void validate() {
    Map<String, Optional<String>> paths = new LinkedHashMap<>();
    paths.put("mysql binary", binary());
    paths.put("mysql config", config());
    paths.put("mysql datadir", datadir());
    paths.put("mysql pid", pid());
    paths.put("mysql socket", socket());
    paths.put("mysql log", log());
    paths.forEach((what, path) -> path.ifPresent(p -> Checks.absolutePath(what, p)));
    for (Optional<String> name : List.of(user(), group())) {
      name.ifPresent(n -> checkArgument(n.matches("[a-z_][a-z0-9_-]{0,31}"), "mysql user/group '%s' is not a Unix"
          + " user or group name", Checks.printable(n)));
    }
  }

  Map<String, String> asParameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    binary().ifPresent(v -> parameters.put("binary", v));
    config().ifPresent(v -> parameters.put("config", v));
    datadir().ifPresent(v -> parameters.put("datadir", v));
    pid().ifPresent(v -> parameters.put("pid", v));
    socket().ifPresent(v -> parameters.put("socket", v));
    user().ifPresent(v -> parameters.put("user", v));
    group().ifPresent(v -> parameters.put("group", v));
    log().ifPresent(v -> parameters.put("log", v));
    return parameters;
  }
}
