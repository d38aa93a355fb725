package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.export.ScriptExporter;
import dev.hadsl.pacemaker.CibInstall;
import dev.hadsl.pacemaker.Primitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runbook's own platform, RHEL 6.5, whose tools cannot run here, judged by tables taken from each tool's source
 * at the version RHEL 6.5 ships (each file's header names repository, path and commit): every pcs command path and
 * option the plan's scripts run exists in pcs 0.9.90; every Pacemaker tool option in Pacemaker 1.1.10; every
 * fence_ipmilan parameter in fence-agents 3.1.5's; every haproxy.cfg keyword in HAProxy 1.4.24's.
 */
class Rhel65PlatformTest {
  private static final Path PCS_TABLE = testData("ha-pacemaker", "el6/pcs-0.9.90-commands.txt");
  private static final Path PACEMAKER_TABLE = testData("ha-pacemaker", "el6/pacemaker-1.1.10-tools.txt");
  private static final Path FENCE_TABLE = testData("ha-pacemaker", "el6/fence_ipmilan-rhel6-options.txt");
  private static final Path HAPROXY_TABLE = testData("ha-haproxy", "haproxy-1.4/keywords.txt");
  private static final Set<String> PACEMAKER_TOOLS = Set.of("cibadmin", "crm_node", "crm_resource", "crm_mon",
      "crm_attribute", "crm_verify");
  /** Words that may precede a command in a shell segment. */
  private static final Set<String> SHELL_PREFIXES = Set.of("if", "then", "else", "elif", "do", "while", "until", "!",
      "exec", "{", "}");

  /** The three variants a RHEL 6.5 user can build: Qpid clustered or in the group, HAProxy in the group or cloned. */
  private static List<ControlPlane> planes() {
    ControlPlane clustered = RunbookPlanes.clusteredQpid(3, dev.hadsl.qpid.CorosyncDialect.COROSYNC_1);
    return List.of(clustered,
        ControlPlane.builder().from(clustered).messaging(Messaging.inGroup()).build(),
        ControlPlane.builder().from(clustered).haproxyPlacement(HaproxyPlacement.CLONE).build());
  }

  private static Path testData(String module, String path) {
    return Path.of("..", module, "src/test/resources", path);
  }

  /** Every shell text that runs on a control node: the exported script of each, and the pcs export. */
  private static List<String> controlNodeScripts(ControlPlane plane) {
    Plan plan = plane.plan();
    List<String> scripts = new ArrayList<>();
    for (Host node : plane.controlNodes()) {
      scripts.add(ScriptExporter.renderFor(plan, node));
    }
    plane.pcsCommands().forEach(command -> scripts.add(command.toShell()));
    scripts.add(CibInstall.script());
    return scripts;
  }

  @Test
  void everyPcsCommandAndOptionExistsInPcs0990() throws IOException {
    List<Path> table = List.of(PCS_TABLE);
    Map<List<String>, Set<String>> commands = new HashMap<>();
    Set<String> globalOptions = new LinkedHashSet<>();
    for (String line : Files.readAllLines(table.get(0))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] columns = line.split("\t", -1);
      if (columns[0].equals("(getopt)")) {
        globalOptions.addAll(List.of(columns[1].split(",")));
      } else {
        // A placeholder such as <resource id> is one word.
        List<String> path = Pattern.compile("<[^>]*>|\\[[^]]*]|\\S+").matcher(columns[0]).results()
            .map(java.util.regex.MatchResult::group).toList();
        commands.put(path, new LinkedHashSet<>(List.of(columns[1].split(","))));
      }
    }
    assertThat(globalOptions).contains("--name", "--wait", "-f").doesNotContain("--no-default-ops", "--config");

    Set<String> seen = new LinkedHashSet<>();
    for (ControlPlane plane : planes()) {
      for (String script : controlNodeScripts(plane)) {
        for (List<String> words : invocations(script, "pcs")) {
          List<String> args = new ArrayList<>(words.subList(1, words.size()));
          if (args.size() >= 2 && args.get(0).equals("-f")) {
            args = args.subList(2, args.size());
          }
          List<String> path = matchingPath(commands.keySet(), args);
          assertThat(path).as("pcs 0.9.90 has no command '%s'", String.join(" ", words)).isNotNull();
          for (String arg : args) {
            // pcs 0.9.90 takes negative numbers and -INFINITY out before getopt (pcs/pcs.py:47-58): positional.
            if (arg.startsWith("-") && !arg.substring(1).matches("[0-9]+|INFINITY.*")) {
              String option = arg.replaceFirst("=.*", "");
              assertThat(globalOptions).as("pcs 0.9.90's getopt knows %s (in '%s')", option, String.join(" ", words))
                  .contains(option);
              boolean documented = commands.get(path).contains(option)
                  || option.equals("--force") && path.contains("create");
              assertThat(documented).as("pcs 0.9.90 documents %s for '%s', or its code reads it (--force on create)",
                  option, String.join(" ", path)).isTrue();
            }
          }
          seen.add(String.join(" ", path));
        }
      }
    }
    // The judge saw what the platform needs: per-node CMAN setup and start, restarts without 'resource restart'.
    assertThat(seen).contains("cluster setup", "cluster start", "resource disable", "resource enable")
        .doesNotContain("cluster auth", "cluster cib-push");
  }

  /** The table entry whose words lead {@code args}; {@code <placeholder>} and {@code [placeholder]} match any word. */
  private static List<String> matchingPath(Set<List<String>> paths, List<String> args) {
    List<String> best = null;
    for (List<String> path : paths) {
      if (path.size() > args.size()) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < path.size() && matches; i++) {
        String word = path.get(i);
        matches = word.startsWith("<") || word.startsWith("[") || word.equals(args.get(i));
      }
      if (matches && (best == null || path.size() > best.size())) {
        best = path;
      }
    }
    return best;
  }

  @Test
  void everyPacemakerToolOptionExistsInPacemaker1110() throws IOException {
    Map<String, Set<String>> options = new HashMap<>();
    for (String line : Files.readAllLines(PACEMAKER_TABLE)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] columns = line.split("\t");
      Set<String> known = options.computeIfAbsent(columns[0], tool -> new LinkedHashSet<>());
      known.add(columns[1]);
      if (!columns[2].equals("-")) {
        known.add("-" + columns[2]);
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    for (ControlPlane plane : planes()) {
      for (String script : controlNodeScripts(plane)) {
        for (String tool : PACEMAKER_TOOLS) {
          for (List<String> words : invocations(script, tool)) {
            for (String arg : words.subList(1, words.size())) {
              if (arg.startsWith("-") && !arg.equals("-")) {
                String option = arg.replaceFirst("=.*", "");
                assertThat(options.get(tool)).as("Pacemaker 1.1.10's %s has %s (in '%s')", tool, option,
                    String.join(" ", words)).contains(option);
                seen.add(tool + " " + option);
              }
            }
          }
        }
      }
    }
    assertThat(seen).contains("cibadmin --replace", "cibadmin --scope", "cibadmin --xml-file", "crm_resource --locate",
        "crm_node -n");
  }

  @Test
  void everyFenceParameterIsOneRhel6FenceIpmilanReads() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (String line : Files.readAllLines(FENCE_TABLE)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        names.add(line.strip());
      }
    }
    for (ControlPlane plane : planes()) {
      List<Primitive> devices = plane.cluster().fencingDevices();
      assertThat(devices).hasSize(3);
      for (Primitive device : devices) {
        assertThat(device.agent().type()).isEqualTo("fence_ipmilan");
        for (String parameter : device.instanceAttributes().keySet()) {
          // pcmk_* attributes are read by Pacemaker's fencer, never passed to the agent.
          if (!parameter.startsWith("pcmk_")) {
            assertThat(names).as("fence_ipmilan 3.1.5 reads '%s' from stdin", parameter).contains(parameter);
          }
        }
      }
    }
  }

  @Test
  void everyHaproxyKeywordExistsInHaproxy14() throws IOException {
    Set<String> keywords = new LinkedHashSet<>();
    for (String line : Files.readAllLines(HAPROXY_TABLE)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        keywords.add(line.strip());
      }
    }
    // Server keywords that stand alone; every other server keyword takes one value.
    Set<String> serverFlags = Set.of("check", "backup", "disabled", "non-stick", "send-proxy");
    int checked = 0;
    for (ControlPlane plane : planes()) {
      String section = null;
      for (String line : plane.haproxy().render().lines().toList()) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        List<String> words = List.of(text.split("\\s+"));
        if (!line.startsWith(" ")) {
          section = words.get(0);
          assertThat(Set.of("global", "defaults", "listen", "frontend", "backend")).contains(section);
          continue;
        }
        String keyword = Set.of("option", "timeout", "stats", "no").contains(words.get(0)) && words.size() > 1
            ? words.get(0) + " " + words.get(1) : words.get(0);
        assertThat(keywords).as("HAProxy 1.4 knows '%s' in %s (line '%s')", keyword, section, text)
            .contains(section + "\t" + keyword);
        if (keyword.equals("bind")) {
          for (String option : words.subList(2, words.size())) {
            assertThat(keywords).as("HAProxy 1.4's bind takes '%s'", option).contains("bind\t" + option);
          }
        }
        if (keyword.equals("server")) {
          for (int i = 3; i < words.size(); i++) {
            assertThat(keywords).as("HAProxy 1.4's server takes '%s'", words.get(i)).contains("server\t" + words.get(i));
            if (!serverFlags.contains(words.get(i))) {
              i++;
            }
          }
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void sysvInitEverywhereAndNothingOfPcsd() {
    for (ControlPlane plane : planes()) {
      for (String script : controlNodeScripts(plane)) {
        assertThat(invocations(script, "systemctl")).isEmpty();
        assertThat(script).doesNotContain("pcsd", "cluster auth");
      }
      assertThat(plane.cluster().resources().toString()).doesNotContain("systemd:");
    }
  }

  /**
   * Every invocation of {@code tool} in a shell text, as words: a small lexer cuts the text into simple commands at
   * operators, newlines and command substitutions (quotes kept together, then removed), skips here-document bodies,
   * drops leading assignments and keywords, and reads the script of {@code sh -c SCRIPT} and of {@code $(...)}
   * inside a word the same way. A reader for the scripts ha-dsl writes, not a shell: the tests assert that it finds
   * what the platform needs.
   */
  static List<List<String>> invocations(String script, String tool) {
    List<List<String>> found = new ArrayList<>();
    for (List<String> command : simpleCommands(removeHereDocuments(script))) {
      List<String> words = command;
      while (!words.isEmpty() && (SHELL_PREFIXES.contains(words.get(0)) || words.get(0).matches("[A-Za-z_]+=.*"))) {
        words = words.subList(1, words.size());
      }
      if (words.isEmpty()) {
        continue;
      }
      if (words.get(0).equals(tool)) {
        found.add(words);
      }
      if (words.size() >= 3 && words.get(0).equals("sh") && words.get(1).equals("-c")) {
        found.addAll(invocations(words.get(2), tool));
      }
      for (String word : words) {
        int substitution = word.indexOf("$(");
        if (substitution >= 0) {
          found.addAll(invocations(word.substring(substitution + 2), tool));
        }
      }
    }
    return found;
  }

  /** The simple commands of a shell text, each as its words with quotes removed. */
  private static List<List<String>> simpleCommands(String text) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (quote == '"') {
        if (c == '\\' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else if (c == '"') {
          quote = 0;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c) && c != '\n') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if ("\n;&|()`".indexOf(c) >= 0 || (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(')) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        if (!words.isEmpty()) {
          commands.add(List.copyOf(words));
          words.clear();
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (!words.isEmpty()) {
      commands.add(List.copyOf(words));
    }
    return commands;
  }

  private static String removeHereDocuments(String script) {
    StringBuilder out = new StringBuilder();
    String delimiter = null;
    for (String line : script.split("\n", -1)) {
      if (delimiter != null) {
        if (line.equals(delimiter)) {
          delimiter = null;
        }
        continue;
      }
      Matcher here = Pattern.compile("<<-?\\s*'?([A-Za-z0-9_]+)'?").matcher(line);
      if (here.find()) {
        delimiter = here.group(1);
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
