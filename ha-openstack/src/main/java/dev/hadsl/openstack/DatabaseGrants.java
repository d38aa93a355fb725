package dev.hadsl.openstack;

import dev.hadsl.core.Command;
import dev.hadsl.core.Secret;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every service's database and its grants through the floating IP: a service connects to MySQL on the floating IP,
 * so MySQL sees it coming from its node's address (or from the floating IP itself on the node that holds it). Each
 * project's user gets its database from every control node, every compute node and the floating IP.
 *
 * <p>Runs on every control node and acts only where MySQL runs (its local socket answers), so it reaches the one
 * server wherever Pacemaker put it. It first counts, in one query, the grants missing or holding another password;
 * with none missing it changes nothing ("already in place"), else it creates the databases and grants. The SQL, with
 * the passwords, travels on standard input and stays in shell variables (builtins only): no password is an argument.
 */
public final class DatabaseGrants {
  private static final int WAIT_SECONDS = 300;

  private static final String DEADLINE = String.join("\n",
      "set -eu",
      // A preview waits for nothing: MySQL not running (yet) is an answer.
      "wait=" + WAIT_SECONDS,
      "if " + Command.CHECK_ONLY_CONDITION + "; then wait=0; fi",
      "deadline=$(( $(date +%s) + wait ))");

  /** Pacemaker starts MySQL after the configuration push: wait (bounded) until it says where MySQL ($1) runs. */
  private static final String WHERE_IT_RUNS = String.join("\n",
      "while :; do",
      // Pacemaker 1.1.10 prints "resource X is running on: NODE " with a role field, possibly empty, after the name
      // (ClusterLabs/pacemaker Pacemaker-1.1.10, tools/crm_resource.c:163): keep the name only.
      "  where=$(crm_resource --resource \"$1\" --locate 2>/dev/null"
          + " | sed -n 's/.*is running on: *\\([^ ]*\\).*/\\1/p' | head -n 1)",
      "  [ -n \"$where\" ] && break",
      // A preview on a node that is no member yet cannot tell where MySQL will run: the member it runs on says.
      "  if " + Command.CHECK_ONLY_CONDITION + " && ! crm_node -l 2>/dev/null | grep -q \" $(crm_node -n 2>/dev/null)"
          + " member\"; then",
      "    echo 'database grants: this node is no cluster member yet: the node MySQL runs on makes the grants'",
      "    exit 0",
      "  fi",
      "  if [ \"$(date +%s)\" -ge \"$deadline\" ]; then",
      "    echo \"database grants: $1 runs on no node after " + WAIT_SECONDS + " s\" >&2",
      "    exit 1",
      "  fi",
      "  sleep 2",
      "done",
      "if [ \"$where\" != \"$(crm_node -n)\" ]; then",
      "  echo \"database grants: MySQL runs on $where\"",
      "  echo '" + Command.IN_PLACE + "'",
      "  exit 0",
      "fi");

  private static final String GRANT = String.join("\n",
      "until mysqladmin --connect-timeout=5 ping >/dev/null 2>&1; do",
      "  if [ \"$(date +%s)\" -ge \"$deadline\" ]; then",
      "    echo 'database grants: MySQL does not answer on its socket' >&2",
      "    exit 1",
      "  fi",
      "  sleep 2",
      "done",
      "missing=$(mysql -N)",
      "if [ \"$missing\" = 0 ]; then",
      "  echo 'database grants: every database and grant in place'",
      "  echo '" + Command.IN_PLACE + "'",
      "  exit 0",
      "fi",
      "if " + Command.CHECK_ONLY_CONDITION + "; then echo \"database grants: $missing missing\"; exit 1; fi",
      "printf '%s\\n' \"$HA_DSL_GRANTS\" | mysql",
      "echo \"database grants: $missing missing, granted\"");

  private static final String SCRIPT = String.join("\n", DEADLINE, WHERE_IT_RUNS, GRANT);
  private static final String SCRIPT_HERE = String.join("\n", DEADLINE, GRANT);

  private DatabaseGrants() {}

  /** The hosts a service connects from: every control and compute node, and the floating IP. */
  static Set<String> clientHosts(ControlPlane plane) {
    Set<String> hosts = new LinkedHashSet<>();
    plane.controlNodes().forEach(node -> hosts.add(node.address().text()));
    plane.computeNodes().forEach(node -> hosts.add(node.address().text()));
    hosts.add(plane.floatingIp().address().text());
    return hosts;
  }

  /**
   * The command for the MySQL resource {@code resource}: the check query on stdin, the grants in the environment
   * ({@code HA_DSL_GRANTS}), both readable only by the command's owner.
   */
  static Command command(String resource, Map<String, Secret> passwords, Set<String> hosts) {
    return command(Command.builder().addArgv("sh", "-c", SCRIPT, "sh", resource), passwords, hosts);
  }

  /**
   * The command for a server that runs on the node the step runs on (a Galera node: the grants replicate to the
   * others), otherwise as {@link #command(String, Map, Set)}.
   */
  static Command commandHere(Map<String, Secret> passwords, Set<String> hosts) {
    return command(Command.builder().addArgv("sh", "-c", SCRIPT_HERE, "sh"), passwords, hosts);
  }

  private static Command command(Command.Builder command, Map<String, Secret> passwords, Set<String> hosts) {
    if (passwords.isEmpty() || hosts.isEmpty()) {
      throw new IllegalArgumentException("database grants: no database or no client host to grant (databases "
          + passwords.keySet() + ", hosts " + hosts + ")");
    }
    List<String> wanted = new ArrayList<>();
    StringBuilder apply = new StringBuilder();
    for (Map.Entry<String, Secret> entry : passwords.entrySet()) {
      String project = entry.getKey();
      String password = sqlString(entry.getValue().reveal());
      command.addSecret(entry.getValue()).addSecret(Secret.of(password));
      apply.append("CREATE DATABASE IF NOT EXISTS ").append(project).append(";\n");
      for (String host : hosts) {
        wanted.add("SELECT '" + project + "' AS u, '" + host + "' AS h, " + password + " AS p");
        apply.append("GRANT ALL PRIVILEGES ON ").append(project).append(".* TO '").append(project).append("'@'")
            .append(host).append("' IDENTIFIED BY ").append(password).append(";\n");
      }
    }
    apply.append("FLUSH PRIVILEGES;\n");
    // Missing: a database that does not exist, or a user@host without this password or without its database grant.
    String check = "SELECT (SELECT COUNT(*) FROM (" + String.join(" UNION ALL ", wanted) + ") w"
        + " WHERE NOT EXISTS (SELECT 1 FROM mysql.user m WHERE m.User = w.u AND m.Host = w.h"
        + " AND m.Password = PASSWORD(w.p))"
        + " OR NOT EXISTS (SELECT 1 FROM mysql.db d WHERE d.Db = w.u AND d.User = w.u AND d.Host = w.h))"
        + " + (SELECT COUNT(*) FROM (" + String.join(" UNION ALL ", passwords.keySet().stream()
            .map(project -> "SELECT '" + project + "' AS n").toList()) + ") s"
        + " WHERE s.n NOT IN (SELECT SCHEMA_NAME FROM information_schema.SCHEMATA));\n";
    return Command.selfChecking(command.stdin(check).putEnvironment("HA_DSL_GRANTS", apply.toString()).build());
  }

  /** A single-quoted SQL string literal: backslash and quote escaped. */
  private static String sqlString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

}
