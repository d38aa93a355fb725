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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The control plane's Pacemaker cluster. */
final class ControlPlaneCluster {
  static final String VIP = "vip";
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
    plane.components().forEach(component -> component.addResources(plane, cluster));
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

  /**
   * In start order: the address first, then each component's members (database, broker), singletons, HAProxy last
   * (if here).
   */
  static List<Primitive> members(ControlPlane plane) {
    List<Primitive> members = new ArrayList<>();
    members.add(Primitive.ipAddr2(VIP, plane.floatingIp()));
    plane.components().forEach(component -> members.addAll(component.groupMembers(plane)));
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
  static List<String> clusterManagedServices(ControlPlane plane) {
    return List.copyOf(clusterManagedServiceOwners(plane).keySet());
  }

  /** Each init service Pacemaker owns, in the order the group starts them, with who owns it. */
  static Map<String, String> clusterManagedServiceOwners(ControlPlane plane) {
    Map<String, String> owners = new LinkedHashMap<>();
    plane.components().forEach(component -> owners.putAll(component.clusterManagedServices(plane)));
    plane.singleHostServices().forEach(p -> {
      if (p.agent().standard().equals("lsb") || p.agent().standard().equals("systemd")) {
        owners.putIfAbsent(p.agent().type(), "single-host service '" + p.id() + "'");
      }
    });
    owners.putIfAbsent("haproxy", "HAProxy");
    return owners;
  }
}
