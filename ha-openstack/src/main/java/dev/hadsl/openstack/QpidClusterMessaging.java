package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.CorosyncDialect;
import dev.hadsl.qpid.CorosyncTransport;
import dev.hadsl.qpid.QpidClientSettings;
import dev.hadsl.qpid.QpidCluster;
import dev.hadsl.qpid.QpidClusterPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The runbook's second messaging form: Qpid clustered over Corosync on nodes of its own (uidgid file, corosync.conf,
 * firewall ports), every service given {@code qpid_hosts}. Nothing of it runs under the control plane's Pacemaker.
 */
@Value.Immutable
public abstract sealed class QpidClusterMessaging implements Messaging permits ImmutableQpidClusterMessaging {
  /** The broker cluster. */
  @Value.Parameter
  public abstract QpidCluster cluster();

  /** Over {@code cluster}. */
  public static QpidClusterMessaging of(QpidCluster cluster) {
    return ImmutableQpidClusterMessaging.of(cluster);
  }

  @Override
  public ImmutableList<Primitive> groupMembers(ControlPlane plane) {
    return ImmutableList.of();
  }

  @Override
  public void addResources(ControlPlane plane, Cluster.Builder cluster) {}

  @Override
  public ImmutableMap<String, String> clusterManagedServices(ControlPlane plane) {
    return ImmutableMap.of();
  }

  @Override
  public ImmutableList<String> packages(ControlPlane plane) {
    return ImmutableList.of();
  }

  @Override
  public void addStepsBeforeClusterForms(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public void addStepsAfterClusterConfigured(ControlPlane plane, Plan.Builder plan) {}

  /** The broker cluster's own plan (packages, Corosync, firewall, qpidd) on its members. */
  @Override
  public void addStepsOfItsOwnHosts(ControlPlane plane, Plan.Builder plan) {
    plan.addPlan(QpidClusterPlan.render(cluster(), plane.platform().corosyncDialect()));
  }

  @Override
  public ImmutableList<Proxy> haproxyProxies(ControlPlane plane) {
    return ImmutableList.of();
  }

  /** None on the control nodes: the brokers run on their own. */
  @Override
  public ImmutableSet<Integer> reservedPorts(ControlPlane plane) {
    return ImmutableSet.of();
  }

  @Override
  public Optional<OwnHosts> ownHosts() {
    return Optional.of(new OwnHosts("qpid_nodes", "Qpid cluster '" + cluster().name() + "' on Corosync",
        cluster().members()));
  }

  /**
   * The platform's Qpid must have the Corosync cluster module, its Corosync 1 speaks multicast only here, and the
   * members are hosts of their own: no control node's name or address.
   */
  @Override
  public ImmutableList<String> problems(ControlPlane plane) {
    List<String> problems = new ArrayList<>();
    Platform platform = plane.platform();
    if (!platform.qpidCluster()) {
      problems.add("the clustered Qpid needs Qpid's Corosync cluster module, which Qpid C++ "
          + platform.qpid().map(Object::toString).orElse("(none on " + platform.name() + ")") + " does not have"
          + " (the last release with it is " + Platform.LAST_QPID_WITH_CLUSTER + "): use"
          + " Messaging.inGroup() or a platform whose Qpid is " + Platform.LAST_QPID_WITH_CLUSTER + " or older");
    }
    if (platform.corosyncDialect() == CorosyncDialect.COROSYNC_1
        && cluster().transport() != CorosyncTransport.MULTICAST) {
      // Refused here, not when the Corosync 1 renderer meets it: the plan is rendered after build().
      problems.add("qpid cluster '" + cluster().name() + "': transport " + cluster().transport() + " on "
          + platform.name() + ", whose Corosync " + platform.pacemaker().corosync() + " (1.x) the library renders for"
          + " multicast only: use CorosyncTransport.MULTICAST");
    }
    Set<String> control = new HashSet<>();
    plane.controlNodes().forEach(n -> control.add(n.name()));
    cluster().members().stream().filter(m -> control.contains(m.name())).forEach(m -> problems.add(
        "qpid cluster member '" + m.name() + "' is also a control node: the clustered broker runs on its own nodes"));
    // Under another name, the same address would put two Corosync rings (the control plane's, the broker's) and
    // two node identities on one host.
    List<Host> others = new ArrayList<>(plane.controlNodes());
    others.addAll(plane.computeNodes());
    cluster().members().stream().filter(m -> !control.contains(m.name())).forEach(member -> others.stream()
        .filter(host -> host.address().equals(member.address())).forEach(host -> problems.add("qpid cluster member '"
            + member.name() + "' has the address of " + host.name() + " (" + host.address() + "): the clustered"
            + " broker runs on its own nodes")));
    return ImmutableList.copyOf(problems);
  }

  /**
   * {@code qpid_hosts} over the members; {@code qpid_hostname}/{@code qpid_port} removed. Havana's glance notifier
   * knows one broker only: qpid_hostname and qpid_port (glance/notifier/notify_qpid.py at 2013.2; no qpid_hosts). It
   * gets the cluster's first member; glance keeps serving when that broker is down, only its notifications fail.
   */
  @Override
  public ImmutableList<IniEdit> clientEdits(ControlPlane plane, String file) {
    if (file.equals(ConfigEdits.GLANCE_API)) {
      Host first = cluster().members().get(0);
      return ImmutableList.of(IniEdit.set(file, "DEFAULT", "qpid_hostname", first.address().text()),
          IniEdit.set(file, "DEFAULT", "qpid_port", cluster().brokerPort().toString()));
    }
    return edits(file, cluster().clientSettings());
  }

  /**
   * {@code settings} as edits of {@code file}'s {@code [DEFAULT]}: nothing for the glance registry, which sends no
   * notifications, and no removal of {@code qpid_hosts} from glance-api, which never reads it.
   */
  static ImmutableList<IniEdit> edits(String file, QpidClientSettings settings) {
    if (file.equals(ConfigEdits.GLANCE_REGISTRY)) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<IniEdit> edits = ImmutableList.builder();
    settings.keysToSet().forEach((key, value) -> edits.add(IniEdit.set(file, "DEFAULT", key, value)));
    settings.keysToRemove().stream()
        .filter(key -> !(file.equals(ConfigEdits.GLANCE_API) && key.equals("qpid_hosts")))
        .forEach(key -> edits.add(IniEdit.delete(file, "DEFAULT", key)));
    return edits.build();
  }
}
