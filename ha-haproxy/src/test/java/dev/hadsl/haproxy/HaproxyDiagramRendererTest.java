package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.TextWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HaproxyDiagramRendererTest {
  @Test
  void drawsEachSectionItsBindsItsDefaultBackendAndAnEdgePerServerToTheNodeBehindIt() {
    HaproxyConfig config = HaproxyRendererTest.controlPlane("/etc/haproxy/horizon.pem");
    TextWriter out = new TextWriter();
    // Two of the three servers' addresses belong to nodes drawn elsewhere; the third is drawn here.
    HaproxyDiagramRenderer.write(config, "HAProxy", address -> address.equals(Ipv4Address.of("192.168.122.103"))
        ? Optional.empty() : Optional.of("\"node:" + address.text() + "\""), out);
    assertThat(out.toString()).isEqualTo("""
        subgraph "cluster_haproxy" {
          label="HAProxy";
          "proxy:stats" [shape=component, style=solid, label="listen stats\\n127.0.0.1:8404"];
          "proxy:keystone-public" [shape=component, style=solid, label="listen keystone-public\\n192.168.122.200:5000"];
          "proxy:mysql" [shape=component, style=solid, label="listen mysql\\n192.168.122.200:3306"];
          "proxy:qpid" [shape=component, style=solid, label="listen qpid\\n192.168.122.200:5672"];
          "proxy:horizon" [shape=component, style=solid, label="frontend horizon\\n192.168.122.200:80\\n192.168.122.200:443 (TLS)"];
          "proxy:horizon-servers" [shape=component, style=solid, label="backend horizon-servers"];
        }
        "server:192.168.122.103" [shape=box, style=solid, label="192.168.122.103"];
        "proxy:keystone-public" -> "node:192.168.122.101" [tooltip="node1 192.168.122.101:5000"];
        "proxy:keystone-public" -> "node:192.168.122.102" [tooltip="node2 192.168.122.102:5000"];
        "proxy:keystone-public" -> "server:192.168.122.103" [tooltip="node3 192.168.122.103:5000"];
        "proxy:mysql" -> "node:192.168.122.101" [tooltip="node1 192.168.122.101:3306"];
        "proxy:mysql" -> "node:192.168.122.102" [style=dashed, tooltip="node2 192.168.122.102:3306", label="backup"];
        "proxy:qpid" -> "node:192.168.122.101" [tooltip="node1 192.168.122.101:5672"];
        "proxy:qpid" -> "node:192.168.122.102" [tooltip="node2 192.168.122.102:5672"];
        "proxy:qpid" -> "server:192.168.122.103" [tooltip="node3 192.168.122.103:5672"];
        "proxy:horizon" -> "proxy:horizon-servers" [label="default backend"];
        "proxy:horizon-servers" -> "node:192.168.122.101" [tooltip="node1 192.168.122.101:80", label=":80"];
        "proxy:horizon-servers" -> "node:192.168.122.102" [tooltip="node2 192.168.122.102:80", label=":80"];
        "proxy:horizon-servers" -> "server:192.168.122.103" [tooltip="node3 192.168.122.103:80", label=":80"];
        """);
  }
}
