package dev.hadsl.openstack;

import static dev.hadsl.core.diagram.Dot.quoted;

import dev.hadsl.core.Host;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.TextWriter;
import dev.hadsl.haproxy.HaproxyDiagramRenderer;
import dev.hadsl.pacemaker.ClusterDiagramRenderer;
import java.util.List;
import java.util.Optional;

/**
 * The whole control plane as one Graphviz DOT diagram: the Pacemaker cluster (nodes, the group in start order with
 * the floating IP first, clones per node, fencing, constraints), the hosts outside it (compute nodes, a component's
 * own nodes) and HAProxy's sections with an edge per backend server to the control node behind it. A pure
 * function of the model; {@code Graphviz} turns it into SVG.
 */
public final class ControlPlaneDiagramRenderer {
  private ControlPlaneDiagramRenderer() {}

  /** The diagram as DOT text. */
  public static String render(ControlPlane plane) {
    TextWriter out = new TextWriter();
    out.line("digraph " + quoted("control-plane:" + plane.name()) + " {").indent();
    ClusterDiagramRenderer.graphAttributes(out, "OpenStack control plane '" + plane.name() + "' on "
        + plane.platform().name() + ": floating IP " + plane.floatingIp().address().text());
    ClusterDiagramRenderer.write(plane.cluster(), out);
    List<PlaneComponent.OwnHosts> ownHosts = plane.components().stream().flatMap(c -> c.ownHosts().stream())
        .toList();
    if (!plane.computeNodes().isEmpty() || !ownHosts.isEmpty()) {
      out.line("subgraph " + quoted("cluster_other_hosts") + " {").indent();
      out.line("label=" + quoted("outside the Pacemaker cluster") + ";");
      for (Host compute : plane.computeNodes()) {
        other(compute, "compute node", out);
      }
      ownHosts.forEach(own -> own.hosts().forEach(host -> other(host, own.role(), out)));
      out.outdent().line("}");
    }
    String title = switch (plane.haproxyPlacement()) {
      case IN_GROUP -> "HAProxy (in the group, on the floating IP's node)";
      case CLONE -> "HAProxy (cloned, on every control node)";
    };
    HaproxyDiagramRenderer.write(plane.haproxy(), title, address -> controlNode(plane, address), out);
    out.outdent().line("}");
    return out.toString();
  }

  private static void other(Host host, String role, TextWriter out) {
    out.line(ClusterDiagramRenderer.nodeId(host.name()) + " [shape=box3d, style=solid, label="
        + quoted(host.name() + "\n" + host.address().text() + "\n" + role) + "];");
  }

  private static Optional<String> controlNode(ControlPlane plane, Ipv4Address address) {
    return plane.controlNodes().stream().filter(node -> node.address().equals(address)).findFirst()
        .map(node -> ClusterDiagramRenderer.nodeId(node.name()));
  }
}
