package dev.hadsl.testing.tools;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.SshExecutor;
import dev.hadsl.core.exec.SshOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Several cluster nodes on this one machine, each in its own Linux namespaces (network, mount, UTS, IPC, PID), joined
 * by a bridge that lives in a private network namespace of its own: the recipe of {@code shared/research/lab.md}.
 *
 * <ul>
 *   <li>Each node sees a private, writable view of {@code /etc}, {@code /var}, {@code /root}, {@code /usr/sbin} and
 *       {@code /usr/local}
 *       (overlays whose upper layers live in the lab directory and survive {@link #restart}), a fresh {@code /run},
 *       {@code /sys} and {@code /dev/shm}: a plan can write anywhere a real host would, and nothing reaches the
 *       machine's own files.
 *   <li>Each node runs sshd on port 22 of its own network namespace, reachable from the bridge namespace with the lab
 *       key ({@link #sshExecutor()}); all nodes share one host key, so an address that moves between nodes (a
 *       floating IP) does not look like a changed host.
 *   <li>One shared block device (an ext4 image on a loop device), for storage mounted on one node at a time.
 *   <li>Fencing: the {@code stonith:fence_lab} agent inside every node asks a host-side helper, which kills the target
 *       node's pid 1 (every process of the node dies with it) and acknowledges.
 * </ul>
 *
 * Needs root: skipped locally without it, a failure under CI. Every process is stopped by its pid; {@link #close()}
 * checks that nothing is left.
 */
public final class ClusterLab implements AutoCloseable {
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
  private static final String NODE_MARKER = "ha-dsl-lab-node";
  private static final String IMAGE_NAME = "ha-dsl-lab-shared.img";
  private static final String NODE_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";

  // pid 1 of a node: overlays and private mounts, then a reaper (perl, part of Debian's essential perl-base), so
  // daemons that double-fork do not linger as zombies that still look alive to init scripts.
  private static final String NODE_INIT = String.join("\n",
      "set -eu",
      "name=$1 state=$2",
      "hostname \"$name\"",
      "mount --make-rprivate /",
      "for dir in etc var root usr/sbin usr/local; do",
      "  layer=$state/$(echo \"$dir\" | tr / -)",
      "  mkdir -p \"$layer.upper\" \"$layer.work\"",
      "  mount -t overlay overlay -o \"lowerdir=/$dir,upperdir=$layer.upper,workdir=$layer.work\" \"/$dir\"",
      "done",
      // A node's root starts with a fresh home, as on a new host: the machine's own dotfiles (a pyenv setup that
      // bash sources for every SSH command, 2-3 s each) are not the node's. The layer keeps what the plan writes.
      "mkdir -p \"$state/root-home\"",
      "mount --bind \"$state/root-home\" /root",
      "mount -t tmpfs -o mode=0755 tmpfs /run",
      "mkdir -p /run/lock /run/resource-agents /run/crm /run/sshd /run/haproxy /run/pacemaker",
      "mount -t sysfs sysfs /sys",
      "mount -t tmpfs tmpfs /dev/shm",
      "cp \"$state/../../hosts\" /etc/hosts",
      "exec perl -e '$0 = \"" + NODE_MARKER + " \" . $ARGV[0]; while (1) { sleep 1 if wait() == -1 }' \"$name\"",
      "");

  // The lab's stonith agent: options arrive on stdin as key=value lines (the fence-agent API Pacemaker speaks).
  private static final String FENCE_AGENT = String.join("\n",
      "#!/bin/sh",
      "action=${1:-} target=''",
      "while IFS='=' read -r key value; do",
      "  case $key in",
      "    action|option) action=$value ;;",
      "    port|plug|nodename) target=$value ;;",
      "  esac",
      "done",
      "case $action in",
      "  metadata) cat <<'EOF'",
      "<?xml version=\"1.0\" ?>",
      "<resource-agent name=\"fence_lab\" shortdesc=\"ha-dsl lab fencing: the host kills the node's pid 1\">",
      "<parameters>",
      "<parameter name=\"port\" unique=\"0\" required=\"0\"><getopt mixed=\"-n\"/><content type=\"string\"/>"
          + "<shortdesc lang=\"en\">node to fence</shortdesc></parameter>",
      "</parameters>",
      "<actions><action name=\"on\"/><action name=\"off\"/><action name=\"reboot\"/><action name=\"status\"/>"
          + "<action name=\"list\"/><action name=\"monitor\"/><action name=\"metadata\"/></actions>",
      "</resource-agent>",
      "EOF",
      "    exit 0 ;;",
      "  status|monitor|on) exit 0 ;;",
      "  list) cat @FENCE_DIR@/nodes; exit 0 ;;",
      "  off|reboot)",
      "    [ -n \"$target\" ] || exit 1",
      "    : > \"@FENCE_DIR@/$target.request\"",
      "    i=0",
      "    while [ $i -lt 300 ]; do",
      "      if [ -e \"@FENCE_DIR@/$target.done\" ]; then rm -f \"@FENCE_DIR@/$target.done\"; exit 0; fi",
      "      sleep 0.1; i=$((i + 1))",
      "    done",
      "    exit 1 ;;",
      "esac",
      "exit 1",
      "");

  /** A running node: the unshare process and the host pid of the node's pid 1. */
  private record Running(Process unshare, long pid1) {}

  private final Path dir;
  private final ImmutableList<Host> hosts;
  private final Ipv4Address bridgeAddress;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final List<String> fenced = new ArrayList<>();
  private final List<Process> probes = new ArrayList<>();
  private Process bridge;
  private String loopDevice;
  private Thread fencer;
  private volatile boolean closing;

  private ClusterLab(Path dir, List<Host> hosts) {
    this.dir = dir.toAbsolutePath();
    this.hosts = ImmutableList.copyOf(hosts);
    Ipv4Address network = hosts.get(0).network().orElseThrow(() -> new IllegalArgumentException(
        "lab hosts need a prefix, e.g. 192.168.122.101/24")).address();
    this.bridgeAddress = Ipv4Address.ofBits(network.bits() + 1);
  }

  /**
   * Creates the bridge and one node per host (hosts with a prefix, all in one subnet; the bridge takes the subnet's
   * first address), the shared device and the fencing helper. Skips locally without root; fails under CI.
   */
  public static ClusterLab start(Path dir, List<Host> hosts) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      if (RealTools.underCi()) {
        fail("the cluster lab needs root under CI");
      }
      assumeTrue(false, "the cluster lab needs root");
    }
    for (String tool : List.of("unshare", "nsenter", "ip", "sshd", "ssh", "ssh-keygen", "losetup", "mkfs.ext4",
        "perl")) {
      RealTools.require(tool);
    }
    refuseLeftovers();
    ClusterLab lab = new ClusterLab(dir, hosts);
    try {
      lab.startBridge();
      lab.prepareFiles();
      for (Host host : hosts) {
        lab.startNode(host);
      }
      lab.startFencer();
      return lab;
    } catch (Exception | AssertionError e) {
      try {
        lab.close();
      } catch (AssertionError cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** A lab left behind by an earlier run (a killed test) would share names and devices: refuse to start. */
  private static void refuseLeftovers() {
    List<String> leftovers = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          if (cmdline.startsWith(NODE_MARKER)) {
            leftovers.add("process " + p.getFileName() + " (" + cmdline.strip() + ")");
          }
        } catch (IOException | RuntimeException gone) {
          // ended meanwhile
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String loops = RealTools.run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").stdout();
    loops.lines().filter(line -> line.contains(IMAGE_NAME)).forEach(line -> leftovers.add("loop device " + line));
    if (!leftovers.isEmpty()) {
      fail("an earlier cluster lab left state behind; remove it first: " + leftovers);
    }
  }

  private void startBridge() throws Exception {
    bridge = new ProcessBuilder(RealTools.require("unshare"), "--net", "--", "sleep", "infinity")
        .redirectErrorStream(true).redirectOutput(dir.resolve("bridge.log").toFile()).start();
    String prefix = Integer.toString(hosts.get(0).network().orElseThrow().prefix());
    for (List<String> argv : List.of(List.of("ip", "link", "set", "lo", "up"),
        List.of("ip", "link", "add", "br0", "type", "bridge"),
        List.of("ip", "addr", "add", bridgeAddress.text() + "/" + prefix, "dev", "br0"),
        List.of("ip", "link", "set", "br0", "up"))) {
      ok(inBridge(argv));
    }
  }

  private void prepareFiles() throws IOException {
    Files.createDirectories(dir.resolve("fence"));
    StringBuilder etcHosts = new StringBuilder("127.0.0.1 localhost\n");
    hosts.forEach(host -> etcHosts.append(host.address().text()).append(' ').append(host.name()).append('\n'));
    Files.writeString(dir.resolve("hosts"), etcHosts.toString());
    StringBuilder names = new StringBuilder();
    hosts.forEach(host -> names.append(host.name()).append('\n'));
    Files.writeString(dir.resolve("fence/nodes"), names.toString());
    Files.writeString(dir.resolve("node-init.sh"), NODE_INIT);
    RealTools.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("lab_key").toString());
    RealTools.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
    Files.copy(dir.resolve("lab_key.pub"), dir.resolve("authorized_keys"));
    Path image = dir.resolve(IMAGE_NAME);
    RealTools.runOk("truncate", "-s", "256M", image.toString());
    RealTools.runOk("mkfs.ext4", "-q", "-F", image.toString());
    loopDevice = RealTools.runOk("losetup", "--find", "--show", image.toString()).stdout().strip();
  }

  private void startNode(Host host) throws Exception {
    Path state = Files.createDirectories(dir.resolve("nodes").resolve(host.name()));
    // Lab-only programs, placed in the node's /usr/sbin layer: the fence agent, and a modprobe stand-in (kmod is
    // not installed here; the Filesystem agent calls it for ext4, which the kernel already has).
    Path sbin = Files.createDirectories(state.resolve("usr-sbin.upper"));
    writeExecutable(sbin.resolve("fence_lab"), FENCE_AGENT.replace("@FENCE_DIR@", dir.resolve("fence").toString()));
    if (RealTools.locate("modprobe").isEmpty()) {
      writeExecutable(sbin.resolve("modprobe"), "#!/bin/sh\n# ha-dsl lab stand-in: kmod is not installed\nexit 0\n");
    }
    Process unshare = new ProcessBuilder(RealTools.require("unshare"), "--net", "--mount", "--uts", "--ipc", "--pid",
        "--fork", "--mount-proc", "--propagation", "private", "--", "sh", dir.resolve("node-init.sh").toString(),
        host.name(), state.toString())
        .redirectErrorStream(true).redirectOutput(state.resolve("init.log").toFile()).start();
    long pid1 = awaitPid1(unshare, host, state);
    running.put(host.name(), new Running(unshare, pid1));
    String veth = veth(host.name());
    ok(inBridge(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns",
        Long.toString(pid1))));
    ok(inBridge(List.of("ip", "link", "set", veth, "master", "br0", "up")));
    String prefix = Integer.toString(host.network().orElseThrow().prefix());
    ok(exec(host.name(), "ip", "link", "set", "lo", "up"));
    ok(exec(host.name(), "ip", "addr", "add", host.address().text() + "/" + prefix, "dev", "eth0"));
    ok(exec(host.name(), "ip", "link", "set", "eth0", "up"));
    ok(exec(host.name(), "/usr/sbin/sshd", "-o", "ListenAddress=0.0.0.0", "-o",
        "AuthorizedKeysFile=" + dir.resolve("authorized_keys"), "-o", "StrictModes=no", "-o", "UsePAM=no", "-o",
        "PasswordAuthentication=no", "-o", "PermitRootLogin=prohibit-password", "-o", "PidFile=/run/sshd.pid",
        "-h", dir.resolve("host_key").toString()));
    // A restarted node comes back with a new MAC behind its old address: forget the bridge's stale neighbour entry,
    // then wait (bounded) until its sshd answers.
    inBridge(List.of("ip", "neigh", "flush", "to", host.address().text()));
    Instant deadline = Instant.now().plusSeconds(20);
    for (int attempt = 0; attempt < 100 && Instant.now().isBefore(deadline); attempt++) {
      if (inBridge(List.of("timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + host.address().text() + "/22"))
          .succeeded()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("sshd of " + host.name() + " does not answer");
  }

  private static long awaitPid1(Process unshare, Host host, Path state) throws Exception {
    Instant deadline = Instant.now().plusSeconds(15);
    for (int attempt = 0; attempt < 150 && Instant.now().isBefore(deadline); attempt++) {
      Path children = Path.of("/proc", Long.toString(unshare.pid()), "task", Long.toString(unshare.pid()), "children");
      if (!unshare.isAlive()) {
        break;
      }
      String pid = Files.exists(children) ? Files.readString(children).strip() : "";
      if (!pid.isEmpty()) {
        String cmdline = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
        if (cmdline.startsWith(NODE_MARKER)) {
          return Long.parseLong(pid);
        }
      }
      Thread.sleep(100);
    }
    unshare.destroyForcibly();
    throw new AssertionError("node " + host.name() + " did not start: " + Files.readString(state.resolve("init.log")));
  }

  private void startFencer() {
    fencer = new Thread(() -> {
      while (!closing) {
        for (Host host : hosts) {
          Path request = dir.resolve("fence").resolve(host.name() + ".request");
          if (Files.exists(request)) {
            try {
              Files.delete(request);
              synchronized (this) {
                fenced.add(host.name());
                crash(host.name());
              }
              Files.writeString(dir.resolve("fence").resolve(host.name() + ".done"), "");
            } catch (Exception e) {
              e.printStackTrace();
            }
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cluster-lab-fencer");
    fencer.setDaemon(true);
    fencer.start();
  }

  /** Runs {@code argv} inside {@code node} (all its namespaces, a clean environment) and returns what it did. */
  public ExecResult exec(String node, String... argv) {
    return exec(node, Command.of(argv));
  }

  /** Runs {@code command} (its stdin and environment included) inside {@code node}. */
  public ExecResult exec(String node, Command command) {
    List<String> argv = new ArrayList<>(List.of(RealTools.require("nsenter"), "-t", Long.toString(pid1(node)), "-a",
        "--", "env", "-i", "PATH=" + NODE_PATH, "LANG=C.UTF-8", "HOME=/root"));
    argv.addAll(command.argv());
    return run(Command.builder().from(command).argv(argv).build());
  }

  /**
   * Writes {@code content} to {@code path} inside {@code node} with {@code mode} (its private layers: nothing reaches
   * the machine), e.g. a stand-in program in {@code /usr/sbin}, which comes first on the node's PATH.
   */
  public void install(String node, String path, String content, String mode) {
    ok(exec(node, Command.builder().addArgv("sh", "-c", "mkdir -p \"${1%/*}\" && cat > \"$1\" && chmod \"$2\" \"$1\"",
        "sh", path, mode).stdin(content.endsWith("\n") ? content : content + "\n").build()));
  }

  /** Runs {@code argv} in the bridge's network namespace, where every node address is reachable. */
  public ExecResult probe(String... argv) {
    return inBridge(List.of(argv));
  }

  /**
   * Starts {@code argv} in the bridge's network namespace in the background (a load client), its output and errors to
   * {@code log}. The caller bounds it (a bounded loop) and may stop it early with {@link Process#destroy()};
   * {@link #close()} stops, by pid, every one still running.
   */
  public synchronized Process startProbe(Path log, String... argv) throws IOException {
    List<String> full = new ArrayList<>(List.of(RealTools.require("nsenter"), "-t", Long.toString(bridge.pid()), "-n",
        "--"));
    full.addAll(List.of(argv));
    Process probe = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    probes.add(probe);
    return probe;
  }

  /** An SSH executor that reaches the nodes from the bridge namespace as root with the lab key. */
  public SshExecutor sshExecutor() {
    // Connection sharing: one login per node, every later step a channel on it (a login costs ~0.5 s here).
    return Executors.ssh(SshOptions.builder().user("root").identityFile(dir.resolve("lab_key"))
        .connectionSharing(dir.resolve("ssh"))
        .addLauncher(RealTools.require("nsenter"), "-t", Long.toString(bridge.pid()), "-n", "--")
        .addOptions("StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "LogLevel=ERROR",
            "ConnectTimeout=2")
        .timeout(STEP_TIMEOUT).build());
  }

  /** The shared block device (ext4), e.g. {@code /dev/loop0}, visible in every node. */
  public String sharedDevice() {
    return loopDevice;
  }

  /** The lab fencing agent's name, for a {@code stonith:} resource. */
  public static String fenceAgent() {
    return "fence_lab";
  }

  /** The nodes the fencing helper killed, in order. */
  public synchronized List<String> fencedNodes() {
    return List.copyOf(fenced);
  }

  /** Whether {@code node} runs. */
  public synchronized boolean isRunning(String node) {
    return running.containsKey(node);
  }

  /** Kills the node's pid 1: every process of the node dies at once, its network namespace and veth vanish. */
  public synchronized void crash(String node) {
    Running down = running.remove(node);
    if (down == null) {
      return;
    }
    ProcessHandle.of(down.pid1()).ifPresent(ProcessHandle::destroyForcibly);
    waitFor(down.unshare());
    // The shared SSH connection to the dead node would take the next step's channel and hang: end it (ssh -O exit
    // talks to the local master only).
    try {
      sshExecutor().disconnect(hosts.stream().filter(h -> h.name().equals(node)).findFirst().orElseThrow());
    } catch (IOException | RuntimeException none) {
      // no connection was open
    }
    // The kernel tears a dead network namespace down asynchronously: wait (bounded) until the node's veth is gone,
    // so a restart can create it again.
    String veth = veth(node);
    Instant deadline = Instant.now().plusSeconds(10);
    for (int attempt = 0; attempt < 100 && Instant.now().isBefore(deadline); attempt++) {
      if (!inBridge(List.of("ip", "link", "show", veth)).succeeded()) {
        return;
      }
      sleep(100);
    }
    inBridge(List.of("ip", "link", "del", veth));
  }

  private String veth(String node) {
    return "vlab" + hosts.stream().map(Host::name).toList().indexOf(node);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Bounded wait for a process the lab killed; forcibly again if it lingers. */
  private static void waitFor(Process process) {
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops (SIGSTOP) every process of the node: it stops answering without dying, as a hung machine does. */
  public void freeze(String node) {
    signalAll(node, "STOP");
  }

  /** Lets a frozen node run again (SIGCONT). */
  public void thaw(String node) {
    signalAll(node, "CONT");
  }

  /** Crashes the node if it runs, then boots it again: fresh namespaces, its overlay layers (its "disk") kept. */
  public synchronized void restart(String node) throws Exception {
    crash(node);
    startNode(hosts.stream().filter(h -> h.name().equals(node)).findFirst().orElseThrow());
  }

  /**
   * {@code node} back as a bare machine with the same name and address, as after a reinstall: crashed if it runs,
   * its private layers (its "disk": /etc, /var, /root, its /usr/sbin additions) deleted, then booted again. Wait for
   * the cluster to have fenced a crashed node first, or the fencing helper crashes the new one.
   */
  public synchronized void bootBare(String node) throws Exception {
    Host host = hosts.stream().filter(h -> h.name().equals(node)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no lab node '" + node + "'"));
    crash(node);
    TempFiles.deleteRecursively(dir.resolve("nodes").resolve(node));
    startNode(host);
  }

  /**
   * Every node back as a bare machine: all stopped (by their pids 1), their private layers deleted, the shared
   * device formatted afresh, then started again, as if the lab had just been made (for a second fresh apply in the
   * same lab run).
   */
  public synchronized void rebuild() throws Exception {
    for (Host host : hosts) {
      crash(host.name());
    }
    ok(run(Command.of(RealTools.require("mkfs.ext4"), "-q", "-F", loopDevice)));
    for (Host host : hosts) {
      TempFiles.deleteRecursively(dir.resolve("nodes").resolve(host.name()));
    }
    fenced.clear();
    for (Host host : hosts) {
      startNode(host);
    }
  }

  /** The argument vector that runs a program in the bridge's network namespace: put it before the program's. */
  public List<String> bridgeLauncher() {
    return List.of(RealTools.require("nsenter"), "-t", Long.toString(bridge.pid()), "-n", "--");
  }

  /** The private key that logs in to every node as root (from the bridge namespace). */
  public Path sshKey() {
    return dir.resolve("lab_key");
  }

  private void signalAll(String node, String signal) {
    String pidNamespace = readLink(Path.of("/proc", Long.toString(pid1(node)), "ns", "pid"));
    List<String> pids = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> pidNamespace.equals(readLink(p.resolve("ns/pid"))))
          .forEach(p -> pids.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
    argv.addAll(pids);
    run(Command.of(argv));
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | RuntimeException gone) {
      return "";
    }
  }

  private synchronized long pid1(String node) {
    Running node1 = running.get(node);
    if (node1 == null) {
      throw new IllegalStateException("node '" + node + "' is not running");
    }
    return node1.pid1();
  }

  private ExecResult inBridge(List<String> argv) {
    List<String> full = new ArrayList<>(List.of(RealTools.require("nsenter"), "-t", Long.toString(bridge.pid()), "-n",
        "--"));
    full.addAll(argv);
    return run(Command.of(full));
  }

  private static ExecResult run(Command command) {
    try {
      return Executors.local(STEP_TIMEOUT).execute(Host.of("localhost", "127.0.0.1"), command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ExecResult ok(ExecResult result) {
    if (!result.succeeded()) {
      throw new AssertionError("lab command failed (exit " + result.exitCode() + "): " + result.stderr()
          + result.stdout());
    }
    return result;
  }

  private static void writeExecutable(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Stops every node and the bridge by pid, detaches the shared device, and checks that nothing is left: no node
   * process, no loop device on the lab image.
   */
  @Override
  public void close() {
    closing = true;
    if (fencer != null) {
      fencer.interrupt();
    }
    // The shared SSH connections (ControlMaster processes of this JVM's ssh) end before the nodes they talk to.
    if (bridge != null) {
      SshExecutor ssh = sshExecutor();
      for (Host host : hosts) {
        try {
          ssh.disconnect(host);
        } catch (IOException | RuntimeException e) {
          // none was open, or the node is gone: the master exits once its connection breaks
        }
      }
    }
    for (Process probe : probes) {
      if (probe.isAlive()) {
        probe.destroyForcibly();
        waitFor(probe);
      }
    }
    for (String node : new ArrayList<>(running.keySet())) {
      crash(node);
    }
    if (bridge != null) {
      bridge.destroyForcibly();
      waitFor(bridge);
    }
    if (loopDevice != null && !loopDevice.isEmpty()) {
      RealTools.run("losetup", "-d", loopDevice);
    }
    Optional<String> problem = Optional.empty();
    try {
      refuseLeftovers();
    } catch (AssertionError e) {
      problem = Optional.of(e.getMessage());
    }
    if (problem.isPresent()) {
      throw new AssertionError("the cluster lab did not clean up: " + problem.get());
    }
  }
}
