package dev.hadsl.core.exec;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Host;
import java.io.IOException;

/**
 * Carries out one artifact on one host. This is the whole SPI: a runner walks a plan and calls it step by step;
 * implementations decide what "on a host" means (record it, run it here, run it over SSH).
 *
 * <p>Implementations report a failing program through {@link ExecResult#exitCode()}, not by throwing; they throw
 * {@link IOException} only when the artifact could not be attempted at all (program missing, file not writable).
 * They must never put a secret of the artifact ({@link Artifact#secrets()}) into a log or an exception message.
 */
public interface Executor {
  /**
   * Carries out {@code artifact} on {@code host} and returns what happened.
   *
   * @throws IOException when the artifact could not be attempted
   */
  ExecResult execute(Host host, Artifact artifact) throws IOException;
}
