package dev.hadsl.pacemaker;

import dev.hadsl.core.Hosts;
import dev.hadsl.core.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cluster-wide rules; reports every problem, each naming the id, the value and the rule. */
final class ClusterValidator {
  private ClusterValidator() {}

  static List<String> problems(Cluster cluster) {
    List<String> problems = new ArrayList<>();
    checkName(problems, cluster.name());
    checkNodes(problems, cluster);
    checkIds(problems, cluster);
    checkFencing(problems, cluster);
    checkKeys(problems, "cluster property", cluster.properties().keySet(), KnownProperties.CLUSTER);
    checkKeys(problems, "resource default", cluster.resourceDefaults().keySet(), KnownProperties.RESOURCE_DEFAULTS);
    checkKeys(problems, "operation default", cluster.operationDefaults().keySet(), KnownProperties.OPERATION_DEFAULTS);
    if (cluster.properties().containsKey("stonith-enabled")) {
      problems.add("set fencing with fencingDevices or disableFencing(reason), not the stonith-enabled property");
    }
    for (Resource resource : cluster.allResources()) {
      if (resource instanceof Primitive primitive) {
        checkAgent(problems, primitive);
        if (primitive.agent().isStonith()) {
          problems.add("resource '" + primitive.id() + "' is a fencing agent (" + primitive.agent()
              + "); add it with addFencingDevice");
        }
      }
    }
    for (Primitive device : cluster.fencingDevices()) {
      if (!device.agent().isStonith()) {
        problems.add("fencing device '" + device.id() + "' has agent " + device.agent() + ", not a stonith: agent");
      }
      checkAgent(problems, device);
    }
    checkConstraints(problems, cluster);
    // Compared as Durations, not toMillis(): a Duration of Long.MAX_VALUE seconds overflows a long of milliseconds.
    cluster.totemToken().filter(token -> token.compareTo(Duration.ofMillis(100)) < 0
        || token.compareTo(Duration.ofSeconds(60)) > 0 || token.getNano() % 1_000_000 != 0).ifPresent(token -> problems.add("totemToken " + token
            + " must be whole milliseconds between 100 ms and 60 s"));
    return problems;
  }

