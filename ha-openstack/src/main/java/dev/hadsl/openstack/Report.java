package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.hadsl.core.Host;
import dev.hadsl.core.diagram.Graphviz;
import dev.hadsl.core.exec.Executor;
import dev.hadsl.pacemaker.simulation.FailoverSimulator;
import dev.hadsl.pacemaker.simulation.Placement;
import java.nio.file.Path;
import java.util.List;

/**
 * What the report page ({@link ReportRenderer}) shows beside the model itself: the diagram as SVG, where everything
 * runs with every node up and after each control node fails (Pacemaker's own scheduler), and the checkers' verdicts.
 * {@link #gather} computes the first two with the real tools; the page is then a pure function of this value.
 *
 * @param plane the control plane
 * @param diagramSvg {@link ControlPlaneDiagramRenderer}'s diagram through {@code dot -Tsvg}
 * @param allUp where everything runs with every control node up
 * @param afterFailureOf where everything runs after each control node fails, by node name, in node order
 * @param verdicts what the real tools said of the rendered artifacts
 */
public record Report(ControlPlane plane, String diagramSvg, Placement allUp, ImmutableMap<String, Placement>
    afterFailureOf, ImmutableList<Verdict> verdicts) {
  /**
   * Runs {@code dot} and {@code crm_simulate} through {@code executor} on {@code host} (normally this machine), the
   * simulator's files in {@code workDirectory} (made private: the CIB holds the fence passwords).
   *
   * @throws IllegalStateException when a tool is missing or refuses, naming it and how to install it
   */
  public static Report gather(ControlPlane plane, Executor executor, Host host, Path workDirectory,
      List<Verdict> verdicts) {
    String svg = Graphviz.using(executor, host).svg(ControlPlaneDiagramRenderer.render(plane));
    FailoverSimulator simulator = FailoverSimulator.using(executor, host, workDirectory);
    Placement allUp = simulator.allUp(plane.cluster());
    ImmutableMap.Builder<String, Placement> failures = ImmutableMap.builder();
    for (Host node : plane.controlNodes()) {
      failures.put(node.name(), simulator.afterFailureOf(plane.cluster(), node.name()));
    }
    return new Report(plane, svg, allUp, failures.build(), ImmutableList.copyOf(verdicts));
  }

  /** The diagram without its XML prolog and doctype, ready to stand inside an HTML page. */
  public String inlineSvg() {
    int start = diagramSvg.indexOf("<svg");
    return start < 0 ? diagramSvg : diagramSvg.substring(start);
  }
}
