package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What differs between two CIB configurations, element by element: resources (fencing devices included) and
 * constraints by id, compared as {@link CibComparison} describes them (attribute-set and operation ids normalised
 * away). Cluster properties and defaults are not part of it: an install never removes those (see
 * {@link CibInstall}).
 *
 * @param changes every difference, resources first, each in the order of its configuration
 */
public record ConfigurationDiff(ImmutableList<Change> changes) {
  /** How an element differs. */
  public enum Kind {
    /** Only in the configuration compared to. */
    ADDED("+"),
    /** Only in the configuration compared from. */
    REMOVED("-"),
    /** In both, with different content. */
    CHANGED("~");

    private final String sign;

    Kind(String sign) {
      this.sign = sign;
    }
  }

  /**
   * One element that differs.
   *
   * @param section {@code resources} or {@code constraints}
   * @param id the element's id, e.g. {@code web} or {@code order-agent-clone-web}
   * @param kind added, removed or changed (from the first configuration to the second)
   * @param lines the comparable lines of the element that are only in the first ({@code -}) or second ({@code +})
   */
  public record Change(String section, String id, Kind kind, ImmutableList<String> lines) {
    /** One line, e.g. {@code + resource cache}. */
    public String summary() {
      return kind.sign + " " + (section.equals("resources") ? "resource" : "constraint") + " " + id;
    }
  }

  /** The changes that turn configuration {@code from} into {@code to} (both whole CIBs). */
  public static ConfigurationDiff between(String from, String to) {
    ImmutableList.Builder<Change> changes = ImmutableList.builder();
    for (String section : List.of("resources", "constraints")) {
      Map<String, List<String>> before = elements(from, section);
      Map<String, List<String>> after = elements(to, section);
      after.forEach((id, lines) -> {
        if (!before.containsKey(id)) {
          changes.add(new Change(section, id, Kind.ADDED, prefixed("+ ", lines)));
        } else if (!before.get(id).equals(lines)) {
          List<String> detail = new ArrayList<>(prefixed("- ", minus(before.get(id), lines)));
          detail.addAll(prefixed("+ ", minus(lines, before.get(id))));
          changes.add(new Change(section, id, Kind.CHANGED, ImmutableList.copyOf(detail)));
        }
      });
      before.forEach((id, lines) -> {
        if (!after.containsKey(id)) {
          changes.add(new Change(section, id, Kind.REMOVED, prefixed("- ", lines)));
        }
      });
    }
    return new ConfigurationDiff(changes.build());
  }

  /** True when both configurations hold the same resources and constraints. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** The ids that differ, e.g. {@code [extra]}. */
  public List<String> ids() {
    return changes.stream().map(Change::id).toList();
  }

  /** A readable diff: one summary line per element, its differing lines indented below. */
  public String render() {
    StringBuilder text = new StringBuilder();
    for (Change change : changes) {
      text.append(change.summary()).append('\n');
      change.lines().forEach(line -> text.append("    ").append(line).append('\n'));
    }
    return text.toString();
  }

  /** The comparable lines of each top-level element of {@code section}, by id, in document order. */
  private static Map<String, List<String>> elements(String cib, String section) {
    String prefix = "/configuration/" + section + "/";
    Map<String, List<String>> elements = new LinkedHashMap<>();
    for (String line : CibComparison.describe(cib)) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      String rest = line.substring(prefix.length());
      int open = rest.indexOf('[');
      int close = rest.indexOf(']');
      String id;
      if (open > 0 && close > open && (rest.indexOf(' ') < 0 || open < rest.indexOf(' '))) {
        id = rest.substring(open + 1, close);
      } else {
        // the element's own line: "primitive {id=web, ...}"
        int idStart = rest.indexOf("id=");
        int idEnd = idStart < 0 ? -1 : indexOfAny(rest, idStart);
        id = idStart < 0 ? rest : rest.substring(idStart + 3, idEnd);
      }
      elements.computeIfAbsent(id, key -> new ArrayList<>()).add(line);
    }
    return elements;
  }

  private static int indexOfAny(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == ',' || text.charAt(i) == '}') {
        return i;
      }
    }
    return text.length();
  }

  private static List<String> minus(List<String> lines, List<String> other) {
    List<String> remaining = new ArrayList<>(lines);
    remaining.removeAll(other);
    return remaining;
  }

  private static ImmutableList<String> prefixed(String prefix, List<String> lines) {
    return lines.stream().map(line -> prefix + line).collect(ImmutableList.toImmutableList());
  }
}
