package dev.hadsl.haproxy;

import static dev.hadsl.core.diagram.Dot.quoted;

import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.TextWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An {@link HaproxyConfig} as Graphviz DOT statements: every {@code listen} and {@code frontend} with the addresses it
 * binds, the backend it hands connections to, and an edge per server (dashed for a {@code backup} one, labelled
 * with its port where that differs from the section's). A pure
 * function of the model; quoting goes through {@link dev.hadsl.core.diagram.Dot}.
 */
public final class HaproxyDiagramRenderer {
  private HaproxyDiagramRenderer() {}

  /**
   * The proxies inside a box titled {@code title}. A server's edge goes to {@code nodeOf}'s DOT id for its address
   * when there is one (a cluster node drawn elsewhere in the diagram), else to a server drawn here.
   */
  public static void write(HaproxyConfig config, String title, Function<Ipv4Address, Optional<String>> nodeOf,
      TextWriter out) {
    List<String> edges = new ArrayList<>();
    Set<String> servers = new LinkedHashSet<>();
    out.line("subgraph " + quoted("cluster_haproxy") + " {").indent();
    out.line("label=" + quoted(title) + ";");
    for (Proxy proxy : config.proxies()) {
      List<String> lines = new ArrayList<>(List.of(proxy.kind().keyword() + " " + proxy.name()));
      for (Bind bind : proxy.binds()) {
        lines.add(bind.address().map(Ipv4Address::text).orElse("*") + ":" + bind.port().number()
            + (bind.sslCertificate().isPresent() ? " (TLS)" : ""));
      }
      out.line(proxyId(proxy.name()) + " [shape=component, style=solid, label=" + quoted(String.join("\n", lines))
          + "];");
      proxy.defaultBackend().ifPresent(backend -> edges.add(proxyId(proxy.name()) + " -> " + proxyId(backend)
          + " [label=" + quoted("default backend") + "];"));
      for (Server server : proxy.servers()) {
        String target = nodeOf.apply(server.address()).orElseGet(() -> {
          String id = quoted("server:" + server.address().text());
          servers.add(id + " [shape=box, style=solid, label=" + quoted(server.address().text()) + "];");
          return id;
        });
        // The label says only what the picture does not: a port other than the one the section binds, a backup.
        boolean samePort = proxy.binds().stream().anyMatch(bind -> bind.port().equals(server.port()));
        String label = (samePort ? "" : ":" + server.port().number()) + (server.backup() ? " backup" : "");
        edges.add(proxyId(proxy.name()) + " -> " + target + " [" + (server.backup() ? "style=dashed, " : "")
            + "tooltip=" + quoted(server.name() + " " + server.address().text() + ":" + server.port().number())
            + (label.isBlank() ? "" : ", label=" + quoted(label.strip())) + "];");
      }
    }
    out.outdent().line("}");
    servers.forEach(out::line);
    edges.forEach(out::line);
  }

  /** The DOT id of the proxy section called {@code name}. */
  public static String proxyId(String name) {
    return quoted("proxy:" + name);
  }
}
