package dev.hadsl.openstack;

import dev.hadsl.core.Plan;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.ProgressListener;
import dev.hadsl.core.exec.RunOrder;
import dev.hadsl.core.exec.StepFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Wall time per phase of an apply (a phase: the first part of a step id, {@code cluster}, {@code pacemaker},
 * {@code database}...: from its first run's start to its last run's end), and the sum of every run's own time, which
 * a parallel apply beats.
 */
final class PhaseTimes implements ProgressListener {
  private final Map<String, Instant[]> phases = new LinkedHashMap<>();
  private final Map<Integer, Duration> byRun = new HashMap<>();
  private Duration busy = Duration.ZERO;

  @Override
  public synchronized void stepStarted(Plan.Run run) {
    phases.computeIfAbsent(phase(run), p -> new Instant[] {Instant.now(), Instant.now()});
  }

  @Override
  public synchronized void stepFinished(Plan.Run run, ExecResult result, Duration duration) {
    phases.get(phase(run))[1] = Instant.now();
    busy = busy.plus(duration);
    byRun.put(run.number(), duration);
  }

  @Override
  public synchronized void stepFailed(Plan.Run run, StepFailedException failure, Duration duration) {
    stepFinished(run, null, duration);
  }

  /** E.g. "cluster 12.1 s, pacemaker 20.3 s; runs' own times add up to 61.0 s". */
  synchronized String summary() {
    StringJoiner text = new StringJoiner(", ");
    phases.forEach((phase, span) -> text.add(String.format(Locale.ROOT, "%s %.1f s", phase,
        Duration.between(span[0], span[1]).toMillis() / 1000.0)));
    return text + String.format(Locale.ROOT, "; the runs' own times add up to %.1f s", busy.toMillis() / 1000.0);
  }

  /**
   * The critical path of {@code plan} from the runs' own times as heard here (a run the journal skipped: zero): the
   * least wall time any engine could need with every host in parallel and nothing between runs.
   */
  synchronized Duration criticalPath(Plan plan) {
    return RunOrder.of(plan).criticalPath(run -> byRun.getOrDefault(run.number(), Duration.ZERO));
  }

  /** The {@code n} runs that took longest, e.g. "pacemaker.configure.02@node1 1.2 s, ...", and each host's sum. */
  synchronized String slowest(Plan plan, int n) {
    StringJoiner text = new StringJoiner(", ");
    Map<String, Duration> perHost = new LinkedHashMap<>();
    byRun.forEach((number, duration) -> perHost.merge(plan.runs().get(number - 1).host().name(), duration,
        Duration::plus));
    perHost.forEach((host, sum) -> text.add(String.format(Locale.ROOT, "%s in all %.1f s", host,
        sum.toMillis() / 1000.0)));
    byRun.entrySet().stream().sorted(Map.Entry.<Integer, Duration>comparingByValue().reversed()).limit(n)
        .forEach(entry -> {
          Plan.Run run = plan.runs().get(entry.getKey() - 1);
          text.add(String.format(Locale.ROOT, "%s@%s %.2f s", run.step().id(), run.host().name(),
              entry.getValue().toMillis() / 1000.0));
        });
    return text.toString();
  }

  private static String phase(Plan.Run run) {
    String id = run.step().id();
    return id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
  }
}
