package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a published POM says about the project: a license and the source repository (url and scm), from one property
 * shared by the parent POM and the BOM, and a publish profile that refuses to deploy while that property does not
 * name an https repository. Judged by Maven itself: the enforcer run and the effective POM of a library module.
 */
@RequiresTools("mvn")
class ProjectMetadataTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String EXAMPLE_REPOSITORY = "https://git.example.org/ha-dsl.git";

  @Test
  void parentAndBomNameTheSameRepositoryAndLicense() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    Element bom = pom(ROOT.resolve("ha-bom/pom.xml"));
    for (Element project : List.of(parent, bom)) {
      assertThat(text(project, "licenses/license/name")).isEqualTo("Apache-2.0");
      assertThat(text(project, "url")).isEqualTo("${hadsl.repository}");
      assertThat(text(project, "scm/connection")).isEqualTo("scm:git:${hadsl.repository}");
      assertThat(text(project, "scm/developerConnection")).isEqualTo("scm:git:${hadsl.repository}");
      assertThat(text(project, "scm/url")).isEqualTo("${hadsl.repository}");
    }
    assertThat(text(bom, "properties/hadsl.repository"))
        .as("ha-bom has no parent, so it repeats the repository; the two must agree")
        .isEqualTo(text(parent, "properties/hadsl.repository"));
    List<String> overriding = new ArrayList<>();
    for (String module : text(parent, "modules").trim().split("\\s+")) {
      Element child = pom(ROOT.resolve(module).resolve("pom.xml"));
      if (!module.equals("ha-bom") && (child.getElementsByTagName("scm").getLength() > 0
          || !text(child, "url").isEmpty())) {
        overriding.add(module);
      }
    }
    assertThat(overriding).as("modules with their own url or scm instead of the parent's").isEmpty();
  }

  @Test
  void publishingRefusesAMissingOrNonHttpsRepository() {
    for (String value : List.of("", "ftp://git.example.org/ha-dsl.git", "git.example.org/ha-dsl")) {
      ExecResult result = maven("-Ppublish", "-Dhadsl.repository=" + value, "validate");
      assertThat(result.exitCode()).as("mvn -Ppublish validate with hadsl.repository='%s'", value).isNotZero();
      assertThat(result.stdout()).contains("hadsl.repository must be the https:// address of the project's public"
          + " Git repository").contains("was '" + value + "'");
    }
    ExecResult accepted = maven("-Ppublish", "-Dhadsl.repository=" + EXAMPLE_REPOSITORY, "validate");
    assertThat(accepted.exitCode()).as("publish profile with an https repository:%n%s", accepted.stdout()).isZero();
  }

  @Test
  void libraryModulesInheritTheRepositoryUnchanged() throws Exception {
    Path effective = Files.createTempFile("effective-pom", ".xml");
    try {
      ExecResult result = maven("-f", ROOT.resolve("ha-core/pom.xml").toString(),
          "-Dhadsl.repository=" + EXAMPLE_REPOSITORY, "-Doutput=" + effective,
          "org.apache.maven.plugins:maven-help-plugin:3.5.2:effective-pom");
      assertThat(result.exitCode()).as("effective POM of ha-core:%n%s", result.stdout()).isZero();
      Element core = pom(effective);
      assertThat(text(core, "url")).as("no '/ha-core' appended: one repository").isEqualTo(EXAMPLE_REPOSITORY);
      assertThat(text(core, "scm/connection")).isEqualTo("scm:git:" + EXAMPLE_REPOSITORY);
      assertThat(text(core, "scm/developerConnection")).isEqualTo("scm:git:" + EXAMPLE_REPOSITORY);
      assertThat(text(core, "scm/url")).isEqualTo(EXAMPLE_REPOSITORY);
      assertThat(text(core, "licenses/license/name")).isEqualTo("Apache-2.0");
    } finally {
      Files.deleteIfExists(effective);
    }
  }

  /** Runs Maven non-recursively on the parent POM (unless {@code -f} says otherwise), batch mode, no colours. */
  private static ExecResult maven(String... arguments) {
    List<String> argv = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-N", "-Dstyle.color=never"));
    if (!List.of(arguments).contains("-f")) {
      argv.addAll(List.of("-f", ROOT.resolve("pom.xml").toString()));
    }
    String localRepository = System.getProperty("maven.repo.local");
    if (localRepository != null) {
      argv.add("-Dmaven.repo.local=" + localRepository);
    }
    argv.addAll(List.of(arguments));
    return RealTools.run(Duration.ofMinutes(3), argv.toArray(String[]::new));
  }

  private static Element pom(Path file) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    return document.getDocumentElement();
  }

  /** The text of the element at a slash-separated path of direct children, or "" when there is none. */
  private static String text(Element project, String path) {
    Element current = project;
    for (String name : path.split("/")) {
      Element next = null;
      for (var node = current.getFirstChild(); node != null; node = node.getNextSibling()) {
        if (node instanceof Element element && element.getTagName().equals(name)) {
          next = element;
          break;
        }
      }
      if (next == null) {
        return "";
      }
      current = next;
    }
    return current.getTextContent();
  }
}
