package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real haproxy, in the foreground on 127.0.0.1, in front of two HTTP backends (in this JVM). One backend is
 * stopped in the middle of a bounded request stream: no request may fail, the stats page must show the server DOWN,
 * and after a restart UP again. Loopback only; every loop is bounded in count and time; haproxy is stopped by pid.
 */
class HaproxyFailoverLiveTest {
  private static final int REQUESTS = 300;
  private static final int KILL_AT = 100;
  private static final Duration STATE_CHANGE_LIMIT = Duration.ofSeconds(15);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<HttpServer> backends = new ArrayList<>();
  private Process haproxy;

  @AfterEach
  void stopEverything() throws InterruptedException {
    backends.forEach(backend -> backend.stop(0));
    if (haproxy != null) {
      ProcessHandle.of(haproxy.pid()).ifPresent(ProcessHandle::destroy);
      if (!haproxy.waitFor(5, TimeUnit.SECONDS)) {
        haproxy.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void killingABackendMidStreamLosesNoRequestAndStatsTrackIt(@TempDir Path dir) throws Exception {
    String haproxyBinary = RealTools.require("haproxy");
    int frontPort = freePort();
    int statsPort = freePort();
    int port1 = freePort();
    int port2 = freePort();
    backends.add(startBackend(port1, "one"));
    backends.add(startBackend(port2, "two"));

    HaproxyConfig config = HaproxyConfig.builder()
        .global(Global.builder().daemon(false).build())
        .addProxy(Proxy.listen("stats").addBind(Bind.of("127.0.0.1", statsPort)).stats(StatsPage.at("/stats")).build())
        .addProxy(Proxy.listen("api").addBind(Bind.of("127.0.0.1", frontPort)).balance(Balance.roundRobin())
            .addOption(ProxyOption.httpchk("GET", "/"))
            .addServer(checked("one", port1))
            .addServer(checked("two", port2))
            .build())
        .build();
    Path file = TempFiles.write(dir, "haproxy.cfg", config.render());
    HaproxyCheck.assertValid(dir, "haproxy-checked.cfg", config.render());
    haproxy = new ProcessBuilder(haproxyBinary, "-db", "-f", file.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();

    assertThat(awaitStatus(statsPort, "one", s -> s.startsWith("UP"))).as("backend one UP at start").isPresent();
    assertThat(awaitStatus(statsPort, "two", s -> s.startsWith("UP"))).as("backend two UP at start").isPresent();

    List<String> failures = new ArrayList<>();
    int servedByTwoAfterKill = 0;
    for (int i = 0; i < REQUESTS; i++) {
      if (i == KILL_AT) {
        backends.get(0).stop(0);
      }
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontPort + "/"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          failures.add("request " + i + ": HTTP " + response.statusCode());
        } else if (i >= KILL_AT && response.body().equals("two")) {
          servedByTwoAfterKill++;
        }
      } catch (IOException e) {
        failures.add("request " + i + ": " + e);
      }
      Thread.sleep(5);
    }

    assertThat(failures).as("failed requests").isEmpty();
    assertThat(servedByTwoAfterKill).isEqualTo(REQUESTS - KILL_AT);
    assertThat(awaitStatus(statsPort, "one", s -> s.startsWith("DOWN"))).as("stats show the killed server DOWN")
        .isPresent();

    backends.set(0, startBackend(port1, "one"));
    assertThat(awaitStatus(statsPort, "one", s -> s.startsWith("UP"))).as("stats show the restarted server UP")
        .isPresent();
  }

  private static Server checked(String name, int port) {
    return Server.builder().from(Server.of(name, "127.0.0.1", port)).inter(Duration.ofMillis(200)).rise(2).fall(2)
        .build();
  }

  /** Polls the stats CSV until the server's status matches, at most {@link #STATE_CHANGE_LIMIT}. */
  private Optional<String> awaitStatus(int statsPort, String server, Predicate<String> wanted) throws Exception {
    Instant deadline = Instant.now().plus(STATE_CHANGE_LIMIT);
    String last = "";
    for (int attempt = 0; attempt < 300 && Instant.now().isBefore(deadline); attempt++) {
      try {
        String csv = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        last = statusOf(csv, "api", server);
        if (wanted.test(last)) {
          return Optional.of(last);
        }
      } catch (IOException e) {
        last = e.toString(); // haproxy not listening yet
      }
      Thread.sleep(50);
    }
    System.err.println("server " + server + " last status: " + last);
    return Optional.empty();
  }

  private static String statusOf(String csv, String proxy, String server) {
    for (String line : csv.split("\n")) {
      String[] fields = line.split(",", -1);
      // CSV columns: 0 pxname, 1 svname, ..., 17 status
      if (fields.length > 17 && fields[0].equals(proxy) && fields[1].equals(server)) {
        return fields[17];
      }
    }
    return "";
  }

  private static HttpServer startBackend(int port, String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", exchange -> {
      byte[] body = name.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
