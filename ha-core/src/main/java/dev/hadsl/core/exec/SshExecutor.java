package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out artifacts on a host through the system {@code ssh} in batch mode. The artifact travels as a small
 * {@code sh} script on standard input (the same text the script exporter writes), so secrets never show in the
 * remote or local process list; a batch of runs travels the same way, as one script ({@link ShellExecutor}).
 */
public final class SshExecutor implements ShellExecutor {
  private final SshOptions options;

  SshExecutor(SshOptions options) {
    this.options = options;
  }

  @Override
  public ExecResult execute(Host host, Artifact artifact) throws IOException {
    prepareSharing();
    String script = "set -eu\n" + ShellSnippets.PREAMBLE + ShellSnippets.of(artifact);
    return ExecResult.inPlaceWhenReported(
        Processes.run(sshCommand(host), script.getBytes(StandardCharsets.UTF_8), options.timeout()));
  }

  @Override
  public ExecResult executeScript(Host host, String script, Duration timeout) throws IOException {
    prepareSharing();
    return Processes.run(sshCommand(host), script.getBytes(StandardCharsets.UTF_8), timeout);
  }

  @Override
  public Duration runTimeout() {
    return options.timeout();
  }

  /**
   * Closes the shared connection to {@code host}, if connection sharing is on and one is open; bounded by the step
   * timeout.
   */
  public void disconnect(Host host) throws IOException {
    if (options.connectionSharing().isPresent()) {
      List<String> argv = new ArrayList<>(sshOptions());
      argv.addAll(List.of("-O", "exit", "--", destination(host)));
      Processes.run(argv, null, options.timeout());
    }
  }

  private void prepareSharing() throws IOException {
    if (options.connectionSharing().isPresent()) {
      // Whoever can write the socket directory can plant a socket there and receive every later step's script.
      PrivateFiles.requirePrivateDirectory(options.connectionSharing().get(), "ssh connection sharing directory");
    }
  }

  /** The ssh argument vector for {@code host}; the remote side runs {@code sh -s} reading the script. */
  ImmutableList<String> sshCommand(Host host) {
    return ImmutableList.<String>builder().addAll(sshOptions()).add("--", destination(host), "sh -s").build();
  }

  private String destination(Host host) {
    return options.user() + "@" + host.address();
  }

  /** The launcher, ssh and its options. */
  private List<String> sshOptions() {
    ImmutableList.Builder<String> argv = ImmutableList.<String>builder().addAll(options.launcher())
        .add("ssh", "-p", Integer.toString(options.port()), "-o", "BatchMode=yes", "-o", "ConnectTimeout=10");
    options.connectionSharing().ifPresent(directory -> argv.add("-o", "ControlMaster=auto", "-o",
        "ControlPath=" + directory.resolve("%C"), "-o",
        "ControlPersist=" + options.sharedConnectionIdle().getSeconds()));
    options.identityFile().ifPresent(key -> argv.add("-i", key.toString()));
    for (String option : options.options()) {
      argv.add("-o", option);
    }
    return argv.build();
  }
}
