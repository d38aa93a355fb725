package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Secret;
import dev.hadsl.testing.tools.Certificates;
import dev.hadsl.testing.tools.Golden;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class HaproxyRendererTest {
  private static final Ipv4Address VIP = Ipv4Address.of("192.168.122.200");
  private static final List<String> NODES = List.of("192.168.122.101", "192.168.122.102", "192.168.122.103");

  /** The runbook's shape: API services in HTTP, MySQL and Qpid in TCP, Horizon over TLS, a stats page. */
  static HaproxyConfig controlPlane(String certificate) {
    HaproxyConfig.Builder config = HaproxyConfig.builder()
        .addProxy(Proxy.listen("stats").addBind(Bind.of("127.0.0.1", 8404))
            .stats(StatsPage.builder().uri("/stats").refresh(Duration.ofSeconds(10)).user("admin")
                .password(Secret.of("stats-secret")).build())
            .build())
        .addProxy(Proxy.listen("keystone-public").addBind(Bind.of(VIP, 5000)).balance(Balance.roundRobin())
            .addOption(ProxyOption.httpchk("GET", "/v3")).addOption(ProxyOption.forwardFor())
            .addAllServers(servers(5000)).build())
        .addProxy(Proxy.listen("mysql").mode(Mode.TCP).addBind(Bind.of(VIP, 3306)).balance(Balance.first())
            .addOption(ProxyOption.mysqlCheck("haproxy")).addOption(ProxyOption.of("tcpka"))
            .timeouts(Timeouts.builder().client(Duration.ofSeconds(90)).server(Duration.ofSeconds(90)).build())
            .addServer(Server.builder().from(Server.of("node1", NODES.get(0), 3306)).inter(Duration.ofSeconds(1)).build())
            .addServer(Server.builder().from(Server.of("node2", NODES.get(1), 3306)).backup(true).build())
            .build())
        .addProxy(Proxy.listen("qpid").mode(Mode.TCP).addBind(Bind.of(VIP, 5672)).balance(Balance.roundRobin())
            .addOption(ProxyOption.of("tcpka")).stickiness(Stickiness.destination(2))
            .addAllServers(servers(5672)).build())
        .addProxy(Proxy.frontend("horizon").addBind(Bind.of(VIP, 80)).addBind(Bind.ssl(VIP, 443, certificate))
            .addHttpRequestRule(HttpRequestRule.redirectToHttps())
            .addHttpRequestRule(HttpRequestRule.forwardedProtoHttps())
            .defaultBackend("horizon-servers").build())
        .addProxy(Proxy.backend("horizon-servers").balance(Balance.source())
            .addOption(ProxyOption.httpchk("GET", "/dashboard/")).stickiness(Stickiness.cookie("SERVERID"))
            .addAllServers(servers(80)).build());
    return config.build();
  }

  private static List<Server> servers(int port) {
    return List.of(
        Server.builder().from(Server.of("node1", NODES.get(0), port)).inter(Duration.ofSeconds(2)).rise(2).fall(5).build(),
        Server.builder().from(Server.of("node2", NODES.get(1), port)).inter(Duration.ofSeconds(2)).rise(2).fall(5).build(),
        Server.builder().from(Server.of("node3", NODES.get(2), port)).inter(Duration.ofSeconds(2)).rise(2).fall(5).build());
  }

  @Test
  void rendersControlPlaneCanonically(TestInfo test, @TempDir Path dir) {
    HaproxyConfig config = controlPlane("/etc/haproxy/horizon.pem");
    Golden.assertMatches(test, config.render());
    assertThat(config.render()).isEqualTo(controlPlane("/etc/haproxy/horizon.pem").render());
    assertThat(config.secrets()).containsExactly(Secret.of("stats-secret"));
  }

  @Test
  void controlPlanePassesHaproxyWithWarningsFatal(@TempDir Path dir) {
    Path pem = Certificates.selfSigned(dir);
    HaproxyCheck.assertValid(dir, "control-plane.cfg", controlPlane(pem.toString()).render());
  }

  @Test
  void minimalConfigWithDefaultsPassesHaproxy(@TempDir Path dir) {
    HaproxyConfig config = HaproxyConfig.builder()
        .addProxy(Proxy.listen("glance-api").addBind(Bind.anyAddress(9292)).addServer(Server.of("a", "10.0.0.1", 9292))
            .build())
        .build();
    HaproxyCheck.assertValid(dir, "minimal.cfg", config.render());
  }

  @Test
  void everyBalanceAndOptionRendersValid(@TempDir Path dir) {
    HaproxyConfig.Builder config = HaproxyConfig.builder();
    List<Balance> balances = List.of(Balance.roundRobin(), Balance.of("static-rr"), Balance.leastConn(), Balance.first(),
        Balance.source(), Balance.of("random"), Balance.of("uri"), Balance.urlParam("tenant"), Balance.header("Host"));
    for (int i = 0; i < balances.size(); i++) {
      config.addProxy(Proxy.listen("balance-" + i).addBind(Bind.of("127.0.0.1", 20000 + i)).balance(balances.get(i))
          .addServer(Server.of("s", "127.0.0.1", 30000 + i)).build());
    }
    config.addProxy(Proxy.listen("rdp").mode(Mode.TCP).addBind(Bind.of("127.0.0.1", 20100)).balance(Balance.of("rdp-cookie"))
        .addOption(ProxyOption.of("tcplog")).addOption(ProxyOption.of("ssl-hello-chk"))
        .addServer(Server.builder().from(Server.of("s", "127.0.0.1", 30100)).weight(10).maxconn(100).build()).build());
    config.addProxy(Proxy.listen("tls-backend").addBind(Bind.of("127.0.0.1", 20101))
        .addOption(ProxyOption.of("httplog")).addOption(ProxyOption.of("http-server-close"))
        .addServer(Server.builder().from(Server.of("s", "127.0.0.1", 30101)).ssl(true).sslVerify(Server.SslVerify.NONE)
            .build())
        .stickiness(Stickiness.source(1000, Duration.ofMinutes(30))).build());
    HaproxyCheck.assertValid(dir, "balances.cfg", config.build().render());
  }

  @Test
  void rendersDurationsInTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
  }
}
