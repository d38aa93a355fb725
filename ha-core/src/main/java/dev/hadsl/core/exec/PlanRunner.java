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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Walks a plan in order through an {@link Executor}, carrying out each run by the {@link RunRules run rules}, telling
 * a {@link ProgressListener} about each step, and stops at the first failure with a {@link StepFailedException}.
 *
 * <ul>
 *   <li><b>Parallel hosts</b> ({@link #parallel(int)}): up to that many hosts at once, each walking its own runs in
 *       plan order; a run starts once what it waits for ({@link Step#waitsFor()}, {@link RunOrder}) is done, so hosts
 *       meet at the steps that need every host (pcsd on every node before {@code pcs cluster setup}) and flow on
 *       their own between them.
 *   <li><b>Batches</b> ({@link #batching(boolean)}, on by default): with a {@link ShellExecutor}, a host's runs that
 *       are free to start go as one script ({@code HostBatch}), each still checked, reported and recorded on its own.
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

  /** Whether every run of every host is in place, each host asked once, up to {@code parallelism} at a time. */
  private boolean allInPlace(Plan plan, ShellExecutor shell, ExecutorService pool) {
    Map<Host, List<Plan.Run>> byHost = new LinkedHashMap<>();
    plan.runs().forEach(run -> byHost.computeIfAbsent(run.host(), host -> new ArrayList<>()).add(run));
    List<java.util.concurrent.Callable<Boolean>> hosts = new ArrayList<>();
    byHost.forEach((host, runs) -> hosts.add(() -> {
      try {
        return new HostBatch(shell, host, pendingDirectory).allInPlace(runs);
      } catch (IOException unreachable) {
        return false; // the apply itself reports the host it cannot reach
      }
    }));
    try {
      if (pool == null) {
        for (java.util.concurrent.Callable<Boolean> host : hosts) {
          if (!host.call()) {
            return false;
          }
        }
        return true;
      }
      for (java.util.concurrent.Future<Boolean> answer : pool.invokeAll(hosts)) {
        if (!answer.get()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the hosts whether the plan is in place", e);
    } catch (Exception e) {
      return false;
    }
  }

  private final Executor executor;
  private final ProgressListener listener;
  private final int parallelism;
  private final Optional<Path> journal;
  private final String pendingDirectory;
  private final boolean batches;
  private final boolean checksFirst;

  private PlanRunner(Executor executor, ProgressListener listener, int parallelism, Optional<Path> journal,
      String pendingDirectory, boolean batches) {
    this(executor, listener, parallelism, journal, pendingDirectory, batches, true);
  }

  private PlanRunner(Executor executor, ProgressListener listener, int parallelism, Optional<Path> journal,
      String pendingDirectory, boolean batches, boolean checksFirst) {
    this.executor = Objects.requireNonNull(executor, "executor must not be null");
    this.listener = Objects.requireNonNull(listener, "listener must not be null");
    this.parallelism = parallelism;
    this.journal = journal;
    this.pendingDirectory = pendingDirectory;
    this.batches = batches;
    this.checksFirst = checksFirst;
  }

  /** Runs plans through {@code executor} one run at a time, without a listener or a journal. */
  public static PlanRunner of(Executor executor) {
    return new PlanRunner(executor, new ProgressListener() {}, 1, Optional.empty(), Step.PENDING_DIRECTORY, true);
  }

  /** Reports progress to {@code listener}; with {@link #parallel} it is called from several threads. */
  public PlanRunner withListener(ProgressListener listener) {
    return new PlanRunner(executor, listener, parallelism, journal, pendingDirectory, batches, checksFirst);
  }

  /**
   * Keeps pending notifications in {@code directory} on each host instead of {@link Step#PENDING_DIRECTORY} (for a
   * sandbox that must not write the machine's {@code /var}).
   */
  public PlanRunner withPendingDirectory(String directory) {
    if (!directory.startsWith("/") || directory.contains("\0")) {
      throw new IllegalArgumentException("pending directory must be an absolute path, was '" + directory + "'");
    }
    return new PlanRunner(executor, listener, parallelism, journal, directory, batches, checksFirst);
  }

  /** Runs a step's runs on different hosts concurrently, at most {@code hosts} at a time. */
  public PlanRunner parallel(int hosts) {
    if (hosts < 1) {
      throw new IllegalArgumentException("parallel hosts must be >= 1, was " + hosts);
    }
    return new PlanRunner(executor, listener, hosts, journal, pendingDirectory, batches, checksFirst);
  }

  /**
   * Keeps a journal of completed runs in {@code directory} (one file per host, created 0600): a run already recorded
   * with the same rendering is skipped, so a plan that failed at step k resumes there once fixed.
   */
  public PlanRunner withJournal(Path directory) {
    return new PlanRunner(executor, listener, parallelism, Optional.of(directory), pendingDirectory, batches, checksFirst);
  }

  /**
   * Sends a host's consecutive runs as one batch when the executor can run a script ({@link ShellExecutor}, the SSH
   * executor): on by default; off, every run is its own call, as with any other executor.
   */
  public PlanRunner batching(boolean batches) {
    return new PlanRunner(executor, listener, parallelism, journal, pendingDirectory, batches, checksFirst);
  }

  /**
   * With batches through a {@link ShellExecutor} (the default), an apply first asks every host, in parallel and
   * read-only, whether each of its runs is in place, stopping at the first that is not (one read of the files its
   * INI edits and files touch, one script of the other runs' checks: {@code HostBatch#allInPlace}); when every run
   * of every host is, the apply is done, every run reported in place, without carrying out a run at all. Otherwise
   * the plan runs as before (on a bare host the first check fails at once). On by default; off, every apply walks the
   * plan.
   */
  public PlanRunner checkingFirst(boolean checks) {
    return new PlanRunner(executor, listener, parallelism, journal, pendingDirectory, batches, checks);
  }

  /**
   * Runs every step of {@code plan}: each host's runs in plan order, a run starting once what it {@link RunOrder
   * waits for} is done, so hosts meet only at the steps that need every host ({@link Step.Wait#EVERY_HOST}) and flow
   * on their own between them. With one host at a time the runs go in plan order.
   *
   * @return the outcome of every run, in run order
   * @throws StepFailedException at the first run that fails (in run order), once every run under way has finished;
   *     nothing starts after a failure
   */
  public List<Outcome> run(Plan plan) {
    Optional<JournalKey> journalKey = openJournal(plan);
    ExecutorService pool = parallelism > 1 ? java.util.concurrent.Executors.newFixedThreadPool(parallelism) : null;
    try {
      if (checksFirst && batches && executor instanceof ShellExecutor shell && allInPlace(plan, shell, pool)) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Plan.Run run : plan.runs()) {
          listener.stepStarted(run);
          ExecResult inPlace = ExecResult.skippedResult();
          listener.stepFinished(run, inPlace, Duration.ZERO);
          outcomes.add(new Outcome(run, inPlace));
        }
        return List.copyOf(outcomes);
      }
      return new Schedule(RunOrder.of(plan), journalKey, pool).run();
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** The state of one {@link #run}: which runs are done, which hosts are busy, the first failure. */
  private final class Schedule {
    private final RunOrder order;
    private final Optional<JournalKey> key;
    private final ExecutorService pool;
    private final Map<String, List<Plan.Run>> byHost;
    private final Map<String, Integer> next = new HashMap<>();
    private final Set<String> busy = new HashSet<>();
    private final int[] remaining;
    private final List<Outcome> outcomes = new ArrayList<>();
    private int prefixDone;
    private int running;
    private RuntimeException failure;
    private int failedRun = Integer.MAX_VALUE;

    Schedule(RunOrder order, Optional<JournalKey> key, ExecutorService pool) {
      this.order = order;
      this.key = key;
      this.pool = pool;
      this.byHost = order.byHost();
      byHost.keySet().forEach(host -> next.put(host, 0));
      remaining = new int[order.steps()];
      for (int s = 0; s < remaining.length; s++) {
        remaining[s] = order.runsOfStep(s);
      }
      advancePrefix();
    }

    synchronized List<Outcome> run() {
      while (true) {
        List<Runnable> started = failure == null ? dispatch() : List.of();
        if (pool == null) {
          started.forEach(Runnable::run);
        } else {
          started.forEach(pool::execute);
        }
        if (running == 0 && (failure != null || started.isEmpty())) {
          break;
        }
        if (pool != null) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hosts were running the plan", e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      if (outcomes.size() != order.runs().size()) {
        throw new IllegalStateException("the plan stopped with " + (order.runs().size() - outcomes.size())
            + " runs that could not start: their order cannot be met");
      }
      outcomes.sort(Comparator.comparingInt(outcome -> outcome.run().number()));
      return List.copyOf(outcomes);
    }

    /** Claims the ready hosts, lowest next run first, up to the pool's size; each with a batch of its ready runs. */
    private List<Runnable> dispatch() {
      List<Runnable> tasks = new ArrayList<>();
      List<String> ready = byHost.keySet().stream()
          .filter(host -> !busy.contains(host) && next.get(host) < byHost.get(host).size())
          .filter(host -> open(byHost.get(host).get(next.get(host)), Map.of()))
          .sorted(Comparator.comparingInt(host -> byHost.get(host).get(next.get(host)).number())).toList();
      for (String host : ready) {
        if (running >= parallelism) {
          break;
        }
        List<Plan.Run> batch = batchFrom(host);
        busy.add(host);
        running++;
        tasks.add(() -> carryOut(host, batch));
        if (pool == null) {
          break; // one at a time: the next dispatch sees what this batch did
        }
      }
      return tasks;
    }

    /** The host's next run and, when the executor takes batches, every following run already free to start. */
    private List<Plan.Run> batchFrom(String host) {
      List<Plan.Run> runs = byHost.get(host);
      int from = next.get(host);
      List<Plan.Run> batch = new ArrayList<>(List.of(runs.get(from)));
      if (batches && executor instanceof ShellExecutor) {
        Map<Integer, Integer> inBatch = new HashMap<>();
        inBatch.merge(order.stepIndexOf(runs.get(from)), 1, Integer::sum);
        for (int i = from + 1; i < runs.size() && open(runs.get(i), inBatch); i++) {
          // A barrier's end is what the other hosts wait for: the batch ends with it (and with the barriers that
          // follow it here) rather than keep them waiting while this host goes on with work of its own.
          if (runs.get(i - 1).step().waitsFor() == Step.Wait.EVERY_HOST
              && runs.get(i).step().waitsFor() == Step.Wait.OWN_HOST) {
            break;
          }
          batch.add(runs.get(i));
          inBatch.merge(order.stepIndexOf(runs.get(i)), 1, Integer::sum);
        }
      }
      return batch;
    }

    /** Whether {@code run} may start once the runs counted in {@code inBatch} (by step) are done too. */
    private boolean open(Plan.Run run, Map<Integer, Integer> inBatch) {
      for (int s = prefixDone; s < order.gate(run); s++) {
        if (remaining[s] != inBatch.getOrDefault(s, 0)) {
          return false;
        }
      }
      return true;
    }

    /** Carries out a batch (on a pool thread, or inline with the lock held), then accounts for it. */
    private void carryOut(String host, List<Plan.Run> batch) {
      List<Outcome> done = new ArrayList<>();
      RuntimeException failed = null;
      try {
        if (batches && executor instanceof ShellExecutor shell) {
          runBatch(shell, batch, key, done);
        } else {
          done.add(runOne(batch.get(0), key));
        }
      } catch (RuntimeException e) {
        failed = e;
      } finally {
        synchronized (this) {
          finished(host, batch, done, failed);
          notifyAll();
        }
      }
    }

    private void finished(String host, List<Plan.Run> batch, List<Outcome> done, RuntimeException failed) {
      outcomes.addAll(done);
      for (Outcome outcome : done) {
        remaining[order.stepIndexOf(outcome.run())]--;
      }
      advancePrefix();
      next.merge(host, done.size(), Integer::sum);
      busy.remove(host);
      running--;
      if (failed != null) {
        int number = batch.get(Math.min(done.size(), batch.size() - 1)).number();
        if (number < failedRun) {
          failure = failed;
          failedRun = number;
        }
      }
    }

    private void advancePrefix() {
      while (prefixDone < remaining.length && remaining[prefixDone] == 0) {
        prefixDone++;
      }
    }
  }

  /**
   * Carries out {@code batch} (consecutive runs of one host) as one script ({@code HostBatch}): the runs the journal
   * records are in place without a word to the host, the rest go together, and each is reported, recorded and judged
   * as if it had run alone.
   */
  private void runBatch(ShellExecutor shell, List<Plan.Run> batch, Optional<JournalKey> key, List<Outcome> done) {
    Map<Plan.Run, List<RunRules.Op>> opsOf = new LinkedHashMap<>();
    List<Plan.Run> toSend = new ArrayList<>();
    for (Plan.Run run : batch) {
      List<RunRules.Op> ops = RunRules.of(run, key, pendingDirectory);
      opsOf.put(run, ops);
      if (!(ops.get(0) instanceof RunRules.UnlessJournaled unless && journaled(run, unless.entry()))) {
        toSend.add(run);
      }
    }
    Map<Plan.Run, HostBatch.Result> results = new HashMap<>();
    if (!toSend.isEmpty()) {
      Stopwatch stopwatch = Stopwatch.createStarted();
      try {
        new HostBatch(shell, toSend.get(0).host(), pendingDirectory).run(toSend, run -> opsOf.get(run).stream()
            .filter(op -> !(op instanceof RunRules.UnlessJournaled) && !(op instanceof RunRules.Record)).toList())
            .forEach(result -> results.put(result.run(), result));
      } catch (IOException | RuntimeException e) {
        listener.stepStarted(toSend.get(0));
        StepFailedException failure = new StepFailedException(toSend.get(0), e);
        listener.stepFailed(toSend.get(0), failure, stopwatch.elapsed());
        throw failure;
      }
    }
    for (Plan.Run run : batch) {
      if (!toSend.contains(run)) {
        done.add(inPlace(run));
        continue;
      }
      HostBatch.Result result = results.get(run);
      listener.stepStarted(run);
      if (!result.result().succeeded()) {
        StepFailedException failure = new StepFailedException(run, result.result());
        listener.stepFailed(run, failure, result.duration());
        throw failure;
      }
      for (RunRules.Op op : opsOf.get(run)) {
        if (op instanceof RunRules.Record record) {
          try {
            record(run, record.entry());
          } catch (IOException e) {
            StepFailedException failure = new StepFailedException(run, e);
            listener.stepFailed(run, failure, result.duration());
            throw failure;
          }
        }
      }
      listener.stepFinished(run, result.result().redacted(run.step().artifact().allSecrets()), result.duration());
      done.add(new Outcome(run, result.result()));
    }
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
