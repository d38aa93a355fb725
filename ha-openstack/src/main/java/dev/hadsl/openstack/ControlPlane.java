package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Checks;
import dev.hadsl.core.Command;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Hosts;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Ipv4Network;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.pacemaker.CibInstall;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.MysqlOptions;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.CorosyncDialect;
import dev.hadsl.qpid.CorosyncTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The runbook as one value: control nodes clustered by Pacemaker; a floating IP, MySQL on shared storage, messaging,
 * single-host services and HAProxy in one group; HAProxy in front of the API services on every node; Horizon over
 * TLS; every service and Keystone endpoint repointed at the floating IP. {@link #plan()} turns it into one ordered
 * {@link Plan} across all hosts.
 */
@Value.Immutable
public abstract class ControlPlane {
  /** {@code lsb:openstack-nova-consoleauth}: tokens live in one process, so exactly one may run. */
  public static final Primitive NOVA_CONSOLEAUTH = Primitive.lsb("consoleauth", "openstack-nova-consoleauth");
  /** {@code lsb:neutron-openvswitch-agent}, run on one control node at a time as the runbook does. */
  public static final Primitive NEUTRON_L2_AGENT = Primitive.lsb("neutron-l2-agent", "neutron-openvswitch-agent");
  /**
   * {@code lsb:neutron-l3-agent}: Neutron schedules each router to one L3 agent; it must run where the L2 agent wires
   * its ports, so under the cluster it comes after {@link #NEUTRON_L2_AGENT} in the group.
   */
  public static final Primitive NEUTRON_L3_AGENT = Primitive.lsb("neutron-l3-agent", "neutron-l3-agent");
  /** {@code lsb:neutron-dhcp-agent}: as the L3 agent, beside and after the L2 agent. */
  public static final Primitive NEUTRON_DHCP_AGENT = Primitive.lsb("neutron-dhcp-agent", "neutron-dhcp-agent");
  /**
   * {@code lsb:neutron-metadata-agent}: the routers' metadata proxies reach it through a local socket, so it runs
   * where the L3 agent runs, after it.
   */
  public static final Primitive NEUTRON_METADATA_AGENT =
      Primitive.lsb("neutron-metadata-agent", "neutron-metadata-agent");

  /** The Pacemaker cluster name. */
  @Value.Default
  public String name() {
    return "openstack";
  }

  /** The control nodes, each with its address and prefix ({@code 192.168.122.101/24}). */
  public abstract ImmutableList<Host> controlNodes();

  /** Compute nodes whose nova and neutron configs are repointed at the floating IP too. */
  public abstract ImmutableList<Host> computeNodes();

  /** The virtual IP the group holds; HAProxy, MySQL, Qpid and every service endpoint are reached through it. */
  public abstract FloatingIp floatingIp();

  /** Where MySQL's data lives, mounted on the node that runs the group. */
  public abstract SharedStorage databaseStorage();

  /**
   * What the nodes run, by version ({@link Platform#EL9} unless given; the runbook's is {@link Platform#RHEL_6_5}):
   * every command and file is rendered for it, and what it lacks is refused.
   */
  @Value.Default
  public Platform platform() {
    return Platform.EL9;
  }

  /** The database layout {@code ocf:heartbeat:mysql} is given; the platform's unless set. */
  @Value.Default
  public MysqlOptions mysql() {
    return platform().mysql();
  }

  /** How Qpid is made highly available; {@code lsb:qpidd} in the group unless set. */
  @Value.Default
  public Messaging messaging() {
    return Messaging.inGroup();
  }

  /** Services that must run on one node only (consoleauth, the L2 agent), started in the group in this order. */
  public abstract ImmutableList<Primitive> singleHostServices();

  /** The APIs HAProxy fronts; every Havana API by default. */
  @Value.Default
  public ImmutableList<ApiService> apiServices() {
    return Catalog.havanaApis();
  }

  /** Horizon behind HAProxy: over TLS when present, plain HTTP otherwise. */
  public abstract Optional<HorizonSsl> horizonSsl();

  /** HAProxy in the group (the runbook) or cloned on every control node. */
  @Value.Default
  public HaproxyPlacement haproxyPlacement() {
    return HaproxyPlacement.IN_GROUP;
  }

  /** Serve Horizon through HAProxy at all. */
  @Value.Default
  public boolean horizon() {
    return true;
  }

  /** STONITH devices, one per node it fences; the fence agents are installed when there are any. */
  public abstract ImmutableList<Primitive> fencingDevices();

  /** Why fencing is turned off, when it is; see {@link Builder#disableFencing(String)}. */
  public abstract Optional<String> fencingDisabledBecause();

  /**
   * Corosync's token timeout, set when the cluster is formed; absent, Corosync's default (3000 ms on Corosync 3).
   * Lower detects a dead node sooner (the lab, after a crash: the floating IP back in 5.8 s with 1000 ms, 9-10 s with
   * the default) at the price of declaring a node lost after a shorter stall. Needs pcs 0.10.1 or later; a formed
   * cluster keeps its token (the plan does not rewrite corosync.conf of a running cluster).
   */
  public abstract Optional<Duration> corosyncToken();

  /**
   * The {@code hacluster} user's password pcs authenticates to pcsd with; required where the platform's pcs has pcsd,
   * unused where it has not (RHEL 6.5).
   */
  public abstract Optional<Secret> haclusterPassword();

  /** How the plan talks to Keystone when it repoints the endpoints. */
  public abstract KeystoneAdmin keystone();

  /**
   * The secret nova's metadata API and neutron's metadata agent share to sign instance metadata requests; the same on
   * every control node, or a request proxied by one node fails on another. Required when nova and neutron are
   * deployed.
   */
  public abstract Optional<Secret> metadataProxySecret();

  /**
   * Horizon's Django {@code SECRET_KEY}; the same on every control node, or a session cookie signed by one node is
   * refused by the next behind round-robin. Required when Horizon is served.
   */
  public abstract Optional<Secret> horizonSecretKey();

  /** Database password of each project (keystone, glance, nova, cinder, neutron, heat); user and database = name. */
  public abstract ImmutableMap<String, Secret> databasePasswords();

  /**
   * The Keystone password of each project's service user (glance, nova, cinder, neutron, heat, ceilometer), set as
   * {@code admin_password} wherever the project authenticates: one value on every node, since one Keystone database
   * answers them all (nodes installed one by one would otherwise each keep a password of their own).
   */
  public abstract ImmutableMap<String, Secret> servicePasswords();

  /**
   * Add {@code --force} to pcs resource creation, for running the commands where the agents are not installed (pcs
   * otherwise refuses an agent it cannot read metadata for). Off by default: on real nodes pcs's checks are worth
   * keeping.
   */
  @Value.Default
  public boolean pcsForce() {
    return false;
  }

  /** The group's id (the runbook calls it {@code test-group}). */
  @Value.Default
  public String groupId() {
    return "openstack";
  }

  /** Where the transactional pcs form ({@link #pcsCommands()}) keeps its CIB copy on the node it runs on. */
  @Value.Default
  public String cibFile() {
    return "/root/ha-dsl-cib.xml";
  }

  /**
   * Where the plan's native CIB install ({@link CibInstall}) keeps its
   * section files on the node it runs on.
   */
  @Value.Default
  public String cibInstallDirectory() {
    return "/root/ha-dsl-cib";
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ControlPlane}. */
  public static class Builder extends ImmutableControlPlane.Builder {
    /** Turns Pacemaker fencing off; say why, so the choice stays visible. */
    public Builder disableFencing(String reason) {
      fencingDisabledBecause(reason);
      return this;
    }

    /** The database password of {@code project} (its MySQL user and database have the same name). */
    public Builder databasePassword(String project, Secret password) {
      putDatabasePassword(project, password);
      return this;
    }

    /** The Keystone password of {@code project}'s service user. */
    public Builder servicePassword(String project, Secret password) {
      putServicePassword(project, password);
      return this;
    }
  }

  /**
   * Checks nodes, floating IP, services, secrets and platform together, and the cluster and HAProxy config built from
   * them, reporting every problem at once.
   */
  @Value.Check
  protected void validate() {
    List<String> problems = new ArrayList<>();
    checkNodes(problems);
    checkFloatingIp(problems);
    checkServices(problems);
    checkDatabasePasswords(problems);
    checkPlatform(problems);
    checkPaths(problems);
    messaging().cluster().ifPresent(qpid -> {
      Set<String> control = new HashSet<>();
      controlNodes().forEach(n -> control.add(n.name()));
      qpid.members().stream().filter(m -> control.contains(m.name())).forEach(m -> problems.add(
          "qpid cluster member '" + m.name() + "' is also a control node: the clustered broker runs on its own nodes"));
      // Under another name, the same address would put two Corosync rings (the control plane's, the broker's) and
      // two node identities on one host.
      List<Host> others = new ArrayList<>(controlNodes());
      others.addAll(computeNodes());
      qpid.members().stream().filter(m -> !control.contains(m.name())).forEach(member -> others.stream()
          .filter(host -> host.address().equals(member.address())).forEach(host -> problems.add("qpid cluster member '"
              + member.name() + "' has the address of " + host.name() + " (" + host.address() + "): the clustered"
              + " broker runs on its own nodes")));
    });
    if (problems.isEmpty()) {
      // The composed parts check themselves; surface their problems here too, all at once.
      // Rendering the native install builds the cluster first, so this checks both.
      collect(problems, () -> CibInstall.artifacts(ControlPlaneCluster.cluster(this), cibInstallDirectory()));
      collect(problems, () -> ControlPlaneHaproxy.config(this));
    }
    ValidationException.throwIfAny("control plane '" + name() + "'", problems);
  }

  /** What the model asks of the platform, each refusal naming the feature and the version that lacks it. */
  private void checkPaths(List<String> problems) {
    // A relative path, or one that reads as an option ("--help"), would make pcs write its whole transaction to a
    // file of that name in whatever directory the step runs in.
    for (String[] path : new String[][] {{"cibFile", cibFile()}, {"cibInstallDirectory", cibInstallDirectory()}}) {
      try {
        Checks.absolutePath(path[0], path[1]);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
  }

  private void checkPlatform(List<String> problems) {
    Platform platform = platform();
    if (platform.pacemaker().pcsd() && haclusterPassword().isEmpty()) {
      problems.add("haclusterPassword is missing: pcs " + platform.pacemaker().pcs() + " on " + platform.name()
          + " authenticates the nodes to each other through pcsd as hacluster");
    }
    messaging().cluster().ifPresent(qpid -> {
      if (!platform.qpidCluster()) {
        problems.add("the clustered Qpid needs Qpid's Corosync cluster module, which Qpid C++ "
            + platform.qpid().map(Object::toString).orElse("(none on " + platform.name() + ")") + " does not have"
            + " (the last release with it is " + Platform.LAST_QPID_WITH_CLUSTER + "): use"
            + " Messaging.inGroup() or a platform whose Qpid is " + Platform.LAST_QPID_WITH_CLUSTER + " or older");
      }
      if (platform.corosyncDialect() == CorosyncDialect.COROSYNC_1 && qpid.transport() != CorosyncTransport.MULTICAST) {
        // Refused here, not when the Corosync 1 renderer meets it: the plan is rendered after build().
        problems.add("qpid cluster '" + qpid.name() + "': transport " + qpid.transport() + " on " + platform.name()
            + ", whose Corosync " + platform.pacemaker().corosync() + " (1.x) the library renders for multicast only:"
            + " use CorosyncTransport.MULTICAST");
      }
    });
    corosyncToken().filter(token -> !platform.pacemaker().pcs010()).ifPresent(token -> problems.add(
        "corosyncToken " + token.toMillis() + " ms: pcs " + platform.pacemaker().pcs() + " on " + platform.name()
            + " sets no totem options at setup (pcs 0.10.1 does: 'totem token=')"));
    horizonSsl().filter(ssl -> ssl.termination() == HorizonSsl.Termination.HAPROXY
        && !platform.haproxyTerminatesTls()).ifPresent(ssl -> problems.add("HAProxy " + platform.haproxy()
            + " has no TLS binds (since " + Platform.HAPROXY_TLS + "); terminate TLS in Apache (HorizonSsl.apache())"
            + " or raise the HAProxy version"));
  }

  private static void collect(List<String> problems, Runnable build) {
    try {
      build.run();
    } catch (ValidationException e) {
      problems.addAll(e.problems());
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }

  private void checkNodes(List<String> problems) {
    if (controlNodes().size() < 2) {
      problems.add("a highly available control plane needs at least two control nodes, has " + controlNodes().size());
    }
    problems.addAll(Hosts.duplicates(ImmutableList.<Host>builder().addAll(controlNodes()).addAll(computeNodes())
        .build(), "node"));
  }

  private void checkFloatingIp(List<String> problems) {
    Ipv4Address vip = floatingIp().address();
    List<Host> everyHost = new ArrayList<>(controlNodes());
    everyHost.addAll(computeNodes());
    messaging().cluster().ifPresent(q -> everyHost.addAll(q.members()));
    for (Host host : everyHost) {
      if (host.address().equals(vip)) {
        problems.add("floating IP " + vip + " is the address of " + host.name() + "; it must be an unused address");
      }
    }
    // A BMC is a separate controller on the board: its address is never the floating IP or a host's own address
    // (fencing through it would then talk to the very node, or to whichever node holds the IP).
    for (Primitive device : fencingDevices()) {
      for (String attribute : List.of("ip", "ipaddr")) {
        String bmc = device.instanceAttributes().get(attribute);
        if (bmc == null) {
          continue;
        }
        if (bmc.equals(vip.text())) {
          problems.add("fencing device '" + device.id() + "': BMC address " + bmc + " is the floating IP");
        }
        everyHost.stream().filter(host -> host.address().text().equals(bmc)).forEach(host -> problems.add(
            "fencing device '" + device.id() + "': BMC address " + bmc + " is the address of " + host.name()));
        Ipv4Network subnet = floatingIp().network();
        if (bmc.matches("[0-9.]+") && subnet.prefix() <= 30 && subnet.contains(Ipv4Address.of(bmc))) {
          int hostBits = ~(-1 << (32 - subnet.prefix()));
          int offset = Ipv4Address.of(bmc).bits() & hostBits;
          if (offset == 0 || offset == hostBits) {
            problems.add("fencing device '" + device.id() + "': BMC address " + bmc + " is the "
                + (offset == 0 ? "network" : "broadcast") + " address of " + subnet);
          }
        }
      }
    }
    for (Host node : controlNodes()) {
      boolean inVipNetwork = floatingIp().network().contains(node.address());
      boolean vipInNodeNetwork = node.network().map(n -> n.contains(vip)).orElse(true);
      if (!inVipNetwork || !vipInNodeNetwork) {
        problems.add("floating IP " + floatingIp() + " is not in the subnet of control node " + node
            + ": IPaddr2 can only raise it on an interface of that subnet");
      }
      if (node.prefix().isPresent() && node.prefix().get() != floatingIp().prefix()) {
        problems.add("floating IP prefix /" + floatingIp().prefix() + " differs from control node " + node
            + "'s /" + node.prefix().get());
      }
    }
  }

  private void checkServices(List<String> problems) {
    Set<String> names = new HashSet<>();
    Set<Integer> ports = new HashSet<>(reservedPorts());
    for (ApiService service : apiServices()) {
      if (!names.add(service.name())) {
        problems.add("API service '" + service.name() + "' is listed twice");
      }
      if (!ports.add(service.port().number())) {
        problems.add("API service '" + service.name() + "': port " + service.port() + " is already used"
            + (reservedPorts().contains(service.port().number()) ? " by Horizon, MySQL or Qpid" : " by another service"));
      }
    }
    checkNeutronAgents(problems);
    if (horizonSsl().isPresent() && !horizon()) {
      problems.add("Horizon SSL is set but Horizon is not served (horizon(false))");
    }
  }

  /** Agents that need the L2 agent's wiring must follow it in the group: same node, started after it. */
  private void checkNeutronAgents(List<String> problems) {
    List<String> types = singleHostServices().stream().map(p -> p.agent().type()).toList();
    int l2 = types.indexOf(NEUTRON_L2_AGENT.agent().type());
    for (Primitive agent : List.of(NEUTRON_L3_AGENT, NEUTRON_DHCP_AGENT)) {
      int at = types.indexOf(agent.agent().type());
      if (at >= 0 && (l2 < 0 || l2 > at)) {
        problems.add("single-host service '" + agent.id() + "' runs under the cluster, so the L2 agent ("
            + NEUTRON_L2_AGENT.id() + ") must too, before it: its routers and networks would be scheduled where"
            + " nothing wires their ports");
      }
    }
    int metadata = types.indexOf(NEUTRON_METADATA_AGENT.agent().type());
    int l3 = types.indexOf(NEUTRON_L3_AGENT.agent().type());
    if (metadata >= 0 && (l3 < 0 || l3 > metadata)) {
      problems.add("single-host service '" + NEUTRON_METADATA_AGENT.id() + "' must follow " + NEUTRON_L3_AGENT.id()
          + " in the group: the routers' metadata proxies reach it on the same node");
    }
  }

  private Set<Integer> reservedPorts() {
    Set<Integer> reserved = new HashSet<>(Set.of(Catalog.MYSQL.number()));
    if (messaging().isInGroup()) {
      reserved.add(Catalog.QPID.number());
    }
    if (horizon()) {
      reserved.add(Catalog.HORIZON_HTTP.number());
      horizonSsl().ifPresent(ssl -> reserved.add(Catalog.HORIZON_HTTPS.number()));
    }
    return reserved;
  }

  private void checkDatabasePasswords(List<String> problems) {
    Secret token = keystone().token();
    if (token.isMultiLine() || !token.reveal().strip().equals(token.reveal())) {
      // keystone.conf's admin_token is an INI value: crudini drops surrounding spaces and cannot hold a line break.
      problems.add("the Keystone admin token must be one line without surrounding spaces: it is written to"
          + " keystone.conf as admin_token");
    }
    if (haclusterPassword().map(Secret::isMultiLine).orElse(false)) {
      problems.add("haclusterPassword must be one line: chpasswd and pcs read it as a line, and a second line would"
          + " be taken as another user's entry");
    }
    for (String project : projects()) {
      if (DatabaseProjects.HAS_DATABASE.contains(project) && !databasePasswords().containsKey(project)) {
        problems.add("database password for '" + project + "' is missing (needed to repoint its connection at "
            + floatingIp().address() + ")");
      }
    }
    if (projects().contains("nova") && projects().contains("neutron") && metadataProxySecret().isEmpty()) {
      problems.add("metadataProxySecret is missing: nova's metadata API and every neutron metadata agent must share"
          + " one secret");
    }
    if (horizon() && horizonSecretKey().isEmpty()) {
      problems.add("horizonSecretKey is missing: every control node's Horizon must sign sessions with the same key");
    }
    for (Secret shared : List.of(metadataProxySecret(), horizonSecretKey()).stream().flatMap(Optional::stream)
        .toList()) {
      if (shared.isMultiLine() || !shared.reveal().strip().equals(shared.reveal()) || shared.reveal().isEmpty()) {
        problems.add("a shared secret (metadataProxySecret or horizonSecretKey) must be one non-empty line without"
            + " surrounding spaces: it is written as an INI value or a Python string");
      }
    }
    if (projects().contains("keystone")) {
      for (String project : ConfigEdits.AUTHENTICATING_PROJECTS) {
        if (projects().contains(project) && !servicePasswords().containsKey(project)) {
          problems.add("service password for '" + project + "' is missing (its Keystone user's admin_password, the"
              + " same on every node)");
        }
      }
    }
    servicePasswords().forEach((project, password) -> {
      if (!ConfigEdits.AUTHENTICATING_PROJECTS.contains(project)) {
        problems.add("service password given for unknown project '" + project + "' (known: "
            + ConfigEdits.AUTHENTICATING_PROJECTS + ")");
      } else if (password.isMultiLine() || password.reveal().isEmpty()
          || !password.reveal().strip().equals(password.reveal())) {
        problems.add("service password for '" + project + "' must be one non-empty line without surrounding spaces:"
            + " it is written as an INI value");
      }
    });
    for (String project : databasePasswords().keySet()) {
      if (!DatabaseProjects.HAS_DATABASE.contains(project)) {
        problems.add("database password given for unknown project '" + project + "' (known: "
            + DatabaseProjects.HAS_DATABASE + ")");
      }
    }
  }

  /** The projects deployed, from the API services chosen: keystone, glance, nova, ... */
  public ImmutableSet<String> projects() {
    return apiServices().stream().map(s -> DatabaseProjects.projectOf(s.name()))
        .collect(ImmutableSet.toImmutableSet());
  }

  /** The Pacemaker cluster: fencing, and the one group holding everything that runs on one node. */
  public Cluster cluster() {
    return ControlPlaneCluster.cluster(this);
  }

  /** The haproxy.cfg every control node gets. */
  public HaproxyConfig haproxy() {
    return ControlPlaneHaproxy.config(this);
  }

  /** Every step, across all hosts, in the runbook's order. */
  public Plan plan() {
    return ControlPlanePlan.render(this);
  }

  /**
   * The cluster as pcs commands, an alternative to the plan's native install: cluster setup (with pcsd from one
   * node; on CMAN what each node runs, {@link PcsRenderer#setupCommands}), then the transactional configuration for
   * one node ({@code pcs cluster cib}, {@code pcs -f ...}, then the push of the configuration section).
   */
  public ImmutableList<Command> pcsCommands() {
    return ImmutableList.<Command>builder().addAll(pcsSetupCommands()).addAll(pcsConfigurationCommands()).build();
  }

  /** The setup part of {@link #pcsCommands()}: on one node with pcsd, on every node on CMAN. */
  public ImmutableList<Command> pcsSetupCommands() {
    return ControlPlanePlan.pcsRenderer(this).setupCommands(cluster(), haclusterPassword());
  }

  /** The configuration part of {@link #pcsCommands()}, for one node. */
  public ImmutableList<Command> pcsConfigurationCommands() {
    return ControlPlanePlan.pcsRenderer(this).transactionalCommands(cluster(), cibFile());
  }

  /** Every host the plan touches. */
  public ImmutableList<Host> allHosts() {
    ImmutableList.Builder<Host> hosts = ImmutableList.<Host>builder().addAll(controlNodes()).addAll(computeNodes());
    messaging().cluster().ifPresent(q -> hosts.addAll(q.members()));
    return hosts.build();
  }
}
