package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.pacemaker.Clone;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Operation;
import dev.hadsl.pacemaker.Primitive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A RabbitMQ cluster on the control nodes under {@code ocf:heartbeat:rabbitmq-cluster} (a clone: each start joins
 * the running members, the first one starts the cluster and sets the queue policy), the design RDO and every
 * deployment tool moved to from the runbook's Qpid. Clients get every node ({@code rabbit_hosts}) and fail over
 * themselves; HAProxy is not in the way (RDO: "Access to RabbitMQ is not handled by HAproxy").
 *
 * <p>Queues are mirrored on every node by policy ({@code ha-mode: all}, synchronised automatically), the one
 * replication Havana's clients can use: they declare classic queues (quorum queues need a client that declares them,
 * oslo.messaging's {@code rabbit_quorum_queue}, Wallaby). Classic mirroring is deprecated since RabbitMQ 3.9 and
 * removed in 4.0 (RabbitMQ "Deprecated Features", {@code classic_queue_mirroring}; 4.0.1 release notes): refused on
 * a 4.x platform.
 */
@Value.Immutable
public abstract sealed class RabbitMqMessaging implements Messaging permits ImmutableRabbitMqMessaging {
  static final String RESOURCE = "rabbitmq";
  static final int AMQP_PORT = 5672;
  /** Erlang's port mapper and the inter-node (distribution) port (RabbitMQ "Networking": 4369, 20000 + 5672). */
  static final List<Integer> CLUSTER_PORTS = List.of(4369, 25672);
  static final String COOKIE = "/var/lib/rabbitmq/.erlang.cookie";
  static final String ENVIRONMENT = "/etc/rabbitmq/rabbitmq-env.conf";
  /** Mirroring removed (RabbitMQ 4.0.1 release notes: "Mirroring (replication) of classic queues was removed"). */
  static final String MIRRORING_REMOVED = "4.0";
  /** RDO's policy (beekhof/osp-ha-deploy pcmk/rabbitmq.scenario), with mirrors synchronised on joining. */
  static final String POLICY = "ha-all ^(?!amq\\.).* {\"ha-mode\":\"all\",\"ha-sync-mode\":\"automatic\"}";
  private static final int CLUSTER_WAIT_SECONDS = 300;

  /** The user every OpenStack service connects as; never {@code guest}, which the plan deletes. */
  @Value.Default
  public String user() {
    return "openstack";
  }

  /** {@link #user()}'s password. */
  public abstract Secret password();

  /** The Erlang cookie every node must share to cluster (written 0400, owned by rabbitmq). */
  public abstract Secret erlangCookie();

  /** A cluster whose services connect as {@code openstack} with {@code password}, nodes sharing {@code cookie}. */
  public static RabbitMqMessaging of(Secret password, Secret cookie) {
    return builder().password(password).erlangCookie(cookie).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RabbitMqMessaging}. */
  public static class Builder extends ImmutableRabbitMqMessaging.Builder {}

  /**
   * Rejects a user name RabbitMQ or a config file would misread, {@code guest}, a password that is not one line (it
   * reaches rabbitmqctl as a line on stdin and the services as an INI value) and a cookie that is not 20-255 letters
   * and digits (what Erlang reads as the cookie; RabbitMQ generates 20 capitals). The secrets are never shown.
   */
  @Value.Check
  protected void validate() {
    List<String> problems = new ArrayList<>(userProblems(user(), password()));
    if (!erlangCookie().reveal().matches("[A-Za-z0-9]{20,255}")) {
      problems.add("rabbitmq erlangCookie must be 20-255 letters and digits");
    }
    dev.hadsl.core.ValidationException.throwIfAny("messaging rabbitmq", problems);
  }

