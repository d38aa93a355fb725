package dev.hadsl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.testing.tools.RealTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IniDocumentTest {
  private static String sample() throws IOException {
    try (InputStream in = IniDocumentTest.class.getResourceAsStream("/ini/nova.conf.sample")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The edits a control plane makes to nova.conf, then a seeded mix of every kind of edit. */
  private static List<IniEdit> edits(String file) {
    List<IniEdit> edits = new ArrayList<>(List.of(
        IniEdit.set(file, "database", "connection", "mysql://nova:pw@192.168.122.200/nova"),
        IniEdit.set(file, "keystone_authtoken", "auth_host", "192.168.122.200"),
        IniEdit.set(file, "keystone_authtoken", "auth_uri", "http://192.168.122.200:5000/v2.0"),
        IniEdit.set(file, "DEFAULT", "glance_api_servers", "192.168.122.200:9292"),
        IniEdit.set(file, "DEFAULT", "neutron_url", "http://192.168.122.200:9696"),
        IniEdit.set(file, "DEFAULT", "novncproxy_base_url", "http://192.168.122.200:6080/vnc_auto.html"),
        IniEdit.set(file, "DEFAULT", "qpid_hosts", "192.168.122.111:5672,192.168.122.112:5672"),
        IniEdit.delete(file, "DEFAULT", "qpid_hostname"),
        IniEdit.delete(file, "DEFAULT", "qpid_port"),
        IniEdit.set(file, "DEFAULT", "osapi_compute_listen", "192.168.122.101"),
        IniEdit.set(file, "DEFAULT", "Verbose", "False"),
        IniEdit.set(file, "brand_new", "key", "value"),
        IniEdit.set(file, "brand_new", "second", "value;with semicolon"),
        IniEdit.set(file, "", "global_key", "1"),
        IniEdit.set(file, "", "global_key", "2"),
        IniEdit.delete(file, "no_such_section", "key"),
        IniEdit.set(file, "ssl", "ca_file", "")));
    Random random = new Random(42);
    String[] sections = {"DEFAULT", "database", "keystone_authtoken", "libvirt", "ssl", "vmware", "extra", ""};
    String[] keys = {"verbose", "debug", "connection", "auth_host", "virt_type", "new_key", "other", "admin_user"};
    for (int i = 0; i < 40; i++) {
      String section = sections[random.nextInt(sections.length)];
      String key = keys[random.nextInt(keys.length)];
      edits.add(random.nextInt(4) == 0 ? IniEdit.delete(file, section, key)
          : IniEdit.set(file, section, key, "v" + i + (random.nextBoolean() ? " x" : "")));
    }
    return edits;
  }

  @Test
  void editsGiveByteIdenticalResultsToCrudiniOnARealSizeSample(@TempDir Path dir) throws Exception {
    RealTools.require("crudini");
    Path file = Files.writeString(dir.resolve("nova.conf"), sample());
    IniDocument document = IniDocument.parse(sample());
    for (IniEdit edit : edits(file.toString())) {
      var result = RealTools.run(edit.toCommand().argv().toArray(String[]::new));
      if (result.exitCode() != 0) {
        // crudini 0.9 crashes (KeyError, file untouched) deleting a key a section only inherits from [DEFAULT];
        // IniDocument leaves the file alone too, so the comparison below still holds.
        assertThat(edit.value()).as("only deletes may hit crudini's KeyError: %s", result.stderr()).isEmpty();
        assertThat(result.stderr()).contains("KeyError");
      }
      document.apply(edit);
      String expected = Files.readString(file);
      if (!document.render().equals(expected)) {
        Path ours = Files.writeString(dir.resolve("ini-document.conf"), document.render());
        org.assertj.core.api.Assertions.fail("after %s, crudini (-) and IniDocument (+) differ:%n%s", edit,
            RealTools.run("diff", "-u", file.toString(), ours.toString()).stdout());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "new section after one blank line|[a]\\nk=1\\n|b|x|1",
    "no trailing newline|[a]\\nk=1|b|x|1",
    "empty file|''|b|x|1",
    "DEFAULT goes first|# top\\n\\n[a]\\nk=1\\n|DEFAULT|j|2",
    "global key at the top|# top\\n[a]\\nk=1\\n|''|j|2",
    "after last key, before comments|[a]\\nk=1\\n# c\\n\\n[b]\\n|a|j|2",
    "right after header when no keys|[a]\\n# only comment\\n\\n[b]\\nz=1\\n|a|x|1",
    "spacing and ; comment kept|[a]\\ndebug   =   False ;note\\n|a|debug|True",
    "# comment dropped|[a]\\nk = 1 #c\\n|a|k|3",
    "keys match case-insensitively|[a]\\nK=1\\n|a|k|3",
    "last duplicate wins|[a]\\nk=1\\nk=2\\n|a|k|3",
    "last occurrence of a section|[a]\\nk=1\\n[a]\\nj=1\\n|a|m|3",
    "section names are exact|[ a ]\\nk=1\\n|a|k|3",
  })
  void matchesCrudiniOnEdgeCases(String name, String text, String section, String key, String value,
      @TempDir Path dir) throws Exception {
    RealTools.require("crudini");
    String content = text.equals("''") ? "" : text.replace("\\n", "\n");
    String realSection = section.equals("''") ? "" : section;
    Path file = Files.writeString(dir.resolve("c.conf"), content);
    RealTools.runOk("crudini", "--set", file.toString(), realSection, key, value);
    assertThat(IniDocument.parse(content).set(realSection, key, value).render()).isEqualTo(Files.readString(file));
  }

  @Test
  void getsValuesWithoutTheirComment() throws IOException {
    IniDocument document = IniDocument.parse(sample());
    assertThat(document.get("DEFAULT", "verbose")).isPresent();
    assertThat(document.get("database", "connection")).contains("mysql://nova:oldpw@192.168.122.101/nova");
    assertThat(document.get("database", "missing")).isEmpty();
    assertThat(IniDocument.parse("[a]\nk = v ; note\n").get("a", "k")).contains("v");
  }

  @Test
  void deletesEveryOccurrence() {
    assertThat(IniDocument.parse("[a]\nk=1\nk=2\nj=3\n").delete("a", "k").render()).isEqualTo("[a]\nj=3\n");
  }

  @Test
  void refusesLinesCrudiniCannotParse() {
    assertThatThrownBy(() -> IniDocument.parse("[a]\n  k = 1\n")).hasMessage("INI line 2 'k = 1' is not a section,"
        + " a key, a comment or blank (indented continuation lines are not supported)");
  }
}
