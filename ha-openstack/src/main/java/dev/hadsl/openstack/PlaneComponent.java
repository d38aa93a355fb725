package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Primitive;
import java.util.Optional;

/**
 * A part of the control plane that comes in kinds: the {@link Database} and the {@link Messaging}. Each kind
 * contributes what it needs to every part of the plane (the cluster's resources and the services it owns, packages,
 * plan steps, HAProxy sections, what every OpenStack service is told, the ports it takes, its own hosts and the
 * problems of the model it sees); {@link ControlPlane} and its plan iterate over {@link ControlPlane#components()}
 * and never ask which kind they hold. Every contribution is a pure function of the plane.
 *
 * <p>The interface is sealed and every method abstract: a new kind is one class, and the compiler names each
 * answer it must give.
 */
public sealed interface PlaneComponent permits Database, Messaging {
  /** What the Pacemaker group runs for this component, in start order, after the floating IP. */
  ImmutableList<Primitive> groupMembers(ControlPlane plane);

  /** Resources outside the group (clones, their constraints). */
  void addResources(ControlPlane plane, Cluster.Builder cluster);

  /**
   * The init services the cluster owns for this component, each with who owns it (for the plane's "one service, one
   * resource" rule): released from the init system on every control node.
   */
  ImmutableMap<String, String> clusterManagedServices(ControlPlane plane);

  /** Packages every control node installs for this component, in the platform's names. */
  ImmutableList<String> packages(ControlPlane plane);

  /** Steps before the cluster forms (files the resources read, data the cluster must find). */
  void addStepsBeforeClusterForms(ControlPlane plane, Plan.Builder plan);

  /** Steps once the cluster holds the configuration (databases and grants, users). */
  void addStepsAfterClusterConfigured(ControlPlane plane, Plan.Builder plan);

  /** Steps after the control plane's cluster: a cluster of the component's own hosts. */
  void addStepsOfItsOwnHosts(ControlPlane plane, Plan.Builder plan);

  /** HAProxy sections this component is reached through; none when clients reach it directly. */
  ImmutableList<Proxy> haproxyProxies(ControlPlane plane);

  /** Ports this component takes on the floating IP or the control nodes, which no API may also use. */
  ImmutableSet<Integer> reservedPorts(ControlPlane plane);

  /** Hosts of this component's own, outside the control nodes (a separate broker cluster); absent when none. */
  Optional<OwnHosts> ownHosts();

  /** What this component's choice cannot be, given the rest of the model: empty when it can be rendered. */
  ImmutableList<String> problems(ControlPlane plane);

  /**
   * Hosts a component runs on apart from the control nodes.
   *
   * @param inventoryGroup the Ansible inventory group they form
   * @param role what they are, as a diagram labels them
   * @param hosts the hosts
   */
  record OwnHosts(String inventoryGroup, String role, ImmutableList<Host> hosts) {}
}
