package dev.hadsl.openstack;

import static dev.hadsl.core.Markup.escape;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.TextWriter;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.pacemaker.simulation.Placement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report page: one static HTML file (no network, no script) with the control plane's diagram, where everything
 * runs after each control node fails, the checkers' verdicts, and the plan per host (collapsible, secrets masked as in
 * {@code plan.txt}). A pure function of a {@link Report}; every model string goes through {@link
 * dev.hadsl.core.Markup#escape}.
 */
public final class ReportRenderer {
  private static final String STYLE = """
      body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; max-width: 110em; }
      h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
      table { border-collapse: collapse; margin: 0.5em 0; }
      th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
      th { background: #eee; }
      td.moved { background: #fff3c4; } td.stopped { background: #f8d0d0; }
      td.PASSED { color: #176117; font-weight: bold; } td.FAILED { color: #a01010; font-weight: bold; }
      td.NOT_RUN { color: #777; }
      figure { margin: 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
      pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
      summary { cursor: pointer; font-weight: bold; margin: 0.3em 0; }""";

  private ReportRenderer() {}

  /** The page as HTML text (well-formed XML too, so it can be parsed as such). */
  public static String render(Report report) {
    ControlPlane plane = report.plane();
    Plan plan = plane.plan();
    TextWriter out = new TextWriter();
    out.line("<!DOCTYPE html>");
    out.line("<html lang=\"en\">");
    out.line("<head>").indent();
    out.line("<meta charset=\"utf-8\"/>");
    out.line("<title>" + escape("ha-dsl report: control plane '" + plane.name() + "'") + "</title>");
    out.line("<style>").raw(STYLE + "\n").line("</style>");
    out.outdent().line("</head>");
    out.line("<body>").indent();
    out.line("<h1>" + escape("Control plane '" + plane.name() + "'") + "</h1>");
    out.line("<p>" + escape(plane.platform().name() + "; control nodes " + names(plane.controlNodes())
        + "; floating IP " + plane.floatingIp().address().text() + "; " + plan.steps().size() + " steps, "
        + plan.runs().size() + " runs on " + plan.hosts().size() + " hosts") + "</p>");

    out.line("<h2 id=\"diagram\">Cluster</h2>");
    out.line("<figure id=\"cluster-diagram\">").raw(report.inlineSvg().strip() + "\n").line("</figure>");

    failover(report, out);
    verdicts(report, out);

    out.line("<h2 id=\"plan\">Plan per host</h2>");
    out.line("<p>Runs are numbered in the order the whole plan executes them; secrets are masked.</p>");
    for (Host host : plan.hosts()) {
      out.line("<details>").indent();
      out.line("<summary>" + escape(host + " (" + plan.runsOn(host.name()).size() + " runs)") + "</summary>");
      // No indentation inside pre: it would show.
      out.line("<pre>").raw(escape(DryRunRenderer.renderHost(plan, host))).raw("</pre>\n");
      out.outdent().line("</details>");
    }
    out.outdent().line("</body>");
    out.line("</html>");
    return out.toString();
  }

  private static void failover(Report report, TextWriter out) {
    out.line("<h2 id=\"failover\">After a node fails</h2>");
    out.line("<p>Where everything runs with every node up and after each control node fails, as Pacemaker's own"
        + " scheduler (crm_simulate) places it. Yellow: it moved; red: it stopped.</p>");
    Map<String, Placement> failures = report.afterFailureOf();
    out.line("<table id=\"failover-table\">").indent();
    StringBuilder header = new StringBuilder("<tr><th>resource</th><th>all nodes up</th>");
    failures.keySet().forEach(node -> header.append("<th>").append(escape(node + " fails")).append("</th>"));
    out.line(header.append("</tr>").toString());
    for (String resource : resources(report)) {
      List<String> up = report.allUp().nodesOf(resource);
      StringBuilder row = new StringBuilder("<tr><td>").append(escape(resource)).append("</td><td>")
          .append(escape(String.join(" ", up))).append("</td>");
      for (Placement after : failures.values()) {
        List<String> nodes = after.nodesOf(resource);
        String kind = nodes.isEmpty() && !up.isEmpty() ? " class=\"stopped\""
            : nodes.equals(up) ? "" : " class=\"moved\"";
        row.append("<td").append(kind).append('>').append(escape(nodes.isEmpty() ? "stopped" : String.join(" ",
            nodes))).append("</td>");
      }
      out.line(row.append("</tr>").toString());
    }
    out.outdent().line("</table>");
  }

  /** The model's primitives in start order, then anything else the scheduler placed (in its order). */
  private static List<String> resources(Report report) {
    Set<String> ids = new LinkedHashSet<>();
    for (Primitive primitive : report.plane().cluster().allResources().stream()
        .flatMap(resource -> resource.primitives().stream()).toList()) {
      ids.add(primitive.id());
    }
    ids.addAll(report.allUp().nodesByResource().keySet());
    return new ArrayList<>(ids);
  }

  private static void verdicts(Report report, TextWriter out) {
    out.line("<h2 id=\"checks\">What the real tools said</h2>");
    if (report.verdicts().isEmpty()) {
      out.line("<p>No checker ran.</p>");
      return;
    }
    out.line("<table id=\"verdicts\">").indent();
    out.line("<tr><th>artifact</th><th>checker</th><th>verdict</th><th>detail</th></tr>");
    for (Verdict verdict : report.verdicts()) {
      out.line("<tr><td>" + escape(verdict.artifact()) + "</td><td><code>" + escape(verdict.checker())
          + "</code></td><td class=\"" + verdict.outcome().name() + "\">" + verdict.outcome().name().toLowerCase(
              java.util.Locale.ROOT).replace('_', ' ') + "</td><td>" + escape(verdict.detail()) + "</td></tr>");
    }
    out.outdent().line("</table>");
  }

  private static String names(List<Host> hosts) {
    return String.join(", ", hosts.stream().map(Host::name).toList());
  }
}
