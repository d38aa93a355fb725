package dev.hadsl.openstack;

import dev.hadsl.core.InitSystem;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Clone;
import dev.hadsl.pacemaker.Colocation;
import dev.hadsl.pacemaker.FenceAgents;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Location;
import dev.hadsl.pacemaker.Order;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.QpidActivePassive;
import java.util.ArrayList;
import java.util.List;

/** The control plane's Pacemaker cluster. */
final class ControlPlaneCluster {
  static final String VIP = "vip";
  static final String MYSQL_FS = "mysql-fs";
  static final String MYSQL_DB = "mysql-db";
  /** lsb:haproxy (the runbook's "lsb:qpidd" on its HAProxy line is a copy-paste mistake). */
  static final String HAPROXY = "haproxy";
  /** Pacemaker's random fencing delay on two-node clusters, so both nodes never shoot each other at once. */
  static final String TWO_NODE_FENCE_DELAY = "15s";

  private ControlPlaneCluster() {}

  static Cluster cluster(ControlPlane plane) {
    Cluster.Builder cluster = Cluster.builder().name(plane.name()).addAllNodes(plane.controlNodes())
        .putResourceDefault("resource-stickiness", "100")
        .addResource(Group.of(plane.groupId(), members(plane)));
    if (plane.haproxyPlacement() == HaproxyPlacement.CLONE) {
      Clone haproxy = Clone.builder().child(service(plane, Primitive.lsb(HAPROXY, "haproxy")))
          .putMetaAttribute("interleave", "true").build();
      // The floating IP (first in the group) only goes where HAProxy already runs, and only after it started.
      cluster.addResource(haproxy)
          .addConstraint(Colocation.of(plane.groupId(), haproxy.id()))
          .addConstraint(Order.of(haproxy.id(), plane.groupId()));
    }
    plane.corosyncToken().ifPresent(cluster::totemToken);
    plane.fencingDisabledBecause().ifPresent(cluster::disableFencing);
    boolean twoNodes = plane.controlNodes().size() == 2;
    for (Primitive given : plane.fencingDevices()) {
      // RHEL 6's fence agents (3.1.5) read other parameter names.
      Primitive device = plane.platform().pacemaker().modernFenceParameterNames() ? given
          : FenceAgents.forRhel6(given);
      cluster.addFencingDevice(twoNodes && !device.instanceAttributes().containsKey("pcmk_delay_max")
          ? Primitive.builder().from(device).putInstanceAttribute("pcmk_delay_max", TWO_NODE_FENCE_DELAY).build()
          : device);
      // A device that fences one node should not run on that node: it would have to shoot its own host.
      String target = device.instanceAttributes().get("pcmk_host_list");
      if (target != null && plane.controlNodes().stream().anyMatch(n -> n.name().equals(target))) {
        cluster.addConstraint(Location.avoids(device.id(), target));
      }
    }
    return cluster.build();
  }

  /** In start order: the address first, then storage, the database, the broker, singletons, HAProxy last (if here). */
  static List<Primitive> members(ControlPlane plane) {
    List<Primitive> members = new ArrayList<>();
    members.add(Primitive.ipAddr2(VIP, plane.floatingIp()));
    Primitive.Builder fs = Primitive.builder().from(Primitive.filesystem(MYSQL_FS, plane.databaseStorage().device(),
        plane.mysql().datadir().orElse("/var/lib/mysql"), plane.databaseStorage().fstype()));
    plane.databaseStorage().options().ifPresent(options -> fs.putInstanceAttribute("options", options));
    members.add(fs.build());
    // MySQL listens on the floating IP, where every service reaches it, whatever the distribution's my.cnf says
    // (Debian's binds 127.0.0.1). The agent passes additional_parameters to mysqld_safe, which hands options it does
    // not know to mysqld: ClusterLabs/resource-agents heartbeat/mysql since e677868e9f ("Allow arbitrary commandline
    // arguments for mysqld", 2007), v3.9.5 (RHEL 6.5) heartbeat/mysql:949-954. Its checks use the socket, not TCP.
    members.add(Primitive.builder().from(Primitive.mysql(MYSQL_DB, plane.mysql()))
        .putInstanceAttribute("additional_parameters", "--bind-address=" + plane.floatingIp().address()).build());
    if (plane.messaging().isInGroup()) {
      members.add(service(plane, QpidActivePassive.primitive()));
    }
    plane.singleHostServices().forEach(singleton -> members.add(service(plane, singleton)));
    if (plane.haproxyPlacement() == HaproxyPlacement.IN_GROUP) {
      members.add(service(plane, Primitive.lsb(HAPROXY, "haproxy")));
    }
    return members;
  }

  /**
   * An init service as the platform runs it: {@code lsb:} under SysV, {@code systemd:} under systemd, where EL7 and
   * later ship units and no init scripts for these services (an {@code lsb:} resource there fails to start).
   */
  static Primitive service(ControlPlane plane, Primitive primitive) {
    if (plane.platform().initSystem() != InitSystem.SYSTEMD || !primitive.agent().standard().equals("lsb")) {
      return primitive;
    }
    return Primitive.builder().from(primitive).agent("systemd:" + primitive.agent().type()).build();
  }

  /** The init scripts Pacemaker owns, which must not also start at boot or run outside the cluster. */
  /** The id Pacemaker knows HAProxy by: the clone's when HAProxy runs on every node. */
  static String haproxyResourceId(ControlPlane plane) {
    return plane.haproxyPlacement() == HaproxyPlacement.CLONE
        ? Clone.builder().child(service(plane, Primitive.lsb(HAPROXY, "haproxy"))).build().id() : HAPROXY;
  }

  static List<String> clusterManagedServices(ControlPlane plane) {
    List<String> services = new ArrayList<>(List.of(plane.platform().mysqlService()));
    if (plane.messaging().isInGroup()) {
      services.add("qpidd");
    }
    plane.singleHostServices().forEach(p -> {
      if (p.agent().standard().equals("lsb") || p.agent().standard().equals("systemd")) {
        services.add(p.agent().type());
      }
    });
    services.add("haproxy");
    return services;
  }
}
