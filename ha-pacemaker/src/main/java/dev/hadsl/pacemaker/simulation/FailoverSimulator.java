package dev.hadsl.pacemaker.simulation;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Answers "where does each resource run with these nodes up" and "after node X fails" with Pacemaker's own
 * scheduler ({@code crm_simulate}, offline, no cluster needed), so HA properties can be unit-tested. Runs the tools
 * through an {@link Executor} on the given host (normally this machine).
 */
public final class FailoverSimulator {
  // "  * Resource action: vip             start on node2"
  private static final Pattern START = Pattern.compile("Resource action:\\s+(\\S+)\\s+start on (\\S+)");

  private final Executor executor;
  private final Host host;
  private final Path workDirectory;

  private FailoverSimulator(Executor executor, Host host, Path workDirectory) {
    this.executor = executor;
    this.host = host;
    this.workDirectory = workDirectory.toAbsolutePath();
  }

  /**
   * A simulator that runs crm_simulate through {@code executor} on {@code host}, keeping files in a directory. The
   * directory is made private (0700) and every file in it is 0600: the CIB and the states derived from it hold the
   * fence passwords.
   */
  public static FailoverSimulator using(Executor executor, Host host, Path workDirectory) {
    return new FailoverSimulator(executor, host, workDirectory);
  }

  /** Every node up, quorum held: where Pacemaker places everything. */
  public Placement allUp(Cluster cluster) {
    Simulated up = startWithAllNodesUp(cluster);
    return placement(up.state(), up.starts());
  }

  /** Every node up, then {@code failedNode} fails: where everything runs afterwards and what was started. */
  public Placement afterFailureOf(Cluster cluster, String failedNode) {
    if (cluster.nodes().stream().noneMatch(n -> n.name().equals(failedNode))) {
      throw new IllegalArgumentException("node '" + failedNode + "' is not a node of cluster '" + cluster.name() + "'");
    }
    Path up = startWithAllNodesUp(cluster).state();
    Path failed = workDirectory.resolve("failed-" + failedNode + ".xml");
    ExecResult result = run(List.of("crm_simulate", "-x", up.toString(), "--node-fail", failedNode, "-S", "-O",
        failed.toString()));
    return placement(failed, parseStarts(result.stdout()));
  }

  /** A simulated cluster state file and the starts that produced it. */
  private record Simulated(Path state, ImmutableList<Placement.StartAction> starts) {}

  private Simulated startWithAllNodesUp(Cluster cluster) {
    // crm_simulate writes its states 0640 whatever the umask: a private directory closes that window, chmod then
    // brings each state to 0600.
    run(List.of("sh", "-c", "mkdir -p \"$1\" && chmod 0700 \"$1\"", "sh", workDirectory.toString()));
    Path cib = workDirectory.resolve("cib.xml");
    // 0600 with the cluster's secrets: the CIB holds the fence passwords.
    execute(ConfigFile.builder().path(cib.toString()).content(CibRenderer.render(cluster)).mode(0600)
        .addAllSecrets(cluster.secrets()).build());
    Path up = workDirectory.resolve("all-up.xml");
    List<String> argv = new ArrayList<>(List.of("crm_simulate", "-x", cib.toString()));
    cluster.nodes().forEach(node -> argv.addAll(List.of("--node-up", node.name())));
    argv.addAll(List.of("-q", "true", "-S", "-O", up.toString()));
    return new Simulated(up, parseStarts(run(argv).stdout()));
  }

  private Placement placement(Path state, ImmutableList<Placement.StartAction> starts) {
    ExecResult status = run(List.of("env", "CIB_file=" + state, "crm_mon", "-1", "--output-as=xml"));
    ImmutableListMultimap.Builder<String, String> nodes = ImmutableListMultimap.builder();
    Document document = parse(status.stdout());
    NodeList resources = document.getElementsByTagName("resource");
    for (int i = 0; i < resources.getLength(); i++) {
      Element resource = (Element) resources.item(i);
      if (!"true".equals(resource.getAttribute("active"))) {
        continue;
      }
      NodeList running = resource.getElementsByTagName("node");
      for (int n = 0; n < running.getLength(); n++) {
        nodes.put(resource.getAttribute("id"), ((Element) running.item(n)).getAttribute("name"));
      }
    }
    return new Placement(nodes.build(), starts);
  }

  private static ImmutableList<Placement.StartAction> parseStarts(String output) {
    ImmutableList.Builder<Placement.StartAction> starts = ImmutableList.builder();
    Matcher matcher = START.matcher(output);
    while (matcher.find()) {
      starts.add(new Placement.StartAction(matcher.group(1), matcher.group(2)));
    }
    return starts.build();
  }

  private ExecResult run(List<String> argv) {
    // umask 077: the states crm_simulate writes (-O) carry the fence passwords of the CIB they came from.
    List<String> privately = new ArrayList<>(List.of("sh", "-c", "umask 077 && exec \"$@\"", "sh"));
    privately.addAll(argv);
    ExecResult result = execute(Command.of(privately));
    int output = argv.indexOf("-O");
    if (result.succeeded() && output >= 0) {
      execute(Command.of("chmod", "0600", argv.get(output + 1)));
    }
    if (result.exitCode() == 127) {
      // The shell's "not found": say what to install instead of the shell's one line.
      throw new IllegalStateException(argv.get(0) + " is not installed on " + host.name() + ": install Pacemaker's"
          + " command-line tools (Debian: pacemaker-cli-utils, EL: pacemaker-cli; in the ha-dsl repository:"
          + " scripts/install-tools.sh)");
    }
    if (!result.succeeded()) {
      throw new IllegalStateException("'" + String.join(" ", argv) + "' failed (exit " + result.exitCode() + "): "
          + result.stderr().strip());
    }
    return result;
  }

  private ExecResult execute(Artifact artifact) {
    try {
      return executor.execute(host, artifact);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException("crm_mon did not return XML: " + e.getMessage(), e);
    }
  }
}
