package dev.hadsl.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile keys, values and sections for an INI edit: each is refused when the edit is built, or crudini — run as the
 * plan runs it — writes it and reads back exactly the value, and a second run leaves the file byte for byte as it
 * was (no copy appended).
 */
@RequiresTools("crudini")
class IniEditHostileTest {
  private static final List<String> TEXTS = List.of("", " ", "x ", " x", "a b", "a:b", "a=b", "#key", ";key", "[s]",
      "a]b", "$HOME", "`id`", "'", "\"", "\\", "%(x)s", "a\tb", "new\nline", "ä", "١٢٣", "x".repeat(300), "ok");

  @Test
  void everyEditIsRefusedOrReadBackExactlyAndConverges(@TempDir Path dir) throws Exception {
    List<String> problems = new ArrayList<>();
    int refused = 0;
    int roundTripped = 0;
    int number = 0;
    for (String section : List.of("DEFAULT", "a b", "s:1")) {
      for (String key : TEXTS) {
        for (String value : List.of("$HOME", "%(x)s", "a ; #b", "x = y: z")) {
          IniEdit edit;
          Path file = dir.resolve("f" + ++number + ".conf");
          try {
            edit = IniEdit.set(file.toString(), section, key, value);
          } catch (IllegalArgumentException e) {
            refused++;
            continue;
          }
          Files.writeString(file, "[DEFAULT]\n");
          RealTools.runOk(edit.toCommand().argv().toArray(String[]::new));
          String once = Files.readString(file);
          RealTools.runOk(edit.toCommand().argv().toArray(String[]::new));
          ExecResult read = RealTools.run("crudini", "--get", file.toString(), section, key);
          String shown = "[" + section + "] '" + key + "' = '" + value + "'";
          if (!read.succeeded() || !read.stdout().equals(value + "\n")) {
            problems.add(shown + ": crudini reads back " + (read.succeeded() ? "'" + read.stdout().strip() + "'"
                : "nothing (" + read.stderr().strip() + ")"));
          } else if (!Files.readString(file).equals(once)) {
            problems.add(shown + ": a second run changed the file");
          } else {
            roundTripped++;
          }
        }
      }
    }
    System.out.println("INI edits: " + number + " hostile section/key/value combinations, " + refused
        + " refused at build, " + roundTripped + " written and read back exactly by crudini");
    assertThat(problems).isEmpty();
    assertThat(roundTripped).isPositive();
  }
}
