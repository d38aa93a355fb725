package dev.hadsl.core.exec;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Host;
import java.io.IOException;

/** Prints what would run; {@link Artifact#display()} already masks secrets. */
final class DryRunExecutor implements Executor {
  private final Appendable out;

  DryRunExecutor(Appendable out) {
    this.out = out;
  }

  @Override
  public ExecResult execute(Host host, Artifact artifact) throws IOException {
    out.append('[').append(host.name()).append("] ").append(artifact.display()).append('\n');
    return ExecResult.ok();
  }
}
