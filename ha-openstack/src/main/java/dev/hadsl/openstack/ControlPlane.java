package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Command;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.pacemaker.CibInstall;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.observed.MembershipChange;
import dev.hadsl.pacemaker.observed.ObservedCluster;
import dev.hadsl.pacemaker.MysqlOptions;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.pacemaker.Primitive;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The runbook as one value: control nodes clustered by Pacemaker; a floating IP, the database and the messaging
 * (components of a kind: {@link Database}, {@link Messaging}), single-host services and HAProxy in one group; HAProxy
 * in front of the API services on every node; Horizon over TLS; every service and Keystone endpoint repointed at the
 * floating IP. {@link #plan()} turns it into one ordered
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

  /**
   * The database and how it survives a node: {@link Database#sharedStorage} (the runbook's active/passive MySQL) or
   * a Galera cluster; see {@link Builder#databaseStorage(SharedStorage)}.
   */
  public abstract Database database();

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

  /** The message broker and how it is made highly available; {@code lsb:qpidd} in the group unless set. */
  @Value.Default
  public Messaging messaging() {
    return Messaging.inGroup();
  }

  /** The parts that come in kinds, in the order their resources start: the database, then the messaging. */
  public ImmutableList<PlaneComponent> components() {
    return ImmutableList.of(database(), messaging());
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
    private SharedStorage storageAskedFor;

    /** The runbook's database: MySQL active/passive, its data on {@code storage} ({@link Database#sharedStorage}). */
    public Builder databaseStorage(SharedStorage storage) {
      storageAskedFor = storage;
      database(Database.sharedStorage(storage));
      return this;
    }

    /**
     * Builds the plane; asked for shared storage ({@link #databaseStorage}) and given another database (Galera)
     * too, it refuses both rather than keep the one set last.
     */
    @Override
    public ControlPlane build() {
      ControlPlane plane = super.build();
      if (storageAskedFor != null && !plane.database().equals(Database.sharedStorage(storageAskedFor))) {
        throw new ValidationException("control plane '" + plane.name() + "'", List.of("database: shared storage "
            + storageAskedFor.device() + " was asked for (databaseStorage) and " + plane.database() + " given as the"
            + " database: a plane has one database (a Galera cluster keeps its data on every node and takes no shared"
            + " storage); choose one"));
      }
      return plane;
    }

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
   * them, reporting every problem at once ({@link ControlPlaneValidator}).
   */
  @Value.Check
  protected void validate() {
    ValidationException.throwIfAny("control plane '" + name() + "'", ControlPlaneValidator.problems(this));
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

  /** Every step, across all hosts, in the runbook's order: the plan for bare hosts (day one). */
  public Plan plan() {
    return ControlPlanePlan.render(this, MembershipChange.dayOne(cluster()));
  }

  /**
   * The plan that converges the cluster {@code observed} describes to this model: {@link #plan()} where no host
   * records the cluster yet; otherwise the same steps with the cluster's formation replaced by the membership change
   * (nodes added, drained and removed, rejoined) carried out from an online member.
   *
   * @throws dev.hadsl.core.ValidationException listing every reason the change is unsafe (a rename or readdress in
   *     place, a node to add that does not answer or belongs to another cluster, quorum lost by a removal, a
   *     platform whose pcs cannot change membership), before anything changes
   */
  public Plan plan(ObservedCluster observed) {
    return ControlPlanePlan.render(this, membershipChange(observed).requireSafe());
  }

  /** How the running cluster's membership differs from this model, with every problem; nothing is checked yet. */
  public MembershipChange membershipChange(ObservedCluster observed) {
    return MembershipChange.between(cluster(), platform().pacemaker(), observed);
  }

  /**
   * Maintenance of the control node {@code node} in the running cluster {@code observed} describes: a plan that drains
   * it (everything moves to the other nodes), and one that brings it back.
   *
   * @throws dev.hadsl.core.ValidationException when the model has no such control node, when it is no online member,
   *     or when no other control node is an online member to take over, before anything changes
   */
  public NodeMaintenance maintenance(ObservedCluster observed, String node) {
    return NodeMaintenance.of(this, observed, node);
  }

  /**
   * Asks every control node (and every node their cluster records that the model no longer has) what it has,
   * through {@code executor}, read-only: the input of {@link #plan(ObservedCluster)}.
   */
  public ObservedCluster observe(dev.hadsl.core.exec.Executor executor) {
    return ObservedCluster.readWithRecorded(executor, controlNodes());
  }

  /**
   * The Ansible export of {@link #plan()}, its inventory grouped as {@code control_nodes}, {@code compute_nodes} and
   * each component's own hosts ({@code qpid_nodes}: the Qpid cluster's), each group present when it has hosts.
   */
  public dev.hadsl.core.export.AnsibleExporter ansibleExporter() {
    dev.hadsl.core.export.AnsibleExporter exporter = dev.hadsl.core.export.AnsibleExporter.create()
        .withGroup("control_nodes", controlNodes().stream().map(Host::name).toList());
    if (!computeNodes().isEmpty()) {
      exporter = exporter.withGroup("compute_nodes", computeNodes().stream().map(Host::name).toList());
    }
    for (PlaneComponent component : components()) {
      if (component.ownHosts().isPresent()) {
        PlaneComponent.OwnHosts own = component.ownHosts().get();
        exporter = exporter.withGroup(own.inventoryGroup(), own.hosts().stream().map(Host::name).toList());
      }
    }
    return exporter;
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
    components().forEach(component -> component.ownHosts().ifPresent(own -> hosts.addAll(own.hosts())));
    return hosts.build();
  }
}
