package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.ArtifactVisitor;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Redaction;
import dev.hadsl.core.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an apply would do, found by running only read-only checks on the live hosts: each run's unless-check, a
 * self-checking command's {@linkplain Command#checkOnly() check-only form}, an INI edit's read-back, a file's content,
 * mode and owner compared by checksum; a restart acts when an earlier run that would act notifies it (or an earlier
 * apply left it pending) and its own check does not hold. Nothing is written, no notification raised or cleared, no
 * journal read: a preview of a plan that was just applied lists nothing.
 */
public final class PlanPreview {
  /** What one run would do. */
  public enum Verdict {
    /** Its check holds: it would change nothing. */
    IN_PLACE,
    /** Its check fails: it would act. */
    ACTS,
    /** It runs only when notified, and it would be (by a run that acts, or pending from an earlier apply). */
    NOTIFIED,
    /** It has no read-only check: it decides for itself as it runs, and may act. */
    UNCHECKED,
    /** It only waits for what earlier runs bring about ({@link Command#waitsOnly()}), and its check fails now. */
    WAITS
  }

  /**
   * One run's verdict and why, secrets masked.
   *
   * @param run the run
   * @param verdict what it would do
   * @param why the failed check's own words, who notifies it, or why it cannot be told
   */
  public record Item(Plan.Run run, Verdict verdict, String why) {
    /** Whether the run would (or may) act. */
    public boolean acts() {
      return verdict != Verdict.IN_PLACE && verdict != Verdict.WAITS;
    }
  }

  private static final int WHY_LIMIT = 2000;

  private final Executor executor;
  private final String pendingDirectory;

  private PlanPreview(Executor executor, String pendingDirectory) {
    this.executor = java.util.Objects.requireNonNull(executor, "executor must not be null");
    this.pendingDirectory = pendingDirectory;
  }

  /** A preview through {@code executor}, with notifications where {@link PlanRunner} keeps them by default. */
  public static PlanPreview of(Executor executor) {
    return new PlanPreview(executor, Step.PENDING_DIRECTORY);
  }

  /** Looks for pending notifications in {@code directory}, as {@link PlanRunner#withPendingDirectory} keeps them. */
  public PlanPreview withPendingDirectory(String directory) {
    return new PlanPreview(executor, directory);
  }

  /** Every run of {@code plan}, in run order, with what it would do. */
  public List<Item> preview(Plan plan) {
    Map<Plan.Run, ExecResult> known = executor instanceof ShellExecutor shell ? checkedInBatches(plan, shell)
        : Map.of();
    Map<String, Map<String, List<String>>> raised = new HashMap<>();
    List<Item> items = new ArrayList<>();
    for (Plan.Run run : plan.runs()) {
      Step step = run.step();
      Map<String, List<String>> raisedHere = raised.computeIfAbsent(run.host().name(), host -> new LinkedHashMap<>());
      Item item = step.whenNotified().isPresent() ? notified(run, raisedHere, known) : checked(run, known);
      if (item.acts()) {
        step.notifies().forEach(name -> raisedHere.computeIfAbsent(name, n -> new ArrayList<>()).add(step.id()));
      }
      items.add(item);
    }
    return ImmutableList.copyOf(items);
  }

