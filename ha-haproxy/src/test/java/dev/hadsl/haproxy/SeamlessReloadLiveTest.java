package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.Host;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real haproxy, daemonized on 127.0.0.1 as an init script starts it, reloaded again and again while client
 * threads open connections as fast as they can: {@link SeamlessReload} refuses none. The init script's way
 * ({@code -sf} alone) is run the same way first and its refusals printed, as the figure the seamless reload is
 * measured against (not asserted: how many it loses depends on timing). Loopback only; loops bounded in count and
 * time; every haproxy started is stopped by its pid.
 */
class SeamlessReloadLiveTest {
  private static final int RELOADS = 30;
  private static final int CLIENTS = 4;
  private static final Duration CLIENT_LIMIT = Duration.ofSeconds(60);

  private final Set<Long> started = new LinkedHashSet<>();

  @AfterEach
  void stopEveryHaproxy() {
    started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void reloadsUnderLoadRefuseNoConnection(@TempDir Path dir) throws Exception {
    Started haproxy = start(dir, true);
    int port = haproxy.port();
    Path config = haproxy.config();
    Path pidFile = haproxy.pidFile();

    long initScriptRefusals = refusedDuring(port, () -> reload(config, pidFile, Command.of("sh", "-c",
        "haproxy -f \"$1\" -p \"$2\" -D -sf $(cat \"$2\")", "sh", config.toString(), pidFile.toString())));
    System.out.printf("HAProxy reloaded %d times under load: the init script's way (-sf) refused %d connections%n",
        RELOADS, initScriptRefusals);

    long seamlessRefusals = refusedDuring(port, () -> reload(config, pidFile,
        haproxy.seamlessReload()));
    System.out.printf("HAProxy reloaded %d times under load: seamlessly (-x -sf) refused %d connections%n", RELOADS,
        seamlessRefusals);
    assertThat(seamlessRefusals).as("connections refused during %d seamless reloads", RELOADS).isZero();
  }

  @Test
  void aProcessThatDoesNotPassItsListenersOnIsReloadedTheInitScriptsWay(@TempDir Path dir) throws Exception {
    Started haproxy = start(dir, false);
    int port = haproxy.port();
    Path config = haproxy.config();
    Path pidFile = haproxy.pidFile();
    long before = pid(pidFile);
    // The file now exposes the listeners, the running process (an older file's) does not: -x fails, -sf alone runs.
    Files.writeString(config, config(dir, port, true).render());

    reload(config, pidFile, haproxy.seamlessReload());

    assertThat(pid(pidFile)).as("a new HAProxy runs").isNotEqualTo(before);
    assertThat(awaitGone(before)).as("the old HAProxy left").isTrue();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      assertThat(socket.isConnected()).as("the new HAProxy listens").isTrue();
    }
  }

  @Test
  void aBrokenFileLeavesTheRunningProcessAlone(@TempDir Path dir) throws Exception {
    Started haproxy = start(dir, true);
    int port = haproxy.port();
    Path config = haproxy.config();
    Path pidFile = haproxy.pidFile();
    long before = pid(pidFile);
    Files.writeString(config, config(dir, port, true).render() + "listen broken\n  bind 127.0.0.1:notaport\n");

    ExecResult result = execute(haproxy.seamlessReload());

    assertThat(result.exitCode()).as("the reload of a broken file fails").isNotZero();
    assertThat(pid(pidFile)).as("the running HAProxy is left alone").isEqualTo(before);
    assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive)).as("and still runs").contains(true);
  }

  /** TCP on loopback in front of nothing: a refused connection can only be HAProxy's, not a backend's. */
  private static HaproxyConfig config(Path dir, int port, boolean exposeListeners) {
    return HaproxyConfig.builder()
        .global(Global.builder().pidfile(dir.resolve("haproxy.pid").toString())
            .statsSocket(dir.resolve("stats").toString()).exposeListeners(exposeListeners).build())
        .defaults(Defaults.builder().mode(Mode.TCP).timeouts(Timeouts.builder().connect(Duration.ofSeconds(1))
            .client(Duration.ofSeconds(5)).server(Duration.ofSeconds(5)).build()).build())
        .addProxy(Proxy.listen("front").mode(Mode.TCP).addBind(Bind.of("127.0.0.1", port))
            .addServer(Server.of("nowhere", "127.0.0.1", 9)).build())
        .build();
  }

  /** A daemonized HAProxy this test started, and where its files are. */
  private record Started(int port, Path config, Path pidFile, Path statsSocket) {
    Command seamlessReload() {
      return SeamlessReload.command(config.toString(), pidFile.toString(), statsSocket.toString());
    }
  }

  /** Starts HAProxy as an init script does, on a free loopback port, from a file in {@code dir}. */
  private Started start(Path dir, boolean exposeListeners) throws IOException {
    RealTools.require("haproxy");
    int port = freePort();
    Path config = TempFiles.write(dir, "haproxy.cfg", config(dir, port, exposeListeners).render());
    Path pidFile = dir.resolve("haproxy.pid");
    ExecResult result = execute(Command.of("haproxy", "-f", config.toString(), "-p", pidFile.toString(), "-D"));
    assertThat(result.exitCode()).as("haproxy started: %s", result.stderr()).isZero();
    started.add(pid(pidFile));
    return new Started(port, config, pidFile, dir.resolve("stats"));
  }

  private void reload(Path config, Path pidFile, Command reload) throws IOException {
    long before = pid(pidFile);
    ExecResult result = execute(reload);
    assertThat(result.exitCode()).as("reload of %s: %s", config, result.stderr()).isZero();
    long after = pid(pidFile);
    started.add(after);
    assertThat(after).as("the reload started a new HAProxy").isNotEqualTo(before);
  }

  /** Connections refused while {@link #RELOADS} reloads run one after another, each 100 ms after the last. */
  private long refusedDuring(int port, ReloadAction reload) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong refused = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    Instant deadline = Instant.now().plus(CLIENT_LIMIT);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Thread client = new Thread(() -> {
        while (!stop.get() && Instant.now().isBefore(deadline)) {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            accepted.incrementAndGet();
          } catch (ConnectException e) {
            refused.incrementAndGet();
          } catch (IOException e) {
            refused.incrementAndGet(); // a reset or a timeout is a failed connection too
          }
        }
      });
      client.start();
      clients.add(client);
    }
    try {
      for (int i = 0; i < RELOADS; i++) {
        reload.run();
        Thread.sleep(100);
      }
    } finally {
      stop.set(true);
      for (Thread client : clients) {
        client.join(CLIENT_LIMIT.toMillis());
      }
    }
    assertThat(accepted.get()).as("connections accepted while reloading").isPositive();
    return refused.get();
  }

  private interface ReloadAction {
    void run() throws Exception;
  }

  private static ExecResult execute(Command command) throws IOException {
    return Executors.local(Duration.ofSeconds(30)).execute(Host.of("localhost", "127.0.0.1"), command);
  }

  private static long pid(Path pidFile) throws IOException {
    String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
    return Long.parseLong(text.split("\\s+")[0]);
  }

  /** Whether the process exits within ten seconds (an old HAProxy leaves once its connections are done). */
  private static boolean awaitGone(long pid) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
