package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a cluster as pcs commands (argument vectors) for the pcs of a {@link PacemakerStack}, asking it what that
 * version accepts: live (each command changes the running cluster), or transactional (every change into a CIB file
 * with {@code pcs -f}, then one push of its configuration section: all or nothing).
 */
public final class PcsRenderer {
  /** How long the plan waits for every node to join before it configures the cluster. */
  static final int MEMBERSHIP_WAIT_SECONDS = 300;

  /**
   * A shell condition, true when the file named by {@code "$f"} exists and is exactly the corosync.conf Debian's
   * corosync package ships (its md5 is the package's conffile sum): a placeholder (cluster "debian", one node), no
   * cluster's configuration. False wherever dpkg does not know the file.
   */
  public static final String DEBIAN_PLACEHOLDER_CONDITION = "[ -f \"$f\" ] && sum=$(dpkg-query -W"
      + " -f='${Conffiles}\\n' corosync 2>/dev/null | awk -v f=\"$f\" '$1 == f { print $2 }') && [ -n \"$sum\" ]"
      + " && [ \"$(md5sum < \"$f\" | cut -d' ' -f1)\" = \"$sum\" ]";

  private final PacemakerStack stack;
  private final boolean force;

  private PcsRenderer(PacemakerStack stack, boolean force) {
    this.stack = stack;
    this.force = force;
  }

  /** A renderer for the pcs of {@code stack}, without {@code --force}. */
  public static PcsRenderer of(PacemakerStack stack) {
    return new PcsRenderer(stack, false);
  }

  /**
   * Adds {@code --force} to resource and fencing-device creation, for agents not installed where the commands run
   * (pcs otherwise refuses an agent whose metadata it cannot read).
   */
  public PcsRenderer withForce() {
    return new PcsRenderer(stack, true);
  }

  /** The stack the commands are for. */
  public PacemakerStack stack() {
    return stack;
  }

  /**
   * Forming the cluster as a script for one node (with pcsd: {@link #formCommands}, then enable at boot). On CMAN the
   * cluster is formed on each node by that node ({@link #nodeFormCommands}), so this is what every node runs, ending
   * with the wait for all members.
   */
  public ImmutableList<Command> setupCommands(Cluster cluster, Optional<Secret> haclusterPassword) {
    ImmutableList.Builder<Command> commands = ImmutableList.builder();
    commands.addAll(nodeFormCommands(cluster));
    commands.addAll(formCommands(cluster, haclusterPassword));
    if (stack.pcsd()) {
      commands.add(Command.builder().addArgv("pcs", "cluster", "enable", "--all")
          // Checks this node only: the plan enables each node itself (InitSystem.enable) instead.
          .unless(Command.of(ImmutableList.<String>builder()
              .add("sh", "-c", "for s; do systemctl is-enabled --quiet \"$s\" || exit 1; done", "sh")
              .addAll(stack.clusterServices()).build()))
          .build());
    } else {
      // 'pcs cluster enable' on 0.9.90 runs 'chkconfig corosync on' and 'chkconfig pacemaker on' (cluster.py:399,
      // utils.py:1093-1099), not cman: enable the services CMAN needs directly.
      for (String service : stack.clusterServices()) {
        commands.add(Command.builder().addArgv("chkconfig", service, "on")
            .unless(Command.of("sh", "-c", "chkconfig \"$1\" >/dev/null 2>&1", "sh", service)).build());
      }
    }
    return commands.build();
  }

  /**
   * What each node runs itself to join the cluster, before {@link #formCommands}: on CMAN (RHEL 6), where pcs has no
   * pcsd to reach the others, {@code pcs cluster setup --name} (pcs 0.9.90 writes only the local
   * {@code /etc/cluster/cluster.conf}, with ccs: cluster.py:254-285) and {@code pcs cluster start} (local:
   * {@code service cman start}, then pacemaker), each skipped when done. Empty where pcsd forms the cluster from one
   * node.
   */
  public ImmutableList<Command> nodeFormCommands(Cluster cluster) {
    if (stack.pcsd()) {
      return ImmutableList.of();
    }
    List<String> setup = new ArrayList<>(List.of("pcs", "cluster", "setup", "--name", cluster.name()));
    cluster.nodes().forEach(node -> setup.add(node.name()));
    return ImmutableList.of(
        Command.builder().addAllArgv(setup)
            .unless(Command.of("sh", "-c", "grep -qs \"<cluster [^>]*name=\\\"$1\\\"\" /etc/cluster/cluster.conf",
                "sh", cluster.name()))
            .build(),
        Command.builder().addArgv("pcs", "cluster", "start")
            .unless(Command.of("sh", "-c", "service cman status >/dev/null 2>&1"
                + " && service pacemaker status >/dev/null 2>&1"))
            .build());
  }

