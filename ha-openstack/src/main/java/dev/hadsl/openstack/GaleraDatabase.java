package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.PackageManager;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.haproxy.Bind;
import dev.hadsl.haproxy.Mode;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.haproxy.ProxyOption;
import dev.hadsl.haproxy.Server;
import dev.hadsl.haproxy.Stickiness;
import dev.hadsl.haproxy.Timeouts;
import dev.hadsl.pacemaker.Clone;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Primitive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * MariaDB with Galera on every control node: multi-master replication, no shared storage, under
 * {@code ocf:heartbeat:galera} as a promotable clone (every instance promoted: "promoted" is a running, synced
 * mysqld). The agent, not this library, picks the node that bootstraps the cluster: the one with the most advanced
 * seqno, once every node has reported it.
 *
 * <p>Services still reach the database on the floating IP, through HAProxy, which sends every connection to one
 * node at a time (all servers {@code backup}, stuck to one by a destination table: no write conflicts between
 * nodes) and takes a node out while its sync check (an HTTP answer on port 9200 from xinetd, 200 only while
 * {@code wsrep_local_state} is 4, Synced) fails, closing its sessions. The recipe is RDO's (beekhof/osp-ha-deploy
 * pcmk/galera.scenario and pcmk/lb.scenario), with the settings MariaDB 10.5+ removed left out and the cluster
 * address in the file, which MariaDB 10.11 needs.
 */
@Value.Immutable
public abstract sealed class GaleraDatabase implements Database permits ImmutableGaleraDatabase {
  static final String RESOURCE = "galera";
  static final int CHECK_PORT = 9200;
  /** Galera's replication (gcomm), incremental and full state transfer ports (MariaDB "Configuring MariaDB Galera"). */
  static final List<Integer> REPLICATION_PORTS = List.of(4567, 4568, 4444);
  static final String CHECK_SCRIPT = "/usr/local/bin/ha-dsl-galera-check";
  static final String CHECK_SERVICE = "/etc/xinetd.d/ha-dsl-galera-check";
  /** How long a node may take to join and finish a full state transfer before the plan gives up on it. */
  static final int SYNC_WAIT_SECONDS = 300;

  /** {@code wsrep_cluster_name}: nodes of another name never join. */
  @Value.Default
  public String clusterName() {
    return "openstack";
  }

  /** How a joining node receives the data ({@code wsrep_sst_method}): {@code rsync} unless set. */
  @Value.Default
  public String stateTransfer() {
    return "rsync";
  }

  /**
   * How long Galera waits before it takes a silent node for dead and the others go on without it
   * ({@code evs.suspect_timeout}; Galera's default, 5 s, when absent). Until then every commit on the survivors
   * waits for the dead node (in the lab: writes resumed 5.9-6.4 s after the writer's crash with the default, however
   * fast HAProxy moved). Lower detects a crash sooner at the price of dropping a node that stalls that long; the
   * hard limit ({@code evs.inactive_timeout}) follows at three times it, within Galera's default 15 s, and the
   * keepalive at a fifth (Galera refuses one of a third or more). 1 s and 5 s both start Galera 26.4.23 (tried with
   * mariadbd here). The low-latency profile's counterpart of {@link ControlPlane#corosyncToken()}.
   */
  public abstract Optional<Duration> failureDetection();

  /** Galera on every control node, with the defaults. */
  public static GaleraDatabase onEveryControlNode() {
    return builder().build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link GaleraDatabase}. */
  public static class Builder extends ImmutableGaleraDatabase.Builder {}

  /** Rejects a cluster name, state transfer method or failure detection Galera would not take, all at once. */
  @Value.Check
  protected void validate() {
    List<String> problems = new ArrayList<>();
    if (!clusterName().matches("[A-Za-z0-9_.-]{1,64}")) {
      problems.add("galera clusterName '" + dev.hadsl.core.Checks.printable(clusterName())
          + "' is not 1-64 of A-Z, a-z, 0-9, '_', '.', '-'");
    }
    failureDetection().filter(timeout -> timeout.compareTo(Duration.ofSeconds(1)) < 0
        || timeout.compareTo(Duration.ofSeconds(5)) > 0 || timeout.toMillis() % 100 != 0).ifPresent(timeout ->
            problems.add("galera failureDetection " + timeout + " must be 1-5 s in whole tenths (Galera's default is"
                + " 5 s; below 1 s a busy node is dropped)"));
    if (!List.of("rsync", "mariabackup").contains(stateTransfer())) {
      problems.add("galera stateTransfer '" + dev.hadsl.core.Checks.printable(stateTransfer())
          + "' is not rsync or mariabackup");
    }
    dev.hadsl.core.ValidationException.throwIfAny("database galera", problems);
  }

