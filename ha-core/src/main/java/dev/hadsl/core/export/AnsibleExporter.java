package dev.hadsl.core.export;

import com.google.common.collect.ImmutableMap;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.ArtifactVisitor;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Redaction;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.exec.RunRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Exports a plan for Ansible: {@code inventory.yml} (every host with its address, in the groups given), {@code
 * playbook.yml} (one play over all hosts with the linear strategy, so each step is a barrier across hosts exactly as
 * in the {@link dev.hadsl.core.exec.PlanRunner}), {@code secrets.yml} (mode 0600, meant for {@code ansible-vault
 * encrypt}), {@code ansible.cfg} and {@code .ansible-lint}.
 *
 * <p>Each step becomes the tasks of its {@link RunRules run rules}, on the hosts it runs on ({@code when:
 * inventory_hostname}): commands in {@code ansible.builtin.command} argv form (no shell quoting), an unless-check as
 * a read-only probe that runs in check mode too ({@code check_mode: false}) and reports, under {@code --check}, that
 * the step would act; files through {@code ansible.builtin.copy} with their mode and owner; "already in place" from
 * the marker line as {@code changed_when}, so a second run reports {@code changed=0}; notifications as files in the
 * pending directory, raised only when a task changed something and answered by the restart that waits for them. They
 * are not handlers on purpose: a handler notified by a run that is interrupted before it flushes is forgotten, while
 * a pending file makes the next run (of any engine) still restart what the edit needs.
 *
 * <p>Secrets never appear in the playbook: every value holding one is a variable of {@code secrets.yml}, tagged
 * {@code !unsafe} so Jinja never templates it, and every task that uses one has {@code no_log: true}. Any other plan
 * text with a Jinja delimiter is tagged {@code !unsafe} too; YAML is written by SnakeYAML, never by hand.
 */
public final class AnsibleExporter implements PlanExporter {
  /** The files an export consists of; any other entry of the directory is the user's and stays. */
  static final Set<String> FILES = Set.of("inventory.yml", "playbook.yml", "secrets.yml", "ansible.cfg",
      ".ansible-lint");
  // Ansible warns about (and since 2.8 mangles) group names that are not Python identifiers.
  private static final Pattern GROUP = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final Set<String> RESERVED_GROUPS = Set.of("all", "ungrouped");
  private static final String MARKER_TEST = "(ha_dsl_run.stdout_lines | select('match', '.*\\S') | list | last"
      + " | default('')) != '" + Command.IN_PLACE + "'";

  /** Reads {@code NAME=BASE64} lines up to {@code --} into the environment, then runs its arguments. */
  private static final String ENVIRONMENT_FROM_STDIN = "while IFS= read -r line && [ \"$line\" != -- ]; do"
      + " value=$(printf %s \"${line#*=}\" | base64 -d; echo x); export \"${line%%=*}=${value%x}\"; done;"
      + " exec \"$@\"";

  private final ImmutableMap<String, List<String>> groups;
  private final String pendingDirectory;

  private AnsibleExporter(ImmutableMap<String, List<String>> groups, String pendingDirectory) {
    this.groups = groups;
    this.pendingDirectory = pendingDirectory;
  }

  /** An exporter that puts every host in the group {@code ha_dsl_hosts}, unless groups are given. */
  public static AnsibleExporter create() {
    return new AnsibleExporter(ImmutableMap.of(), Step.PENDING_DIRECTORY);
  }

  /**
   * Adds the inventory group {@code name} (a Python identifier, not {@code all} or {@code ungrouped}) of {@code
   * hosts}, e.g. {@code control_nodes}; hosts of the plan in no group go to {@code ha_dsl_other_hosts}.
   */
  public AnsibleExporter withGroup(String name, List<String> hosts) {
    if (!GROUP.matcher(name).matches() || RESERVED_GROUPS.contains(name)) {
      throw new IllegalArgumentException("inventory group '" + dev.hadsl.core.Checks.printable(name) + "' must be 1-64 letters,"
          + " digits and '_', not starting with a digit, and not 'all' or 'ungrouped'");
    }
    if (groups.containsKey(name)) {
      throw new IllegalArgumentException("inventory group '" + name + "' is given twice");
    }
    for (String host : hosts) {
      if (!Host.isValidName(host)) {
        throw new IllegalArgumentException("inventory group '" + name + "': '" + dev.hadsl.core.Checks.printable(host)
            + "' is not a host name");
      }
    }
    return new AnsibleExporter(ImmutableMap.<String, List<String>>builder().putAll(groups)
        .put(name, List.copyOf(hosts)).build(), pendingDirectory);
  }

