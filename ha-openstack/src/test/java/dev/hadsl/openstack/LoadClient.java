package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.ClusterLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A bounded client in the lab's bridge namespace: numbered {@code INSERT}s to MariaDB through the floating IP, each
 * followed by an HTTP request to the next API port through HAProxy on the floating IP (1 s to reach HAProxy, 10 s for
 * the answer: time for HAProxy to give up on a dead server and redispatch; none when no API port is given), every
 * 50 ms, each logged as
 * acknowledged or failed (INSERTs with the time they ended; at most 3000 and 120 s per run). Credentials come from a
 * 0600 option file, not the command line. Table {@code labprobe.t (n INT PRIMARY KEY)}.
 */
final class LoadClient {
  private static final String SCRIPT = String.join("\n",
      "cnf=$1 i=$2 ip=$3 ports=$4",
      "last=$((i + 3000)) end=$(( $(date +%s) + 120 ))",
      "while [ \"$i\" -lt \"$last\" ] && [ \"$(date +%s)\" -lt \"$end\" ]; do",
      "  if [ -n \"$ports\" ]; then",
      "    set -- $ports; shift $((i % $#)); port=$1",
      "    began=$(date +%s%3N)",
      "    if curl -sf --connect-timeout 1 -m 10 -o /dev/null \"http://$ip:$port/\"; then echo \"http-ok $port $(date +%s%3N) $began\"; else echo \"http-fail $port $(date +%s%3N) $began $?\"; fi",
      "  fi",
      "  if out=$(timeout 3 mysql --defaults-extra-file=\"$cnf\" --connect-timeout=1"
          + " -e \"INSERT INTO labprobe.t VALUES ($i)\" 2>&1); then",
      "    echo \"ack $i $(date +%s%3N)\"",
      "  else",
      "    rc=$?",
      "    echo \"fail $i $(date +%s%3N) $rc $(printf %s \"$out\" | grep -v '^-*$' | tail -n 1 | tr -cd '[:print:]' | cut -c1-160)\"",
      "  fi",
      "  i=$((i + 1))",
      "  sleep 0.05",
      "done");
  /**
   * The floating IP itself, apart from the database: a TCP connection to its port 22 every 50 ms, each given 300 ms
   * (each node's sshd listens on every address, so the IP answers as soon as IPaddr2 has raised it, before MariaDB
   * is up; an address nobody holds leaves the SYN unanswered, so the timeout bounds how late "up" is seen).
   */
  private static final String IP_SCRIPT = String.join("\n",
      "ip=$1 i=0 end=$(( $(date +%s) + 120 ))",
      "while [ \"$i\" -lt 3000 ] && [ \"$(date +%s)\" -lt \"$end\" ]; do",
      "  if timeout 0.3 bash -c 'exec 3<>\"/dev/tcp/$0/22\"' \"$ip\" 2>/dev/null; then",
      "    echo \"up $(date +%s%3N)\"",
      "  else",
      "    echo \"down $(date +%s%3N)\"",
      "  fi",
      "  i=$((i + 1))",
      "  sleep 0.05",
      "done");
  private static final Duration WAIT = Duration.ofSeconds(90);

  /**
   * One logged INSERT: its number, whether it was acknowledged, when it ended (epoch ms), and for a failed one why
   * (the client's exit code, 124 when {@code timeout} ended it, and the last line it printed).
   */
  record Insert(int number, boolean acked, long endedMillis, String why) {}

  /** What one run of the client did, and what the floating IP's probe saw (epoch ms, answered or not). */
  record Result(List<Insert> inserts, List<long[]> ipProbes, List<long[]> httpRequests) {
    long httpOk() {
      return httpRequests.stream().filter(request -> request[1] == 1).count();
    }

    long httpFailed() {
      return httpRequests.stream().filter(request -> request[1] == 0).count();
    }

    /**
     * Seconds from {@code since} until an API request through HAProxy answered again after the first one that
     * failed; 0 when none failed.
     */
    double apiRecovery(Instant since) {
      long from = since.toEpochMilli();
      long firstFailure = httpRequests.stream().filter(r -> r[1] == 0 && r[0] > from).mapToLong(r -> r[0]).min()
          .orElse(-1);
      if (firstFailure < 0) {
        return 0;
      }
      long back = httpRequests.stream().filter(r -> r[1] == 1 && r[0] > firstFailure).mapToLong(r -> r[0]).min()
          .orElseThrow(() -> new AssertionError("no API request answered after the outage that began " + since));
      return (back - from) / 1000.0;
    }

