package dev.hadsl.openstack;

import dev.hadsl.core.Host;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.haproxy.Balance;
import dev.hadsl.core.Version;
import dev.hadsl.haproxy.Bind;
import dev.hadsl.haproxy.Defaults;
import dev.hadsl.haproxy.Global;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.haproxy.HttpRequestRule;
import dev.hadsl.haproxy.Mode;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.haproxy.ProxyOption;
import dev.hadsl.haproxy.Server;
import dev.hadsl.haproxy.StatsPage;
import dev.hadsl.haproxy.Stickiness;
import dev.hadsl.haproxy.Timeouts;
import java.time.Duration;

/**
 * HAProxy in front of every API on the floating IP, each backend being the same service on every control node's own
 * address, and the sections the components ask for (a Galera cluster's one writer at a time). MySQL and Qpid in the
 * group are not behind it: they run once, on the floating IP itself.
 */
final class ControlPlaneHaproxy {
  static final int STATS_PORT = 8404;

  private ControlPlaneHaproxy() {}

  static HaproxyConfig config(ControlPlane plane) {
    Ipv4Address vip = plane.floatingIp().address();
    Version haproxy = plane.platform().haproxy();
    HaproxyConfig.Builder config = HaproxyConfig.builder().targetVersion(haproxy)
        .global(Global.recommended(haproxy)).defaults(Defaults.recommended(haproxy))
        .addProxy(Proxy.listen("stats").addBind(Bind.of("127.0.0.1", STATS_PORT)).stats(StatsPage.at("/stats"))
            .build());
    for (ApiService service : plane.apiServices()) {
      Proxy.Builder proxy = Proxy.listen(service.name()).addBind(Bind.of(vip, service.port().number()))
          .balance(service.name().equals("novncproxy") ? Balance.source() : Balance.roundRobin());
      if (service.http()) {
        service.healthCheckPath().ifPresent(path -> proxy.addOption(ProxyOption.httpchk("GET", path)));
        proxy.addOption(ProxyOption.forwardFor());
      } else {
        proxy.mode(Mode.TCP).addOption(ProxyOption.of("tcpka"));
      }
      if (service.name().equals("novncproxy")) {
        // noVNC is a websocket: once upgraded, the connection lives as long as the console is open. HAProxy 1.4 has
        // no tunnel timeout: there the client and server timeouts govern the upgraded connection.
        proxy.timeouts(plane.platform().haproxy().atLeast("1.5") ? Timeouts.builder().tunnel(Duration.ofHours(1)).build()
            : Timeouts.builder().client(Duration.ofHours(1)).server(Duration.ofHours(1)).build());
      }
      for (Host node : plane.controlNodes()) {
        proxy.addServer(server(node, service.port().number()));
      }
      config.addProxy(proxy.build());
    }
    plane.components().forEach(component -> component.haproxyProxies(plane).forEach(config::addProxy));
    if (plane.horizon()) {
      addHorizon(plane, config, vip);
    }
    return config.build();
  }

  private static void addHorizon(ControlPlane plane, HaproxyConfig.Builder config, Ipv4Address vip) {
    Proxy.Builder front = Proxy.frontend("horizon").addBind(Bind.of(vip, 80)).defaultBackend("horizon-servers");
    plane.horizonSsl().ifPresent(ssl -> {
      if (ssl.termination() == HorizonSsl.Termination.HAPROXY) {
        front.addBind(Bind.ssl(vip, 443, ssl.haproxyPem()))
            .addHttpRequestRule(HttpRequestRule.redirectToHttps())
            .addHttpRequestRule(HttpRequestRule.forwardedProtoHttps());
      } else {
        // Apache ends TLS on each node: HAProxy sends plain HTTP to HTTPS on the floating IP, and passes the TLS
        // connections through, by source address so a browser keeps its node (and its Horizon session).
        front.redirectPrefix("https://" + vip);
        Proxy.Builder tls = Proxy.listen("horizon-tls").mode(Mode.TCP).addBind(Bind.of(vip, 443))
            .balance(Balance.source()).addOption(ProxyOption.of("ssl-hello-chk"));
        plane.controlNodes().forEach(node -> tls.addServer(server(node, 443)));
        config.addProxy(tls.build());
      }
    });
    config.addProxy(front.addOption(ProxyOption.forwardFor()).build());
    Proxy.Builder back = Proxy.backend("horizon-servers").balance(Balance.roundRobin())
        .addOption(ProxyOption.httpchk("GET", "/dashboard/"))
        // Horizon keeps the session (and its CSRF token) per server unless a shared session store is set up.
        .stickiness(Stickiness.cookie("SERVERID"));
    for (Host node : plane.controlNodes()) {
      back.addServer(server(node, 80));
    }
    config.addProxy(back.build());
  }

  private static Server server(Host node, int port) {
    return Server.builder().from(Server.of(node.name(), node.address(), port)).inter(Duration.ofSeconds(2)).rise(2)
        .fall(5).build();
  }
}