  /** What is wrong with a services' user and its password, for either RabbitMQ form; the password never shown. */
  static List<String> userProblems(String user, Secret password) {
    List<String> problems = new ArrayList<>();
    if (!user.matches("[A-Za-z0-9_.-]{1,64}") || user.equals("guest")) {
      problems.add("rabbitmq user '" + dev.hadsl.core.Checks.printable(user) + "' must be 1-64 of A-Z, a-z, 0-9,"
          + " '_', '.', '-' and not guest (guest is deleted: it is every broker's default login)");
    }
    String value = password.reveal();
    if (value.isEmpty() || password.isMultiLine() || !value.strip().equals(value) || value.matches("(?s).*\\s;.*")) {
      problems.add("rabbitmq password must be one non-empty line without surrounding spaces or a ';' after a space:"
          + " it is written as an INI value");
    }
    return problems;
  }

  @Override
  public ImmutableList<Primitive> groupMembers(ControlPlane plane) {
    return ImmutableList.of();
  }

  /**
   * The clone: notified of its peers' starts and stops (the agent forgets a stopped node), started one node at a
   * time ({@code ordered}), each instance beside the others' ({@code interleave}), as RDO creates it. The agent's
   * own operation timeouts (heartbeat/rabbitmq-cluster.in @ v4.12.0 meta-data: start 100s, stop 90s, monitor 10s
   * every 40s).
   */
  @Override
  public void addResources(ControlPlane plane, Cluster.Builder cluster) {
    cluster.addResource(resource());
  }

  static Clone resource() {
    Primitive rabbit = Primitive.builder().id(RESOURCE).agent("ocf:heartbeat:rabbitmq-cluster")
        .putInstanceAttribute("set_policy", POLICY)
        .putMetaAttribute("notify", "true")
        .addOperation(Operation.of("start", Duration.ofSeconds(100)))
        .addOperation(Operation.of("stop", Duration.ofSeconds(90)))
        .addOperation(Operation.monitor(Duration.ofSeconds(10), Duration.ofSeconds(40)))
        .build();
    return Clone.builder().child(rabbit).putMetaAttribute("ordered", "true").putMetaAttribute("interleave", "true")
        .build();
  }

  @Override
  public ImmutableMap<String, String> clusterManagedServices(ControlPlane plane) {
    return ImmutableMap.of("rabbitmq-server", "the RabbitMQ cluster");
  }

  @Override
  public ImmutableList<String> packages(ControlPlane plane) {
    return ImmutableList.of("rabbitmq-server");
  }

  /**
   * Every node's name and address ({@code rabbit@NODE}, the name Pacemaker knows it by, listening on its own
   * address) and the shared cookie, before Pacemaker first starts the agent.
   */
  @Override
  public void addStepsBeforeClusterForms(ControlPlane plane, Plan.Builder plan) {
    for (Host node : plane.controlNodes()) {
      plan.addStep(Step.builder().id("messaging.rabbitmq.environment." + node.name()).target(Target.host(node))
          .waitsFor(Step.Wait.OWN_HOST)
          .description("RabbitMQ on " + node.name() + " is rabbit@" + node.name() + " on " + node.address())
          .artifact(ConfigFile.of(ENVIRONMENT, "# Written by ha-dsl: this node's RabbitMQ name and address.\n"
              + "NODENAME=rabbit@" + node.name() + "\nNODE_IP_ADDRESS=" + node.address() + "\n"))
          .build());
    }
    plan.addStep(Step.builder().id("messaging.rabbitmq.cookie").target(Target.each(plane.controlNodes()))
        .waitsFor(Step.Wait.OWN_HOST).description("the Erlang cookie every RabbitMQ node shares")
        .artifact(ConfigFile.builder().path(COOKIE).content(erlangCookie().reveal() + "\n").mode(0400)
            .owner("rabbitmq:rabbitmq").addSecrets(erlangCookie()).build())
        .build());
  }