    /** Seconds from {@code since} until the floating IP answered again after it first did not; 0 if it always did. */
    double ipRecovery(Instant since) {
      long from = since.toEpochMilli();
      long firstDown = ipProbes.stream().filter(p -> p[1] == 0 && p[0] > from).mapToLong(p -> p[0]).min().orElse(-1);
      if (firstDown < 0) {
        return 0;
      }
      long up = ipProbes.stream().filter(p -> p[1] == 1 && p[0] > firstDown).mapToLong(p -> p[0]).min()
          .orElseThrow(() -> new AssertionError("the floating IP did not answer again after " + since));
      return (up - from) / 1000.0;
    }

    List<Integer> acked() {
      return inserts.stream().filter(Insert::acked).map(Insert::number).toList();
    }

    /** Each failed INSERT after {@code since}: its number, when it ended relative to {@code since}, and why. */
    String failures(Instant since) {
      return inserts.stream().filter(insert -> !insert.acked())
          .map(insert -> String.format(Locale.ROOT, "INSERT %d failed at %+.1f s (%s)", insert.number(),
              (insert.endedMillis() - since.toEpochMilli()) / 1000.0, insert.why()))
          .collect(Collectors.joining("; "));
    }

    /** Each failed API request after {@code since}: its port, when it began and ended relative to {@code since}, why. */
    String httpFailures(Instant since) {
      return httpRequests.stream().filter(request -> request[1] == 0)
          .map(request -> String.format(Locale.ROOT, "GET :%d from %+.1f s to %+.1f s failed (curl exit %d)",
              request[2], (request[3] - since.toEpochMilli()) / 1000.0, (request[0] - since.toEpochMilli()) / 1000.0,
              request[4]))
          .collect(Collectors.joining("; "));
    }

    long failed() {
      return inserts.stream().filter(insert -> !insert.acked()).count();
    }

    /**
     * The number the next run starts with: never one this run may have committed. Stopping the client can catch an
     * INSERT in flight, committed but never logged: the one after the highest logged, so that is skipped too (else the
     * next run's first INSERT fails as a duplicate, which once showed as a failure during a passive node's crash).
     */
    int next() {
      return inserts.stream().mapToInt(Insert::number).max().orElse(0) + 2;
    }

    /**
     * The outage after {@code since}: seconds from {@code since} until the first INSERT acknowledged after the first
     * one that failed (an INSERT that ended just after {@code since} on the old node does not end the outage); 0 when
     * none failed.
     */
    double recovery(Instant since) {
      long from = since.toEpochMilli();
      long firstFailure = inserts.stream().filter(insert -> !insert.acked() && insert.endedMillis() > from)
          .mapToLong(Insert::endedMillis).min().orElse(-1);
      if (firstFailure < 0) {
        return 0;
      }
      long back = inserts.stream().filter(insert -> insert.acked() && insert.endedMillis() > firstFailure)
          .mapToLong(Insert::endedMillis).min()
          .orElseThrow(() -> new AssertionError("no INSERT was acknowledged after the outage that began " + since));
      return (back - from) / 1000.0;
    }

    /** The acknowledged numbers the table does not hold, read on {@code node} (where MariaDB runs). */
    List<Integer> lost(ClusterLab lab, String node) {
      ExecResult rows = lab.exec(node, "mysql", "-N", "-e", "SELECT n FROM labprobe.t");
      assertThat(rows.exitCode()).as(rows.stderr()).isZero();
      Set<Integer> present = new HashSet<>();
      rows.stdout().lines().map(String::strip).filter(line -> !line.isEmpty()).map(Integer::valueOf)
          .forEach(present::add);
      return acked().stream().filter(n -> !present.contains(n)).toList();
    }
  }

  private final ClusterLab lab;
  private final Path dir;
  private final Path credentials;
  private final String floatingIp;
  private final List<String> apiPorts;
  private Process process;
  private Process ipProbe;
  private Path log;
  private Path ipLog;
  private int runs;

