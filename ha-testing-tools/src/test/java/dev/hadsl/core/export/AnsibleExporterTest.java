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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
  /** Quotes, Jinja delimiters, a leading YAML anchor and alias, a comment sign, a line break, non-ASCII. */
  private static final List<String> HOSTILE = List.of("*alias", "&anchor {{ lookup('env','HOME') }}",
      "it's \"quoted\" #not-a-comment", "{% raw %}x{% endraw %} %s $HOME `id`", "two\nlines: here", "Grüße: - [a]");

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
        Run first = ansible(export, dir);
        assertThat(first.changed()).as(first.output).isNotEmpty();
      });
      for (String secret : secrets) {
        for (String line : secret.lines().toList()) {
          assertThat(commandLines).as("no secret on a command line").noneMatch(c -> c.contains(line));
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

      Run second = ansible(export, dir);
      assertThat(second.changed()).as("a second run changes nothing:\n" + second.output).isEmpty();
      assertThat(Files.readAllLines(sandbox.resolve("restarts.log"))).as("no restart without a change")
          .hasSize(1);

      // A model change: --check names what would act, and the real run then changes exactly those tasks.
      exporter.export(plan(sandbox, secrets, "second"), export);
      Run preview = ansible(export, dir, "--check");
      assertThat(Files.readString(sandbox.resolve("etc/app.conf"))).as("--check changed nothing")
          .isEqualTo(content(secrets, "first"));
      Run applied = ansible(export, dir);
      assertThat(preview.changed()).as(preview.output).containsExactly(
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

  /** One ansible-playbook run: its output and the names of the tasks that reported a change. */
  private record Run(String output, List<String> changed) {}

  private static Run ansible(Path export, Path dir, String... extra) {
    try {
      List<String> argv = new ArrayList<>(List.of(RealTools.require("ansible-playbook"), "-c", "local",
          "playbook.yml"));
      argv.addAll(List.of(extra));
      ProcessBuilder builder = new ProcessBuilder(argv).directory(export.toFile()).redirectErrorStream(true);
      builder.environment().put("ANSIBLE_STDOUT_CALLBACK", "json");
      builder.environment().put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(dir.resolve("ansible-tmp")).toString());
      builder.environment().put("ANSIBLE_REMOTE_TEMP", dir.resolve("ansible-tmp").toString());
      builder.environment().put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("ansible-playbook did not finish within 5 minutes");
      }
      assertThat(process.exitValue()).as(output).isZero();
      return new Run(output, changedTasks(output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> changedTasks(String json) {
    Map<String, Object> result = new Yaml().load(json.substring(json.indexOf('{')));
    List<String> changed = new ArrayList<>();
    for (Object play : (List<Object>) result.get("plays")) {
      for (Object task : (List<Object>) ((Map<String, Object>) play).get("tasks")) {
        Map<String, Object> taskMap = (Map<String, Object>) task;
        Map<String, Object> hosts = (Map<String, Object>) taskMap.get("hosts");
        boolean anyChanged = hosts.values().stream()
            .anyMatch(host -> Boolean.TRUE.equals(((Map<String, Object>) host).get("changed")));
        if (anyChanged) {
          changed.add((String) ((Map<String, Object>) taskMap.get("task")).get("name"));
        }
      }
    }
    return changed;
  }

  /** Reads {@code !unsafe} as a plain string, as Ansible's loader does. */
  private static final class UnsafeTagLoader extends SafeConstructor {
    UnsafeTagLoader() {
      super(new LoaderOptions());
      yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag("!unsafe"), new ConstructYamlStr());
    }
  }
}