  /**
   * The commands one node runs to form the cluster and wait for it, each skipped when its work is done. With pcsd:
   * authenticate pcs to every node (skipped when pcsd already knows them all; the password is required), write the
   * cluster configuration (skipped when it names this cluster), start every node (skipped when every node is a
   * member). Then, where pcs cannot wait itself, wait until every node is a member, so the configuration that follows
   * reaches a whole cluster. The hacluster password goes on stdin, never after {@code -p}: pcs 0.10+ reads it with
   * {@code input()} when stdin is no terminal (pcs/utils.py get_terminal_password), pcs 0.9 with Python's
   * {@code getpass}, which falls back to stdin without a terminal.
   */
  public ImmutableList<Command> formCommands(Cluster cluster, Optional<Secret> haclusterPassword) {
    return formCommands(cluster, haclusterPassword, true);
  }

  /**
   * As {@link #formCommands(Cluster, Optional)}; with {@code pcsStartsNodes} false, pcs only authenticates and writes
   * the configuration, and neither starts the nodes nor waits: the caller starts Corosync and Pacemaker on each node
   * through its init system, then runs {@link #membershipWaitCommand}. For hosts where pcs cannot drive the services:
   * pcs 0.10+ manages them through systemd or RHEL's {@code service} + {@code chkconfig} only
   * (pcs/lib/services.py get_service_manager), so on Debian without systemd its {@code cluster start} either does
   * nothing or calls a systemctl that has no systemd to talk to.
   */
  public ImmutableList<Command> formCommands(Cluster cluster, Optional<Secret> haclusterPassword,
      boolean pcsStartsNodes) {
    List<String> names = cluster.nodes().stream().map(Host::name).toList();
    Command members = everyNodeIsMember(names);
    List<Command> commands = new ArrayList<>();
    if (cluster.totemToken().isPresent() && !stack.pcs010()) {
      throw new IllegalArgumentException("totemToken: pcs " + stack.pcs() + " sets no totem options at setup (pcs"
          + " 0.10.1 does: 'totem token='); leave the token at Corosync's default on this platform");
    }
    if (stack.pcsd()) {
      Secret password = haclusterPassword.orElseThrow(() -> new IllegalArgumentException("pcs " + stack.pcs()
          + " forms the cluster through pcsd: the hacluster password it authenticates with is required"));
      if (password.isMultiLine()) {
        throw new IllegalArgumentException("the hacluster password must be one line: pcs reads it as a line");
      }
      List<String> auth = new ArrayList<>();
      List<String> setup = new ArrayList<>();
      // Where pcsd keeps the nodes it holds a token for: 'tokens' in pcs 0.9, 'known-hosts' since pcs 0.10.
      String knownHosts;
      if (!stack.pcs010()) {
        auth.addAll(List.of("pcs", "cluster", "auth"));
        auth.addAll(names);
        setup.addAll(List.of("pcs", "cluster", "setup", "--name", cluster.name()));
        setup.addAll(names);
        knownHosts = "/var/lib/pcsd/tokens";
      } else {
        auth.addAll(List.of("pcs", "host", "auth"));
        setup.addAll(List.of("pcs", "cluster", "setup", cluster.name()));
        for (Host node : cluster.nodes()) {
          auth.addAll(List.of(node.name(), "addr=" + node.address()));
          setup.addAll(List.of(node.name(), "addr=" + node.address()));
        }
        // 'totem token=' is part of the setup syntax since pcs 0.10.1 ("[totem <totem options>]", pcs/usage.py).
        cluster.totemToken().ifPresent(token -> setup.addAll(List.of("totem", "token=" + token.toMillis())));
        knownHosts = "/var/lib/pcsd/known-hosts";
      }
      auth.addAll(List.of("-u", "hacluster"));
      List<String> known = new ArrayList<>(List.of("sh", "-c",
          "f=$1; shift; for n; do grep -qF \"\\\"$n\\\":\" \"$f\" 2>/dev/null || exit 1; done", "sh", knownHosts));
      known.addAll(names);
      commands.add(Command.builder().addAllArgv(auth).stdinWithSecret(password.reveal() + "\n", password)
          .unless(Command.of(known)).build());
      commands.add(Command.builder().addAllArgv(setup)
          .unless(Command.of("sh", "-c", "grep -qsx '[[:space:]]*cluster_name: '\"$1\" /etc/corosync/corosync.conf",
              "sh", cluster.name()))
          .build());
      if (!pcsStartsNodes) {
        return ImmutableList.copyOf(commands);
      }
      commands.add(Command.builder().addAllArgv(stack.clusterStartWait()
              ? List.of("pcs", "cluster", "start", "--all", "--wait=" + MEMBERSHIP_WAIT_SECONDS)
              : List.of("pcs", "cluster", "start", "--all"))
          .unless(members).build());
    }
    if (!stack.pcsd() || !stack.clusterStartWait()) {
      commands.add(membershipWaitCommand(cluster));
    }
    return ImmutableList.copyOf(commands);
  }

