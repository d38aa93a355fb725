package dev.hadsl.pacemaker.observed;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a set of hosts said about their cluster, each asked once with one read-only command: its cluster
 * configuration (corosync.conf or CMAN's cluster.conf), the members its Pacemaker sees and its Corosync's quorum.
 * Nothing on a host changes by being observed.
 */
public record ObservedCluster(ImmutableMap<String, NodeObservation> nodes) {
  /**
   * The one command every host is asked with: sections marked by lines of their own, always exit 0. Debian's
   * placeholder corosync.conf (cluster "debian", as the package ships it) is no cluster's: it is reported as absent.
   */
  static final Command READ = Command.of("sh", "-c", String.join("\n",
      "echo @corosync.conf; f=/etc/corosync/corosync.conf",
      "if " + dev.hadsl.pacemaker.PcsRenderer.DEBIAN_PLACEHOLDER_CONDITION + "; then echo @placeholder;"
          + " else cat \"$f\" 2>/dev/null; fi",
      "echo @cluster.conf; cat /etc/cluster/cluster.conf 2>/dev/null",
      "echo @members; crm_node -l 2>/dev/null",
      "echo @quorum; corosync-quorumtool -s 2>/dev/null",
      "echo @end; exit 0"));

  /** What a plan for bare hosts assumes: no host was asked, none has a cluster. */
  public static ObservedCluster none() {
    return new ObservedCluster(ImmutableMap.of());
  }

  /** Whether no host was asked (the day-one plan). */
  public boolean isNone() {
    return nodes.isEmpty();
  }

  /** What {@code host} said, if it was asked. */
  public Optional<NodeObservation> node(String host) {
    return Optional.ofNullable(nodes.get(host));
  }

  /**
   * Asks every one of {@code hosts} through {@code executor}, one after the other, and never changes anything. A
   * host that cannot be reached is recorded as unreachable, not thrown: the difference to the model decides whether
   * that matters.
   */
  public static ObservedCluster read(Executor executor, List<Host> hosts) {
    Map<String, NodeObservation> nodes = new LinkedHashMap<>();
    for (Host host : hosts) {
      NodeObservation observation;
      try {
        observation = parse(host.name(), executor.execute(host, READ));
      } catch (IOException e) {
        observation = NodeObservation.unreachable(host.name(), String.valueOf(e.getMessage()));
      }
      nodes.put(host.name(), observation);
    }
    return new ObservedCluster(ImmutableMap.copyOf(nodes));
  }

  /**
   * Asks {@code nodes} (the model's), then every node their configurations record that the model no longer has, at
   * its recorded address in the model nodes' network: a node to remove is asked too, so the change knows whether it
   * still answers.
   */
  public static ObservedCluster readWithRecorded(Executor executor, List<Host> nodes) {
    ObservedCluster modelNodes = read(executor, nodes);
    Map<String, Host> others = new LinkedHashMap<>();
    Optional<Integer> prefix = nodes.isEmpty() ? Optional.empty() : nodes.get(0).prefix();
    for (NodeObservation node : modelNodes.nodes().values()) {
      node.configuration().ifPresent(recorded -> recorded.nodes().stream()
          .filter(member -> !modelNodes.nodes().containsKey(member.name()) && !member.address().isEmpty()
              && Host.isValidName(member.name()))
          .forEach(member -> {
            try {
              others.putIfAbsent(member.name(), Host.of(member.name(),
                  member.address() + prefix.map(p -> "/" + p).orElse("")));
            } catch (IllegalArgumentException notAnAddress) {
              // Recorded by a name Corosync resolves: the change names it; it is not asked.
            }
          }));
    }
    if (others.isEmpty()) {
      return modelNodes;
    }
    Map<String, NodeObservation> all = new LinkedHashMap<>(modelNodes.nodes());
    all.putAll(read(executor, List.copyOf(others.values())).nodes());
    return new ObservedCluster(ImmutableMap.copyOf(all));
  }

  /** Reads one host's answer to {@link #READ}. */
  static NodeObservation parse(String host, ExecResult result) {
    Map<String, StringBuilder> sections = new LinkedHashMap<>();
    StringBuilder current = null;
    for (String line : result.stdout().split("\n", -1)) {
      if (line.startsWith("@") && List.of("@corosync.conf", "@placeholder", "@cluster.conf", "@members", "@quorum",
          "@end")
          .contains(line.strip())) {
        current = new StringBuilder();
        sections.put(line.strip(), current);
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (result.exitCode() != 0 || !sections.containsKey("@end")) {
      String output = (result.stderr() + result.stdout()).strip();
      return NodeObservation.unreachable(host, "exit " + result.exitCode()
          + (output.isEmpty() ? "" : ": " + output.substring(Math.max(0, output.length() - 300))));
    }
    Optional<CorosyncNodelist> configuration = CorosyncNodelist.parseCorosyncConf(text(sections, "@corosync.conf"));
    if (configuration.isEmpty()) {
      configuration = CorosyncNodelist.parseClusterConf(text(sections, "@cluster.conf"));
    }
    return new NodeObservation(host, true, "", configuration, members(text(sections, "@members")),
        quorate(text(sections, "@quorum")), expectedVotes(text(sections, "@quorum")));
  }

  /** Pacemaker 2's {@code crm_node -l}: one "ID NAME STATE" line per known node; the members are in state member. */
  static ImmutableSet<String> members(String crmNode) {
    List<String> members = new ArrayList<>();
    for (String line : crmNode.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length >= 3 && fields[2].equals("member")) {
        members.add(fields[1]);
      }
    }
    return ImmutableSet.copyOf(members);
  }

  private static Optional<Boolean> quorate(String quorumtool) {
    return field(quorumtool, "Quorate").map(value -> value.equalsIgnoreCase("Yes"));
  }

  private static OptionalInt expectedVotes(String quorumtool) {
    return field(quorumtool, "Expected votes").map(value -> {
      try {
        return OptionalInt.of(Integer.parseInt(value));
      } catch (NumberFormatException e) {
        return OptionalInt.empty();
      }
    }).orElse(OptionalInt.empty());
  }

  private static Optional<String> field(String text, String name) {
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
        return Optional.of(line.substring(colon + 1).strip());
      }
    }
    return Optional.empty();
  }

  private static String text(Map<String, StringBuilder> sections, String name) {
    return Optional.ofNullable(sections.get(name)).map(StringBuilder::toString).orElse("");
  }

  /** The hosts asked, in order. */
  public ImmutableList<String> hosts() {
    return nodes.keySet().asList();
  }
}