  /** None: the group keeps the floating IP and HAProxy; the database runs on every node. */
  @Override
  public ImmutableList<Primitive> groupMembers(ControlPlane plane) {
    return ImmutableList.of();
  }

  /**
   * The clone, every instance promoted ({@code promoted-max} = the nodes), promoted one at a time ({@code ordered}):
   * joiners take their state transfer one after another. No order ties the group to it: a mandatory order after a
   * clone restarts the group (and moves the floating IP) whenever any one Galera node stops; HAProxy's sync check
   * is what keeps clients off a node that is not ready.
   */
  @Override
  public void addResources(ControlPlane plane, Cluster.Builder cluster) {
    cluster.addResource(resource(plane));
  }

  static Clone resource(ControlPlane plane) {
    List<String> names = plane.controlNodes().stream().map(Host::name).toList();
    return Clone.builder().child(Primitive.galera(RESOURCE, plane.mysql(), names)).promotable(true)
        .putMetaAttribute("promoted-max", Integer.toString(names.size()))
        .putMetaAttribute("ordered", "true")
        .build();
  }

  @Override
  public ImmutableMap<String, String> clusterManagedServices(ControlPlane plane) {
    return ImmutableMap.of(plane.platform().mysqlService(), "the Galera database");
  }

  /**
   * The server, the wsrep provider, rsync for state transfers (and mariabackup with socat when it transfers) and
   * xinetd for the sync check. Debian 12: mariadb-server with galera-4 (bookworm); EL9: mariadb-server-galera, which
   * requires galera (AppStream).
   */
  @Override
  public ImmutableList<String> packages(ControlPlane plane) {
    ImmutableList.Builder<String> packages = ImmutableList.builder();
    if (plane.platform().packageManager() == PackageManager.APT) {
      packages.add("mariadb-server", "galera-4");
    } else {
      packages.add("mariadb-server-galera");
    }
    packages.add("rsync", "xinetd");
    if (stateTransfer().equals("mariabackup")) {
      // wsrep_sst_mariabackup streams through socat; the tool is its own package on Debian and EL9.
      packages.add("mariadb-backup", "socat");
    }
    return packages.build();
  }

  /** Each node's Galera settings, and the sync check HAProxy asks, before Pacemaker first starts the agent. */
  @Override
  public void addStepsBeforeClusterForms(ControlPlane plane, Plan.Builder plan) {
    for (Host node : plane.controlNodes()) {
      plan.addStep(Step.builder().id("database.galera.config." + node.name()).target(Target.host(node))
          .waitsFor(Step.Wait.OWN_HOST)
          .description("Galera settings of " + node.name() + " (the agent gives wsrep_cluster_address itself)")
          .artifact(ConfigFile.of(configFile(plane), config(plane, node))).build());
      plan.addStep(Step.builder().id("database.galera.check-service." + node.name()).target(Target.host(node))
          .waitsFor(Step.Wait.OWN_HOST)
          .description("xinetd answers HAProxy's sync check on " + node.address() + ":" + CHECK_PORT)
          .artifact(ConfigFile.of(CHECK_SERVICE, checkService(plane, node)))
          .addNotifies(Step.notificationFor("xinetd")).build());
    }
    Target every = Target.each(plane.controlNodes());
    plan.addStep(Step.builder().id("database.galera.check-script").target(every).waitsFor(Step.Wait.OWN_HOST)
        .description("the sync check: HTTP 200 while this node's Galera is Synced (wsrep_local_state 4)")
        .artifact(ConfigFile.builder().path(CHECK_SCRIPT).content(CHECK_SCRIPT_TEXT).mode(0755).build()).build());
    plan.addStep(Step.onOwnHost("database.galera.xinetd-start", every, "start xinetd",
        plane.platform().initSystem().start("xinetd")));
    plan.addStep(Step.onOwnHost("database.galera.xinetd-enable", every, "start xinetd at boot",
        plane.platform().initSystem().enable("xinetd")));
    plan.addStep(Step.builder().id("database.galera.xinetd-restart").target(every).waitsFor(Step.Wait.OWN_HOST)
        .description("restart xinetd with the sync check's new settings")
        .artifact(plane.platform().initSystem().restart("xinetd"))
        .whenNotified(Step.notificationFor("xinetd")).build());
  }

