package dev.hadsl.openstack;

import static dev.hadsl.openstack.ControlPlane.NEUTRON_DHCP_AGENT;
import static dev.hadsl.openstack.ControlPlane.NEUTRON_L2_AGENT;
import static dev.hadsl.openstack.ControlPlane.NEUTRON_L3_AGENT;
import static dev.hadsl.openstack.ControlPlane.NEUTRON_METADATA_AGENT;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Checks;
import dev.hadsl.core.Host;
import dev.hadsl.core.Hosts;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Ipv4Network;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import dev.hadsl.pacemaker.CibInstall;
import dev.hadsl.pacemaker.Primitive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every check of a {@link ControlPlane}, in one place: nodes, floating IP, services, secrets, platform, paths and
 * what each component finds ({@link PlaneComponent#problems}), then the cluster and HAProxy configuration composed
 * from them. Run by {@link ControlPlane}'s {@code build()}, which reports every problem at once.
 */
final class ControlPlaneValidator {
  private final ControlPlane plane;

  private ControlPlaneValidator(ControlPlane plane) {
    this.plane = plane;
  }

  /** Every problem of {@code plane}; empty when it can be rendered and applied. */
  static List<String> problems(ControlPlane plane) {
    return new ControlPlaneValidator(plane).check();
  }

  private List<String> check() {
    List<String> problems = new ArrayList<>();
    checkNodes(problems);
    checkFloatingIp(problems);
    checkServices(problems);
    checkDatabasePasswords(problems);
    checkPlatform(problems);
    checkPaths(problems);
    plane.components().forEach(component -> problems.addAll(component.problems(plane)));
    if (problems.isEmpty()) {
      // The composed parts check themselves; surface their problems here too, all at once.
      // Rendering the native install builds the cluster first, so this checks both.
      collect(problems, () -> CibInstall.artifacts(ControlPlaneCluster.cluster(plane), plane.cibInstallDirectory()));
      collect(problems, () -> ControlPlaneHaproxy.config(plane));
    }
    return problems;
  }

  private void checkPaths(List<String> problems) {
    // A relative path, or one that reads as an option ("--help"), would make pcs write its whole transaction to a
    // file of that name in whatever directory the step runs in.
    for (String[] path : new String[][] {{"cibFile", plane.cibFile()},
        {"cibInstallDirectory", plane.cibInstallDirectory()}}) {
      try {
        Checks.absolutePath(path[0], path[1]);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
  }

  /** What the model asks of the platform, each refusal naming the feature and the version that lacks it. */
  private void checkPlatform(List<String> problems) {
    Platform platform = plane.platform();
    if (platform.pacemaker().pcsd() && plane.haclusterPassword().isEmpty()) {
      problems.add("haclusterPassword is missing: pcs " + platform.pacemaker().pcs() + " on " + platform.name()
          + " authenticates the nodes to each other through pcsd as hacluster");
    }
    plane.corosyncToken().filter(token -> !platform.pacemaker().pcs010()).ifPresent(token -> problems.add(
        "corosyncToken " + millis(token) + ": pcs " + platform.pacemaker().pcs() + " on " + platform.name()
            + " sets no totem options at setup (pcs 0.10.1 does: 'totem token=')"));
    plane.horizonSsl().filter(ssl -> ssl.termination() == HorizonSsl.Termination.HAPROXY
        && !platform.haproxyTerminatesTls()).ifPresent(ssl -> problems.add("HAProxy " + platform.haproxy()
            + " has no TLS binds (since " + Platform.HAPROXY_TLS + "); terminate TLS in Apache (HorizonSsl.apache())"
            + " or raise the HAProxy version"));
  }

  /** {@code 1000 ms}; a Duration too long for a long of milliseconds in its ISO form instead of overflowing. */
  private static String millis(Duration duration) {
    return duration.compareTo(Duration.ofDays(1)) <= 0 ? duration.toMillis() + " ms" : duration.toString();
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
    if (plane.controlNodes().size() < 2) {
      problems.add("a highly available control plane needs at least two control nodes, has "
          + plane.controlNodes().size());
    }
    List<String> duplicates = Hosts.duplicates(ImmutableList.<Host>builder().addAll(plane.controlNodes())
        .addAll(plane.computeNodes()).build(), "node");
    problems.addAll(duplicates);
    // Here, not only as the Pacemaker cluster's nodes: the cluster is built only from a model without problems.
    problems.addAll(Hosts.memberProblems(ImmutableList.<Host>builder().addAll(plane.controlNodes())
        .addAll(plane.computeNodes()).build(), "node"));
    // Across roles: a compute node named like a Qpid member would make the plan address two machines as one.
    List<Host> everyRole = new ArrayList<>(plane.controlNodes());
    everyRole.addAll(plane.computeNodes());
    plane.components().forEach(c -> c.ownHosts().ifPresent(own -> everyRole.addAll(own.hosts())));
    if (duplicates.isEmpty()) {
      problems.addAll(Hosts.conflicts(everyRole)); // else said already, as duplicates
    }
  }

  private void checkFloatingIp(List<String> problems) {
    Ipv4Address vip = plane.floatingIp().address();
    List<Host> everyHost = new ArrayList<>(plane.controlNodes());
    everyHost.addAll(plane.computeNodes());
    plane.components().forEach(c -> c.ownHosts().ifPresent(own -> everyHost.addAll(own.hosts())));
    for (Host host : everyHost) {
      if (host.address().equals(vip)) {
        problems.add("floating IP " + vip + " is the address of " + host.name() + "; it must be an unused address");
      }
    }
    // A BMC is a separate controller on the board: its address is never the floating IP or a host's own address
    // (fencing through it would then talk to the very node, or to whichever node holds the IP).
    for (Primitive device : plane.fencingDevices()) {
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
        Ipv4Network subnet = plane.floatingIp().network();
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
    for (Host node : plane.controlNodes()) {
      boolean inVipNetwork = plane.floatingIp().network().contains(node.address());
      boolean vipInNodeNetwork = node.network().map(n -> n.contains(vip)).orElse(true);
      if (!inVipNetwork || !vipInNodeNetwork) {
        problems.add("floating IP " + plane.floatingIp() + " is not in the subnet of control node " + node
            + ": IPaddr2 can only raise it on an interface of that subnet");
      }
      if (node.prefix().isPresent() && node.prefix().get() != plane.floatingIp().prefix()) {
        problems.add("floating IP prefix /" + plane.floatingIp().prefix() + " differs from control node " + node
            + "'s /" + node.prefix().get());
      }
    }
  }

  private void checkServices(List<String> problems) {
    Set<String> names = new HashSet<>();
    Set<Integer> ports = new HashSet<>(reservedPorts());
    for (ApiService service : plane.apiServices()) {
      if (!names.add(service.name())) {
        problems.add("API service '" + service.name() + "' is listed twice");
      }
      if (!ports.add(service.port().number())) {
        problems.add("API service '" + service.name() + "': port " + service.port() + " is already used"
            + (reservedPorts().contains(service.port().number()) ? " by Horizon, the database or the messaging"
                : " by another service"));
      }
    }
    checkNeutronAgents(problems);
    checkClusterManagedServices(problems);
    if (plane.horizonSsl().isPresent() && !plane.horizon()) {
      problems.add("Horizon SSL is set but Horizon is not served (horizon(false))");
    }
  }

  /**
   * One init script, one resource: two resources over the same service (two single-host services of type
   * {@code svc}, or one of type {@code haproxy} beside the HAProxy the plane runs) would start and stop it behind
   * each other's backs, and the plan would release it from the init system twice.
   */
  private void checkClusterManagedServices(List<String> problems) {
    java.util.Map<String, String> owners = new java.util.LinkedHashMap<>();
    plane.components().forEach(component -> owners.putAll(component.clusterManagedServices(plane)));
    owners.put("haproxy", "HAProxy");
    for (Primitive service : plane.singleHostServices()) {
      String standard = service.agent().standard();
      if (!standard.equals("lsb") && !standard.equals("systemd")) {
        continue;
      }
      String owner = owners.putIfAbsent(service.agent().type(), "single-host service '" + service.id() + "'");
      if (owner != null) {
        problems.add("single-host service '" + service.id() + "': " + service.agent() + " is already managed by "
            + owner + "; one service, one cluster resource");
      }
    }
  }

  /** Agents that need the L2 agent's wiring must follow it in the group: same node, started after it. */
  private void checkNeutronAgents(List<String> problems) {
    List<String> types = plane.singleHostServices().stream().map(p -> p.agent().type()).toList();
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
    Set<Integer> reserved = new HashSet<>();
    plane.components().forEach(component -> reserved.addAll(component.reservedPorts(plane)));
    if (plane.horizon()) {
      reserved.add(Catalog.HORIZON_HTTP.number());
      plane.horizonSsl().ifPresent(ssl -> reserved.add(Catalog.HORIZON_HTTPS.number()));
    }
    return reserved;
  }

  /**
   * Whether crudini can write {@code secret} as an INI value and read it back unchanged: one line, no surrounding
   * spaces (it drops them), no ';' after whitespace (its reader starts an inline comment there).
   */
  private static boolean fitsIniValue(Secret secret) {
    String value = secret.reveal();
    return !secret.isMultiLine() && !value.isEmpty() && value.strip().equals(value) && !value.matches("(?s).*\\s;.*");
  }

  private void checkDatabasePasswords(List<String> problems) {
    Secret token = plane.keystone().token();
    if (!fitsIniValue(token)) {
      problems.add("the Keystone admin token must be one line without surrounding spaces or a ';' after a space: it"
          + " is written to keystone.conf as admin_token");
    }
    if (plane.haclusterPassword().map(Secret::isMultiLine).orElse(false)) {
      problems.add("haclusterPassword must be one line: chpasswd and pcs read it as a line, and a second line would"
          + " be taken as another user's entry");
    }
    for (String project : plane.projects()) {
      if (DatabaseProjects.HAS_DATABASE.contains(project) && !plane.databasePasswords().containsKey(project)) {
        problems.add("database password for '" + project + "' is missing (needed to repoint its connection at "
            + plane.floatingIp().address() + ")");
      }
    }
    if (plane.projects().contains("nova") && plane.projects().contains("neutron")
        && plane.metadataProxySecret().isEmpty()) {
      problems.add("metadataProxySecret is missing: nova's metadata API and every neutron metadata agent must share"
          + " one secret");
    }
    if (plane.horizon() && plane.horizonSecretKey().isEmpty()) {
      problems.add("horizonSecretKey is missing: every control node's Horizon must sign sessions with the same key");
    }
    for (Secret shared : List.of(plane.metadataProxySecret(), plane.horizonSecretKey()).stream()
        .flatMap(Optional::stream).toList()) {
      if (!fitsIniValue(shared)) {
        problems.add("a shared secret (metadataProxySecret or horizonSecretKey) must be one non-empty line without"
            + " surrounding spaces or a ';' after a space: it is written as an INI value or a Python string");
      }
    }
    if (plane.projects().contains("keystone")) {
      for (String project : ConfigEdits.AUTHENTICATING_PROJECTS) {
        if (plane.projects().contains(project) && !plane.servicePasswords().containsKey(project)) {
          problems.add("service password for '" + project + "' is missing (its Keystone user's admin_password, the"
              + " same on every node)");
        }
      }
    }
    plane.servicePasswords().forEach((project, password) -> {
      if (!ConfigEdits.AUTHENTICATING_PROJECTS.contains(project)) {
        problems.add("service password given for unknown project '" + project + "' (known: "
            + ConfigEdits.AUTHENTICATING_PROJECTS + ")");
      } else if (!fitsIniValue(password)) {
        problems.add("service password for '" + project + "' must be one non-empty line without surrounding spaces"
            + " or a ';' after a space: it is written as an INI value");
      }
    });
    for (String project : plane.databasePasswords().keySet()) {
      if (!DatabaseProjects.HAS_DATABASE.contains(project)) {
        problems.add("database password given for unknown project '" + project + "' (known: "
            + DatabaseProjects.HAS_DATABASE + ")");
      }
    }
  }
}