  /**
   * Keeps pending notifications in {@code directory} on each host instead of {@link Step#PENDING_DIRECTORY} (for a
   * sandbox that must not write the machine's {@code /var}).
   */
  public AnsibleExporter withPendingDirectory(String directory) {
    if (!directory.startsWith("/") || !directory.matches("[A-Za-z0-9/._@-]+")) {
      throw new IllegalArgumentException("pending directory must be an absolute path of letters, digits and"
          + " '/._@-', was '" + dev.hadsl.core.Checks.printable(directory) + "'");
    }
    return new AnsibleExporter(groups, directory);
  }

  /** The export's files by name: inventory, playbook, secrets, configuration and lint configuration. */
  public ImmutableMap<String, String> render(Plan plan) {
    List<String> unknown = groups.values().stream().flatMap(List::stream)
        .filter(name -> plan.hosts().stream().noneMatch(host -> host.name().equals(name))).distinct().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("inventory groups name hosts the plan does not have: " + unknown
          + " (plan hosts: " + plan.hosts().stream().map(Host::name).toList() + ")");
    }
    Secrets secrets = new Secrets();
    String playbook = "---\n" + sequenceEntry(yaml().dump(play(plan, secrets)));
    return ImmutableMap.of(
        "inventory.yml", "---\n" + yaml().dump(inventory(plan)),
        "playbook.yml", playbook,
        "secrets.yml", "---\n# Secrets of the plan, one variable per value (encrypt with: ansible-vault encrypt"
            + " secrets.yml).\n" + (secrets.values.isEmpty() ? "{}\n" : yaml().dump(secrets.values)),
        "ansible.cfg", "# Generated by ha-dsl.\n[defaults]\ninventory = inventory.yml\nforks = "
            + Math.max(5, plan.hosts().size()) + "\n\n[ssh_connection]\npipelining = True\n",
        ".ansible-lint", LINT_CONFIGURATION);
  }

  /**
   * ansible-lint's configuration: the production profile, every rule on. Why none is skipped: the plan's commands
   * are the same argument vectors every engine runs (a module in their place would make Ansible's run differ from
   * the plan that was reviewed), which {@code command-instead-of-module} would question; they are warnings, listed
   * here by name, never silenced.
   */
  private static final String LINT_CONFIGURATION = "---\n# Generated by ha-dsl.\nprofile: production\n"
      + "# The plan's commands run as the plan was reviewed, on every engine; a module in their place would make this\n"
      + "# run differ from PlanRunner's and the scripts'. Reported as warnings, never skipped.\n"
      + "warn_list:\n  - command-instead-of-module\n";

  @Override
  public List<String> export(Plan plan, Path directory) throws IOException {
    ImmutableMap<String, String> files = render(plan);
    ExportDirectory export = ExportDirectory.open(directory);
    Map<String, ExportDirectory.EntryWriter> entries = new LinkedHashMap<>();
    files.forEach((name, content) -> entries.put(name, staged -> ExportDirectory.writePrivately(staged, content,
        name.equals("secrets.yml") ? 0600 : 0644)));
    return export.replace(entries, entry -> FILES.contains(entry.getFileName().toString()));
  }

  private Map<String, Object> inventory(Plan plan) {
    Map<String, Object> hostVars = new LinkedHashMap<>();
    Map<String, Object> children = new LinkedHashMap<>();
    Set<String> grouped = new LinkedHashSet<>();
    groups.forEach((name, members) -> {
      Map<String, Object> hosts = new LinkedHashMap<>();
      for (String member : members) {
        hosts.put(member, null);
        grouped.add(member);
      }
      children.put(name, Map.of("hosts", hosts));
    });
    Map<String, Object> others = new LinkedHashMap<>();
    for (Host host : plan.hosts()) {
      hostVars.put(host.name(), Map.of("ansible_host", host.address().text()));
      if (!grouped.contains(host.name())) {
        others.put(host.name(), null);
      }
    }
    if (!others.isEmpty()) {
      children.put(groups.isEmpty() ? "ha_dsl_hosts" : "ha_dsl_other_hosts", Map.of("hosts", others));
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("hosts", hostVars);
    all.put("children", children);
    return Map.of("all", all);
  }

  private Map<String, Object> play(Plan plan, Secrets secrets) {
    List<Object> tasks = new ArrayList<>();
    int total = plan.steps().size();
    int number = 0;
    for (Step step : plan.steps()) {
      number++;
      Plan.Run first = new Plan.Run(number, step.target().runsOn().get(0), step);
      String name = "Step " + number + "/" + total + " " + step.id() + ": "
          + Redaction.redact(step.description(), step.artifact().allSecrets());
      tasks.addAll(new StepTasks(step, name, hostCondition(step.target()), secrets)
          .tasks(RunRules.of(first, Optional.empty(), pendingDirectory)));
    }
    Map<String, Object> play = new LinkedHashMap<>();
    play.put("name", "Ha-dsl plan: " + total + " steps on " + plan.hosts().size() + " hosts");
    play.put("hosts", "all");
    play.put("gather_facts", false);
    // The plan stops at its first failure on any host: so does the play.
    play.put("any_errors_fatal", true);
    play.put("vars_files", List.of("secrets.yml"));
    play.put("tasks", tasks);
    return play;
  }

  private static String hostCondition(Target target) {
    List<Host> hosts = target.runsOn();
    return hosts.size() == 1 ? "inventory_hostname == '" + hosts.get(0).name() + "'"
        : "inventory_hostname in " + hosts.stream().map(h -> "'" + h.name() + "'")
            .collect(Collectors.joining(", ", "[", "]"));
  }

  /** The tasks of one step, built from its run rules. */
  private static final class StepTasks {
    private final Step step;
    private final String name;
    private final List<String> when = new ArrayList<>();
    private final Secrets secrets;
    private final List<Object> tasks = new ArrayList<>();

    StepTasks(Step step, String name, String hostCondition, Secrets secrets) {
      this.step = step;
      this.name = name;
      this.secrets = secrets;
      when.add(hostCondition);
    }

    List<Object> tasks(List<RunRules.Op> ops) {
      for (RunRules.Op op : ops) {
        if (op instanceof RunRules.OnlyWhilePending pending) {
          Map<String, Object> task = task(name + ": pending?");
          task.put("ansible.builtin.stat", Map.of("path", text(pending.file())));
          task.put("register", "ha_dsl_pending");
          when.add("ha_dsl_pending.stat.exists");
          tasks.add(task);
        } else if (op instanceof RunRules.Act act) {
          act(act.artifact());
        } else if (op instanceof RunRules.RaiseIfChanged raise) {
          Map<String, Object> task = command(name + ": raise its notifications", raise.command());
          task.put("when", conditions("ha_dsl_run is changed"));
          task.put("changed_when", true);
          tasks.add(task);
        } else if (op instanceof RunRules.ClearPending clear) {
          Map<String, Object> task = task(name + ": clear " + clear.name());
          task.put("ansible.builtin.file", ordered("path", text(clear.file()), "state", "absent"));
          task.put("when", conditions());
          tasks.add(task);
        }
        // UnlessJournaled and Record are absent: there is no journal key, every run checks each step afresh.
      }
      return tasks;
    }

    private void act(Artifact artifact) {
      artifact.accept(new ArtifactVisitor<Void>() {
        @Override
        public Void command(Command command) {
          actCommand(command);
          return null;
        }

        @Override
        public Void file(ConfigFile file) {
          actFile(file);
          return null;
        }

        @Override
        public Void iniEdit(IniEdit edit) {
          actCommand(edit.toCommand());
          return null;
        }
      });
    }

    private void actCommand(Command command) {
      // The unless-check guards the action alone: what follows (clearing an answered notification) happens when the
      // step found its state in place too, as in every engine.
      List<String> actionConditions = command.unless().isPresent() ? conditions("ha_dsl_check.rc != 0")
          : conditions();
      command.unless().ifPresent(check -> {
        Map<String, Object> probe = command(name + ": check", check);
        probe.put("register", "ha_dsl_check");
        probe.put("when", conditions());
        // Read-only: it runs under --check too, and there it says whether the step would act.
        probe.put("check_mode", false);
        probe.put("changed_when", "ansible_check_mode and ha_dsl_check.rc != 0");
        probe.put("failed_when", false);
        tasks.add(probe);
      });
      Map<String, Object> task = command(name, Command.builder().from(command).unless(Optional.empty()).build());
      task.put("register", "ha_dsl_run");
      task.put("when", actionConditions);
      task.put("changed_when", MARKER_TEST);
      tasks.add(task);
    }

    private void actFile(ConfigFile file) {
      String directory = file.path().substring(0, Math.max(1, file.path().lastIndexOf('/')));
      // As mkdir -p in the other engines: made (0755, as under the usual umask 022) only when missing, so an existing
      // directory keeps its mode.
      Map<String, Object> stat = task(name + ": directory present?");
      stat.put("ansible.builtin.stat", Map.of("path", text(directory)));
      stat.put("register", "ha_dsl_directory");
      stat.put("when", conditions());
      tasks.add(stat);
      Map<String, Object> mkdir = task(name + ": directory");
      mkdir.put("ansible.builtin.file", ordered("path", text(directory), "state", "directory", "mode", "0755"));
      mkdir.put("when", conditions("not ha_dsl_directory.stat.exists"));
      tasks.add(mkdir);
      Map<String, Object> copy = new LinkedHashMap<>();
      copy.put("dest", text(file.path()));
      copy.put("content", value(file.content(), file.secrets()));
      copy.put("mode", file.modeOctal());
      file.owner().ifPresent(owner -> {
        String[] userAndGroup = owner.split(":", 2);
        copy.put("owner", userAndGroup[0]);
        if (userAndGroup.length == 2) {
          copy.put("group", userAndGroup[1]);
        }
      });
      Map<String, Object> task = task(name);
      task.put("ansible.builtin.copy", copy);
      task.put("register", "ha_dsl_run");
      task.put("when", conditions());
      noLogIfSecret(task, file.secrets());
      tasks.add(task);
    }

    private Map<String, Object> command(String taskName, Command given) {
      Command command = environmentOnStdinIfSecret(given);
      Map<String, Object> module = new LinkedHashMap<>();
      module.put("argv", command.argv().stream().map(StepTasks::text).toList());
      command.stdin().ifPresent(stdin -> {
        module.put("stdin", value(stdin, command.allSecrets()));
        module.put("stdin_add_newline", false);
      });
      Map<String, Object> task = task(taskName);
      task.put("ansible.builtin.command", module);
      if (!command.environment().isEmpty()) {
        Map<String, Object> environment = new LinkedHashMap<>();
        command.environment().forEach((variable, value) -> environment.put(variable,
            value(value, command.allSecrets())));
        task.put("environment", environment);
      }
      noLogIfSecret(task, command.allSecrets());
      return task;
    }

    /**
     * The command with its environment moved onto stdin when a value holds a secret. Ansible runs a task with an
     * {@code environment:} as {@code NAME=value python3 AnsiballZ_command.py} through {@code /bin/sh -c}: the value
     * is on a command line, readable in {@code /proc/PID/cmdline} (found by AnsibleExporterTest). Here each variable
     * travels base64-encoded as a line {@code NAME=BASE64} before a line {@code --} and the command's own stdin; a
     * small {@code sh} decodes them into its environment (printf is a builtin: no value reaches an argument) and
     * {@code exec}s the command, which reads the rest of stdin unchanged ({@code sh} reads a pipe byte by byte).
     */
    private static Command environmentOnStdinIfSecret(Command command) {
      boolean secretInEnvironment = command.environment().values().stream()
          .anyMatch(value -> command.allSecrets().stream().anyMatch(secret -> value.contains(secret.reveal())));
      if (!secretInEnvironment) {
        return command;
      }
      StringBuilder stdin = new StringBuilder();
      command.environment().forEach((name, value) -> stdin.append(name).append('=')
          .append(java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .append('\n'));
      stdin.append("--\n");
      command.stdin().ifPresent(stdin::append);
      List<String> argv = new ArrayList<>(List.of("sh", "-c", ENVIRONMENT_FROM_STDIN, "sh"));
      argv.addAll(command.argv());
      return Command.builder().from(command).argv(argv).environment(Map.of()).stdin(stdin.toString()).build();
    }

    private Object value(String text, List<Secret> stepSecrets) {
      return stepSecrets.stream().anyMatch(secret -> text.contains(secret.reveal()))
          ? "{{ " + secrets.variableFor(text) + " }}" : text(text);
    }

    private static void noLogIfSecret(Map<String, Object> task, List<Secret> stepSecrets) {
      if (!stepSecrets.isEmpty()) {
        task.put("no_log", true);
      }
    }

    private List<String> conditions(String... more) {
      List<String> all = new ArrayList<>(when);
      all.addAll(List.of(more));
      return all;
    }

    private static Map<String, Object> task(String name) {
      Map<String, Object> task = new LinkedHashMap<>();
      task.put("name", text(name));
      return task;
    }

    /** Plan text: tagged {@code !unsafe} when it holds what Jinja would read as a template. */
    private static Object text(String text) {
      return text.contains("{") || text.contains("%") ? new Unsafe(text) : text;
    }
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** The secrets file: each distinct secret-holding value once, tagged {@code !unsafe}. */
  private static final class Secrets {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();

    String variableFor(String value) {
      return names.computeIfAbsent(value, v -> {
        String name = "ha_dsl_secret_" + (names.size() + 1);
        values.put(name, new Unsafe(v));
        return name;
      });
    }
  }

  /** A string Ansible must take literally: {@code !unsafe}. */
  private record Unsafe(String text) {
    @Override
    public String toString() {
      return "Unsafe(****)";
    }
  }

  /**
   * A mapping dumped at column 0 as the entry of a top-level sequence: {@code - } before its first line, two spaces
   * before the others. yamllint wants the document's sequence at column 0 and nested ones indented, which SnakeYAML
   * cannot do in one dump; shifting every line alike keeps the structure (block scalars are relative to their key).
   */
  private static String sequenceEntry(String mapping) {
    StringBuilder entry = new StringBuilder();
    List<String> lines = mapping.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      entry.append(i == 0 ? "- " : lines.get(i).isEmpty() ? "" : "  ").append(lines.get(i)).append('\n');
    }
    return entry.toString();
  }

  /** The longest line a literal block may hold and stay within 160 characters at the playbook's deepest nesting. */
  private static final int LITERAL_LINE_LIMIT = 130;

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(120);
    options.setSplitLines(true);
    Representer representer = new Representer(options) {
      {
        Represent plain = representers.get(String.class);
        representers.put(String.class, data -> multiline((String) data, Tag.STR, plain));
        representers.put(Unsafe.class, data -> multiline(((Unsafe) data).text(), new Tag("!unsafe"), null));
      }

      private org.yaml.snakeyaml.nodes.Node multiline(String text, Tag tag, Represent plain) {
        // A literal block keeps a file readable, but cannot fold a long line (yamllint allows 160 characters): such
        // text goes double-quoted, which SnakeYAML folds at spaces with escaped line breaks.
        if (text.contains("\n")) {
          boolean longLine = text.lines().anyMatch(line -> line.length() > LITERAL_LINE_LIMIT);
          return representScalar(tag, text, longLine ? DumperOptions.ScalarStyle.DOUBLE_QUOTED
              : DumperOptions.ScalarStyle.LITERAL);
        }
        return plain != null ? plain.representData(text) : representScalar(tag, text);
      }
    };
    representer.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
    return new Yaml(representer, options);
  }
}
