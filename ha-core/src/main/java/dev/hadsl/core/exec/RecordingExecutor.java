package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Records every artifact it is asked to carry out; the answer is success unless a responder says otherwise. */
public final class RecordingExecutor implements Executor {
  /** One call: on which host, what. */
  public record Execution(Host host, Artifact artifact) {}

  private final List<Execution> executions = new ArrayList<>();
  private BiFunction<Host, Artifact, ExecResult> responder = (host, artifact) -> ExecResult.ok();

  RecordingExecutor() {}

  /** Decides the result of each call, e.g. to make one artifact fail. */
  public RecordingExecutor respondWith(BiFunction<Host, Artifact, ExecResult> responder) {
    this.responder = responder;
    return this;
  }

  @Override
  public synchronized ExecResult execute(Host host, Artifact artifact) {
    executions.add(new Execution(host, artifact));
    return responder.apply(host, artifact);
  }

  /** Every call so far, in the order they were made. */
  public synchronized ImmutableList<Execution> executions() {
    return ImmutableList.copyOf(executions);
  }
}
