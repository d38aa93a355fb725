package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Primitive;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The runbook's database: one MySQL ({@code ocf:heartbeat:mysql}) in the group, after the floating IP and the file
 * system holding its data, which lives on storage mounted on one node at a time. Services reach it on the floating
 * IP directly (no HAProxy: only one server exists at a time). A failover restarts MySQL on another node, with crash
 * recovery: 3.7-10 s in the lab.
 */
@Value.Immutable
public abstract sealed class SharedStorageDatabase implements Database permits ImmutableSharedStorageDatabase {
  static final String FILESYSTEM = "mysql-fs";
  static final String SERVER = "mysql-db";

  /** Where the data lives. */
  @Value.Parameter
  public abstract SharedStorage storage();

  /** On {@code storage}. */
  public static SharedStorageDatabase of(SharedStorage storage) {
    return ImmutableSharedStorageDatabase.of(storage);
  }

  @Override
  public ImmutableList<Primitive> groupMembers(ControlPlane plane) {
    Primitive.Builder fs = Primitive.builder().from(Primitive.filesystem(FILESYSTEM, storage().device(),
        plane.mysql().datadir().orElse("/var/lib/mysql"), storage().fstype()));
    storage().options().ifPresent(options -> fs.putInstanceAttribute("options", options));
    // MySQL listens on the floating IP, where every service reaches it, whatever the distribution's my.cnf says
    // (Debian's binds 127.0.0.1). The agent passes additional_parameters to mysqld_safe, which hands options it does
    // not know to mysqld: ClusterLabs/resource-agents heartbeat/mysql since e677868e9f ("Allow arbitrary commandline
    // arguments for mysqld", 2007), v3.9.5 (RHEL 6.5) heartbeat/mysql:949-954. Its checks use the socket, not TCP.
    Primitive server = Primitive.builder().from(Primitive.mysql(SERVER, plane.mysql()))
        .putInstanceAttribute("additional_parameters", "--bind-address=" + plane.floatingIp().address()).build();
    return ImmutableList.of(fs.build(), server);
  }

  @Override
  public void addResources(ControlPlane plane, Cluster.Builder cluster) {}

  @Override
  public ImmutableMap<String, String> clusterManagedServices(ControlPlane plane) {
    return ImmutableMap.of(plane.platform().mysqlService(), "the database");
  }

  /** None: MySQL is on the nodes already, its data is what moves. */
  @Override
  public ImmutableList<String> packages(ControlPlane plane) {
    return ImmutableList.of();
  }

  /** Before Pacemaker first starts MySQL on the shared storage, the existing data goes there (once). */
  @Override
  public void addStepsBeforeClusterForms(ControlPlane plane, Plan.Builder plan) {
    plan.addStep(Step.of("database.move-to-shared-storage", Target.oneOf(plane.controlNodes()),
        "move the existing MySQL data onto the shared storage, once, verified", DatabaseMove.command(plane, storage())));
  }

  /** The services' databases and grants, on whichever node Pacemaker started MySQL (none without services). */
  @Override
  public void addStepsAfterClusterConfigured(ControlPlane plane, Plan.Builder plan) {
    if (!plane.databasePasswords().isEmpty()) {
      plan.addStep(Step.of("database.grants", Target.each(plane.controlNodes()),
          "every service's database and its grants from each node and the floating IP, where MySQL runs",
          DatabaseGrants.command(SERVER, plane.databasePasswords(), DatabaseGrants.clientHosts(plane))));
    }
  }

  @Override
  public void addStepsOfItsOwnHosts(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public ImmutableList<Proxy> haproxyProxies(ControlPlane plane) {
    return ImmutableList.of();
  }

  @Override
  public ImmutableSet<Integer> reservedPorts(ControlPlane plane) {
    return ImmutableSet.of(Catalog.MYSQL.number());
  }

  @Override
  public Optional<OwnHosts> ownHosts() {
    return Optional.empty();
  }

  /** None beyond the storage's own checks. */
  @Override
  public ImmutableList<String> problems(ControlPlane plane) {
    return ImmutableList.of();
  }
}
