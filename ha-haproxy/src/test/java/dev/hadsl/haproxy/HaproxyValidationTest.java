package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import dev.hadsl.core.Version;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyValidationTest {
  private static final Server A = Server.of("a", "10.0.0.1", 80);
  /** The defaults section of the hand-written configs that show haproxy itself rejecting a mistake. */
  private static final String DEFAULTS = """
      defaults
          mode http
          timeout connect 5s
          timeout client 5s
          timeout server 5s
      """;

  private static Proxy.Builder listen(String name, int port) {
    return Proxy.listen(name).addBind(Bind.of("127.0.0.1", port)).addServer(A);
  }

  private static HaproxyConfig build(Proxy... proxies) {
    return HaproxyConfig.builder().addProxies(proxies).build();
  }

  @Test
  void duplicateProxyNamesAreRefusedLikeHaproxyDoes(@TempDir Path dir) {
    assertThatThrownBy(() -> build(listen("api", 8000).build(), listen("api", 8001).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("haproxy config: listen 'api': the name is already used by listen 'api'");
    HaproxyCheck.assertRejected(dir, "dup.cfg", DEFAULTS + """
        listen api
            bind 127.0.0.1:8000
            server a 10.0.0.1:80 check
        listen api
            bind 127.0.0.1:8001
            server a 10.0.0.1:80 check
        """, "has the same name as");
  }

  @Test
  void duplicateServerNamesAreRefusedLikeHaproxyDoes(@TempDir Path dir) {
    assertThatThrownBy(() -> build(listen("api", 8000).addServer(Server.of("a", "10.0.0.2", 80)).build()))
        .hasMessage("haproxy config: listen 'api': server name 'a' is used twice");
    HaproxyCheck.assertRejected(dir, "dup-server.cfg", DEFAULTS + """
        listen api
            bind 127.0.0.1:8000
            server a 10.0.0.1:80 check
            server a 10.0.0.2:80 check
        """, "another server named 'a' was already defined");
  }

  @Test
  void portsAbove65535CannotBeBuiltAndHaproxyRejectsThem(@TempDir Path dir) {
    assertThatThrownBy(() -> Bind.of("127.0.0.1", 70000)).hasMessage("port 70000 is not from 1 to 65535");
    assertThatThrownBy(() -> Server.of("a", "10.0.0.1", 0)).hasMessage("port 0 is not from 1 to 65535");
    HaproxyCheck.assertRejected(dir, "port.cfg", DEFAULTS + """
        listen api
            bind 127.0.0.1:70000
            server a 10.0.0.1:80 check
        """, "ALERT");
  }

  @Test
  void missingTimeoutsAreRefusedBecauseHaproxyWarns(@TempDir Path dir) {
    Defaults noTimeouts = Defaults.builder().timeouts(Timeouts.none()).build();
    assertThatThrownBy(() -> HaproxyConfig.builder().defaults(noTimeouts).addProxy(listen("api", 8000).build()).build())
        .hasMessage("haproxy config: 3 problems\n"
            + "  - listen 'api': no client timeout (in the proxy or in defaults)\n"
            + "  - listen 'api': no connect timeout (in the proxy or in defaults)\n"
            + "  - listen 'api': no server timeout (in the proxy or in defaults)");
    HaproxyCheck.assertRejected(dir, "timeouts.cfg", """
        listen api
            mode http
            bind 127.0.0.1:8000
            server a 10.0.0.1:80 check
        """, "missing timeouts");
  }

  @Test
  void aProxyTimeoutFillsWhatDefaultsLack() {
    Defaults noTimeouts = Defaults.builder().timeouts(Timeouts.none()).build();
    Timeouts own = Timeouts.builder().connect(Duration.ofSeconds(1)).client(Duration.ofSeconds(1))
        .server(Duration.ofSeconds(1)).build();
    HaproxyConfig.builder().defaults(noTimeouts).addProxy(listen("api", 8000).timeouts(own).build()).build();
  }

  @Test
  void overlappingBindsAreRefused() {
    assertThatThrownBy(() -> build(listen("a", 8000).build(),
        Proxy.listen("b").addBind(Bind.anyAddress(8000)).addServer(A).build()))
        .hasMessage("haproxy config: listen 'b': bind *:8000 overlaps bind 127.0.0.1:8000 of listen 'a'");
  }

  @Test
  void serversWithoutHealthCheckAreRefusedUnlessAllowed() {
    Server unchecked = Server.builder().from(Server.of("b", "10.0.0.2", 80)).check(false).build();
    assertThatThrownBy(() -> build(listen("api", 8000).addServer(unchecked).build()))
        .hasMessage("haproxy config: listen 'api': servers [b] have no health check, so a dead one keeps getting"
            + " traffic; add 'check' or set allowServersWithoutHealthCheck");
    build(listen("api", 8000).addServer(unchecked).allowServersWithoutHealthCheck(true).build());
  }

  @Test
  void httpOnlyFeaturesInTcpModeAreRefusedAllAtOnce() {
    assertThatThrownBy(() -> build(listen("db", 3306).mode(Mode.TCP).addOption(ProxyOption.of("httplog"))
        .addOption(ProxyOption.forwardFor()).balance(Balance.of("uri"))
        .addHttpRequestRule(HttpRequestRule.forwardedProtoHttps()).stickiness(Stickiness.cookie("S"))
        .stats(StatsPage.at("/s")).build()))
        .hasMessage("haproxy config: 6 problems\n"
            + "  - listen 'db': option httplog needs mode http, the proxy is mode tcp\n"
            + "  - listen 'db': option forwardfor needs mode http, the proxy is mode tcp\n"
            + "  - listen 'db': balance uri needs mode http\n"
            + "  - listen 'db': http-request rules need mode http, the proxy is mode tcp\n"
            + "  - listen 'db': a stats page needs mode http, the proxy is mode tcp\n"
            + "  - listen 'db': cookie stickiness needs mode http, the proxy is mode tcp");
    assertThatThrownBy(() -> build(listen("web", 80).addOption(ProxyOption.mysqlCheck("haproxy")).build()))
        .hasMessage("haproxy config: listen 'web': option mysql-check needs mode tcp, the proxy is mode http");
  }

  @Test
  void sectionShapesAreChecked() {
    assertThatThrownBy(() -> build(Proxy.frontend("f").addServer(A).build(),
        Proxy.backend("b").addBind(Bind.of("127.0.0.1", 80)).build(),
        Proxy.listen("l").defaultBackend("b").build()))
        .hasMessage("haproxy config: 8 problems\n"
            + "  - frontend 'f': needs at least one bind\n"
            + "  - frontend 'f': a frontend cannot have servers; give it a default_backend\n"
            + "  - frontend 'f': a frontend needs a default_backend\n"
            + "  - backend 'b': a backend cannot bind\n"
            + "  - backend 'b': a backend needs at least one server\n"
            + "  - listen 'l': needs at least one bind\n"
            + "  - listen 'l': only a frontend has a default_backend\n"
            + "  - listen 'l': a listen section needs servers or a stats page");
  }

  @Test
  void defaultBackendMustExistBeABackendAndShareTheMode(@TempDir Path dir) {
    assertThatThrownBy(() -> build(Proxy.frontend("f").addBind(Bind.of("127.0.0.1", 80)).defaultBackend("nope").build()))
        .hasMessage("haproxy config: frontend 'f': default_backend 'nope' does not exist");
    assertThatThrownBy(() -> build(
        Proxy.frontend("f").addBind(Bind.of("127.0.0.1", 80)).defaultBackend("b").build(),
        Proxy.backend("b").mode(Mode.TCP).addServer(A).build()))
        .hasMessage("haproxy config: frontend 'f': mode http cannot use backend 'b' in mode tcp");
    HaproxyCheck.assertRejected(dir, "backend.cfg", DEFAULTS + """
        frontend f
            bind 127.0.0.1:8000
            default_backend nope
        """, "unable to find required default_backend");
  }

  @Test
  void valuesRefuseBadInput() {
    assertThatThrownBy(() -> Proxy.listen("bad name").build())
        .hasMessage("listen name 'bad name' may only contain letters, digits, '-', '_', '.' and ':'");
    assertThatThrownBy(() -> ProxyOption.of("httpclose2"))
        .hasMessageStartingWith("option 'httpclose2' is not an HAProxy 2.x option this library knows");
    assertThatThrownBy(() -> ProxyOption.httpchk("GET", "no-slash"))
        .hasMessage("option httpchk takes a method and a URI starting with '/', was [GET, no-slash]");
    assertThatThrownBy(() -> ProxyOption.mysqlCheck("bad user"))
        .hasMessage("option mysql-check takes 'user NAME', was [user, bad user]");
    assertThatThrownBy(() -> Balance.of("weighted")).hasMessage(
        "balance algorithm 'weighted' is not one of roundrobin, static-rr, leastconn, first, source, random, uri,"
            + " url_param, hdr, rdp-cookie");
    assertThatThrownBy(() -> Balance.of("url_param")).hasMessage("balance url_param needs an argument");
    assertThatThrownBy(() -> Server.builder().from(A).ssl(true).build())
        .hasMessage("server 'a': with ssl, say how to verify the server certificate (HAProxy refuses to guess)");
    assertThatThrownBy(() -> Server.builder().from(A).ssl(true).sslVerify(Server.SslVerify.REQUIRED).build())
        .hasMessage("server 'a': 'verify required' needs a ca-file");
    assertThatThrownBy(() -> Server.builder().from(A).check(false).inter(Duration.ofSeconds(1)).build())
        .hasMessage("server 'a': inter, rise, fall, port and on-marked-down need 'check'");
    assertThatThrownBy(() -> Server.builder().from(A).weight(300).build())
        .hasMessage("server 'a': weight must be 0-256, was 300");
    assertThatThrownBy(() -> Server.builder().from(A).fall(0).build()).hasMessage("server 'a': fall must be >= 1, was 0");
    assertThatThrownBy(() -> Timeouts.builder().connect(Duration.ZERO).build())
        .hasMessage("timeout connect must be a positive whole number of milliseconds, was PT0S");
    assertThatThrownBy(() -> Bind.builder().port(dev.hadsl.core.Port.of(443)).sslCertificate("cert.pem").build())
        .hasMessage("bind *:443: certificate 'cert.pem' must be an absolute path without spaces or quotes");
    assertThatThrownBy(() -> StatsPage.builder().user("admin").build())
        .hasMessage("stats page: give both user and password, or neither");
    assertThatThrownBy(() -> StatsPage.builder().user("admin").password(Secret.of("a b")).build())
        .hasMessage("stats password must not contain spaces, quotes, '#', '\\' or ':'");
    assertThatThrownBy(() -> Defaults.builder().addRetryOn("always").build())
        .hasMessage("defaults retry-on: 'always' is not a retry-on keyword");
    assertThatThrownBy(() -> ProxyOption.redispatch(0))
        .hasMessage("option redispatch takes at most one non-zero interval, was [0]");
    assertThatThrownBy(() -> HttpRequestRule.builder().action("reqadd").build())
        .hasMessageStartingWith("http-request action 'reqadd' is not one of");
    assertThatThrownBy(() -> LogTarget.of("/dev/log", "local9"))
        .hasMessage("log target '/dev/log': unknown syslog facility 'local9'");
    assertThatThrownBy(() -> Global.builder().addSslDefaultBindOption("ssl-min-ver TLSv9").build())
        .hasMessage("global ssl-default-bind-options: 'ssl-min-ver TLSv9' is not a known option");
    assertThatThrownBy(() -> Stickiness.source(0, Duration.ofMinutes(1)))
        .hasMessage("stickiness: table size must be >= 1, was 0");
  }

  @Test
  void globalValuesAreChecked() {
    assertThatThrownBy(() -> Global.builder().user("Hap Roxy").build()).hasMessage("global user 'Hap Roxy' is not a user name");
    assertThatThrownBy(() -> Global.builder().chroot("var/lib").build())
        .hasMessage("global chroot 'var/lib' is not an absolute path");
    assertThatThrownBy(() -> Global.builder().maxconn(0).build()).hasMessage("global maxconn must be >= 1, was 0");
    assertThatThrownBy(() -> Global.builder().sslDefaultBindCiphers("ALL; reboot").build())
        .hasMessage("global ssl-default-bind-ciphers 'ALL; reboot' contains characters a cipher list does not");
    assertThatThrownBy(() -> Global.builder().exposeListeners(true).build())
        .hasMessage("global expose-fd listeners needs a stats socket to pass the listeners on");
    assertThatThrownBy(() -> HaproxyConfig.builder().global(Global.recommended()).targetVersion(Version.of("1.5.18"))
        .build()).hasMessageContaining("global: HAProxy 1.5.18 has no expose-fd listeners (since 1.8); use"
            + " Global.recommended(version)");
    assertThat(Global.recommended(Version.of("1.5.18")).exposeListeners()).isFalse();
    assertThat(Global.recommended(Version.of("1.8.0")).exposeListeners()).isTrue();
    assertThatThrownBy(() -> LogTarget.of("/dev/log", "local0", "loud"))
        .hasMessage("log target '/dev/log': unknown level 'loud'");
    assertThatThrownBy(() -> LogTarget.of("syslog host", "local0"))
        .hasMessage("log target 'syslog host' is neither an IPv4 address[:port] nor an absolute socket path");
  }

  @Test
  void onlyOneHealthCheckOptionAndNoDuplicateOptions() {
    assertThatThrownBy(() -> build(listen("db", 3306).mode(Mode.TCP).addOption(ProxyOption.mysqlCheck("h"))
        .addOption(ProxyOption.of("tcp-check")).addOption(ProxyOption.of("tcpka")).addOption(ProxyOption.of("tcpka"))
        .build()))
        .hasMessage("haproxy config: 2 problems\n"
            + "  - listen 'db': option tcpka is given twice\n"
            + "  - listen 'db': only one health-check option may be given, found 2");
  }
}
