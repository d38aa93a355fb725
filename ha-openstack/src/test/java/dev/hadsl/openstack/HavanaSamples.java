package dev.hadsl.openstack;

import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.testing.tools.ClusterLab;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration files Havana ships (src/test/resources/havana-samples, each with its source repository, path,
 * tag and commit in its header and in SOURCES.txt), placed on lab nodes where a package would have put them, so the
 * plan's INI edits meet the real files: commented defaults, active keys the edit must replace, sections in place.
 */
final class HavanaSamples {
  private static final String ROOT = "/havana-samples";
  /** The first header line every sample carries, which the edits must leave in place. */
  static final String HEADER = "# Havana sample, placed on lab nodes before the plan edits it";

  private HavanaSamples() {}

  /** Host path to content, for every sample listed in SOURCES.txt. */
  static Map<String, String> all() {
    Map<String, String> samples = new LinkedHashMap<>();
    for (String line : resource("SOURCES.txt").split("\n")) {
      if (!line.isBlank()) {
        String path = line.split(" ")[0];
        samples.put(path, resource(path.substring(1)));
      }
    }
    return samples;
  }

  /** Places every sample on {@code node}, mode 0640 as the packages install them. */
  static void install(ClusterLab lab, String node) {
    all().forEach((path, content) -> lab.install(node, path, content, "0640"));
  }

  /**
   * What of the plan's INI edits for {@code node} is not in the node's files, read back with crudini, as
   * "file [section] key" (never the value, which may be a secret); and every sample file that lost its header.
   */
  static List<String> editsMissingOn(ClusterLab lab, String node, Plan plan) {
    List<IniEdit> edits = plan.runsOn(node).stream().map(run -> run.step().artifact())
        .filter(IniEdit.class::isInstance).map(IniEdit.class::cast).toList();
    Map<String, Map<String, String>> files = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (IniEdit edit : edits) {
      Map<String, String> values = files.computeIfAbsent(edit.file(), file -> readBack(lab, node, file));
      Optional<String> actual = Optional.ofNullable(values.get("[" + edit.section() + "] " + edit.key()));
      if (!actual.equals(edit.value().map(String::strip))) {
        missing.add(edit.file() + " [" + edit.section() + "] " + edit.key());
      }
    }
    for (String path : all().keySet()) {
      if (!lab.exec(node, "head", "-n", "1", path).stdout().startsWith(HEADER)) {
        missing.add(path + ": the sample's header is gone (the file was replaced, not edited)");
      }
    }
    return missing;
  }

  /** "[section] key" to value, from {@code crudini --get --format=lines}. */
  private static Map<String, String> readBack(ClusterLab lab, String node, String file) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lab.exec(node, "crudini", "--get", "--format=lines", file).stdout().split("\n")) {
      // "[ section ] key = value"
      int close = line.indexOf(" ] ");
      int equals = line.indexOf(" = ", close);
      if (line.startsWith("[ ") && close > 0) {
        String key = equals > 0 ? line.substring(close + 3, equals) : line.substring(close + 3);
        values.put("[" + line.substring(2, close) + "] " + key, equals > 0 ? line.substring(equals + 3) : "");
      }
    }
    return values;
  }

  private static String resource(String name) {
    try (InputStream in = Objects.requireNonNull(HavanaSamples.class.getResourceAsStream(ROOT + "/" + name),
        () -> "test resource " + ROOT + "/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
