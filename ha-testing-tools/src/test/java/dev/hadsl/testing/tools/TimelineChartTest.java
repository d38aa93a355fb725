package dev.hadsl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.testing.tools.TimelineChart.Mark;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

class TimelineChartTest {
  @Test
  void drawsEachMarkAtItsSecondAndSaysWhichTheLogsDidNotShow() {
    String svg = TimelineChart.render("crash <of> node1 & co", List.of(Mark.at("membership lost", 2.9),
        Mark.at("fenced", 3.2), new Mark("first API answer", Optional.empty())));
    assertThat(svg).isEqualTo("""
        <svg xmlns="http://www.w3.org/2000/svg" width="760" height="176" viewBox="0 0 760 176" font-family="Helvetica, Arial, sans-serif" font-size="12">
          <rect width="100%" height="100%" fill="white"/>
          <text x="40" y="22" font-size="14" font-weight="bold">crash &lt;of&gt; node1 &amp; co</text>
          <line x1="40" y1="70" x2="720" y2="70" stroke="#444"/>
          <line x1="40" y1="66" x2="40" y2="74" stroke="#444"/>
          <text x="40" y="60" text-anchor="middle" fill="#444">0 s</text>
          <line x1="210" y1="66" x2="210" y2="74" stroke="#444"/>
          <text x="210" y="60" text-anchor="middle" fill="#444">1 s</text>
          <line x1="380" y1="66" x2="380" y2="74" stroke="#444"/>
          <text x="380" y="60" text-anchor="middle" fill="#444">2 s</text>
          <line x1="550" y1="66" x2="550" y2="74" stroke="#444"/>
          <text x="550" y="60" text-anchor="middle" fill="#444">3 s</text>
          <line x1="720" y1="66" x2="720" y2="74" stroke="#444"/>
          <text x="720" y="60" text-anchor="middle" fill="#444">4 s</text>
          <line x1="533" y1="70" x2="533" y2="96" stroke="#c0392b" stroke-dasharray="3,3"/>
          <circle cx="533" cy="70" r="4" fill="#c0392b"/>
          <text x="527" y="100" text-anchor="end">membership lost 2.9 s</text>
          <line x1="584" y1="70" x2="584" y2="118" stroke="#c0392b" stroke-dasharray="3,3"/>
          <circle cx="584" cy="70" r="4" fill="#c0392b"/>
          <text x="578" y="122" text-anchor="end">fenced 3.2 s</text>
          <text x="40" y="144" fill="#888">first API answer: not in the logs</text>
        </svg>
        """);
  }

  @Test
  void isWellFormedXmlWithTheTextAsGiven() throws Exception {
    String svg = TimelineChart.render("a\"b'<c>&d", List.of(Mark.at("x & <y>", 0.5)));
    NodeList texts = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getElementsByTagName("text");
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < texts.getLength(); i++) {
      shown.add(texts.item(i).getTextContent());
    }
    assertThat(shown).contains("a\"b'<c>&d", "x & <y> 0.5 s");
  }
}
