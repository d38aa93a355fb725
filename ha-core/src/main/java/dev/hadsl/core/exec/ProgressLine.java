package dev.hadsl.core.exec;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A compact progress display for a plan run: per host, the runs done out of its total and how many of them changed
 * something, then the step running now, e.g. {@code [214/387] node1 70/72 (12 changed)  node2 70/72 (12 changed)
 * ...  openstack.restart.httpd}. On a terminal the line is rewritten in place; otherwise (a log, CI) one line is
 * printed per step that finishes everywhere, so the output stays short either way. Failures are printed in full.
 * Safe for {@link PlanRunner#parallel} (calls are serialized).
 */
public final class ProgressLine implements ProgressListener {
  private final PrintStream out;
  private final boolean terminal;
  private final int total;
  private final Map<String, int[]> byHost = new LinkedHashMap<>();
  private final Map<String, Integer> stepRunsLeft = new LinkedHashMap<>();
  private int done;
  private int width;

  private ProgressLine(Plan plan, PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    this.total = plan.runs().size();
    for (Host host : plan.hosts()) {
      byHost.put(host.name(), new int[] {0, plan.runsOn(host.name()).size(), 0});
    }
    for (Plan.Run run : plan.runs()) {
      stepRunsLeft.merge(run.step().id(), 1, Integer::sum);
    }
  }

  /** Progress of {@code plan} on {@code out}, rewritten in place when {@code terminal} (e.g. a console exists). */
  public static ProgressLine of(Plan plan, PrintStream out, boolean terminal) {
    return new ProgressLine(plan, out, terminal);
  }

  @Override
  public synchronized void stepStarted(Plan.Run run) {
    if (terminal) {
      show(run.step().id());
    }
  }

  @Override
  public synchronized void stepFinished(Plan.Run run, ExecResult result, Duration duration) {
    done++;
    int[] host = byHost.get(run.host().name());
    host[0]++;
    if (!result.skipped()) {
      host[2]++;
    }
    int left = stepRunsLeft.merge(run.step().id(), -1, Integer::sum);
    if (terminal) {
      show(run.step().id());
    } else if (left == 0) {
      out.println(line(run.step().id()));
    }
  }

  @Override
  public synchronized void stepFailed(Plan.Run run, StepFailedException failure, Duration duration) {
    if (terminal && width > 0) {
      out.print('\n');
      width = 0;
    }
    out.println("FAILED " + failure.getMessage());
  }

  /** The current line, e.g. after the run ended. */
  public synchronized String summary() {
    return line("done");
  }

  private void show(String stepId) {
    String text = line(stepId);
    // Pad over what the previous, longer line left on the terminal.
    out.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
    out.flush();
    width = text.length();
  }

  private String line(String stepId) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%" + Integer.toString(total).length()
        + "d/%d]", done, total));
    byHost.forEach((name, counts) -> line.append(' ').append(name).append(' ').append(counts[0]).append('/')
        .append(counts[1]).append(" (").append(counts[2]).append(" changed)"));
    return line.append("  ").append(stepId).toString();
  }
}