  /**
   * Every node synced in one Primary component of all the nodes (not only "Promoted" in Pacemaker's status, which
   * a node can show while it has not joined: resource-agents issue 1729), then the services' databases and grants
   * on one node: Galera replicates them to the others.
   */
  @Override
  public void addStepsAfterClusterConfigured(ControlPlane plane, Plan.Builder plan) {
    plan.addStep(Step.of("database.galera.synced", Target.each(plane.controlNodes()),
        "wait until this node's Galera is Synced in a Primary cluster of " + plane.controlNodes().size(),
        syncedCommand(plane)));
    if (!plane.databasePasswords().isEmpty()) {
      plan.addStep(Step.of("database.grants", Target.oneOf(plane.controlNodes()),
          "every service's database and its grants from each node and the floating IP, once for all nodes",
          DatabaseGrants.commandHere(plane.databasePasswords(), DatabaseGrants.clientHosts(plane))));
    }
  }

  @Override
  public void addStepsOfItsOwnHosts(ControlPlane plane, Plan.Builder plan) {}

  /**
   * {@code listen galera} on the floating IP's 3306: every node a backup, so HAProxy uses the first one up, and the
   * destination table keeps that choice while it stays up (one writer: RDO's "active/passive enforced by the load
   * balancer, to avoid lock contention"). A server is checked every half second on its sync check and out after two
   * failures (until then HAProxy keeps sending new connections to it, the first backup up: in the lab, checks every
   * second cost the writer's crash 5.9-6.4 s of failed writes), its sessions closed ({@code on-marked-down
   * shutdown-sessions}: HAProxy 1.5 and later, which every platform with Galera has); a connection to a dead server
   * given up after a second (then redispatched, as the defaults say); long client and server timeouts, as a pooled
   * connection idles between queries.
   */
  @Override
  public ImmutableList<Proxy> haproxyProxies(ControlPlane plane) {
    Proxy.Builder proxy = Proxy.listen("galera").mode(Mode.TCP)
        .addBind(Bind.of(plane.floatingIp().address(), Catalog.MYSQL.number()))
        .addOption(ProxyOption.httpchk("GET", "/"))
        .addOption(ProxyOption.of("tcpka"))
        .stickiness(Stickiness.destination(1000))
        // A dead server costs a new connection one second, not the defaults' five, before it goes to the next.
        .timeouts(Timeouts.builder().connect(Duration.ofSeconds(1)).check(Duration.ofSeconds(1))
            .client(Duration.ofMinutes(90)).server(Duration.ofMinutes(90)).build());
    for (Host node : plane.controlNodes()) {
      proxy.addServer(Server.builder().from(Server.of(node.name(), node.address(), Catalog.MYSQL.number()))
          .inter(Duration.ofMillis(500)).rise(2).fall(2).checkPort(dev.hadsl.core.Port.of(CHECK_PORT)).backup(true)
          .shutdownSessionsWhenDown(true).build());
    }
    return ImmutableList.of(proxy.build());
  }

  @Override
  public ImmutableSet<Integer> reservedPorts(ControlPlane plane) {
    return ImmutableSet.<Integer>builder().add(Catalog.MYSQL.number(), CHECK_PORT).addAll(REPLICATION_PORTS).build();
  }

  @Override
  public Optional<OwnHosts> ownHosts() {
    return Optional.empty();
  }

  /**
   * Three nodes at least (two cannot survive one: the survivor is a minority and stops, which is Galera's
   * split-brain protection), a platform that ships Galera, and a Pacemaker that knows the Promoted role.
   */
  @Override
  public ImmutableList<String> problems(ControlPlane plane) {
    List<String> problems = new ArrayList<>();
    int nodes = plane.controlNodes().size();
    if (nodes < 3) {
      problems.add("database galera: " + nodes + " control nodes; Galera needs at least 3 so that the others keep a"
          + " majority (a Primary component) when one fails: with 2, the survivor stops taking writes (split-brain"
          + " protection). Add a control node, or use Database.sharedStorage(...)");
    }
    if (plane.platform().galera().isEmpty()) {
      problems.add("database galera: " + plane.platform().name() + " ships no Galera (its database is "
          + plane.platform().mysqlService() + " without wsrep); use Database.sharedStorage(...) there");
    }
    if (!plane.platform().pacemaker().pacemaker().atLeast(PROMOTED_ROLE)) {
      problems.add("database galera: Pacemaker " + plane.platform().pacemaker().pacemaker() + " on "
          + plane.platform().name() + " predates the Promoted role and promoted-max (Pacemaker " + PROMOTED_ROLE + ")");
    }
    return ImmutableList.copyOf(problems);
  }

