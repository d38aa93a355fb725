package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Carries out artifacts on a host through the system {@code ssh} in batch mode. The artifact travels as a small
 * {@code sh} script on standard input (the same text the script exporter writes), so secrets never show in the
 * remote or local process list.
 */
public final class SshExecutor implements Executor {
  private final SshOptions options;

  SshExecutor(SshOptions options) {
    this.options = options;
  }

  @Override
  public ExecResult execute(Host host, Artifact artifact) throws IOException {
    String script = "set -eu\n" + ShellSnippets.PREAMBLE + ShellSnippets.of(artifact);
    return ExecResult.inPlaceWhenReported(
        Processes.run(sshCommand(host), script.getBytes(StandardCharsets.UTF_8), options.timeout()));
  }

  /** The ssh argument vector for {@code host}; the remote side runs {@code sh -s} reading the script. */
  ImmutableList<String> sshCommand(Host host) {
    ImmutableList.Builder<String> argv = ImmutableList.<String>builder().addAll(options.launcher())
        .add("ssh", "-p", Integer.toString(options.port()), "-o", "BatchMode=yes", "-o", "ConnectTimeout=10");
    options.identityFile().ifPresent(key -> argv.add("-i", key.toString()));
    for (String option : options.options()) {
      argv.add("-o", option);
    }
    return argv.add("--", options.user() + "@" + host.address(), "sh -s").build();
  }
}