  /**
   * Authenticates pcs to every node of {@code cluster} (pcsd only), the first of {@link #formCommands}; with
   * {@code skipWhenKnown} false it runs even when pcsd keeps a token for each: a node reinstalled under the same name
   * runs a new pcsd, and the token kept for the old one no longer opens it.
   */
  public Command authCommand(Cluster cluster, Optional<Secret> haclusterPassword, boolean skipWhenKnown) {
    if (!stack.pcsd()) {
      throw new IllegalArgumentException("pcs " + stack.pcs() + " authenticates through pcsd, which this stack lacks");
    }
    Command auth = formCommands(cluster, haclusterPassword, false).get(0);
    return skipWhenKnown ? auth : Command.builder().from(auth).unless(Optional.empty()).build();
  }

  /**
   * Waits until every node of the cluster is a member, bounded: every 5 s, for at most 300 s; skipped when all are.
   */
  public Command membershipWaitCommand(Cluster cluster) {
    List<String> names = cluster.nodes().stream().map(Host::name).toList();
    Command members = everyNodeIsMember(names);
    List<String> wait = new ArrayList<>(List.of("sh", "-c",
        "i=0; while [ $i -lt " + MEMBERSHIP_WAIT_SECONDS / 5 + " ]; do all=yes; for n; do " + memberCondition()
            + " || all=no; done; [ $all = yes ] && exit 0; i=$((i + 1)); sleep 5; done;"
            + " echo \"not every node joined within " + MEMBERSHIP_WAIT_SECONDS + " s: $*\" >&2; exit 1", "sh"));
    wait.addAll(names);
    return Command.builder().addAllArgv(wait).unless(members).waitsOnly(true).build();
  }

  /** The notification a node's addition or removal raises on the member that made it: reload Corosync there. */
  public static final String NODELIST_CHANGED = "corosync-nodelist";

  /** How long a drain waits for every resource to leave a node. */
  static final int DRAIN_WAIT_SECONDS = 300;

  /**
   * Adds {@code node} to the running cluster from a member: {@code pcs cluster node add NAME addr=ADDRESS} (pcs
   * pushes corosync.conf and the authkeys to it and reloads the others' Corosync before it starts, lib/commands/
   * cluster.py add_nodes), with {@code --start --wait} and {@code --enable} where pcs drives the services
   * ({@code pcsStartsNode}); elsewhere the caller starts the node's Corosync and Pacemaker through its init system.
   * Skipped when the member's corosync.conf already lists the node. The pcs 0.10+ form: pcs 0.9 takes
   * {@code node add NODE[,ALTADDR]} (pcs 0.9.x usage.py), which is refused before (MembershipChange).
   */
  public Command nodeAddCommand(Host node, boolean pcsStartsNode) {
    List<String> argv = new ArrayList<>(List.of("pcs", "cluster", "node", "add", node.name(),
        "addr=" + node.address()));
    if (pcsStartsNode) {
      argv.addAll(List.of("--start", "--wait=" + MEMBERSHIP_WAIT_SECONDS, "--enable"));
    }
    return Command.builder().addAllArgv(argv).unless(recorded(node.name(), true)).build();
  }