  /**
   * Once every node runs in the cluster: the services' user with its password and all rights on {@code /}, and no
   * {@code guest}. The agent's first start wipes the data of a node that starts a new cluster, so after a restart of
   * every node the user is made again: the step checks before it acts.
   */
  @Override
  public void addStepsAfterClusterConfigured(ControlPlane plane, Plan.Builder plan) {
    plan.addStep(Step.of("messaging.rabbitmq.user", Target.oneOf(plane.controlNodes()),
        "RabbitMQ clustered on " + plane.controlNodes().size() + " nodes: user " + user() + " with its rights, no"
            + " guest; queues mirrored on every node (classic mirroring: deprecated since RabbitMQ 3.9, removed in"
            + " 4.0)", userCommand(plane)));
  }

  private static final String USER_SCRIPT = String.join("\n",
      "set -u",
      "deadline=$(( $(date +%s) + " + CLUSTER_WAIT_SECONDS + " ))",
      "until [ \"$(rabbitmqctl eval -q 'length(rabbit_mnesia:cluster_nodes(running)).' 2>/dev/null)\" = \"$1\" ]; do",
      "  if [ \"$(date +%s)\" -ge \"$deadline\" ]; then",
      "    echo \"rabbitmq: not $1 running nodes after " + CLUSTER_WAIT_SECONDS + " s\" >&2",
      "    rabbitmqctl cluster_status >&2",
      "    exit 1",
      "  fi",
      "  sleep 2",
      "done",
      "changed=",
      // Every rabbitmqctl call starts an Erlang VM (about a second): four calls when nothing changes.
      "users=$(rabbitmqctl -q list_users | cut -f1)",
      // The password reaches rabbitmqctl as a line on stdin (printf is a builtin: no command line holds it).
      "if ! printf '%s\\n' \"$HA_DSL_PASSWORD\" | rabbitmqctl -q authenticate_user \"$2\" >/dev/null 2>&1; then",
      "  if printf '%s\\n' \"$users\" | grep -qx \"$2\"; then",
      "    printf '%s\\n' \"$HA_DSL_PASSWORD\" | rabbitmqctl -q change_password \"$2\" >/dev/null",
      "  else",
      "    printf '%s\\n' \"$HA_DSL_PASSWORD\" | rabbitmqctl -q add_user \"$2\" >/dev/null",
      "  fi",
      "  changed=\"$changed password\"",
      "fi",
      "rights=$(rabbitmqctl -q list_user_permissions \"$2\" | awk -F '\\t' '$1 == \"/\" { print $2, $3, $4 }')",
      "if [ \"$rights\" != '.* .* .*' ]; then",
      "  rabbitmqctl -q set_permissions -p / \"$2\" '.*' '.*' '.*' >/dev/null",
      "  changed=\"$changed permissions\"",
      "fi",
      "if printf '%s\\n' \"$users\" | grep -qx guest; then",
      "  rabbitmqctl -q delete_user guest >/dev/null",
      "  changed=\"$changed guest-deleted\"",
      "fi",
      "if [ -z \"$changed\" ]; then",
      "  echo \"rabbitmq: $1 nodes running, user $2 in place\"",
      "  echo '" + Command.IN_PLACE + "'",
      "else",
      "  echo \"rabbitmq: $1 nodes running; set:$changed\"",
      "fi");

  Command userCommand(ControlPlane plane) {
    return Command.builder().addArgv("sh", "-c", USER_SCRIPT, "sh", Integer.toString(plane.controlNodes().size()),
        user()).secretEnvironment("HA_DSL_PASSWORD", password()).build();
  }

