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
 * Renders a cluster as pcs commands (argument vectors) in one of two {@link PcsDialect}s: live (each command changes
 * the running cluster), or transactional (every change into a CIB file with {@code pcs -f}, then one
 * {@code cib-push --config}: all or nothing).
 */
public final class PcsRenderer {
  private final PcsDialect dialect;
  private final boolean force;

  private PcsRenderer(PcsDialect dialect, boolean force) {
    this.dialect = dialect;
    this.force = force;
  }

  public static PcsRenderer of(PcsDialect dialect) {
    return new PcsRenderer(dialect, false);
  }

  /**
   * Adds {@code --force} to resource and fencing-device creation, for agents not installed where the commands run
   * (pcs otherwise refuses an agent whose metadata it cannot read).
   */
  public PcsRenderer withForce() {
    return new PcsRenderer(dialect, true);
  }

  /**
   * Authenticate the nodes to each other, set up the cluster, start it on every node and enable it at boot. The
   * hacluster password goes on stdin, never after {@code -p}: pcs 0.10+ reads it with {@code input()} when stdin is
   * no terminal (pcs/utils.py get_terminal_password), pcs 0.9 with Python's {@code getpass}, which falls back to
   * stdin without a terminal.
   */
  public ImmutableList<Command> setupCommands(Cluster cluster, Secret haclusterPassword) {
    return ImmutableList.<Command>builder().addAll(formCommands(cluster, haclusterPassword))
        .add(Command.builder().addArgv("pcs", "cluster", "enable", "--all")
            // Checks this node only: the plan enables each node itself (InitSystem.enable) instead.
            .unless(Command.of(ImmutableList.<String>builder()
                .add("sh", "-c", dialect == PcsDialect.PCS_0_9
                    ? "for s; do chkconfig \"$s\" || exit 1; done"
                    : "for s; do systemctl is-enabled --quiet \"$s\" || exit 1; done", "sh")
                .addAll(clusterServices()).build()))
            .build())
        .build();
  }

  /**
   * The commands that form the cluster and start it, each skipped when its work is done: authenticate pcs to every
   * node (skipped when pcsd already knows them all), write the cluster configuration (skipped when it names this
   * cluster), start every node and wait (skipped when every node is a member).
   */
  public ImmutableList<Command> formCommands(Cluster cluster, Secret haclusterPassword) {
    if (haclusterPassword.isMultiLine()) {
      throw new IllegalArgumentException("the hacluster password must be one line: pcs reads it as a line");
    }
    List<String> auth = new ArrayList<>();
    List<String> setup = new ArrayList<>();
    List<String> names = cluster.nodes().stream().map(Host::name).toList();
    // Where pcsd keeps the nodes it holds a token for: 'tokens' in pcs 0.9, 'known-hosts' since pcs 0.10.
    String knownHosts;
    if (dialect == PcsDialect.PCS_0_9) {
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
      knownHosts = "/var/lib/pcsd/known-hosts";
    }
    auth.addAll(List.of("-u", "hacluster"));
    List<String> known = new ArrayList<>(List.of("sh", "-c",
        "f=$1; shift; for n; do grep -qF \"\\\"$n\\\":\" \"$f\" 2>/dev/null || exit 1; done", "sh", knownHosts));
    known.addAll(names);
    List<String> members = new ArrayList<>(List.of("sh", "-c",
        "for n; do crm_node -l 2>/dev/null | grep -q \" $n member\" || exit 1; done", "sh"));
    members.addAll(names);
    return ImmutableList.of(
        Command.builder().addAllArgv(auth).stdinWithSecret(haclusterPassword.reveal() + "\n", haclusterPassword)
            .unless(Command.of(known)).build(),
        Command.builder().addAllArgv(setup)
            .unless(Command.of("sh", "-c", "grep -qsx '[[:space:]]*cluster_name: '\"$1\" /etc/corosync/corosync.conf",
                "sh", cluster.name()))
            .build(),
        // Wait until the cluster can take its configuration, which the next step pushes. 'cluster start --wait' came
        // with pcs 0.9.150 (ClusterLabs/pcs commit 5ccd54fe7); pcs 0.9.90 has no such flag.
        Command.builder().addAllArgv(dialect == PcsDialect.PCS_0_10
                ? List.of("pcs", "cluster", "start", "--all", "--wait=300") : List.of("pcs", "cluster", "start", "--all"))
            .unless(Command.of(members)).build());
  }

  /** The services that run a node of the cluster, which 'pcs cluster enable' starts at boot. */
  public ImmutableList<String> clusterServices() {
    // pcs 0.9 here is the runbook's RHEL 6, where CMAN runs the membership.
    return dialect == PcsDialect.PCS_0_9 ? ImmutableList.of("cman", "pacemaker")
        : ImmutableList.of("corosync", "pacemaker");
  }

  /** Every configuration change, applied live one by one. */
  public ImmutableList<Command> configurationCommands(Cluster cluster) {
    return commands(cluster, Optional.empty());
  }

  /**
   * The transactional form: {@code pcs cluster cib FILE}, every change as {@code pcs -f FILE ...}, then
   * {@code pcs cluster cib-push FILE --config}. Only the configuration section is pushed, so the push succeeds even
   * when the live status moved on while the file was being prepared.
   */
  public ImmutableList<Command> transactionalCommands(Cluster cluster, String cibFile) {
    // umask 077: the copy will hold fence passwords; pcs -f keeps the file's mode when it rewrites it.
    return ImmutableList.<Command>builder()
        .add(Command.of("sh", "-c", "umask 077 && exec pcs cluster cib \"$1\"", "sh", cibFile))
        .addAll(commands(cluster, Optional.of(cibFile)))
        .add(Command.of("pcs", "cluster", "cib-push", cibFile, "--config"))
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
      // ('stonith create --disabled' is in pcs 0.10's usage; pcs 0.9.90's has no such flag.)
      boolean disabled = file.isEmpty() && dialect == PcsDialect.PCS_0_10 && !device.secretInstanceAttributes().isEmpty();
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
    if (dialect == PcsDialect.PCS_0_10) {
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
    }
  }

  private void clone(List<Command> commands, Pcs pcs, Clone clone) {
    boolean defaultId = clone.id().equals(clone.child().id() + (dialect == PcsDialect.PCS_0_9 && clone.promotable()
        ? "-master" : "-clone"));
    if (dialect == PcsDialect.PCS_0_9 && !defaultId) {
      throw new IllegalArgumentException("clone '" + clone.id() + "': pcs 0.9 cannot name a clone; use the id '"
          + clone.child().id() + (clone.promotable() ? "-master" : "-clone") + "' or the pcs 0.10 dialect");
    }
    List<String> cloneWords = new ArrayList<>();
    if (dialect == PcsDialect.PCS_0_9) {
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
      if (dialect == PcsDialect.PCS_0_9) {
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
    words.add("--no-default-ops");
    if (force) {
      words.add("--force");
    }
    return words;
  }

  private static List<String> parameters(Primitive primitive) {
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
        words.addAll(List.of(op.pcsWords().split(" ")));
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
    }
    return words;
  }

  /** pcs 0.9 predates the Promoted/Unpromoted names. */
  private String role(String role) {
    if (dialect == PcsDialect.PCS_0_9) {
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
