package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.diagram.Graphviz;
import dev.hadsl.core.exec.Executor;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.openstack.ControlPlane;
import dev.hadsl.openstack.ControlPlaneDiagramRenderer;
import dev.hadsl.openstack.Platform;
import dev.hadsl.openstack.Report;
import dev.hadsl.openstack.ReportRenderer;
import dev.hadsl.openstack.Verdict;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.pacemaker.Resource;
import dev.hadsl.testing.tools.RequiresTools;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The pictures: the diagram of every form of the runbook's plane through dot, and the report page in a browser. */
class ReportTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  /** Every platform, both Qpid forms where the platform has them, both HAProxy placements. */
  static Stream<Arguments> planes() {
    return Stream.of(Arguments.of(Platform.RHEL_6_5, false, false), Arguments.of(Platform.RHEL_6_5, false, true),
        Arguments.of(Platform.RHEL_6_5, true, false), Arguments.of(Platform.RHEL_6_5, true, true),
        Arguments.of(Platform.EL9, true, false), Arguments.of(Platform.EL9, true, true));
  }

  private static ControlPlane plane(Platform platform, boolean qpidInGroup, boolean haproxyClone) {
    return RunbookExample.controlPlane(new RunbookExample.Options(Path.of("unused"), qpidInGroup, platform, false,
        haproxyClone, Optional.empty()));
  }

  @ParameterizedTest(name = "{0}, Qpid in the group: {1}, HAProxy cloned: {2}")
  @MethodSource("planes")
  @RequiresTools("dot")
  void dotDrawsEveryFormOfThePlaneNamingEveryHostAndResource(Platform platform, boolean qpidInGroup,
      boolean haproxyClone) throws Exception {
    ControlPlane plane = plane(platform, qpidInGroup, haproxyClone);
    String svg = Graphviz.using(Executors.local(), LOCAL).svg(ControlPlaneDiagramRenderer.render(plane));
    Document document = xml(svg);
    assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
    Set<String> texts = texts(document, "text");
    for (Host host : plane.allHosts()) {
      assertThat(texts).as("the diagram names host %s", host.name()).contains(host.name());
    }
    for (Resource resource : plane.cluster().allResources()) {
      for (Primitive primitive : resource.primitives()) {
        assertThat(texts).as("the diagram names resource %s", primitive.id())
            .anyMatch(text -> text.equals(primitive.id()) || text.endsWith(". " + primitive.id()));
      }
    }
    for (var proxy : plane.haproxy().proxies()) {
      assertThat(texts).anyMatch(text -> text.endsWith(" " + proxy.name()));
    }
  }

  /** The README's picture is the example's own diagram: regenerate docs/ when this fails. */
  @Test
  @RequiresTools("dot")
  void theReadmesDiagramIsTheDefaultPlanesDiagram() throws Exception {
    String dot = ControlPlaneDiagramRenderer.render(RunbookExample.controlPlane(RunbookExample.Options.defaults(
        Path.of("unused"))));
    Path docs = Path.of("..", "docs");
    assertThat(Files.readString(docs.resolve("control-plane.dot"))).as("docs/control-plane.dot is stale: run the"
        + " example (java -jar ha-examples/target/ha-examples.jar) and copy ha-output/diagram.dot and diagram.svg to"
        + " docs/control-plane.dot and .svg").isEqualTo(dot);
    Set<String> committed = texts(xml(Files.readString(docs.resolve("control-plane.svg"))), "text");
    Set<String> fresh = texts(xml(Graphviz.using(Executors.local(), LOCAL).svg(dot)), "text");
    assertThat(committed).as("docs/control-plane.svg shows what dot draws of docs/control-plane.dot")
        .isEqualTo(fresh);
  }

  /** The example's page in a real browser: it renders, the diagram is there, the console stays quiet. */
  @Test
  @RequiresTools({"dot", "crm_simulate", "chromium"})
  void theReportOpensInHeadlessChromium(@TempDir Path out) throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int exit = RunbookExample.run(new String[] {"--out", out.toString()}, new PrintStream(said, true,
        StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
    assertThat(exit).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    Path page = out.resolve("report.html");
    String html = Files.readString(page);
    Document document = xml(html);
    assertThat(document.getElementsByTagName("svg").getLength()).isEqualTo(1);
    assertThat(html).contains("<table id=\"failover-table\">", "<table id=\"verdicts\">");
    // One static file: nothing the browser would fetch or run.
    NodeList elements = document.getElementsByTagName("*");
    for (int i = 0; i < elements.getLength(); i++) {
      Element element = (Element) elements.item(i);
      assertThat(element.getTagName()).isNotIn("script", "link", "img", "iframe", "object", "embed");
      for (String reference : List.of("src", "href", "xlink:href")) {
        assertThat(element.getAttribute(reference)).as("%s's %s", element.getTagName(), reference)
            .satisfiesAnyOf(value -> assertThat(value).isEmpty(), value -> assertThat(value).startsWith("#"));
      }
    }
    assertThat(document.getElementsByTagName("details").getLength()).isEqualTo(7);
    // Every checker that ran here passed on the example's output.
    assertThat(html).doesNotContain("class=\"FAILED\"").contains("class=\"PASSED\"");

    Path target = Path.of("target", "report");
    Files.createDirectories(target);
    Path screenshot = target.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    Chromium shot = chromium(out, "--screenshot=" + screenshot, "--window-size=1400,2400",
        page.toUri().toString());
    assertThat(Files.exists(screenshot)).as("chromium wrote the screenshot: " + shot.stderr()).isTrue();
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        inked += rgb == 0xffffff ? 0 : 1;
      }
    }
    assertThat(colours).as("a rendered page, not a blank one").hasSizeGreaterThan(20);
    assertThat(inked).as("pixels that are not white").isGreaterThan(2000);
    // The DOM after rendering holds the diagram as SVG, with its nodes; the console printed no error.
    Chromium dom = chromium(out, "--dump-dom", page.toUri().toString());
    assertThat(dom.stdout()).contains("<svg", "node1", "failover-table");
    assertThat(dom.stderr().lines().filter(line -> line.contains("CONSOLE")).toList())
        .as("console messages").isEmpty();
  }

  /** A missing dot: the example says what to install and leaves no report, not even an earlier one. */
  @Test
  void withoutDotTheExampleWritesNoReportAndNamesTheInstallScript(@TempDir Path out) throws Exception {
    ControlPlane plane = RunbookExample.controlPlane(RunbookExample.Options.defaults(out));
    RunbookExample.render(plane, out);
    Files.writeString(out.resolve("report.html"), "an earlier page");
    Executor noDot = (host, artifact) -> Executors.local().execute(host, withoutDot(artifact));
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    boolean written = RunbookExample.writeReport(plane, out, noDot, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(errors, true, StandardCharsets.UTF_8));
    assertThat(written).isFalse();
    assertThat(errors.toString(StandardCharsets.UTF_8)).contains("report.html not written", "dot",
        "scripts/install-tools.sh");
    assertThat(out.resolve("report.html")).doesNotExist();
    assertThat(out.resolve("diagram.svg")).doesNotExist();
    assertThat(out.resolve("diagram.dot")).exists();
  }

  /**
   * Hostile text in what the page shows (a BMC user with markup, secrets that close tags, a checker that prints a
   * script): the page stays well-formed, shows the text as text, and never a secret.
   */
  @Test
  @RequiresTools({"dot", "crm_simulate"})
  void hostileTextIsEscapedAndSecretsStayMasked(@TempDir Path work) throws Exception {
    Secret ipmi = Secret.of("</pre><script>alert('ipmi')</script>");
    ControlPlane base = RunbookExample.controlPlane(RunbookExample.Options.defaults(Path.of("unused")));
    List<Primitive> fencing = new ArrayList<>();
    for (Host node : base.controlNodes()) {
      fencing.add(Primitive.fenceIpmilan("fence-" + node.name(), node.name(), "10.0.9." + (fencing.size() + 1),
          "<b>&amp;\"x'", ipmi));
    }
    Secret database = Secret.of("db'</pre><script>x</script>&amp;");
    java.util.Map<String, Secret> passwords = new java.util.LinkedHashMap<>(base.databasePasswords());
    passwords.put("keystone", database);
    ControlPlane plane = ControlPlane.builder().from(base).fencingDevices(fencing).databasePasswords(passwords)
        .build();
    Verdict hostile = new Verdict("a <b> & c", "sh -n \"x\"", Verdict.Outcome.FAILED,
        "</td></tr></table><script>alert(1)</script> &amp;");
    String html = ReportRenderer.render(Report.gather(plane, Executors.local(), LOCAL, work, List.of(hostile)));
    Document document = xml(html);
    assertThat(html).doesNotContain("<script", "<b>&amp;", ipmi.reveal(), database.reveal(), "db'");
    Set<String> cells = texts(document, "td");
    assertThat(cells).contains("a <b> & c", "</td></tr></table><script>alert(1)</script> &amp;");
    assertThat(texts(document, "code")).contains("sh -n \"x\"");
    assertThat(String.join("\n", texts(document, "pre"))).contains("mysql://keystone:******@192.168.122.200/keystone")
        .doesNotContain(ipmi.reveal(), database.reveal());
  }

  private static Artifact withoutDot(Artifact artifact) {
    if (artifact instanceof Command command && command.argv().get(0).equals("dot")) {
      List<String> argv = new ArrayList<>(command.argv());
      argv.set(0, "/nonexistent/graphviz/dot");
      return Command.builder().from(command).argv(argv).build();
    }
    return artifact;
  }

  private record Chromium(String stdout, String stderr) {}

  /** Headless Chromium, bounded in time, with its profile in the test's directory; stopped by its pid. */
  private static Chromium chromium(Path dir, String... arguments) throws Exception {
    List<String> argv = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--no-first-run", "--enable-logging=stderr", "--v=0",
        "--user-data-dir=" + dir.resolve("chromium-profile")));
    argv.addAll(List.of(arguments));
    Path stdout = dir.resolve("chromium.out");
    Path stderr = dir.resolve("chromium.err");
    Process process = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(stderr));
    }
    return new Chromium(Files.readString(stdout), Files.readString(stderr));
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setExpandEntityReferences(false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static Set<String> texts(Document document, String tag) {
    NodeList nodes = document.getElementsByTagName(tag);
    Set<String> texts = new java.util.LinkedHashSet<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(((Element) nodes.item(i)).getTextContent());
    }
    return texts;
  }
}
