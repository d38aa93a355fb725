package dev.hadsl.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.AnsibleChecks;
import dev.hadsl.testing.tools.CommandLineWatcher;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Ansible export judged by the real ansible-core: a sandboxed plan (every path in a temporary directory) exported
 * and run with {@code ansible-playbook} over the local connection. Secrets YAML and Jinja would misread arrive byte
 * for byte, never on a command line; a second run reports {@code changed=0}; after a model change {@code --check}
 * names exactly the tasks the real run then changes; a restart runs once per change, from the pending directory.
 */
@RequiresTools({"ansible-playbook", "ansible-lint", "crudini"})
class AnsibleExporterTest {
  private static final Host LOCAL = Host.of("local1", "127.0.0.1");
  /**
   * Quotes, Jinja delimiters, a leading YAML anchor and alias, a comment sign, a line break, non-ASCII. Every line is
   * distinctive: the watcher reads every process on the machine, and a line like "two" is inside "network".
   */
  private static final List<String> HOSTILE = List.of("*alias", "&anchor {{ lookup('env','HOME') }}",
      "it's \"quoted\" #not-a-comment", "{% raw %}x{% endraw %} %s $HOME `id`",
      "one of two lines\nlines: here 2/2", "Grüße: - [a]");

  @Test
  void aRealRunConvergesChecksAndKeepsSecretsExact(@TempDir Path dir) throws Exception {
    Path export = dir.resolve("export");
    for (int variant = 0; variant < HOSTILE.size(); variant += 3) {
      Path sandbox = Files.createDirectories(dir.resolve("sandbox" + variant));
      List<String> secrets = HOSTILE.subList(variant, variant + 3);
      Plan plan = plan(sandbox, secrets, "first");
      AnsibleExporter exporter = AnsibleExporter.create().withGroup("control_nodes", List.of("local1"))
          .withPendingDirectory(sandbox.resolve("pending").toString());
      exporter.export(plan, export);
      assertThat(Files.getPosixFilePermissions(export.resolve("secrets.yml")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      for (String name : List.of("playbook.yml", "inventory.yml", "ansible.cfg")) {
        String text = Files.readString(export.resolve(name));
        secrets.forEach(secret -> assertThat(text).as(name).doesNotContain(secret.lines().findFirst().orElseThrow()));
      }

      Set<String> commandLines = CommandLineWatcher.watchWhile(() -> {
        AnsibleChecks.Run first = ansible(export, dir);
        assertThat(first.changed()).as(first.output()).isNotEmpty();
      });
      for (String secret : secrets) {
        for (String line : secret.lines().toList()) {
          assertThat(commandLines.stream().filter(c -> c.contains(line)))
              .as("command lines holding the secret line %s", line).isEmpty();
        }
      }
      // Byte for byte: the file's content, stdin fed to a command, an INI value merged through stdin.
      assertThat(Files.readString(sandbox.resolve("etc/app.conf"))).isEqualTo(content(secrets, "first"));
      assertThat(Files.getPosixFilePermissions(sandbox.resolve("etc/app.conf")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(sandbox.resolve("stdin.out"))).isEqualTo(secrets.get(1) + "\n");
      String iniValue = secrets.get(2).replace("\n", " ").strip();
      assertThat(RealTools.runOk("crudini", "--get", sandbox.resolve("app.ini").toString(), "auth", "password")
          .stdout()).isEqualTo(iniValue + "\n");
      assertThat(Files.readAllLines(sandbox.resolve("restarts.log"))).hasSize(1);

      AnsibleChecks.Run second = ansible(export, dir);
      assertThat(second.changed()).as("a second run changes nothing:\n" + second.output()).isEmpty();
      assertThat(Files.readAllLines(sandbox.resolve("restarts.log"))).as("no restart without a change")
          .hasSize(1);

      // A model change: --check names what would act, and the real run then changes exactly those tasks.
      exporter.export(plan(sandbox, secrets, "second"), export);
      AnsibleChecks.Run preview = ansible(export, dir, "--check");
      assertThat(Files.readString(sandbox.resolve("etc/app.conf"))).as("--check changed nothing")
          .isEqualTo(content(secrets, "first"));
      AnsibleChecks.Run applied = ansible(export, dir);
      assertThat(preview.changed()).as(preview.output()).containsExactly(
          "Step 1/5 app.conf: the application's configuration");
      // The restart follows the change: under --check it is not yet pending.
      assertThat(applied.changed()).containsExactly("Step 1/5 app.conf: the application's configuration",
          "Step 1/5 app.conf: the application's configuration: raise its notifications",
          "Step 5/5 app.restart: restart the application",
          "Step 5/5 app.restart: restart the application: clear app");
      assertThat(Files.readAllLines(sandbox.resolve("restarts.log"))).hasSize(2);
    }
  }

  @Test
  void theExportPassesSyntaxCheckAndLint(@TempDir Path dir) throws IOException {
    Path export = dir.resolve("export");
    AnsibleExporter.create().export(plan(dir.resolve("sandbox"), HOSTILE.subList(0, 3), "first"), export);
    AnsibleChecks.syntaxCheckAndLint(export);
  }

  @Test
  void secretsRoundTripThroughYaml() {
    Plan plan = plan(Path.of("/srv/sandbox"), HOSTILE.subList(0, 3), "first");
    ImmutableMap<String, String> files = AnsibleExporter.create().render(plan);
    Map<String, Object> secrets = new Yaml(new UnsafeTagLoader()).load(files.get("secrets.yml"));
    assertThat(secrets.values()).contains(content(HOSTILE.subList(0, 3), "first"));
    assertThat(files.get("secrets.yml")).contains("!unsafe");
    assertThat(files.get("playbook.yml")).contains("no_log: true", "stdin_add_newline: false")
        .doesNotContain("&anchor", "*alias");
    assertThat(AnsibleExporter.create().toString()).doesNotContain("alias");
  }

  /**
   * A restart found in place by its unless-check (its service not running) still answers its notification, as in
   * every engine: the check guards the action alone (the lab caught a playbook that left the notification pending).
   */
  @Test
  @SuppressWarnings("unchecked")
  void anUnlessCheckGuardsTheActionAloneNotTheClearing() {
    Step restart = Step.builder().id("svc.restart").target(Target.host(LOCAL)).description("restart svc")
        .artifact(Command.builder().addArgv("service", "svc", "restart").unless(Command.of("false")).build())
        .whenNotified("svc").build();
    String playbook = AnsibleExporter.create().render(Plan.builder().addSteps(restart).build()).get("playbook.yml");
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) ((List<Map<String, Object>>) new Yaml()
        .load(playbook)).get(0).get("tasks");
    Map<String, Object> action = tasks.stream().filter(t -> t.get("name").equals("Step 1/1 svc.restart: restart svc"))
        .findFirst().orElseThrow();
    Map<String, Object> clear = tasks.stream().filter(t -> t.get("name").toString().endsWith(": clear svc"))
        .findFirst().orElseThrow();
    assertThat((List<String>) action.get("when")).contains("ha_dsl_pending.stat.exists", "ha_dsl_check.rc != 0");
    assertThat((List<String>) clear.get("when")).contains("ha_dsl_pending.stat.exists")
        .doesNotContain("ha_dsl_check.rc != 0");
  }

  @Test
  void badGroupsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> AnsibleExporter.create().withGroup("control-nodes", List.of("local1")))
        .hasMessage("inventory group 'control-nodes' must be 1-64 letters, digits and '_', not starting with a digit,"
            + " and not 'all' or 'ungrouped'");
    assertThatThrownBy(() -> AnsibleExporter.create().withGroup("all", List.of("local1")))
        .hasMessageContaining("not 'all' or 'ungrouped'");
    assertThatThrownBy(() -> AnsibleExporter.create().withGroup("nodes", List.of("node[1:3]")))
        .hasMessage("inventory group 'nodes': 'node[1:3]' is not a host name");
    assertThatThrownBy(() -> AnsibleExporter.create().withGroup("nodes", List.of("a")).withGroup("nodes", List.of()))
        .hasMessage("inventory group 'nodes' is given twice");
    assertThatThrownBy(() -> AnsibleExporter.create().withGroup("nodes", List.of("stranger")).render(
        plan(Path.of("/srv"), HOSTILE.subList(0, 3), "x")))
        .hasMessage("inventory groups name hosts the plan does not have: [stranger] (plan hosts: [local1])");
    assertThatThrownBy(() -> AnsibleExporter.create().withPendingDirectory("pending"))
        .hasMessage("pending directory must be an absolute path of letters, digits and '/._@-', was 'pending'");
  }