  LoadClient(ClusterLab lab, Path dir, Path credentials, String floatingIp, List<String> apiPorts) {
    this.lab = lab;
    this.apiPorts = List.copyOf(apiPorts);
    this.floatingIp = floatingIp;
    this.dir = dir;
    this.credentials = credentials;
  }

  void start(int firstNumber) throws IOException {
    if (process != null) {
      throw new IllegalStateException("the load client runs already");
    }
    log = dir.resolve("load-" + ++runs + ".log");
    process = lab.startProbe(log, "sh", "-c", SCRIPT, "sh", credentials.toString(), Integer.toString(firstNumber),
        floatingIp, String.join(" ", apiPorts));
    ipLog = dir.resolve("ip-" + runs + ".log");
    ipProbe = lab.startProbe(ipLog, "sh", "-c", IP_SCRIPT, "sh", floatingIp);
  }

  /** How many INSERTs of the current run were acknowledged after {@code since}. */
  long ackedSince(Instant since) throws IOException {
    return parse().stream().filter(insert -> insert.acked() && insert.endedMillis() > since.toEpochMilli()).count();
  }

  /** Bounded wait until the current run has {@code count} acknowledged INSERTs. */
  void awaitAcks(int count) throws Exception {
    awaitLog(() -> parse().stream().filter(Insert::acked).count() >= count, count + " acknowledged INSERTs");
  }

  /** Bounded wait until an INSERT is acknowledged after {@code since}. */
  void awaitAckAfter(Instant since) throws Exception {
    awaitLog(() -> parse().stream().anyMatch(i -> i.acked() && i.endedMillis() > since.toEpochMilli()),
        "an INSERT acknowledged after " + since);
  }

  /** Bounded wait until an API request through HAProxy is answered after {@code since}. */
  void awaitApiAnswerAfter(Instant since) throws Exception {
    awaitLog(() -> requests().stream().anyMatch(r -> r[1] == 1 && r[0] > since.toEpochMilli()),
        "an API request answered after " + since);
  }

  /** Stops the client by its pid and returns what it logged. */
  Result stop() throws Exception {
    for (Process started : List.of(process, ipProbe)) {
      started.destroy();
      if (!started.waitFor(10, TimeUnit.SECONDS)) {
        started.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    process = null;
    List<long[]> probes = new ArrayList<>();
    for (String line : Files.readAllLines(ipLog)) {
      String[] fields = line.split(" ");
      if (fields.length == 2 && (fields[0].equals("up") || fields[0].equals("down"))) {
        probes.add(new long[] {Long.parseLong(fields[1]), fields[0].equals("up") ? 1 : 0});
      }
    }
    return new Result(parse(), probes, requests());
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private void awaitLog(Condition condition, String what) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    for (int attempt = 0; attempt < 900 && Instant.now().isBefore(deadline); attempt++) {
      if (condition.holds()) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    fail("load client: no " + what + " within " + WAIT.toSeconds() + " s; its log:\n" + Files.readString(log));
  }

  /**
   * The API requests logged so far: when each ended (epoch ms), 1 answered or 0 failed, the port, when it began, and
   * curl's exit code (28: no answer within its 10 s).
   */
  private List<long[]> requests() throws IOException {
    List<long[]> requests = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      String[] fields = line.split(" ");
      if (fields.length >= 4 && (fields[0].equals("http-ok") || fields[0].equals("http-fail"))) {
        requests.add(new long[] {Long.parseLong(fields[2]), fields[0].equals("http-ok") ? 1 : 0,
            Long.parseLong(fields[1]), Long.parseLong(fields[3]), fields.length == 5 ? Long.parseLong(fields[4]) : 0});
      }
    }
    return requests;
  }

  private List<Insert> parse() throws IOException {
    List<Insert> inserts = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      String[] fields = line.split(" ", 4);
      if (fields.length >= 3 && (fields[0].equals("ack") || fields[0].equals("fail"))) {
        String why = fields.length == 4 ? "exit " + fields[3].replaceFirst(" ", ": ") : "";
        inserts.add(new Insert(Integer.parseInt(fields[1]), fields[0].equals("ack"), Long.parseLong(fields[2]), why));
      }
    }
    return inserts;
  }
}
