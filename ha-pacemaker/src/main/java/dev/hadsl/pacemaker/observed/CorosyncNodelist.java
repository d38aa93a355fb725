package dev.hadsl.pacemaker.observed;

import com.google.common.collect.ImmutableList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The membership a node's cluster configuration records: the cluster's name, its nodes (name, first address, node
 * id) and whether votequorum runs in two-node mode. Read from Corosync 2/3's {@code corosync.conf} ({@code totem
 * cluster_name}, {@code nodelist { node { ring0_addr name nodeid } }}, {@code quorum two_node}) or CMAN's
 * {@code cluster.conf} ({@code <cluster name>}, {@code <clusternode name nodeid>}, {@code <cman two_node>}).
 *
 * @param clusterName the cluster's name
 * @param nodes the recorded nodes, in the file's order
 * @param twoNode whether the file sets two-node quorum
 */
public record CorosyncNodelist(String clusterName, ImmutableList<Member> nodes, boolean twoNode) {
  /**
   * One recorded node.
   *
   * @param name the node's name ({@code name:}, or the address where a file names none)
   * @param address its first ring address ({@code ring0_addr}); empty in cluster.conf, which records names only
   * @param nodeId its node id, 0 where none is recorded
   */
  public record Member(String name, String address, int nodeId) {}

  /** The names of the recorded nodes, in order. */
  public List<String> names() {
    return nodes.stream().map(Member::name).toList();
  }

  /** The recorded node called {@code name}. */
  public Optional<Member> member(String name) {
    return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
  }

  /**
   * Parses a {@code corosync.conf}: sections are {@code NAME {} ... {@code }}, settings {@code key: value}, comments
   * start with '#'. Empty when the text names no cluster (Debian's placeholder names one: its nodelist is read like any
   * other, and the caller compares the name).
   *
   * @throws IllegalArgumentException when braces do not balance
   */
  public static Optional<CorosyncNodelist> parseCorosyncConf(String text) {
    String clusterName = null;
    boolean twoNode = false;
    List<Member> nodes = new ArrayList<>();
    Deque<String> sections = new ArrayDeque<>();
    Map<String, String> node = null;
    int lineNumber = 0;
    for (String raw : text.split("\n", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("{")) {
        String section = line.substring(0, line.length() - 1).strip();
        sections.push(section);
        if (section.equals("node") && path(sections).equals("nodelist/node")) {
          node = new LinkedHashMap<>();
        }
        continue;
      }
      if (line.equals("}")) {
        if (sections.isEmpty()) {
          throw new IllegalArgumentException("corosync.conf line " + lineNumber + ": '}' closes no section");
        }
        if (path(sections).equals("nodelist/node") && node != null) {
          nodes.add(member(node));
          node = null;
        }
        sections.pop();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      String where = path(sections);
      if (where.equals("totem") && key.equals("cluster_name")) {
        clusterName = value;
      } else if (where.equals("quorum") && key.equals("two_node")) {
        twoNode = value.equals("1");
      } else if (where.equals("nodelist/node") && node != null) {
        node.put(key, value);
      }
    }
    if (!sections.isEmpty()) {
      throw new IllegalArgumentException("corosync.conf: section '" + sections.peek() + "' is never closed");
    }
    if (clusterName == null) {
      return Optional.empty();
    }
    return Optional.of(new CorosyncNodelist(clusterName, ImmutableList.copyOf(nodes), twoNode));
  }

  /**
   * Parses CMAN's {@code cluster.conf} (RHEL 6): the cluster's name, every {@code <clusternode name=... nodeid=...>},
   * and {@code <cman two_node="1">}. Addresses are not recorded there (CMAN resolves the names). Empty when the text
   * has no {@code <cluster name=...>}.
   */
  public static Optional<CorosyncNodelist> parseClusterConf(String text) {
    Optional<String> name = attribute(text, "cluster", "name");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    List<Member> nodes = new ArrayList<>();
    java.util.regex.Matcher element = java.util.regex.Pattern.compile("<clusternode\\b[^>]*>").matcher(text);
    while (element.find()) {
      String tag = element.group();
      String nodeName = attribute(tag, "clusternode", "name").orElse("");
      int nodeId = attribute(tag, "clusternode", "nodeid").map(CorosyncNodelist::number).orElse(0);
      nodes.add(new Member(nodeName, "", nodeId));
    }
    boolean twoNode = attribute(text, "cman", "two_node").map("1"::equals).orElse(false);
    return Optional.of(new CorosyncNodelist(name.get(), ImmutableList.copyOf(nodes), twoNode));
  }

  private static Optional<String> attribute(String text, String element, String attribute) {
    java.util.regex.Matcher tag = java.util.regex.Pattern.compile("<" + element + "\\b[^>]*>").matcher(text);
    if (!tag.find()) {
      return Optional.empty();
    }
    java.util.regex.Matcher value = java.util.regex.Pattern
        .compile("\\s" + attribute + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)')").matcher(tag.group());
    return value.find() ? Optional.of(value.group(2) != null ? value.group(2) : value.group(3)) : Optional.empty();
  }

  private static Member member(Map<String, String> node) {
    String address = node.getOrDefault("ring0_addr", "");
    return new Member(node.getOrDefault("name", address), address, number(node.getOrDefault("nodeid", "0")));
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String path(Deque<String> sections) {
    List<String> outerFirst = new ArrayList<>(sections);
    java.util.Collections.reverse(outerFirst);
    return String.join("/", outerFirst);
  }
}
