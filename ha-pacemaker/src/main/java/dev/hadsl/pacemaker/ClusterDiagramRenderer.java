package dev.hadsl.pacemaker;

import static dev.hadsl.core.diagram.Dot.quoted;

import dev.hadsl.core.Host;
import dev.hadsl.core.TextWriter;
import dev.hadsl.core.diagram.Dot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Cluster} as a Graphviz DOT diagram: its nodes, each group as a box of its members in start order, each
 * clone as one instance per node, each fencing device pointing at the node it fences, and every constraint as a
 * labelled edge. A pure function of the model, so the text can be compared exactly; quoting goes through
 * {@link Dot}.
 *
 * <p>DOT ids carry a kind prefix ({@code node:node1}, {@code resource:vip}, {@code instance:haproxy-clone:node1}),
 * so a resource and a node of the same name stay two things; {@link #nodeId} and {@link #resourceId} give them to a
 * larger diagram that draws edges to this one.
 */
public final class ClusterDiagramRenderer {
  private ClusterDiagramRenderer() {}

  /** The cluster as a whole DOT digraph. */
  public static String render(Cluster cluster) {
    TextWriter out = new TextWriter();
    out.line("digraph " + quoted("cluster:" + cluster.name()) + " {").indent();
    graphAttributes(out, "Pacemaker cluster '" + cluster.name() + "'");
    write(cluster, out);
    out.outdent().line("}");
    return out.toString();
  }

  /** The graph, node and edge defaults every diagram of the library uses, with a title. */
  public static void graphAttributes(TextWriter out, String title) {
    out.line("graph [compound=true, rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label="
        + quoted(title) + "];");
    out.line("node [fontname=\"Helvetica\", fontsize=10, shape=box, style=rounded];");
    out.line("edge [fontname=\"Helvetica\", fontsize=9];");
  }

  /** The cluster's statements, for a diagram that holds more than the cluster. */
  public static void write(Cluster cluster, TextWriter out) {
    Map<String, Anchor> anchors = new LinkedHashMap<>();
    out.line("subgraph " + quoted("cluster_nodes") + " {").indent();
    out.line("label=" + quoted("nodes") + ";");
    for (Host node : cluster.nodes()) {
      out.line(nodeId(node.name()) + " [shape=box3d, style=solid, label=" + Dot.lines(node.name(),
          node.address().text()) + "];");
    }
    out.outdent().line("}");
    for (Resource resource : cluster.resources()) {
      if (resource instanceof Primitive primitive) {
        out.line(resourceId(primitive.id()) + " [label=" + quoted(lines(primitive, "")) + "];");
        anchors.put(primitive.id(), new Anchor(resourceId(primitive.id()), Optional.empty()));
      } else if (resource instanceof Group group) {
        group(group, out, anchors);
      } else if (resource instanceof Clone clone) {
        clone(clone, cluster, out, anchors);
      }
    }
    for (Primitive device : cluster.fencingDevices()) {
      out.line(resourceId(device.id()) + " [shape=octagon, style=solid, color=red, label="
          + quoted(lines(device, "")) + "];");
      anchors.put(device.id(), new Anchor(resourceId(device.id()), Optional.empty()));
      for (String node : fencedNodes(device)) {
        out.line(resourceId(device.id()) + " -> " + nodeId(node) + " [color=red, label=" + quoted("fences") + "];");
      }
    }
    for (Constraint constraint : cluster.constraints()) {
      constraint(constraint, anchors, out);
    }
  }

  /** The DOT id of the node called {@code name}. */
  public static String nodeId(String name) {
    return quoted("node:" + name);
  }

  /** The DOT id of the resource {@code id} (a primitive outside a clone, or a fencing device). */
  public static String resourceId(String id) {
    return quoted("resource:" + id);
  }

  /** Where an edge to a resource id lands: a DOT node, and the box it stands for when the resource is a box. */
  private record Anchor(String node, Optional<String> box) {}

  private static void group(Group group, TextWriter out, Map<String, Anchor> anchors) {
    String box = quoted("cluster_resource:" + group.id());
    out.line("subgraph " + box + " {").indent();
    out.line("label=" + quoted("group " + group.id() + " (starts top to bottom)") + ";");
    List<Primitive> members = group.members();
    for (int i = 0; i < members.size(); i++) {
      Primitive member = members.get(i);
      out.line(resourceId(member.id()) + " [label=" + quoted(lines(member, (i + 1) + ". ")) + "];");
      anchors.put(member.id(), new Anchor(resourceId(member.id()), Optional.empty()));
    }
    for (int i = 1; i < members.size(); i++) {
      out.line(resourceId(members.get(i - 1).id()) + " -> " + resourceId(members.get(i).id()) + " [style=dotted,"
          + " arrowhead=vee, label=" + quoted("then") + "];");
    }
    out.outdent().line("}");
    if (!members.isEmpty()) {
      anchors.put(group.id(), new Anchor(resourceId(members.get(0).id()), Optional.of(box)));
    }
  }

  private static void clone(Clone clone, Cluster cluster, TextWriter out, Map<String, Anchor> anchors) {
    String box = quoted("cluster_resource:" + clone.id());
    out.line("subgraph " + box + " {").indent();
    out.line("label=" + quoted((clone.promotable() ? "promotable clone " : "clone ") + clone.id()
        + (clone.promotable() ? " (one instance promoted)" : " (an instance on every node)")) + ";");
    String first = null;
    for (Host node : cluster.nodes()) {
      for (Primitive primitive : clone.child().primitives()) {
        String instance = quoted("instance:" + clone.id() + ":" + node.name() + ":" + primitive.id());
        out.line(instance + " [label=" + quoted(lines(primitive, "") + "\non " + node.name()) + "];");
        first = first == null ? instance : first;
      }
    }
    out.outdent().line("}");
    if (first != null) {
      for (Resource inside : clone.selfAndDescendants()) {
        anchors.put(inside.id(), new Anchor(first, Optional.of(box)));
      }
    }
  }

  private static void constraint(Constraint constraint, Map<String, Anchor> anchors, TextWriter out) {
    if (constraint instanceof Colocation colocation) {
      String label = colocation.resourceRole().map(role -> role + " ").orElse("")
          + (colocation.score().isNegative() ? "apart from " : "with ")
          + colocation.withResourceRole().map(role -> role + " ").orElse("") + colocation.withResource()
          + " (" + colocation.score().text() + ")";
      edge(anchors, colocation.resource(), anchors.get(colocation.withResource()), label, "color=blue", out);
    } else if (constraint instanceof Order order) {
      edge(anchors, order.first(), anchors.get(order.then()), order.firstAction() + " " + order.first() + ", then "
          + order.thenAction() + " " + order.then() + " (" + order.kind().text() + ")", "color=darkgreen", out);
    } else if (constraint instanceof Location location) {
      edge(anchors, location.resource(), new Anchor(nodeId(location.node()), Optional.empty()),
          (location.score().isNegative() ? "avoids (" : "prefers (") + location.score().text() + ")", "style=dashed",
          out);
    }
  }

  private static void edge(Map<String, Anchor> anchors, String fromId, Anchor to, String label, String style,
      TextWriter out) {
    Anchor from = anchors.get(fromId);
    if (from == null || to == null) {
      // The cluster validator refuses constraints on unknown resources; nothing to draw for a model that skipped it.
      return;
    }
    List<String> attributes = new ArrayList<>(List.of(style, "label=" + quoted(label)));
    from.box().ifPresent(box -> attributes.add("ltail=" + box));
    to.box().ifPresent(box -> attributes.add("lhead=" + box));
    out.line(from.node() + " -> " + to.node() + " [" + String.join(", ", attributes) + "];");
  }

  /** A primitive's label: its id, its agent, and where it acts (address, BMC, device and mount point). */
  private static String lines(Primitive primitive, String prefix) {
    List<String> lines = new ArrayList<>(List.of(prefix + primitive.id(), primitive.agent().toString()));
    Map<String, String> attributes = primitive.instanceAttributes();
    if (attributes.containsKey("ip") && primitive.agent().standard().equals("stonith")) {
      lines.add("BMC " + attributes.get("ip"));
    } else if (attributes.containsKey("ip")) {
      lines.add(attributes.get("ip") + Optional.ofNullable(attributes.get("cidr_netmask")).map(p -> "/" + p)
          .orElse(""));
    }
    if (attributes.containsKey("device") && attributes.containsKey("directory")) {
      lines.add(attributes.get("device") + " on " + attributes.get("directory"));
    }
    return String.join("\n", lines);
  }

  /** The nodes a fencing device names in {@code pcmk_host_list} (or {@code pcmk_host_map}'s node names). */
  private static List<String> fencedNodes(Primitive device) {
    Map<String, String> attributes = device.instanceAttributes();
    List<String> nodes = new ArrayList<>();
    if (attributes.containsKey("pcmk_host_list")) {
      for (String node : attributes.get("pcmk_host_list").split("[\\s,;]+")) {
        if (!node.isEmpty()) {
          nodes.add(node);
        }
      }
    } else if (attributes.containsKey("pcmk_host_map")) {
      for (String pair : attributes.get("pcmk_host_map").split("[\\s,;]+")) {
        if (!pair.isEmpty()) {
          nodes.add(pair.split(":", 2)[0]);
        }
      }
    }
    return nodes;
  }
}
