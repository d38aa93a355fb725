package dev.hadsl.core.exec;

import com.google.common.base.Stopwatch;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Walks a plan in order through an {@link Executor}, carrying out each run by the {@link RunRules run rules}, telling
 * a {@link ProgressListener} about each step, and stops at the first failure with a {@link StepFailedException}.
 *
 * <ul>
 *   <li><b>Parallel hosts</b> ({@link #parallel(int)}): the runs of one step on several hosts (a step targeting each
 *       control node) run concurrently on a bounded pool; steps stay in plan order, each one a barrier, so whatever the
 *       plan orders (pcsd on every node before {@code pcs cluster setup}) still happens in that order.
 *   <li><b>Resume</b> ({@link #withJournal(Path)}): each completed run is recorded per host with a keyed hash
 *       ({@link JournalKey}) of the step's rendered form; a later run skips the runs recorded with an identical
 *       rendering and resumes at the first one that failed or changed. The journal is checked before the first step:
 *       a directory or file that is a link, someone else's, or open to others is refused before anything acts.
 *   <li><b>Notifications</b> ({@link Step#notifies()}, {@link Step#whenNotified()}): kept as files in
 *       {@link Step#PENDING_DIRECTORY} on each host, by the {@link RunRules run rules} every engine shares.
 * </ul>
 */
public final class PlanRunner {
  /** What one run of one step gave. */
  public record Outcome(Plan.Run run, ExecResult result) {}

  private final Executor executor;
  private final ProgressListener listener;
  private final int parallelism;
  private final Optional<Path> journal;
  private final String pendingDirectory;

  private PlanRunner(Executor executor, ProgressListener listener, int parallelism, Optional<Path> journal,
      String pendingDirectory) {
    this.executor = Objects.requireNonNull(executor, "executor must not be null");
    this.listener = Objects.requireNonNull(listener, "listener must not be null");
    this.parallelism = parallelism;
    this.journal = journal;
    this.pendingDirectory = pendingDirectory;
  }

  /** Runs plans through {@code executor} one run at a time, without a listener or a journal. */
  public static PlanRunner of(Executor executor) {
    return new PlanRunner(executor, new ProgressListener() {}, 1, Optional.empty(), Step.PENDING_DIRECTORY);
  }

  /** Reports progress to {@code listener}; with {@link #parallel} it is called from several threads. */
  public PlanRunner withListener(ProgressListener listener) {
    return new PlanRunner(executor, listener, parallelism, journal, pendingDirectory);
  }

  /**
   * Keeps pending notifications in {@code directory} on each host instead of {@link Step#PENDING_DIRECTORY} (for a
   * sandbox that must not write the machine's {@code /var}).
   */
  public PlanRunner withPendingDirectory(String directory) {
    if (!directory.startsWith("/") || directory.contains("\0")) {
      throw new IllegalArgumentException("pending directory must be an absolute path, was '" + directory + "'");
    }
    return new PlanRunner(executor, listener, parallelism, journal, directory);
  }

  /** Runs a step's runs on different hosts concurrently, at most {@code hosts} at a time. */
  public PlanRunner parallel(int hosts) {
    if (hosts < 1) {
      throw new IllegalArgumentException("parallel hosts must be >= 1, was " + hosts);
    }
    return new PlanRunner(executor, listener, hosts, journal, pendingDirectory);
  }

  /**
   * Keeps a journal of completed runs in {@code directory} (one file per host, created 0600): a run already recorded
   * with the same rendering is skipped, so a plan that failed at step k resumes there once fixed.
   */
  public PlanRunner withJournal(Path directory) {
    return new PlanRunner(executor, listener, parallelism, Optional.of(directory), pendingDirectory);
  }

  /**
   * Runs every step of {@code plan} in order.
   *
   * @return the outcome of every run, in run order
   * @throws StepFailedException at the first step that fails; later steps are not run
   */
  public List<Outcome> run(Plan plan) {
    Optional<JournalKey> journalKey = openJournal(plan);
    Map<String, List<Plan.Run>> byStep = new LinkedHashMap<>();
    for (Plan.Run run : plan.runs()) {
      byStep.computeIfAbsent(run.step().id(), key -> new ArrayList<>()).add(run);
    }
    List<Outcome> outcomes = new ArrayList<>();
    ExecutorService pool = parallelism > 1 ? java.util.concurrent.Executors.newFixedThreadPool(parallelism) : null;
    try {
      for (List<Plan.Run> runs : byStep.values()) {
        if (pool == null || runs.size() == 1) {
          for (Plan.Run run : runs) {
            outcomes.add(runOne(run, journalKey));
          }
        } else {
          outcomes.addAll(runTogether(pool, runs, journalKey));
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return outcomes;
  }

  /** Runs all of one step's runs concurrently; every one finishes before the first failure (in run order) is thrown. */
  private List<Outcome> runTogether(ExecutorService pool, List<Plan.Run> runs, Optional<JournalKey> key) {
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Plan.Run run : runs) {
      futures.add(pool.submit(() -> runOne(run, key)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<Outcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while hosts were running a step", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return outcomes;
  }

  /** Carries out {@link RunRules#of the run's operations}, stopping its host at the first that fails. */
  private Outcome runOne(Plan.Run run, Optional<JournalKey> key) {
    List<RunRules.Op> ops = RunRules.of(run, key, pendingDirectory);
    if (ops.get(0) instanceof RunRules.UnlessJournaled unless && journaled(run, unless.entry())) {
      return inPlace(run);
    }
    listener.stepStarted(run);
    Stopwatch stopwatch = Stopwatch.createStarted();
    ExecResult result = ExecResult.skippedResult();
    try {
      for (RunRules.Op op : ops) {
        if (op instanceof RunRules.OnlyWhilePending pending
            && !executor.execute(run.host(), pending.check()).succeeded()) {
          result = ExecResult.skippedResult();
          break;
        } else if (op instanceof RunRules.Act act) {
          result = executor.execute(run.host(), act.artifact());
          if (!result.succeeded()) {
            break;
          }
        } else if (op instanceof RunRules.RaiseIfChanged raise && !result.skipped()) {
          requireSuccess(run, "raise " + raise.names(), executor.execute(run.host(), raise.command()));
        } else if (op instanceof RunRules.ClearPending clear) {
          requireSuccess(run, "clear " + clear.name(), executor.execute(run.host(), clear.command()));
        } else if (op instanceof RunRules.Record record) {
          record(run, record.entry());
        }
      }
    } catch (IOException | RuntimeException e) {
      StepFailedException failure = new StepFailedException(run, e);
      listener.stepFailed(run, failure, stopwatch.elapsed());
      throw failure;
    }
    if (!result.succeeded()) {
      StepFailedException failure = new StepFailedException(run, result);
      listener.stepFailed(run, failure, stopwatch.elapsed());
      throw failure;
    }
    // Listeners log: they get the output with the step's secrets masked; the caller's outcomes keep it whole.
    listener.stepFinished(run, result.redacted(run.step().artifact().allSecrets()), stopwatch.elapsed());
    return new Outcome(run, result);
  }

  private Outcome inPlace(Plan.Run run) {
    ExecResult skipped = ExecResult.skippedResult();
    listener.stepFinished(run, skipped, java.time.Duration.ZERO);
    return new Outcome(run, skipped);
  }

  private static void requireSuccess(Plan.Run run, String what, ExecResult result) {
    if (!result.succeeded()) {
      throw new IllegalStateException("step " + run.step().id() + " on " + run.host().name() + ": could not " + what
          + " in the pending notifications (exit " + result.exitCode() + ")");
    }
  }

  /**
   * Checks the journal before any step acts: its directory (created 0700 when missing) must be a directory of this
   * user that nobody else may write, each host's journal a private regular file (created 0600 here, which also
   * proves the directory writable), and the key {@link JournalKey#inDirectory(Path) beside them} private too.
   */
  private Optional<JournalKey> openJournal(Plan plan) {
    if (journal.isEmpty()) {
      return Optional.empty();
    }
    Path directory = journal.get();
    try {
      PrivateFiles.requireOwnerWritableDirectory(directory, "journal directory");
      JournalKey key = JournalKey.inDirectory(directory);
      for (Host host : plan.hosts()) {
        PrivateFiles.requirePrivateFile(directory.resolve(host.name() + ".journal"), "journal");
      }
      return Optional.of(key);
    } catch (IOException e) {
      throw new IllegalArgumentException("journal directory " + directory + " cannot be used: " + e, e);
    }
  }

  private boolean journaled(Plan.Run run, String fingerprint) {
    if (journal.isEmpty()) {
      return false;
    }
    Path file = journalFile(run);
    try {
      return Files.readAllLines(file).contains(fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException("journal " + file, e);
    }
  }

  private void record(Plan.Run run, String fingerprint) throws IOException {
    if (journal.isEmpty()) {
      return;
    }
    synchronized (PlanRunner.class) {
      // NOFOLLOW_LINKS: a link planted after the check is not written through.
      Files.writeString(journalFile(run), fingerprint + "\n", StandardOpenOption.APPEND, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    }
  }

  private Path journalFile(Plan.Run run) {
    return journal.orElseThrow().resolve(run.host().name() + ".journal");
  }
}