  /**
   * Makes every running Corosync read its corosync.conf again ({@code corosync-cfgtool -R}: "tell all instances of
   * corosync in this cluster to reload corosync.conf"); unguarded: a plan runs it when notified that a node was added
   * or removed ({@link #NODELIST_CHANGED}), and a reload that finds nothing new changes nothing. pcs asks pcsd to reload after it changed the nodelist, but where pcsd finds no
   * service manager it knows (Debian without systemd) the reload does not happen and exits 0 (seen in the lab: the
   * new node formed a membership of its own). It must come before the new node starts: pcs lib/commands/cluster.py
   * add_nodes, "reload corosync.conf before the new node is started ... If done otherwise, membership gets broken".
   */
  public Command corosyncReloadCommand() {
    return Command.of("corosync-cfgtool", "-R");
  }

  /**
   * Removes {@code name} from the cluster from a member: pcs stops and destroys the cluster on it where it can reach
   * it, removes it from every corosync.conf, reloads Corosync and purges it from Pacemaker ({@code crm_node -R}); pcs
   * recomputes two_node (set for two nodes, lib/corosync/config_facade.py __update_two_node). Skipped when the
   * member's corosync.conf no longer lists it.
   */
  public Command nodeRemoveCommand(String name) {
    return Command.builder().addArgv("pcs", "cluster", "node", "remove", name).unless(recorded(name, false)).build();
  }

  /**
   * Purges {@code name} from Pacemaker's node caches and the CIB ({@code crm_node --force --remove}), skipped when
   * Pacemaker no longer knows it. pcs tries the same after it removed a node from corosync.conf, but in the lab the
   * node stayed known as "lost" afterwards ({@code crm_node -l}), and a lost node keeps counting in every status.
   */
  public Command nodePurgeCommand(String name) {
    // The caches forget the node asynchronously, and a node that rejoined under its name was learned twice: purge
    // again (bounded) until the node is no longer listed.
    String listed = "crm_node -l 2>/dev/null | awk -v n=\"$1\" '$2 == n { f = 1 } END { exit !f }'";
    return Command.builder().addArgv("sh", "-c", "i=0; while " + listed + "; do [ $i -lt 30 ] || { echo \"Pacemaker"
            + " still lists $1 after 30 purges\" >&2; exit 1; }; crm_node --force --remove \"$1\" >/dev/null 2>&1;"
            + " i=$((i + 1)); sleep 1; done", "sh", name)
        .unless(Command.of("sh", "-c", "! " + listed, "sh", name))
        .build();
  }

  /**
   * Drains {@code name}: puts it in standby, then waits, bounded, until Pacemaker runs no resource there
   * ({@code resources_running="0"} in {@code crm_mon}'s XML). Skipped when the member's corosync.conf no longer lists
   * the node (it is gone already).
   */
  public Command drainCommand(String name) {
    return Command.builder().from(standbyAndWait(name)).unless(recorded(name, false)).build();
  }

  /**
   * Drains {@code name} for maintenance: standby, then the bounded wait until nothing runs there, as
   * {@link #drainCommand}; skipped when the node already is in standby with nothing running.
   */
  public Command standbyCommand(String name) {
    return Command.builder().from(standbyAndWait(name))
        .unless(Command.of("sh", "-c", standbyCondition(true) + " && " + drainedCondition(), "sh", name)).build();
  }