  private static void checkName(List<String> problems, String name) {
    if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
      problems.add("cluster name '" + name + "' must be 1-32 letters, digits, '_' or '-' (corosync's limit)");
    }
  }

  private static void checkNodes(List<String> problems, Cluster cluster) {
    if (cluster.nodes().isEmpty()) {
      problems.add("a cluster needs at least one node");
    }
    problems.addAll(Hosts.duplicates(cluster.nodes(), "node"));
    problems.addAll(Hosts.memberProblems(cluster.nodes(), "node"));
  }

  private static void checkIds(List<String> problems, Cluster cluster) {
    // Every id in the CIB lives in one namespace: resources, constraints, and the ids derived for attribute sets
    // and operations, so a user id cannot collide with a derived one either.
    Map<String, String> owners = new HashMap<>();
    for (Resource resource : cluster.allResources()) {
      claim(problems, owners, resource.id(), describe(resource));
    }
    for (Primitive device : cluster.fencingDevices()) {
      claim(problems, owners, device.id(), "fencing device '" + device.id() + "'");
    }
    for (Constraint constraint : cluster.constraints()) {
      claim(problems, owners, constraint.id(), "constraint '" + constraint.id() + "'");
    }
    for (String derived : CibIds.derived(cluster)) {
      if (owners.containsKey(derived)) {
        problems.add("id '" + derived + "' of " + owners.get(derived) + " collides with an id the CIB derives for"
            + " an attribute set or operation; choose another id");
      }
    }
  }

  private static String describe(Resource resource) {
    return resource instanceof Group ? "group '" + resource.id() + "'"
        : resource instanceof Clone ? "clone '" + resource.id() + "'" : "resource '" + resource.id() + "'";
  }

  private static void claim(List<String> problems, Map<String, String> owners, String id, String owner) {
    String previous = owners.putIfAbsent(id, owner);
    if (previous != null) {
      problems.add("id '" + id + "' is used by " + previous + " and " + owner
          + " (ids are unique across resources, groups, clones, fencing devices and constraints;"
          + " a primitive belongs to at most one group or clone)");
    }
  }

  private static void checkFencing(List<String> problems, Cluster cluster) {
    if (cluster.fencingDisabledBecause().isEmpty() && cluster.fencingDevices().isEmpty()) {
      problems.add("fencing is enabled but no fencing device is defined: without fencing a node that stops"
          + " answering cannot be safely recovered, and Pacemaker starts no resource at all. Add a fencing device"
          + " (addFencingDevice) or turn fencing off explicitly with disableFencing(reason)");
    }
    if (cluster.fencingDisabledBecause().isPresent() && !cluster.fencingDevices().isEmpty()) {
      problems.add("fencing is disabled (" + cluster.fencingDisabledBecause().get() + ") but fencing devices are"
          + " defined; drop one or the other");
    }
    cluster.fencingDisabledBecause().filter(String::isBlank)
        .ifPresent(reason -> problems.add("disableFencing needs a reason, so the choice stays visible"));
    if (cluster.fencingDisabledBecause().isEmpty()) {
      checkFencingReach(problems, cluster);
    }
  }

  /**
   * Devices that name their targets (pcmk_host_list, pcmk_host_map) must name nodes of the cluster, and then every
   * node needs one: Pacemaker cannot recover a node no device can fence, and waits for it forever. A device without
   * either asks its agent which nodes it can fence (pcmk_host_check's dynamic-list), so no coverage is judged then.
   */
  private static void checkFencingReach(List<String> problems, Cluster cluster) {
    Set<String> nodes = new LinkedHashSet<>();
    cluster.nodes().forEach(node -> nodes.add(node.name()));
    Set<String> reached = new HashSet<>();
    boolean dynamic = false;
    for (Primitive device : cluster.fencingDevices()) {
      Set<String> targets = new LinkedHashSet<>();
      String list = device.instanceAttributes().get("pcmk_host_list");
      String map = device.instanceAttributes().get("pcmk_host_map");
      if (list == null && map == null) {
        dynamic = true;
        continue;
      }
      if (list != null) {
        // pcs and Pacemaker split the list on spaces, commas and semicolons.
        Arrays.stream(list.split("[\\s,;]+")).filter(name -> !name.isEmpty()).forEach(targets::add);
      }
      if (map != null) {
        // "node1:port1;node2:port2": the node names precede the colons.
        Arrays.stream(map.split("[\\s,;]+")).filter(entry -> !entry.isEmpty())
            .forEach(entry -> targets.add(entry.contains(":") ? entry.substring(0, entry.indexOf(':')) : entry));
      }
      for (String target : targets) {
        if (!nodes.contains(target)) {
          problems.add("fencing device '" + device.id() + "' targets '" + target + "', which is not a node of the"
              + " cluster (nodes: " + nodes + ")");
        }
      }
      reached.addAll(targets);
    }
    if (!dynamic && !cluster.fencingDevices().isEmpty()) {
      for (String node : nodes) {
        if (!reached.contains(node)) {
          problems.add("node '" + node + "' has no fencing device (no pcmk_host_list or pcmk_host_map names it):"
              + " if it stops answering, Pacemaker can never recover its resources");
        }
      }
    }
  }

  private static void checkKeys(List<String> problems, String what, Set<String> keys, Set<String> known) {
    for (String key : keys) {
      if (!known.contains(key)) {
        problems.add("unknown " + what + " '" + key + "' (Pacemaker would silently ignore it)");
      }
    }
  }

  private static void checkAgent(List<String> problems, Primitive primitive) {
    String where = "resource '" + primitive.id() + "' (" + primitive.agent() + ")";
    if (KnownAgents.takesNoParameters(primitive.agent()) && !primitive.instanceAttributes().isEmpty()) {
      problems.add(where + ": " + primitive.agent().standard() + " services take no parameters, got "
          + primitive.instanceAttributes().keySet());
    }
    KnownAgents.of(primitive.agent()).ifPresent(parameters -> {
      for (String required : parameters.required()) {
        if (!parameters.present(required, primitive.instanceAttributes().keySet())) {
          problems.add(where + ": required parameter '" + required + "' is missing");
        }
      }
      for (String name : primitive.instanceAttributes().keySet()) {
        if (!parameters.knows(name)) {
          problems.add(where + ": unknown parameter '" + name + "'");
        }
      }
    });
    if (primitive.agent().toString().equals("ocf:heartbeat:IPaddr2")) {
      checkIpAddr2(problems, where, primitive);
    }
  }

  private static void checkIpAddr2(List<String> problems, String where, Primitive primitive) {
    String ip = primitive.instanceAttributes().get("ip");
    if (ip != null) {
      try {
        Ipv4Address.of(ip);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": parameter ip: " + e.getMessage());
      }
    }
    String netmask = primitive.instanceAttributes().get("cidr_netmask");
    if (netmask != null && !netmask.matches("[0-9]|[12][0-9]|3[0-2]")) {
      problems.add(where + ": parameter cidr_netmask '" + netmask + "' is not a prefix length from 0 to 32");
    }
  }

  private static void checkConstraints(List<String> problems, Cluster cluster) {
    Set<String> resourceIds = new HashSet<>();
    cluster.allResources().forEach(r -> resourceIds.add(r.id()));
    cluster.fencingDevices().forEach(d -> resourceIds.add(d.id()));
    Set<String> nodeNames = new HashSet<>();
    cluster.nodes().forEach(n -> nodeNames.add(n.name()));
    for (Constraint constraint : cluster.constraints()) {
      for (String id : constraint.resourceIds()) {
        if (!resourceIds.contains(id)) {
          problems.add("constraint '" + constraint.id() + "' names resource '" + id + "', which does not exist");
        }
      }
      if (constraint instanceof Location location && !nodeNames.contains(location.node())) {
        problems.add("constraint '" + location.id() + "' names node '" + location.node()
            + "', which is not a cluster node " + nodeNames.stream().sorted().toList());
      }
    }
  }
}