  /**
   * Each host's checks as one batch ({@code HostBatch#checks}: its files read once, the other checks in one script),
   * the hosts in parallel; for a restart, exit 0 when nothing is pending for it.
   */
  private Map<Plan.Run, ExecResult> checkedInBatches(Plan plan, ShellExecutor shell) {
    Map<dev.hadsl.core.Host, List<Plan.Run>> byHost = new LinkedHashMap<>();
    plan.runs().forEach(run -> byHost.computeIfAbsent(run.host(), host -> new ArrayList<>()).add(run));
    Map<Plan.Run, ExecResult> known = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, byHost.size()));
    try {
      List<java.util.concurrent.Future<?>> hosts = new ArrayList<>();
      byHost.forEach((host, runs) -> hosts.add(pool.submit(() -> {
        try {
          known.putAll(new HostBatch(shell, host, pendingDirectory).checks(runs, false));
        } catch (IOException unreachable) {
          // every run of the host is checked alone, and says so
        }
      })));
      for (java.util.concurrent.Future<?> host : hosts) {
        host.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the hosts were checked", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("checking a host failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return known;
  }

  private Item notified(Plan.Run run, Map<String, List<String>> raisedHere, Map<Plan.Run, ExecResult> known) {
    String name = run.step().whenNotified().orElseThrow();
    String by;
    if (raisedHere.containsKey(name)) {
      by = "notified (" + name + ") by " + String.join(", ", new LinkedHashSet<>(raisedHere.get(name)));
    } else if (known.containsKey(run) ? !known.get(run).succeeded()
        : execute(run, new RunRules.OnlyWhilePending(pendingDirectory, name).check()).exitCode() == 0) {
      by = "notified (" + name + ") by an earlier apply: still pending";
    } else {
      return new Item(run, Verdict.IN_PLACE, "not notified");
    }
    Optional<Command> check = check(run.step().artifact());
    if (check.isPresent() && execute(run, check.get()).exitCode() == 0) {
      return new Item(run, Verdict.IN_PLACE, by + ", but its check holds");
    }
    return new Item(run, Verdict.NOTIFIED, by);
  }

  private Item checked(Plan.Run run, Map<Plan.Run, ExecResult> known) {
    Artifact artifact = run.step().artifact();
    Optional<Command> check = check(artifact);
    if (check.isEmpty()) {
      return new Item(run, Verdict.UNCHECKED, "no read-only check: it decides as it runs");
    }
    ExecResult result = known.containsKey(run) ? known.get(run) : execute(run, check.get());
    if (result.exitCode() == 0) {
      return new Item(run, Verdict.IN_PLACE, "");
    }
    if (artifact instanceof Command command && command.waitsOnly()) {
      return new Item(run, Verdict.WAITS, "would wait until its check holds: " + check.get().display());
    }
    String said = (result.stdout() + result.stderr()).strip();
    String why = said.isEmpty() ? "its check fails: " + check.get().display() : said;
    why = Redaction.redact(why, artifact.allSecrets());
    return new Item(run, Verdict.ACTS, why.length() > WHY_LIMIT ? why.substring(0, WHY_LIMIT) + " ..." : why);
  }

  private ExecResult execute(Plan.Run run, Command check) {
    try {
      return executor.execute(run.host(), check);
    } catch (IOException e) {
      return ExecResult.of(255, "", "the check could not run: " + e.getMessage());
    }
  }

  /**
   * The read-only check of an artifact, exiting 0 when it is in place: a command's unless-check or check-only form,
   * an INI edit's read-back, a file's checksum, mode and owner.
   */
  static Optional<Command> check(Artifact artifact) {
    return artifact.accept(new ArtifactVisitor<>() {
      @Override
      public Optional<Command> command(Command command) {
        return command.unless().or(command::checkOnly);
      }

      @Override
      public Optional<Command> file(ConfigFile file) {
        return Optional.of(fileCheck(file));
      }

      @Override
      public Optional<Command> iniEdit(IniEdit edit) {
        return edit.toCommand().unless();
      }
    });
  }

  /**
   * True when the file holds exactly the content (compared by SHA-256, the digest in the environment so that a
   * secret file's digest is never an argument), mode and, when the file names one, owner it would be written with;
   * prints what differs.
   */
  private static Command fileCheck(ConfigFile file) {
    String digest = com.google.common.hash.Hashing.sha256().hashString(file.content(), StandardCharsets.UTF_8)
        .toString();
    String owner = file.owner().orElse("");
    return Command.builder().addArgv("sh", "-c", "f=$1; [ -f \"$f\" ] || { echo \"$f: absent\"; exit 1; };"
            + " [ \"$(sha256sum < \"$f\" | cut -d' ' -f1)\" = \"$HA_DSL_DIGEST\" ] || { echo \"$f: content"
            + " differs\"; exit 1; }; [ \"$(stat -c %a \"$f\")\" = \"$2\" ] || { echo \"$f: mode $(stat -c %a \"$f\")"
            + " instead of $2\"; exit 1; }; [ -z \"$3\" ] || [ \"$(stat -c %U:%G \"$f\")\" = \"$3\" ]"
            + " || [ \"$(stat -c %U \"$f\")\" = \"$3\" ] || { echo \"$f: owner $(stat -c %U:%G \"$f\") instead of"
            + " $3\"; exit 1; }", "sh", file.path(), file.modeOctal().replaceFirst("^0(?=.)", ""), owner)
        .putEnvironment("HA_DSL_DIGEST", digest).build();
  }

  /** The runs that would act, per host in order of first appearance: one line each, with why. */
  public static String render(List<Item> items) {
    Map<String, List<Item>> byHost = new LinkedHashMap<>();
    for (Item item : items) {
      byHost.computeIfAbsent(item.run().host().name(), host -> new ArrayList<>()).add(item);
    }
    StringBuilder text = new StringBuilder();
    long acting = items.stream().filter(Item::acts).count();
    text.append("preview: ").append(acting).append(" of ").append(items.size()).append(" runs would act\n");
    byHost.forEach((host, hostItems) -> {
      List<Item> acts = hostItems.stream().filter(Item::acts).toList();
      text.append(host).append(": ").append(acts.size()).append(" of ").append(hostItems.size())
          .append(" runs would act\n");
      for (Item item : acts) {
        text.append("  ").append(item.run().number()).append(". ").append(item.run().step().id()).append(" [")
            .append(item.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append("]: ")
            .append(Redaction.redact(item.run().step().description(), item.run().step().artifact().allSecrets()))
            .append('\n');
        if (!item.why().isEmpty()) {
          item.why().lines().limit(40).forEach(line -> text.append("      ").append(line).append('\n'));
        }
      }
    });
    return text.toString();
  }
}