  /**
   * The role name {@code Promoted} and the {@code promoted-max} meta attribute: Pacemaker 2.1.0 (ClusterLabs/pacemaker
   * ChangeLog, "Pacemaker-2.1.0": "the Master role is now called Promoted ... promoted-max ... replace master-max").
   */
  static final String PROMOTED_ROLE = "2.1";

  /** {@code gcomm://} over the control nodes' names, as the resource gives it. */
  static String clusterAddress(ControlPlane plane) {
    return ((Primitive) resource(plane).child()).instanceAttributes().get("wsrep_cluster_address");
  }

  /**
   * Where the platform's MariaDB reads its Galera settings, the file its package ships for them (Debian 12's
   * mariadb-server 60-galera.cnf; RHEL 9 mariadb.spec installs /etc/my.cnf.d/galera.cnf for server-galera).
   */
  static String configFile(ControlPlane plane) {
    return plane.platform().packageManager() == PackageManager.APT ? "/etc/mysql/mariadb.conf.d/60-galera.cnf"
        : "/etc/my.cnf.d/galera.cnf";
  }

  /**
   * The wsrep provider the platform's Galera package installs: Debian's galera-4 (dpkg -L galera-4 on the lab
   * machine), EL9's galera (RHEL 9 galera.spec: "%{_libdir}/galera/libgalera_smm.so", openela-main/galera el9,
   * imports/el9/galera-26.4.14-1.el9_2; /usr/lib64/galera-4 is MariaDB's own upstream RPMs', not the distribution's).
   */
  static String provider(ControlPlane plane) {
    return plane.platform().packageManager() == PackageManager.APT ? "/usr/lib/galera/libgalera_smm.so"
        : "/usr/lib64/galera/libgalera_smm.so";
  }

  /**
   * One node's settings. MariaDB's required Galera settings ("Configuring MariaDB Galera Cluster": wsrep_on since
   * 10.1 off by default, the provider, binlog_format=ROW, InnoDB, autoinc lock mode 2); RDO's
   * innodb_locks_unsafe_for_binlog is gone (removed in MariaDB 10.5.0) and wsrep_causal_reads replaced by
   * wsrep_sync_wait. The server listens on the node's address: the floating IP's 3306 is HAProxy's. The cluster
   * address is the resource's: the agent passes it again on mysqld's command line (which wins), empty on the node it
   * bootstraps, but MariaDB 10.11 refuses even the agent's seqno recovery ({@code mysqld_safe --wsrep-recover})
   * without one in the file: "rsync SST method requires wsrep_cluster_address to be configured on startup" (the lab,
   * Debian 12's 10.11.19: every start failed "Unable to detect last known write sequence number").
   */
  static String config(ControlPlane plane, Host node) {
    GaleraDatabase galera = (GaleraDatabase) plane.database();
    String settings = String.join("\n",
        "# Written by ha-dsl: Galera on " + node.name() + " under Pacemaker (ocf:heartbeat:galera).",
        "[mysqld]",
        "bind-address = " + node.address(),
        "skip-name-resolve = 1",
        "binlog_format = ROW",
        "default_storage_engine = InnoDB",
        "innodb_autoinc_lock_mode = 2",
        "innodb_doublewrite = 1",
        "wsrep_on = ON",
        "wsrep_provider = " + provider(plane),
        "wsrep_cluster_name = " + galera.clusterName(),
        "wsrep_cluster_address = " + clusterAddress(plane),
        "wsrep_node_name = " + node.name(),
        "wsrep_node_address = " + node.address(),
        "wsrep_sst_method = " + galera.stateTransfer(),
        "wsrep_sync_wait = 0");
    // Galera takes the keepalive (default 1 s) only below a third of the suspect timeout ("parameter
    // 'evs.keepalive_period' value PT1S is out of range [PT0.1S,PT0.5S)" with 1.5 s: the lab): a fifth of it.
    String options = galera.failureDetection().map(timeout -> "\nwsrep_provider_options = \"evs.suspect_timeout="
        + timeout + ";evs.inactive_timeout=" + timeout.multipliedBy(3) + ";evs.keepalive_period="
        + timeout.dividedBy(5) + "\"").orElse("");
    return settings + options + "\n";
  }

