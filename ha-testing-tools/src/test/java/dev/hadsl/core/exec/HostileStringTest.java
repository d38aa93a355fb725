package dev.hadsl.core.exec;

import dev.hadsl.core.export.ScriptExporter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.ShellQuote;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.RealTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds hostile strings through every path that turns user text into shell text (argument quoting, exported scripts
 * with commands, files and INI edits, the script the SSH executor sends) and runs the result with the real {@code sh}:
 * every string must come out exactly as it went in, and nothing may execute.
 */
class HostileStringTest {
  private static final List<String> HOSTILE = List.of(
      "$(touch PWNED)", "`touch PWNED`", "'; touch PWNED; '", "\"; touch PWNED; \"", "a;touch PWNED", "a && touch PWNED",
      "a | touch PWNED", "x\ntouch PWNED", "*", "?", "[a-z]*", "~", "~root", "$HOME", "${HOME}", "$((1+1))", "\\",
      "\\'", "'", "''", "\"", "-n", "--", "-e \\x41", "a=b", "!", "!!", "#comment", "{a,b}", "\t", " lead", "trail ",
      "ünïcödé ✓ 日本", "%s%n", "HA_DSL_EOF", "EOF", "\r", "> /dev/null", "<<EOF", "then", "fi", "done", "{", "}");
  private static final String ALPHABET = "$`'\"\\;&|<>(){}[]*?~!#=% \t\nabcAZ09-_./:é日";

  /** The fixed corpus plus seeded random strings over a hostile alphabet (same seed every run, so failures repeat). */
  static List<String> hostileStrings() {
    List<String> strings = new ArrayList<>(HOSTILE);
    Random random = new Random(20261124);
    for (int i = 0; i < 200; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = 1 + random.nextInt(24); n > 0; n--) {
        s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      strings.add(s.toString());
    }
    return strings;
  }

  @Test
  void quotedArgumentsReachTheProgramUnchanged(@TempDir Path dir) throws Exception {
    List<String> strings = hostileStrings();
    List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
    argv.addAll(strings);
    Path script = Files.writeString(dir.resolve("args.sh"), ShellQuote.join(argv) + "\n");

    var result = RealTools.run("sh", script.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout().split("\0", -1)).containsExactlyElementsOf(withEmptyTail(strings));
    assertThat(dir.resolve("PWNED")).doesNotExist();
    assertThat(Path.of("PWNED")).doesNotExist();
  }

  @Test
  void exportedScriptWritesFilesAndEditsExactlyAndExecutesNothing(@TempDir Path dir) throws Exception {
    RealTools.require("crudini");
    Host local = Host.of("local", "127.0.0.1");
    List<String> strings = hostileStrings().stream().filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0).toList();
    Path ini = dir.resolve("service.conf");
    Files.writeString(ini, "[DEFAULT]\n");
    Plan.Builder plan = Plan.builder();
    for (int i = 0; i < strings.size(); i++) {
      String hostile = strings.get(i);
      String content = "line with " + hostile + "\n" + hostile + "\n";
      Path file = dir.resolve("files").resolve("f" + i + " " + hostile.replace('/', '_').replace("\0", "").strip()
          .replaceAll("^\\.+$", "dots"));
      plan.addStep(Step.of("file-" + i, Target.host(local), "write " + hostile, ConfigFile.of(file.toString(), content)));
      plan.addStep(Step.of("echo-" + i, Target.host(local), "echo " + hostile,
          Command.of("sh", "-c", "printf '%s' \"$1\" > \"$2\"", "sh", hostile, dir.resolve("echo-" + i).toString())));
      if (!hostile.isBlank() && !hostile.contains("=") && !hostile.contains("[") && !hostile.contains("]")
          && hostile.strip().equals(hostile) && !hostile.matches("(?s).*\\s;.*")) {
        // (IniEdit refuses a ';' after whitespace: crudini's reader would cut the value there.)
        plan.addStep(Step.of("ini-" + i, Target.host(local), "ini " + hostile,
            IniEdit.set(ini.toString(), "DEFAULT", "key" + i, hostile)));
      }
    }
    Plan built = plan.build();
    Path script = Files.writeString(dir.resolve("apply.sh"), ScriptExporter.renderFor(built, local));

    RealTools.runOk("sh", "-n", script.toString());
    var result = RealTools.run("sh", "-c", "cd \"$1\" && sh ./apply.sh", "sh", dir.toString());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    for (int i = 0; i < strings.size(); i++) {
      Step fileStep = built.step("file-" + i);
      ConfigFile file = (ConfigFile) fileStep.artifact();
      assertThat(Files.readString(Path.of(file.path()), StandardCharsets.UTF_8)).isEqualTo(file.content());
      assertThat(Files.readString(dir.resolve("echo-" + i), StandardCharsets.UTF_8)).isEqualTo(strings.get(i));
    }
    // The file itself, not "crudini --get": its reader takes " ;" for an inline comment, the file is exact.
    List<String> iniLines = Files.readAllLines(ini, StandardCharsets.UTF_8);
    for (Step step : built.steps()) {
      if (step.artifact() instanceof IniEdit edit) {
        assertThat(iniLines).contains(edit.key() + " = " + edit.value().orElseThrow());
      }
    }
    assertThat(dir.resolve("PWNED")).doesNotExist();
  }

  @Test
  void sshExecutorSendsTheSameQuotedSnippet(@TempDir Path dir) throws Exception {
    // What the SSH executor feeds to the remote "sh -s", run here by a local sh reading standard input.
    for (String hostile : hostileStrings().subList(0, 60)) {
      Path out = dir.resolve("out");
      Command command = Command.of("sh", "-c", "printf '%s' \"$1\" > \"$2\"", "sh", hostile, out.toString());
      String snippet = "set -eu\n" + ShellSnippets.of(command);
      Path script = Files.writeString(dir.resolve("snippet.sh"), snippet);
      var result = RealTools.run("sh", "-c", "cd \"$1\" && sh -s < \"$2\"", "sh", dir.toString(), script.toString());
      assertThat(result.exitCode()).isZero();
      assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(hostile);
    }
    assertThat(dir.resolve("PWNED")).doesNotExist();
  }

  private static List<String> withEmptyTail(List<String> strings) {
    List<String> expected = new ArrayList<>(strings);
    expected.add(""); // printf ends every argument with \0, so the split has an empty last field
    return expected;
  }
}
