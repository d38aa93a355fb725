package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.TextWriter;
import dev.hadsl.core.diagram.Dot;
import dev.hadsl.core.diagram.Graphviz;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executor;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.testing.tools.RequiresTools;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The cluster diagram: exact DOT text for a small cluster, accepted by the real {@code dot}, and DOT quoting that
 * shows every hostile string exactly as given.
 */
class DiagramTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  static Cluster small() {
    Primitive vip = Primitive.ipAddr2("vip", FloatingIp.of("10.0.0.100/24"));
    Primitive web = Primitive.systemd("web", "httpd");
    return Cluster.builder().name("demo")
        .addNodes(Host.of("n1", "10.0.0.1/24"), Host.of("n2", "10.0.0.2/24"))
        .addResources(Group.of("front", vip, web))
        .addResources(Clone.of(Primitive.systemd("memcached", "memcached")))
        .addFencingDevices(Primitive.fenceIpmilan("fence-n1", "n1", "10.0.1.1", "admin", Secret.of("pw-one")),
            Primitive.fenceIpmilan("fence-n2", "n2", "10.0.1.2", "admin", Secret.of("pw-two")))
        .addConstraints(Colocation.of("front", "memcached-clone"), Order.of("memcached-clone", "front"),
            Location.prefers("front", "n1", 50))
        .build();
  }

  @Test
  void rendersNodesTheGroupInStartOrderClonesPerNodeFencingAndConstraints() {
    assertThat(ClusterDiagramRenderer.render(small())).isEqualTo("""
        digraph "cluster:demo" {
          graph [compound=true, rankdir=LR, fontname="Helvetica", fontsize=12, labelloc=t, label="Pacemaker cluster 'demo'"];
          node [fontname="Helvetica", fontsize=10, shape=box, style=rounded];
          edge [fontname="Helvetica", fontsize=9];
          subgraph "cluster_nodes" {
            label="nodes";
            "node:n1" [shape=box3d, style=solid, label="n1\\n10.0.0.1"];
            "node:n2" [shape=box3d, style=solid, label="n2\\n10.0.0.2"];
          }
          subgraph "cluster_resource:front" {
            label="group front (starts top to bottom)";
            "resource:vip" [label="1. vip\\nocf:heartbeat:IPaddr2\\n10.0.0.100/24"];
            "resource:web" [label="2. web\\nsystemd:httpd"];
            "resource:vip" -> "resource:web" [style=dotted, arrowhead=vee, label="then"];
          }
          subgraph "cluster_resource:memcached-clone" {
            label="clone memcached-clone (an instance on every node)";
            "instance:memcached-clone:n1:memcached" [label="memcached\\nsystemd:memcached\\non n1"];
            "instance:memcached-clone:n2:memcached" [label="memcached\\nsystemd:memcached\\non n2"];
          }
          "resource:fence-n1" [shape=octagon, style=solid, color=red, label="fence-n1\\nstonith:fence_ipmilan\\nBMC 10.0.1.1"];
          "resource:fence-n1" -> "node:n1" [color=red, label="fences"];
          "resource:fence-n2" [shape=octagon, style=solid, color=red, label="fence-n2\\nstonith:fence_ipmilan\\nBMC 10.0.1.2"];
          "resource:fence-n2" -> "node:n2" [color=red, label="fences"];
          "resource:vip" -> "instance:memcached-clone:n1:memcached" [color=blue, label="with memcached-clone (INFINITY)", ltail="cluster_resource:front", lhead="cluster_resource:memcached-clone"];
          "instance:memcached-clone:n1:memcached" -> "resource:vip" [color=darkgreen, label="start memcached-clone, then start front (Mandatory)", ltail="cluster_resource:memcached-clone", lhead="cluster_resource:front"];
          "resource:vip" -> "node:n1" [style=dashed, label="prefers (50)", ltail="cluster_resource:front"];
        }
        """);
  }

  @Test
  @RequiresTools("dot")
  void dotDrawsTheDiagramNamingEveryNodeAndResource() throws Exception {
    Cluster cluster = small();
    Document svg = parse(Graphviz.using(Executors.local(), LOCAL).svg(ClusterDiagramRenderer.render(cluster)));
    List<String> texts = texts(svg);
    for (Host node : cluster.nodes()) {
      assertThat(texts).contains(node.name());
    }
    for (Resource resource : cluster.allResources()) {
      for (Primitive primitive : resource.primitives()) {
        assertThat(texts).anyMatch(text -> text.endsWith(primitive.id()));
      }
    }
  }

  @Test
  @RequiresTools("dot")
  void hostileTextTheModelAcceptsIsDrawnAsGiven() throws Exception {
    // Ids are ASCII XML ids, but a mount point is any absolute path: quotes, markup, '&' and other scripts included.
    String directory = "/srv/données \"a\" <b> & c/サービス";
    Cluster cluster = Cluster.builder().from(small())
        .addResources(Primitive.filesystem("data", "/dev/sdb1", directory, "ext4")).build();
    List<String> texts = texts(parse(Graphviz.using(Executors.local(), LOCAL).svg(ClusterDiagramRenderer.render(
        cluster))));
    assertThat(texts).contains("/dev/sdb1 on " + directory);
  }

  /** Strings a diagram may carry one day: each must come out of dot exactly as it went in. */
  private static final List<String> HOSTILE = List.of("quote \" inside", "back\\slash \\N \\G \\l \\n", "x&amp;y & z",
      "<script>alert(1)</script>", "Ümlaut ✓ 日本語", "a'b", "%s %n {{ x }}", "trailing\\");

  @Test
  @RequiresTools("dot")
  void dotShowsEveryHostileLabelExactly() throws Exception {
    TextWriter graph = new TextWriter().line("digraph " + Dot.quoted("g\"1") + " {").indent();
    for (int i = 0; i < HOSTILE.size(); i++) {
      graph.line(Dot.quoted("id:" + HOSTILE.get(i)) + " [label=" + Dot.quoted(HOSTILE.get(i)) + "];");
    }
    graph.line(Dot.quoted("two") + " [label=" + Dot.quoted("line one\nline two") + "];");
    graph.line(Dot.quoted("bell") + " [label=" + Dot.quoted("ring\u0007") + "];");
    String dot = graph.outdent().line("}").toString();
    List<String> texts = texts(parse(Graphviz.using(Executors.local(), LOCAL).svg(dot)));
    assertThat(texts).containsAll(HOSTILE).contains("line one", "line two", "ring\\u0007");
  }

  @Test
  void aMissingDotSaysWhatToInstallAndNeverReturnsAnEmptySvg() {
    // The local executor as it is on a machine without Graphviz: the program cannot be started.
    Executor noDot = (host, artifact) -> Executors.local().execute(host, renamed(artifact));
    assertThatThrownBy(() -> Graphviz.using(noDot, LOCAL).svg("digraph g {}"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Graphviz's dot could not run on localhost")
        .hasMessageContaining("scripts/install-tools.sh").hasMessageContaining("graphviz package");
    // Over ssh or sh -c a missing program is exit 127.
    Executor shell = (host, artifact) -> ExecResult.of(127, "", "sh: 1: dot: not found");
    assertThatThrownBy(() -> Graphviz.using(shell, LOCAL).svg("digraph g {}"))
        .hasMessage("Graphviz's dot is not installed on localhost: " + Graphviz.INSTALL_HINT);
  }

  @Test
  @RequiresTools("dot")
  void aGraphDotRefusesIsAnErrorWithDotsOwnWords() {
    assertThatThrownBy(() -> Graphviz.using(Executors.local(), LOCAL).svg("digraph { a -> }"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("dot -Tsvg refused the graph")
        .hasMessageContaining("syntax error");
  }

  private static Artifact renamed(Artifact artifact) {
    Command command = (Command) artifact;
    List<String> argv = new ArrayList<>(command.argv());
    argv.set(0, "/nonexistent/graphviz/dot");
    return Command.builder().from(command).argv(argv).build();
  }

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setExpandEntityReferences(false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> texts(Document svg) {
    NodeList nodes = svg.getElementsByTagName("text");
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }
}