  /** xinetd's service for the sync check, bound to the node's address, answering the control nodes only. */
  static String checkService(ControlPlane plane, Host node) {
    List<String> from = new ArrayList<>();
    plane.controlNodes().forEach(n -> from.add(n.address().text()));
    from.add(plane.floatingIp().address().text());
    from.add("127.0.0.1");
    return String.join("\n",
        "# Written by ha-dsl: HAProxy's Galera sync check (option httpchk, port " + CHECK_PORT + ").",
        "service ha-dsl-galera-check",
        "{",
        "    type        = UNLISTED",
        "    port        = " + CHECK_PORT,
        "    socket_type = stream",
        "    protocol    = tcp",
        "    wait        = no",
        "    user        = root",
        "    server      = " + CHECK_SCRIPT,
        "    server_args = " + plane.mysql().socket().orElse("/var/lib/mysql/mysql.sock"),
        "    bind        = " + node.address(),
        "    only_from   = " + String.join(" ", from),
        "    per_source  = UNLIMITED",
        "    disable     = no",
        "}",
        "");
  }

  /**
   * The sync check: root on the local socket (MariaDB 10.4+ lets root in by unix_socket, so no password is kept for
   * it), HTTP 200 while wsrep_local_state is 4 (Synced), 503 otherwise, the state in the body.
   */
  static final String CHECK_SCRIPT_TEXT = String.join("\n",
      "#!/bin/sh",
      "# Written by ha-dsl: HTTP 200 while this node's Galera is Synced (wsrep_local_state 4), else 503.",
      "# xinetd runs it per connection; $1 is the server's socket.",
      // The request is read first (to its empty line, or to the end when the client gives up): closing with it
      // unread would send a reset, which can cut the answer off before HAProxy reads it (the lab's CI run: every
      // check failed).
      "cr=$(printf '\\r')",
      "while IFS= read -r line; do [ -z \"${line%\"$cr\"}\" ] && break; done",
      "state=$(mysql --socket=\"$1\" --connect-timeout=2 -N -B -e \"SHOW GLOBAL STATUS LIKE 'wsrep_local_state'\""
          + " 2>/dev/null | cut -f2)",
      "if [ \"$state\" = 4 ]; then",
      "  status='200 OK'; body='Galera node synced'",
      "else",
      "  status='503 Service Unavailable'; body=\"Galera node not synced (wsrep_local_state ${state:-unknown})\"",
      "fi",
      // One write: the whole answer in one segment.
      "printf 'HTTP/1.1 %s\\r\\nContent-Type: text/plain\\r\\nConnection: close\\r\\nContent-Length: %s\\r\\n\\r\\n%s\\n'"
          + " \"$status\" \"$(( ${#body} + 1 ))\" \"$body\"",
      "");

  private static final String SYNCED_SCRIPT = String.join("\n",
      "set -u",
      "deadline=$(( $(date +%s) + " + SYNC_WAIT_SECONDS + " ))",
      "while :; do",
      // One query, ordered by name: cluster size, cluster status, local state.
      "  now=$(mysql --socket=\"$2\" --connect-timeout=5 -N -B -e \"SELECT VARIABLE_VALUE FROM"
          + " information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('wsrep_cluster_size', 'wsrep_cluster_status',"
          + " 'wsrep_local_state') ORDER BY VARIABLE_NAME\" 2>/dev/null | tr '\\n' ' ')",
      "  if [ \"$now\" = \"$1 Primary 4 \" ]; then",
      "    echo \"galera: synced, in a Primary cluster of $1\"",
      "    echo '" + Command.IN_PLACE + "'",
      "    exit 0",
      "  fi",
      "  if [ \"$(date +%s)\" -ge \"$deadline\" ]; then",
      "    echo \"galera: not synced in a Primary cluster of $1 after " + SYNC_WAIT_SECONDS + " s (size, status,"
          + " state: ${now:-no answer})\" >&2",
      "    exit 1",
      "  fi",
      "  sleep 2",
      "done");

  static Command syncedCommand(ControlPlane plane) {
    return Command.of("sh", "-c", SYNCED_SCRIPT, "sh", Integer.toString(plane.controlNodes().size()),
        plane.mysql().socket().orElse("/var/lib/mysql/mysql.sock"));
  }
}
