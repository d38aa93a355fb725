package dev.hadsl.core.exec;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Redaction;
import dev.hadsl.core.TextWriter;

/**
 * A plan as readable text: grouped by host, each run numbered in execution order, every artifact shown with its
 * secrets masked.
 */
public final class DryRunRenderer {
  private DryRunRenderer() {}

  /** The plan as text, host by host, with secrets masked. */
  public static String render(Plan plan) {
    TextWriter out = new TextWriter();
    out.line("Plan: %d steps, %d runs on %d hosts (numbers give the execution order)", plan.steps().size(),
        plan.runs().size(), plan.hosts().size());
    for (Host host : plan.hosts()) {
      out.blankLine().line(host.toString()).indent();
      runsOn(plan, host, out);
      out.outdent();
    }
    return out.toString();
  }

  /** The runs on {@code host} alone, as {@link #render} shows them, numbered in the whole plan's order. */
  public static String renderHost(Plan plan, Host host) {
    TextWriter out = new TextWriter();
    runsOn(plan, host, out);
    return out.toString();
  }

  private static void runsOn(Plan plan, Host host, TextWriter out) {
    for (Plan.Run run : plan.runsOn(host.name())) {
      String description = Redaction.redact(run.step().description(), run.step().artifact().allSecrets());
      out.line("%3d. %s: %s", run.number(), run.step().id(), description).indent().indent();
      run.step().whenNotified().ifPresent(name -> out.line("(runs only when notified: " + name + ")"));
      out.line("$ " + run.step().artifact().display());
      if (!run.step().notifies().isEmpty()) {
        out.line("(on change, notifies: " + String.join(", ", run.step().notifies()) + ")");
      }
      out.outdent().outdent();
    }
  }
}