  /**
   * Brings {@code name} back from maintenance: standby off, then waits, bounded, until Pacemaker has nothing left
   * to do ({@code crm_resource --wait}: the node's clone instances started). Resource stickiness keeps what moved
   * away where it runs now: a second move would cut the clients off again. Skipped when the node is online and not
   * in standby.
   */
  public Command unstandbyCommand(String name) {
    // crm_resource --wait came with Pacemaker 1.1.13 (ClusterLabs/pacemaker tools/crm_resource.c: none at
    // Pacemaker-1.1.12): before it, the node out of standby is all there is to wait for.
    String settle = stack.pacemaker().atLeast("1.1.13") ? " && crm_resource --wait --timeout=" + DRAIN_WAIT_SECONDS
        + "s" : "";
    return Command.builder().addArgv("sh", "-c", "crm_standby -N \"$1\" -v off" + settle, "sh", name)
        .unless(Command.of("sh", "-c", standbyCondition(false), "sh", name)).build();
  }

  /**
   * Standby through {@code crm_standby -N NODE -v on}, the node attribute {@code pcs node standby} sets, with the
   * short options both ends take: Pacemaker 1.1.10's shell wrapper (ClusterLabs/pacemaker Pacemaker-1.1.10,
   * tools/crm_standby: getopt {@code N:} and {@code v:}) and Pacemaker 2's program; pcs 0.9.90 has no
   * {@code node standby} (it came as {@code pcs cluster standby}).
   */
  private Command standbyAndWait(String name) {
    return Command.builder().addArgv("sh", "-c", "crm_standby -N \"$1\" -v on || exit 1; i=0; while [ $i -lt "
        + DRAIN_WAIT_SECONDS + " ]; do " + drainedCondition() + " && exit 0; i=$((i + 1)); sleep 1; done;"
        + " echo \"resources still run on $1 after " + DRAIN_WAIT_SECONDS + " s\" >&2; exit 1", "sh", name).build();
  }

  /** A shell condition, true when Pacemaker runs no resource on the node named by {@code "$1"}. */
  String drainedCondition() {
    return nodeStatus() + " | grep -q \"<node name=\\\"$1\\\"[^>]* resources_running=\\\"0\\\"\"";
  }

  /** A shell condition, true when the node named by {@code "$1"} is online and in standby (or not). */
  String standbyCondition(boolean standby) {
    return nodeStatus() + " | grep -q \"<node name=\\\"$1\\\" [^>]*online=\\\"true\\\" standby=\\\"" + standby
        + "\\\"\"";
  }

  /**
   * The cluster status as XML, one {@code <node name= id= online= standby= ... resources_running= type=>} element per
   * node, in that attribute order on both ends (ClusterLabs/pacemaker Pacemaker-1.1.10 tools/crm_mon.c:1524-1536;
   * Pacemaker 2's node XML): {@code --output-as=xml} since Pacemaker 2.0.3 (tools/crm_mon.c gained it there; 2.0.2
   * has none), {@code --as-xml} before.
   */
  private String nodeStatus() {
    return "crm_mon " + (stack.pacemaker().atLeast("2.0.3") ? "--output-as=xml" : "--as-xml") + " 2>/dev/null";
  }

  /** True when this node's corosync.conf lists {@code name} ({@code listed}), or does not ({@code !listed}). */
  private static Command recorded(String name, boolean listed) {
    return Command.of("sh", "-c", (listed ? "" : "! ") + "grep -qsx '[[:space:]]*name: '\"$1\""
        + " /etc/corosync/corosync.conf", "sh", name);
  }

