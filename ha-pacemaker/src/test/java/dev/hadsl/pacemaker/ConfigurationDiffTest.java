package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration diff (which feeds the drift refusal) reads ids from the XML structure and compares scores as
 * Pacemaker reads them. Every CIB here is first accepted by the real {@code crm_verify}: the cases are ones a live
 * cluster can hold, not strings only this class parses.
 */
@RequiresTools("crm_verify")
class ConfigurationDiffTest {
  private static String cib(String resources, String constraints) {
    return "<cib crm_feature_set=\"3.0.14\" validate-with=\"pacemaker-3.0\" epoch=\"1\" num_updates=\"0\""
        + " admin_epoch=\"0\"><configuration><crm_config><cluster_property_set id=\"options\">"
        + "<nvpair id=\"options-stonith\" name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>"
        + "</crm_config><nodes/><resources>" + resources + "</resources><constraints>" + constraints
        + "</constraints></configuration><status/></cib>";
  }

  private static String dummy(String id, String description) {
    return "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\""
        + (description == null ? "" : " description=\"" + description + "\"") + "/>";
  }

  private static String colocation(String score) {
    return "<rsc_colocation id=\"web-with-db\" rsc=\"web\" with-rsc=\"db\" score=\"" + score + "\"/>";
  }

  @Test
  void idsComeFromTheElementNotFromTextThatLooksLikeOne(@TempDir Path dir) {
    List<String> descriptions = List.of("id=b", "x, id=b}", "id=b, id=c", "[b]", "a id=b", "}id=b{");
    for (String description : descriptions) {
      String from = cib(dummy("a", null), "");
      String to = cib(dummy("a", description), "");
      Crm.assertValid(dir, "described.xml", to);

      ConfigurationDiff diff = ConfigurationDiff.between(from, to);

      assertThat(diff.changes()).as("description %s", description).extracting(ConfigurationDiff.Change::summary)
          .containsExactly("~ resource a");
      assertThat(ConfigurationDiff.between(to, cib("", "")).ids()).as("removing it, described %s", description)
          .containsExactly("a");
    }
  }

  @Test
  void scoresCompareAsPacemakerReadsThem(@TempDir Path dir) {
    String resources = dummy("web", null) + dummy("db", null);
    List<List<String>> same = List.of(List.of("100", "+100"), List.of("INFINITY", "+INFINITY"),
        List.of("INFINITY", "1000000"), List.of("INFINITY", "5000000"), List.of("-INFINITY", "-1000001"),
        List.of("7", "007"), List.of("0", "-0"));
    for (List<String> pair : same) {
      String from = cib(resources, colocation(pair.get(0)));
      String to = cib(resources, colocation(pair.get(1)));
      Crm.assertValid(dir, "from.xml", from);
      Crm.assertValid(dir, "to.xml", to);

      assertThat(ConfigurationDiff.between(from, to).isEmpty()).as("score %s vs %s", pair.get(0), pair.get(1))
          .isTrue();
    }
    for (List<String> pair : List.of(List.of("100", "-100"), List.of("100", "101"), List.of("INFINITY", "-INFINITY"),
        List.of("999999", "INFINITY"))) {
      assertThat(ConfigurationDiff.between(cib(resources, colocation(pair.get(0))),
          cib(resources, colocation(pair.get(1)))).ids()).as("score %s vs %s", pair.get(0), pair.get(1))
          .containsExactly("web-with-db");
    }
  }

  @Test
  void aDocumentThatIsNoCibIsRefusedInOnePlainSentence() {
    String valid = cib(dummy("a", null), "");
    for (List<String> bad : List.of(List.of("<cib/>", "not a CIB: <cib> has no <configuration> element"),
        List.of("<cib><status/></cib>", "not a CIB: <cib> has no <configuration> element"),
        List.of("<cib><x><configuration/></x></cib>", "not a CIB: <cib> has no <configuration> element"),
        List.of("<resources/>", "not a CIB: the document element is <resources>, not <cib>"),
        List.of("", "not a CIB: "), List.of("<cib>", "not a CIB: "))) {
      assertThatThrownBy(() -> ConfigurationDiff.between(valid, bad.get(0))).as(bad.get(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(bad.get(1))
          .hasMessageNotContaining("null").hasMessageNotContaining("Exception");
    }
  }
}
