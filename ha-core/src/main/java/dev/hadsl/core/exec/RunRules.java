package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import java.util.List;
import java.util.Optional;

/**
 * What running one run of a plan means, written once: every engine ({@link PlanRunner}, the exported scripts, the
 * Ansible playbook) carries out the same {@link Op operations} in the same order, each in its own form. Adding an
 * engine means interpreting these operations, never restating when a step may be skipped or what it leaves behind.
 *
 * <ol>
 *   <li>A step that runs {@link Step#whenNotified() when notified} (a restart) is judged only by its notification on
 *       the host ({@link OnlyWhilePending}): an edit made since it last ran must still restart the service, whatever a
 *       journal says. Any other step is skipped when the journal records this very rendering as done
 *       ({@link UnlessJournaled}); engines without a journal (Ansible, which re-runs every check) treat it as absent.
 *   <li>The step acts ({@link Act}): its artifact checks before it changes anything, and says "already in place" with
 *       {@link Command#IN_PLACE} as the last line of its output ({@link #inPlace(String)}), or through its
 *       unless-check, or (a file) by comparing content, mode and owner.
 *   <li>When it changed something, what it notifies is raised as files in the pending directory on its host
 *       ({@link RaiseIfChanged}): they stay there until answered, so an apply interrupted between an edit and its
 *       restart still restarts next time. A step found in place raises nothing: a second apply restarts nothing.
 *   <li>Once it succeeded, a restart clears its notification ({@link ClearPending}) and any other step is recorded in
 *       the journal ({@link Record}). A failure stops the host where it failed, with nothing recorded.
 * </ol>
 */
public final class RunRules {
  /** One operation of a run, in the order {@link #of} lists them. */
  public sealed interface Op permits UnlessJournaled, OnlyWhilePending, Act, RaiseIfChanged, ClearPending, Record {}

  /** The rest runs only if the journal does not hold {@code entry}; otherwise the run is "already done". */
  public record UnlessJournaled(String entry) implements Op {}

  /** An operation on one notification: {@code name}, kept as a file in {@code directory} on the host. */
  public interface OnNotification {
    /** The pending directory. */
    String directory();

    /** The notification. */
    String name();

    /** The file that marks it pending. */
    default String file() {
      return directory() + "/" + name();
    }
  }

  /** The rest runs only while the notification {@code name} is pending in {@code directory}; else "in place". */
  public record OnlyWhilePending(String directory, String name) implements Op, OnNotification {
    /** The read-only check: exits 0 while the notification is pending. */
    public Command check() {
      return Command.of("test", "-e", file());
    }
  }

  /** Carry out {@code artifact}. */
  public record Act(Artifact artifact) implements Op {}

  /** When {@link Act} changed something: create each of {@code names} in {@code directory} (mode 0700). */
  public record RaiseIfChanged(String directory, ImmutableList<String> names) implements Op {
    /** The command that raises them: the directory made private, one empty file per name. */
    public Command command() {
      List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c",
          "set -e; mkdir -p \"$1\"; chmod 0700 \"$1\"; cd \"$1\"; shift; touch -- \"$@\"", "sh", directory));
      argv.addAll(names);
      return Command.of(argv);
    }
  }

  /** Remove the notification {@code name} from {@code directory}: it has been answered. */
  public record ClearPending(String directory, String name) implements Op, OnNotification {
    /** The command that clears it. */
    public Command command() {
      return Command.of("rm", "-f", file());
    }
  }

  /** Append {@code entry} to the host's journal. */
  public record Record(String entry) implements Op {}

  private RunRules() {}

  /**
   * The operations of {@code run}: its journal entry keyed with {@code key} (empty for an engine without a journal),
   * notifications kept in {@code pendingDirectory} on the host.
   */
  public static ImmutableList<Op> of(Plan.Run run, Optional<JournalKey> key, String pendingDirectory) {
    Step step = run.step();
    ImmutableList.Builder<Op> ops = ImmutableList.builder();
    Optional<String> entry = key.map(k -> k.fingerprint(run));
    if (step.whenNotified().isPresent()) {
      ops.add(new OnlyWhilePending(pendingDirectory, step.whenNotified().get()));
    } else {
      entry.ifPresent(e -> ops.add(new UnlessJournaled(e)));
    }
    ops.add(new Act(step.artifact()));
    if (!step.notifies().isEmpty()) {
      ops.add(new RaiseIfChanged(pendingDirectory, ImmutableList.copyOf(step.notifies())));
    }
    if (step.whenNotified().isPresent()) {
      ops.add(new ClearPending(pendingDirectory, step.whenNotified().get()));
    } else {
      entry.ifPresent(e -> ops.add(new Record(e)));
    }
    return ops.build();
  }

  /**
   * Whether a step's standard output says it found its state already in place: its last line that is not blank is
   * the marker.
   */
  public static boolean inPlace(String stdout) {
    List<String> lines = stdout.lines().filter(line -> !line.isBlank()).toList();
    return !lines.isEmpty() && lines.get(lines.size() - 1).equals(Command.IN_PLACE);
  }
}
