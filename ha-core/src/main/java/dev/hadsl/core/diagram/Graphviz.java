package dev.hadsl.core.diagram;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executor;
import java.io.IOException;

/**
 * SVG from a DOT graph through the real Graphviz {@code dot}, run by an {@link Executor} on a host (normally this
 * machine, {@code Executors.local()}) like every other tool: the graph on stdin, the SVG on stdout, no files.
 */
public final class Graphviz {
  /** What a missing {@code dot} is told to do. */
  public static final String INSTALL_HINT = "install Graphviz (Debian and EL: the graphviz package; in the ha-dsl"
      + " repository: scripts/install-tools.sh)";
  // The shell's "command not found", which ssh and sh -c report for a program the host does not have.
  private static final int NOT_FOUND = 127;

  private final Executor executor;
  private final Host host;

  private Graphviz(Executor executor, Host host) {
    this.executor = executor;
    this.host = host;
  }

  /** Runs {@code dot} through {@code executor} on {@code host}. */
  public static Graphviz using(Executor executor, Host host) {
    return new Graphviz(executor, host);
  }

  /**
   * The graph as SVG.
   *
   * @throws IllegalStateException naming {@link #INSTALL_HINT} when {@code dot} is missing, or with dot's own message
   *     when it refuses the graph; never an empty SVG
   */
  public String svg(String dot) {
    ExecResult result;
    try {
      // A command's stdin is whole lines.
      String lines = dot.endsWith("\n") ? dot : dot + "\n";
      result = executor.execute(host, Command.builder().addArgv("dot", "-Tsvg").stdin(lines).build());
    } catch (IOException e) {
      throw new IllegalStateException("Graphviz's dot could not run on " + host.name() + " (" + e.getMessage() + "): "
          + INSTALL_HINT, e);
    }
    if (result.exitCode() == NOT_FOUND) {
      throw new IllegalStateException("Graphviz's dot is not installed on " + host.name() + ": " + INSTALL_HINT);
    }
    if (!result.succeeded()) {
      throw new IllegalStateException("dot -Tsvg refused the graph on " + host.name() + " (exit " + result.exitCode()
          + "): " + result.stderr().strip());
    }
    if (!result.stdout().contains("<svg")) {
      throw new IllegalStateException("dot -Tsvg on " + host.name() + " printed no SVG: " + result.stderr().strip());
    }
    return result.stdout();
  }
}