  /**
   * Five steps in a sandbox: a file holding a secret that notifies {@code app}; a command fed a secret on stdin,
   * with an unless-check; a plain INI edit and one holding a secret (crudini); the restart waiting for {@code app}.
   */
  private static Plan plan(Path sandbox, List<String> secrets, String version) {
    Target local = Target.host(LOCAL);
    String stdinOut = sandbox.resolve("stdin.out").toString();
    String ini = sandbox.resolve("app.ini").toString();
    return Plan.builder()
        .addSteps(Step.builder().id("app.conf").target(local).description("the application's configuration")
            .artifact(ConfigFile.builder().path(sandbox.resolve("etc/app.conf").toString())
                .content(content(secrets, version)).mode(0600).addSecrets(Secret.of(secrets.get(0))).build())
            .addNotifies("app").build())
        .addSteps(Step.of("app.stdin", local, "a command reads a secret on stdin", Command.builder()
            .addArgv("sh", "-c", "umask 077; cat > \"$1\"", "sh", stdinOut)
            .stdinWithSecret(secrets.get(1) + "\n", Secret.of(secrets.get(1)))
            .unless(Command.of("test", "-s", stdinOut)).build()))
        .addSteps(Step.of("app.ini.create", local, "the INI file exists", Command.builder()
            .addArgv("sh", "-c", "umask 077; : > \"$1\"", "sh", ini).unless(Command.of("test", "-e", ini)).build()))
        .addSteps(Step.of("app.ini.password", local, "the INI file holds the password",
            IniEdit.setSecret(ini, "auth", "password", Secret.of(secrets.get(2).replace("\n", " ").strip()))))
        .addSteps(Step.builder().id("app.restart").target(local).description("restart the application")
            .artifact(Command.of("sh", "-c", "date >> \"$1\"", "sh", sandbox.resolve("restarts.log").toString()))
            .whenNotified("app").build())
        .build();
  }

  private static String content(List<String> secrets, String version) {
    return "# version " + version + "\nsecret = " + secrets.get(0) + "\n";
  }

  private static AnsibleChecks.Run ansible(Path export, Path dir, String... extra) {
    List<String> arguments = new ArrayList<>(List.of("-c", "local", "-e", "ansible_python_interpreter=/usr/bin/python3"));
    arguments.addAll(List.of(extra));
    return AnsibleChecks.playbook(List.of(), export, dir.resolve("ansible-tmp"), Duration.ofMinutes(5),
        arguments.toArray(String[]::new));
  }

  /** Reads {@code !unsafe} as a plain string, as Ansible's loader does. */
  private static final class UnsafeTagLoader extends SafeConstructor {
    UnsafeTagLoader() {
      super(new LoaderOptions());
      yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag("!unsafe"), new ConstructYamlStr());
    }
  }
}
