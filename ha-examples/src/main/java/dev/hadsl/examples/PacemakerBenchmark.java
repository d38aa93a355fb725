package dev.hadsl.examples;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.LocalExecutor;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.PacemakerStack;
import dev.hadsl.pacemaker.PcsRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Times reaching a validated CIB for the runbook cluster two ways, side by side in one run: the runbook's way (an
 * empty CIB, then one {@code pcs -f} call per change, then {@code crm_verify}) and the library's (native render, then
 * one {@code crm_verify}). Wall-clock, real tools, several rounds; prints each round, the medians and their ratio.
 *
 * <p>{@code java -cp ha-examples/target/ha-examples.jar dev.hadsl.examples.PacemakerBenchmark [--rounds N]}
 */
public final class PacemakerBenchmark {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");
  private static final LocalExecutor EXECUTOR = LocalExecutor.builder().timeout(Duration.ofMinutes(2)).build();

  private PacemakerBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 5;
    Cluster cluster = RunbookExample.controlPlane(RunbookExample.Options.defaults(Path.of("unused"))).cluster();
    Path dir = Files.createTempDirectory("ha-dsl-bench");
    List<Long> runbookWay = new ArrayList<>();
    List<Long> libraryWay = new ArrayList<>();
    int pcsCalls = PcsRenderer.of(PacemakerStack.EL9).fileCommands(cluster, "x").size();
    System.out.printf(Locale.ROOT, "Runbook cluster: %d nodes, %d resources incl. fencing, %d pcs -f calls per round%n",
        cluster.nodes().size(), cluster.allResources().size() + cluster.fencingDevices().size(), pcsCalls);
    System.out.println("round  pcs -f + crm_verify (ms)  render + crm_verify (ms)");
    for (int round = 1; round <= rounds; round++) {
      long pcs = time(() -> viaPcs(cluster, dir.resolve("pcs-" + System.nanoTime() + ".xml")));
      long lib = time(() -> viaRender(cluster, dir.resolve("native-" + System.nanoTime() + ".xml")));
      runbookWay.add(pcs);
      libraryWay.add(lib);
      System.out.printf(Locale.ROOT, "%5d  %24d  %24d%n", round, pcs, lib);
    }
    long pcsMedian = median(runbookWay);
    long libMedian = median(libraryWay);
    System.out.printf(Locale.ROOT, "median %23d  %24d%nratio (pcs -f way / library way): %.1fx%n", pcsMedian, libMedian,
        (double) pcsMedian / Math.max(1, libMedian));
  }

  private static void viaPcs(Cluster cluster, Path cib) {
    run(Command.of("sh", "-c", "cibadmin --empty > \"$1\"", "sh", cib.toString()));
    for (Command command : PcsRenderer.of(PacemakerStack.EL9).withForce().fileCommands(cluster, cib.toString())) {
      run(command);
    }
    run(Command.of("crm_verify", "-x", cib.toString()));
  }

  private static void viaRender(Cluster cluster, Path cib) {
    run(ConfigFile.of(cib.toString(), CibRenderer.render(cluster)));
    run(Command.of("crm_verify", "-x", cib.toString()));
  }

  private static void run(Artifact artifact) {
    try {
      ExecResult result = EXECUTOR.execute(LOCAL, artifact);
      if (!result.succeeded()) {
        throw new IllegalStateException(artifact.display() + " failed: " + result.stderr());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long time(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
