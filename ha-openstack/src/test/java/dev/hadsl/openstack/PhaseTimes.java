package dev.hadsl.openstack;

import dev.hadsl.core.Plan;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.ProgressListener;
import dev.hadsl.core.exec.StepFailedException;
import java.time.Duration;
import java.time.Instant;
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
  private Duration busy = Duration.ZERO;

  @Override
  public synchronized void stepStarted(Plan.Run run) {
    phases.computeIfAbsent(phase(run), p -> new Instant[] {Instant.now(), Instant.now()});
  }

  @Override
  public synchronized void stepFinished(Plan.Run run, ExecResult result, Duration duration) {
    phases.get(phase(run))[1] = Instant.now();
    busy = busy.plus(duration);
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

  private static String phase(Plan.Run run) {
    String id = run.step().id();
    return id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
  }
}