  /** True when every named node is a member. */
  private Command everyNodeIsMember(List<String> names) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "for n; do " + memberCondition() + " || exit 1; done",
        "sh"));
    argv.addAll(names);
    return Command.of(argv);
  }

  /**
   * A shell condition, true when the node named by {@code "$n"} is a member. Pacemaker 2's {@code crm_node -l} prints
   * "ID NAME member" per member; Pacemaker 1.1.10 on CMAN prints only the known names on one line
   * (ClusterLabs/pacemaker Pacemaker-1.1.10, tools/crm_node.c:442), so there CMAN is asked: {@code cman_tool nodes}
   * lists each node with status {@code M} once it is a member.
   */
  private String memberCondition() {
    return stack.cman() ? "cman_tool nodes 2>/dev/null | awk -v n=\"$n\" 'NR > 1 && $2 == \"M\" && $NF == n { f = 1 }"
        + " END { exit !f }'"
        : "crm_node -l 2>/dev/null | grep -q \" $n member\"";
  }

  /** The services that run a node of the cluster, started at boot. */
  public ImmutableList<String> clusterServices() {
    return ImmutableList.copyOf(stack.clusterServices());
  }

  /**
   * Restarts a resource through Pacemaker: {@code pcs resource restart} where pcs has it, else (pcs 0.9.90) disable
   * and enable again, each waiting for the cluster; a group member's followers restart with it either way. Skipped
   * while the resource runs nowhere (a cluster still electing its DC, a group still starting): it will read its new
   * configuration when it starts, and {@code pcs resource restart} refuses a resource that is not running.
   */
  public Command restartCommand(String resourceId) {
    Command restart = stack.resourceRestart() ? Command.of("pcs", "resource", "restart", resourceId)
        : Command.of("sh", "-c", "pcs resource disable \"$1\" --wait && pcs resource enable \"$1\" --wait", "sh",
            resourceId);
    return Command.builder().from(restart).unless(Command.of("sh", "-c",
        "! crm_resource --resource \"$1\" --locate 2>/dev/null | grep -q 'is running on'", "sh", resourceId)).build();
  }

  /** Every configuration change, applied live one by one. */
  public ImmutableList<Command> configurationCommands(Cluster cluster) {
    return commands(cluster, Optional.empty());
  }

  /**
   * The transactional form: {@code pcs cluster cib FILE}, every change as {@code pcs -f FILE ...}, then
   * {@code pcs cluster cib-push FILE --config} (or, before pcs 0.9.138, {@code cibadmin --replace --scope
   * configuration} of the file's configuration). Only the configuration section is pushed, so the push succeeds even
   * when the live status moved on while the file was being prepared.
   */
  public ImmutableList<Command> transactionalCommands(Cluster cluster, String cibFile) {
    // umask 077: the copy will hold fence passwords; pcs -f keeps the file's mode when it rewrites it.
    return ImmutableList.<Command>builder()
        .add(Command.of("sh", "-c", "umask 077 && exec pcs cluster cib \"$1\"", "sh", cibFile))
        .addAll(commands(cluster, Optional.of(cibFile)))
        .add(stack.cibPushConfig() ? Command.of("pcs", "cluster", "cib-push", cibFile, "--config")
            // Older pcs pushes the whole CIB, status included ('cibadmin --replace --xml-file', 0.9.90 cluster.py:467):
            // push only the configuration section, taken from the file with cibadmin itself.
            : Command.of("sh", "-c", "umask 077 && CIB_file=\"$1\" cibadmin --query --scope configuration"
                + " > \"$1.configuration\" && cibadmin --replace --scope configuration --xml-file \"$1.configuration\"",
                "sh", cibFile))
        .build();
  }

  /** Only the {@code pcs -f FILE ...} changes, for replaying onto an existing CIB file. */
  public ImmutableList<Command> fileCommands(Cluster cluster, String cibFile) {
    return commands(cluster, Optional.of(cibFile));
  }

  private ImmutableList<Command> commands(Cluster cluster, Optional<String> file) {
    List<Command> commands = new ArrayList<>();
    Pcs pcs = new Pcs(file);
    cluster.effectiveProperties().forEach((name, value) -> commands.add(pcs.of("property", "set", name + "=" + value)));
    if (!cluster.resourceDefaults().isEmpty()) {
      commands.add(pcs.of(defaults(List.of("resource", "defaults"), cluster.resourceDefaults())));
    }
    if (!cluster.operationDefaults().isEmpty()) {
      commands.add(pcs.of(defaults(List.of("resource", "op", "defaults"), cluster.operationDefaults())));
    }
    for (Primitive device : cluster.fencingDevices()) {
      List<String> words = new ArrayList<>(List.of("stonith", "create", device.id(), device.agent().type()));
      words.addAll(parameters(device));
      if (force) {
        words.add("--force");
      }
      // Live, a device without its password would fail its first monitor: create it disabled, enable it once whole.
      boolean disabled = file.isEmpty() && stack.stonithCreateDisabled() && !device.secretInstanceAttributes().isEmpty();
      if (disabled) {
        words.add("--disabled");
      }
      commands.add(pcs.of(words));
      secretCommand(device, file).ifPresent(commands::add);
      if (disabled) {
        commands.add(pcs.of("stonith", "enable", device.id()));
      }
    }
    for (Resource resource : cluster.resources()) {
      resource(commands, pcs, resource);
    }
    for (Constraint constraint : cluster.constraints()) {
      commands.add(pcs.of(constraint(constraint)));
    }
    return ImmutableList.copyOf(commands);
  }

  private List<String> defaults(List<String> prefix, Map<String, String> values) {
    List<String> words = new ArrayList<>(prefix);
    if (stack.defaultsUpdate()) {
      words.add("update");
    }
    values.forEach((name, value) -> words.add(name + "=" + value));
    return words;
  }

  /**
   * The attributes whose values are secrets (a fence password) never reach pcs's command line: they are merged into
   * the CIB afterwards by {@code cibadmin --modify}, which reads the XML on stdin (with {@code CIB_file} for the
   * transactional copy).
   */
  private static Optional<Command> secretCommand(Primitive primitive, Optional<String> file) {
    Map<String, String> secretAttributes = primitive.secretInstanceAttributes();
    if (secretAttributes.isEmpty()) {
      return Optional.empty();
    }
    String set = CibIds.instanceAttributes(primitive.id());
    StringBuilder xml = new StringBuilder("<primitive id=\"" + primitive.id() + "\"><instance_attributes id=\"" + set
        + "\">");
    secretAttributes.forEach((name, value) -> xml.append("<nvpair id=\"").append(CibIds.nvpair(set, name))
        .append("\" name=\"").append(CibRenderer.escape(name)).append("\" value=\"").append(CibRenderer.escape(value))
        .append("\"/>"));
    xml.append("</instance_attributes></primitive>\n");
    Command.Builder command = Command.builder().addArgv("cibadmin", "--modify", "--scope", "resources", "--xml-pipe")
        .stdin(xml.toString()).addAllSecrets(primitive.secrets());
    file.ifPresent(f -> command.putEnvironment("CIB_file", f));
    return Optional.of(command.build());
  }


  private void resource(List<Command> commands, Pcs pcs, Resource resource) {
    if (resource instanceof Primitive primitive) {
      commands.add(pcs.of(create(primitive, List.of())));
      secretCommand(primitive, pcs.file()).ifPresent(commands::add);
    } else if (resource instanceof Group group) {
      for (Primitive member : group.members()) {
        commands.add(pcs.of(create(member, List.of("--group", group.id()))));
        secretCommand(member, pcs.file()).ifPresent(commands::add);
      }
      if (!group.metaAttributes().isEmpty()) {
        commands.add(pcs.of(meta(group.id(), group.metaAttributes())));
      }
    } else if (resource instanceof Clone clone) {
      clone(commands, pcs, clone);
    } else {
      // Resource is sealed: only a new permitted kind without a branch here lands in this line.
      throw new IllegalArgumentException("unknown resource kind: " + resource);
    }
  }

  private void clone(List<Command> commands, Pcs pcs, Clone clone) {
    boolean positional = stack.pcs010();
    boolean defaultId = clone.id().equals(clone.child().id() + (!positional && clone.promotable()
        ? "-master" : "-clone"));
    if (!positional && !defaultId) {
      throw new IllegalArgumentException("clone '" + clone.id() + "': pcs " + stack.pcs() + " cannot name a clone"
          + " (pcs 0.10.1 can); use the id '" + clone.child().id() + (clone.promotable() ? "-master" : "-clone") + "'");
    }
    List<String> cloneWords = new ArrayList<>();
    if (!positional) {
      cloneWords.add(clone.promotable() ? "--master" : "--clone");
    } else {
      cloneWords.add(clone.promotable() ? "promotable" : "clone");
      cloneWords.add(clone.id());
    }
    clone.metaAttributes().forEach((name, value) -> cloneWords.add(name + "=" + value));
    if (clone.child() instanceof Primitive primitive) {
      commands.add(pcs.of(create(primitive, cloneWords)));
      secretCommand(primitive, pcs.file()).ifPresent(commands::add);
    } else {
      resource(commands, pcs, clone.child());
      List<String> words = new ArrayList<>(List.of("resource"));
      if (!positional) {
        words.addAll(List.of(clone.promotable() ? "master" : "clone", clone.child().id()));
        clone.metaAttributes().forEach((name, value) -> words.add(name + "=" + value));
      } else {
        words.add(clone.promotable() ? "promotable" : "clone");
        words.add(clone.child().id());
        words.addAll(cloneWords.subList(1, cloneWords.size()));
      }
      commands.add(pcs.of(words));
    }
  }

  private List<String> create(Primitive primitive, List<String> placement) {
    List<String> words = new ArrayList<>(List.of("resource", "create", primitive.id(), primitive.agent().toString()));
    words.addAll(parameters(primitive));
    if (!primitive.metaAttributes().isEmpty()) {
      words.add("meta");
      primitive.metaAttributes().forEach((name, value) -> words.add(name + "=" + value));
    }
    words.addAll(placement);
    // Only the operations the model states; pcs would otherwise add the agent's defaults behind the model's back.
    // (Older pcs adds only a 60 s monitor, and only when the model states none: Primitive always states one.)
    if (stack.noDefaultOps()) {
      words.add("--no-default-ops");
    }
    if (force) {
      words.add("--force");
    }
    return words;
  }

  private List<String> parameters(Primitive primitive) {
    List<String> words = new ArrayList<>();
    Map<String, String> secret = primitive.secretInstanceAttributes();
    primitive.instanceAttributes().forEach((name, value) -> {
      if (!secret.containsKey(name)) {
        words.add(name + "=" + value);
      }
    });
    List<Operation> operations = primitive.effectiveOperations();
    if (!operations.isEmpty()) {
      words.add("op");
      for (Operation op : operations) {
        words.addAll(op.pcsArguments(this::role));
      }
    }
    return words;
  }

  private static List<String> meta(String id, Map<String, String> values) {
    List<String> words = new ArrayList<>(List.of("resource", "meta", id));
    values.forEach((name, value) -> words.add(name + "=" + value));
    return words;
  }

  private List<String> constraint(Constraint constraint) {
    List<String> words = new ArrayList<>(List.of("constraint"));
    if (constraint instanceof Colocation c) {
      words.addAll(List.of("colocation", "add"));
      c.resourceRole().ifPresent(role -> words.add(role(role)));
      words.addAll(List.of(c.resource(), "with"));
      c.withResourceRole().ifPresent(role -> words.add(role(role)));
      words.addAll(List.of(c.withResource(), c.score().text(), "id=" + c.id()));
    } else if (constraint instanceof Order o) {
      words.addAll(List.of("order", o.firstAction(), o.first(), "then", o.thenAction(), o.then(),
          "kind=" + o.kind().text(), "id=" + o.id()));
    } else if (constraint instanceof Location l) {
      words.addAll(List.of("location", "add", l.id(), l.resource(), l.node(), l.score().text()));
    } else {
      throw new IllegalArgumentException("unknown constraint kind: " + constraint);
    }
    // A negative score reads like an option: pcs 0.10.8 (adc1ef23bb, "cli: support dash dash parameter") takes "--"
    // before it and later pcs deprecates the score without it; older pcs has no "--" and takes the score as is.
    if (stack.pcs().atLeast("0.10.8")) {
      words.stream().filter(word -> word.startsWith("-")).findFirst()
          .ifPresent(first -> words.add(words.indexOf(first), "--"));
    }
    return words;
  }

  /** Promoted/Unpromoted became pcs's role names in 0.11.1 (ClusterLabs/pcs CHANGELOG.md, [0.11.1]). */
  private String role(String role) {
    if (!stack.pcs().atLeast("0.11.1")) {
      return role.equals("Promoted") ? "Master" : role.equals("Unpromoted") ? "Slave" : role;
    }
    return role;
  }

  /** Builds {@code pcs [-f FILE] words...}; no secret is ever among the words. */
  private record Pcs(Optional<String> file) {
    Command of(String... words) {
      return of(List.of(words));
    }

    Command of(List<String> words) {
      List<String> argv = new ArrayList<>(List.of("pcs"));
      file.ifPresent(f -> argv.addAll(List.of("-f", f)));
      argv.addAll(words);
      return Command.of(argv);
    }
  }
}
