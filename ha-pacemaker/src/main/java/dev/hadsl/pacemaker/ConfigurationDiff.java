package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
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
      Map<String, List<String>> before = CibComparison.describeElements(from, section);
      Map<String, List<String>> after = CibComparison.describeElements(to, section);
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

  private static List<String> minus(List<String> lines, List<String> other) {
    List<String> remaining = new ArrayList<>(lines);
    remaining.removeAll(other);
    return remaining;
  }

  private static ImmutableList<String> prefixed(String prefix, List<String> lines) {
    return lines.stream().map(line -> prefix + line).collect(ImmutableList.toImmutableList());
  }
}
