package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.QpidActivePassive;
import java.util.Optional;

/**
 * The runbook's first messaging form: one {@code qpidd} in the group, reached on the floating IP. Simple, and what a
 * failover loses is what the broker held in memory: the runbook warns of it.
 */
public final class QpidInGroup implements Messaging {
  static final QpidInGroup INSTANCE = new QpidInGroup();

  private QpidInGroup() {}

  @Override
  public ImmutableList<Primitive> groupMembers(ControlPlane plane) {
    return ImmutableList.of(ControlPlaneCluster.service(plane, QpidActivePassive.primitive()));
  }

  @Override
  public void addResources(ControlPlane plane, Cluster.Builder cluster) {}

  @Override
  public ImmutableMap<String, String> clusterManagedServices(ControlPlane plane) {
    return ImmutableMap.of("qpidd", "Qpid in the group");
  }

  @Override
  public ImmutableList<String> packages(ControlPlane plane) {
    return ImmutableList.of();
  }

  @Override
  public void addStepsBeforeClusterForms(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public void addStepsAfterClusterConfigured(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public void addStepsOfItsOwnHosts(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public ImmutableList<Proxy> haproxyProxies(ControlPlane plane) {
    return ImmutableList.of();
  }

  @Override
  public ImmutableSet<Integer> reservedPorts(ControlPlane plane) {
    return ImmutableSet.of(Catalog.QPID.number());
  }

  @Override
  public Optional<OwnHosts> ownHosts() {
    return Optional.empty();
  }

  @Override
  public ImmutableList<String> problems(ControlPlane plane) {
    return ImmutableList.of();
  }

  /** {@code qpid_hostname} and {@code qpid_port}: the floating IP; {@code qpid_hosts} removed. */
  @Override
  public ImmutableList<IniEdit> clientEdits(ControlPlane plane, String file) {
    return QpidClusterMessaging.edits(file,
        QpidActivePassive.clientSettings(plane.floatingIp().address(), Catalog.QPID));
  }

  @Override
  public String toString() {
    return "Messaging.inGroup()";
  }
}