  @Override
  public void addStepsOfItsOwnHosts(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public ImmutableList<Proxy> haproxyProxies(ControlPlane plane) {
    return ImmutableList.of();
  }

  @Override
  public ImmutableSet<Integer> reservedPorts(ControlPlane plane) {
    return ImmutableSet.<Integer>builder().add(AMQP_PORT).addAll(CLUSTER_PORTS).build();
  }

  @Override
  public Optional<OwnHosts> ownHosts() {
    return Optional.empty();
  }

  /**
   * Three nodes at least (the agent stops a node that sees fewer than half of the running ones: two nodes split
   * leave neither a majority), a platform that ships RabbitMQ and its agent, and one whose RabbitMQ still mirrors.
   */
  @Override
  public ImmutableList<String> problems(ControlPlane plane) {
    List<String> problems = new ArrayList<>();
    int nodes = plane.controlNodes().size();
    if (nodes < 3) {
      problems.add("messaging rabbitmq: " + nodes + " control nodes; a RabbitMQ cluster needs at least 3, so that"
          + " the nodes on one side of a failure are a majority (with 2, one node's loss or a split leaves none)");
    }
    problems.addAll(platformProblems(plane));
    plane.platform().rabbitmq().filter(version -> version.atLeast(MIRRORING_REMOVED)).ifPresent(version ->
        problems.add("messaging rabbitmq: RabbitMQ " + version + " on " + plane.platform().name() + " has no"
            + " classic queue mirroring (removed in " + MIRRORING_REMOVED + "), the only replication Havana's"
            + " clients can use"));
    return ImmutableList.copyOf(problems);
  }

  /** A platform that ships RabbitMQ and Pacemaker's agent for it. */
  static ImmutableList<String> platformProblems(ControlPlane plane) {
    return plane.platform().rabbitmq().isPresent() ? ImmutableList.of() : ImmutableList.of("messaging rabbitmq: "
        + plane.platform().name() + " ships no rabbitmq-server with Pacemaker's rabbitmq-cluster agent; build a"
        + " Platform with rabbitmq(...) where the site has both");
  }

  /**
   * Havana's RabbitMQ driver for the project {@code file} belongs to: each project carries its own copy of the oslo
   * rpc code, so the name is the project's ({@code nova.openstack.common.rpc.impl_kombu}; nova.conf.sample at 2013.2).
   */
  static IniEdit kombu(String file) {
    return IniEdit.set(file, "DEFAULT", "rpc_backend", file.split("/")[2] + ".openstack.common.rpc.impl_kombu");
  }

  /**
   * Havana's kombu driver on every node ({@code rabbit_hosts}: the client tries them in turn, reconnecting to the
   * next, nova@2013.2 nova/openstack/common/rpc/impl_kombu.py reconnect()), HA queues asked for, the service user;
   * the single-broker keys removed. Glance's Havana notifier knows one broker ({@code rabbit_host}, glance-api's
   * [DEFAULT] in the 2013.2 sample, no rabbit_hosts): the first node. The registry sends nothing.
   */
  @Override
  public ImmutableList<IniEdit> clientEdits(ControlPlane plane, String file) {
    if (file.equals(ConfigEdits.GLANCE_REGISTRY)) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<IniEdit> edits = ImmutableList.builder();
    if (file.equals(ConfigEdits.GLANCE_API)) {
      edits.add(IniEdit.set(file, "DEFAULT", "rabbit_host", plane.controlNodes().get(0).address().text()),
          IniEdit.set(file, "DEFAULT", "rabbit_port", Integer.toString(AMQP_PORT)));
    } else {
      edits.add(kombu(file), IniEdit.set(file, "DEFAULT", "rabbit_hosts", plane.controlNodes().stream()
              .map(node -> node.address() + ":" + AMQP_PORT).collect(Collectors.joining(","))),
          IniEdit.set(file, "DEFAULT", "rabbit_ha_queues", "True"));
    }
    edits.add(IniEdit.set(file, "DEFAULT", "rabbit_userid", user()),
        IniEdit.setSecret(file, "DEFAULT", "rabbit_password", password()));
    if (!file.equals(ConfigEdits.GLANCE_API)) {
      edits.add(IniEdit.delete(file, "DEFAULT", "rabbit_host"), IniEdit.delete(file, "DEFAULT", "rabbit_port"));
    }
    return edits.build();
  }
}
