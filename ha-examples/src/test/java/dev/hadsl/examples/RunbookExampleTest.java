package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.LocalExecutor;
import dev.hadsl.openstack.QpidClusterMessaging;
import dev.hadsl.openstack.ControlPlane;
import dev.hadsl.openstack.Platform;
import dev.hadsl.pacemaker.CibComparison;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.pacemaker.simulation.FailoverSimulator;
import dev.hadsl.pacemaker.simulation.Placement;
import dev.hadsl.testing.tools.Netns;
import dev.hadsl.testing.tools.PrivateSshd;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's output, end to end, judged by the real tools. */
class RunbookExampleTest {
  /** The runbook's own deployment, on its platform (RHEL 6.5), Qpid clustered: the example's default. */
  @TempDir static Path out;
  static ControlPlane plane;
  /** The same on the modern preset (EL9), Qpid in the group (EL9's Qpid has no cluster module). */
  @TempDir static Path modernOut;
  static ControlPlane modern;

  @BeforeAll
  static void render() throws Exception {
    plane = RunbookExample.controlPlane(new RunbookExample.Options(out, false, Platform.RHEL_6_5, true, false,
        Optional.empty()));
    RunbookExample.render(plane, out);
    modern = RunbookExample.controlPlane(new RunbookExample.Options(modernOut, true, Platform.EL9, true, false,
        Optional.empty()));
    RunbookExample.render(modern, modernOut);
  }

  private static List<Path> files(String glob) throws Exception {
    return files(out, glob);
  }

  private static List<Path> files(Path root, String glob) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      var matcher = root.getFileSystem().getPathMatcher("glob:" + glob);
      return paths.filter(p -> matcher.matches(root.relativize(p))).sorted().toList();
    }
  }

  @Test
  void writesTheDocumentedLayout() {
    for (String file : List.of("plan.txt", "pacemaker/cib.xml", "pacemaker/pcs-commands.sh",
        "pacemaker/cib-install/install.sh", "pacemaker/cib-install/resources.xml", "qpid/iptables.rules",
        "hosts/node1/apply.sh", "hosts/node1/files/etc/haproxy/haproxy.cfg", "hosts/qpid2/apply.sh",
        "hosts/qpid2/files/etc/corosync/corosync.conf")) {
      assertThat(out.resolve(file)).isRegularFile();
    }
  }

  @Test
  void everyHaproxyCfgPassesHaproxyWithWarningsFatal() throws Exception {
    Path pem = dev.hadsl.testing.tools.Certificates.selfSigned(out);
    List<Path> configs = new java.util.ArrayList<>(files("hosts/*/files/etc/haproxy/haproxy.cfg"));
    configs.addAll(files(modernOut, "hosts/*/files/etc/haproxy/haproxy.cfg"));
    assertThat(configs).hasSize(6);
    for (Path config : configs) {
      // haproxy -c loads the TLS certificate: point crt at a real one, change nothing else.
      Path checked = Files.writeString(out.resolve("checked-haproxy.cfg"),
          Files.readString(config).replace("/etc/haproxy/horizon.pem", pem.toString()));
      ExecResult result = RealTools.run("haproxy", "-c", "-dW", "-f", checked.toString());
      assertThat(result.exitCode()).as(config + "\n" + result.stdout() + result.stderr()).isZero();
    }
  }

  @Test
  void cibPassesCrmVerify() {
    ExecResult result = RealTools.run("crm_verify", "-x", out.resolve("pacemaker/cib.xml").toString(), "-V");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void groupSurvivesEachControlNodeFailingInTurn() throws Exception {
    assertThat(Files.readString(out.resolve("pacemaker/cib.xml"))).isEqualTo(CibRenderer.render(plane.cluster()));
    RealTools.require("crm_simulate");
    FailoverSimulator simulator = FailoverSimulator.using(Executors.local(), Host.of("localhost", "127.0.0.1"),
        Files.createDirectories(out.resolve("simulation")));
    List<String> members = ((Group) plane.cluster().resources().get(0)).members().stream().map(Primitive::id).toList();
    for (Host failed : plane.controlNodes()) {
      Placement after = simulator.afterFailureOf(plane.cluster(), failed.name());
      String survivor = after.nodeOf("vip").orElseThrow(() -> new AssertionError("vip down after " + failed));
      assertThat(survivor).isNotEqualTo(failed.name());
      for (String member : members) {
        assertThat(after.nodeOf(member)).as("%s after %s fails", member, failed.name()).contains(survivor);
      }
    }
  }

  @Test
  void pcsScriptReplayedWithPcsFileModeBuildsTheSameCib() throws Exception {
    RealTools.require("pcs");
    // pcs 0.11 here replays the modern preset's script; the runbook platform's pcs 0.9.90 syntax is judged by its own
    // usage table (El6CommandsTest).
    Path cib = modernOut.resolve("replayed-cib.xml");
    String script = Files.readString(modernOut.resolve("pacemaker/pcs-commands.sh"));
    // Offline, only the changes to the CIB copy can run (setup, cib and cib-push need live nodes): the lines between
    // 'pcs cluster cib' and 'cib-push', pcs -f calls and the cibadmin calls that merge secrets from stdin.
    StringBuilder replay = new StringBuilder("set -eu\ncibadmin --empty > " + cib + "\n");
    List<String> lines = script.lines().toList();
    int first = lines.indexOf(lines.stream().filter(l -> l.contains("pcs cluster cib \"$1\"")).findFirst()
        .orElseThrow()) + 1;
    int last = lines.indexOf(lines.stream().filter(l -> l.startsWith("pcs cluster cib-push")).findFirst()
        .orElseThrow());
    lines.subList(first, last).forEach(line -> replay.append(line.replace(modern.cibFile(), cib.toString()))
        .append('\n'));
    assertThat(replay.toString().lines().count()).isGreaterThan(10);
    Path replayScript = Files.writeString(modernOut.resolve("replay.sh"), replay);
    ExecResult result = RealTools.run(java.time.Duration.ofMinutes(5), "sh", replayScript.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(CibComparison.describe(Files.readString(cib)))
        .containsExactlyElementsOf(CibComparison.describe(Files.readString(modernOut.resolve("pacemaker/cib.xml"))));
  }

  @Test
  void corosyncAcceptsEachQpidMembersFileAtItsAddress(@TempDir Path etc) throws Exception {
    // Corosync also reads uidgid.d/qpidd beside the file and looks the user up: give it the user the qpid
    // package creates on a real member, in a private mount namespace.
    var qpiddUser = Netns.withUser(etc, "qpidd");
    List<Host> members = ((QpidClusterMessaging) plane.messaging()).cluster().members();
    for (Host member : members) {
      Path conf = out.resolve("hosts").resolve(member.name()).resolve("files/etc/corosync/corosync.conf");
      assertThat(conf.resolveSibling("uidgid.d/qpidd")).isRegularFile();
      // The file is for RHEL 6.5's Corosync 1.4, which cannot run here; Corosync 3 reads it once given the nodelist
      // it requires and a log to stderr (this machine has no /var/log/cluster), nothing else changed.
      StringBuilder nodelist = new StringBuilder("nodelist {\n");
      for (int i = 0; i < members.size(); i++) {
        nodelist.append("    node {\n        ring0_addr: ").append(members.get(i).address()).append("\n        nodeid: ")
            .append(i + 1).append("\n    }\n");
      }
      Path readable = Files.writeString(conf.resolveSibling("corosync3-readable.conf"), Files.readString(conf)
          .replace("to_stderr: no", "to_stderr: yes").replace("to_logfile: yes", "to_logfile: no")
          .replace("    logfile: /var/log/cluster/corosync.log\n", "") + nodelist + "}\n");
      ExecResult result = Netns.run(List.of(member.address()), qpiddUser, "corosync", "-t", "-c",
          readable.toString());
      assertThat(result.exitCode()).as(member + ": " + result.stderr()).isZero();
    }
  }

  @Test
  void firewallRulesPassIptablesRestoreTest() {
    ExecResult result = Netns.run(List.<Ipv4Address>of(), "iptables-restore", "--test",
        out.resolve("qpid/iptables.rules").toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void everyScriptPassesShellcheck() throws Exception {
    List<Path> scripts = files("hosts/*/apply.sh");
    assertThat(scripts).hasSize(7); // 3 control nodes, 2 Qpid brokers, 2 compute nodes
    List<Path> modernScripts = files(modernOut, "hosts/*/apply.sh");
    assertThat(modernScripts).hasSize(5); // Qpid in the group
    for (Path script : Stream.of(scripts, modernScripts, List.of(out.resolve("pacemaker/pcs-commands.sh"),
        modernOut.resolve("pacemaker/pcs-commands.sh"), out.resolve("pacemaker/cib-install/install.sh")))
        .flatMap(List::stream).toList()) {
      RealTools.runOk("shellcheck", "-s", "sh", script.toString());
    }
  }

  @Test
  void planTextShowsNoSecret() throws Exception {
    String plan = Files.readString(out.resolve("plan.txt"));
    assertThat(plan).doesNotContain("change-me").contains("******");
  }

  @Test
  void iniEditsAppliedByCrudiniGiveTheExpectedValues(@TempDir Path root) throws Exception {
    RealTools.require("crudini");
    List<IniEdit> edits = plane.plan().runsOn("node2").stream().map(run -> run.step().artifact())
        .filter(IniEdit.class::isInstance).map(IniEdit.class::cast).toList();
    for (String file : edits.stream().map(IniEdit::file).distinct().toList()) {
      Path target = root.resolve(file.substring(1));
      Files.createDirectories(target.getParent());
      Files.writeString(target, "[DEFAULT]\nqpid_hostname=localhost\nqpid_port=5672\n\n[database]\n"
          + "connection=mysql://nova:old@localhost/nova\n\n[keystone_authtoken]\nauth_host=127.0.0.1\n");
    }
    LocalExecutor crudini = LocalExecutor.builder().fileRoot(root).build();
    for (IniEdit edit : edits) {
      assertThat(crudini.execute(Host.of("node2", "192.168.122.102"), edit).exitCode()).as(edit.toString()).isZero();
    }
    Path nova = root.resolve("etc/nova/nova.conf");
    assertThat(RealTools.run("crudini", "--get", nova.toString(), "DEFAULT", "osapi_compute_listen").stdout())
        .isEqualTo("192.168.122.102\n");
    assertThat(RealTools.run("crudini", "--get", nova.toString(), "DEFAULT", "qpid_hosts").stdout())
        .isEqualTo("192.168.122.111:5672,192.168.122.112:5672\n");
    assertThat(RealTools.run("crudini", "--get", nova.toString(), "DEFAULT", "qpid_hostname").exitCode()).isNotZero();
    assertThat(RealTools.run("crudini", "--get", nova.toString(), "database", "connection").stdout())
        .isEqualTo("mysql://nova:change-me-db@192.168.122.200/nova\n");
    assertThat(RealTools.run("crudini", "--get", root.resolve("etc/keystone/keystone.conf").toString(), "DEFAULT",
        "bind_host").stdout()).isEqualTo("192.168.122.102\n");
    assertThat(RealTools.run("crudini", "--get", root.resolve("etc/glance/glance-api.conf").toString(), "DEFAULT",
        "sql_connection").stdout()).isEqualTo("mysql://glance:change-me-db@192.168.122.200/glance\n");
  }

  @Test
  void filesCarryingSecretsArePrivate() throws Exception {
    for (String section : List.of("resources.xml", "constraints.xml", "owned-settings.xml")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("pacemaker/cib-install")
          .resolve(section)))).as(section).isEqualTo("rw-------");
    }
    assertThat(out.resolve("pacemaker/cib-install/resources.xml")).content().contains("id=\"fence-node1\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("pacemaker/cib.xml"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(
        "pacemaker/pcs-commands.sh")))).isEqualTo("rwx------");
  }

  @Test
  void runbookPlatformRendersWhatRhel65Runs() throws Exception {
    assertThat(out.resolve("pacemaker/pcs-commands.sh")).content().as("CMAN: each node sets itself up, no pcsd")
        .contains("pcs cluster setup --name openstack node1 node2 node3", "cman_tool nodes",
            "resource create haproxy lsb:haproxy").doesNotContain("cluster auth", "--no-default-ops", "--config");
    assertThat(out.resolve("pacemaker/cib.xml")).content().as("RHEL 6's fence_ipmilan reads ipaddr/login/passwd")
        .contains("name=\"ipaddr\"", "name=\"login\"", "name=\"passwd\"").doesNotContain("name=\"username\"",
            "name=\"password\"");
    assertThat(out.resolve("plan.txt")).content().as("pcs 0.9.90 has no cib-push --config: native install")
        .doesNotContain("cib-push", "pcsd", "hacluster").contains("--replace --scope configuration");
    assertThat(out.resolve("hosts/node1/files/etc/haproxy/haproxy.cfg")).content().as("HAProxy 1.4: no TLS")
        .doesNotContain(" ssl ", "http-request redirect", "http-request set-header", "retry-on", "timeout tunnel")
        .contains("redirect prefix https://192.168.122.200 code 301", "option ssl-hello-chk");
    assertThat(out.resolve("hosts/node1/files/etc/httpd/conf.d/ssl.conf")).content().as("TLS in Apache mod_ssl")
        .contains("Listen 192.168.122.101:443", "SSLCertificateFile /etc/pki/tls/certs/horizon.crt");
  }

  @Test
  void modernPlatformRendersWhatEl9Runs() throws Exception {
    assertThat(modernOut.resolve("pacemaker/pcs-commands.sh")).content()
        .contains("pcs host auth", "resource create haproxy systemd:haproxy", "resource defaults update",
            "cib-push /root/ha-dsl-cib.xml --config").doesNotContain("lsb:");
    assertThat(modernOut.resolve("qpid")).doesNotExist();
    assertThat(modernOut.resolve("hosts/node1/files/etc/haproxy/haproxy.cfg")).content()
        .contains("ssl crt /etc/haproxy/horizon.pem", "ssl-min-ver TLSv1.2");
    ExecResult verify = RealTools.run("crm_verify", "-x", modernOut.resolve("pacemaker/cib.xml").toString(), "-V");
    assertThat(verify.exitCode()).as(verify.stderr()).isZero();
  }

  @Test
  void theModernPresetRefusesTheClusteredQpidNamingTheVersion() {
    assertThatThrownBy(() -> RunbookExample.controlPlane(new RunbookExample.Options(modernOut, false, Platform.EL9,
        false, false, Optional.empty())))
        .hasMessageContaining("the clustered Qpid needs Qpid's Corosync cluster module, which Qpid C++ 1.39.0 does"
            + " not have (the last release with it is 0.18)");
  }

  @Test
  void haproxyCloneVariantPassesTheRealTools(@TempDir Path clone) throws Exception {
    ControlPlane cloned = RunbookExample.controlPlane(new RunbookExample.Options(clone, true, Platform.EL9, true, true,
        Optional.empty()));
    RunbookExample.render(cloned, clone);
    assertThat(clone.resolve("pacemaker/pcs-commands.sh")).content()
        .contains("resource create haproxy systemd:haproxy op monitor interval=30s clone haproxy-clone interleave=true");
    ExecResult verify = RealTools.run("crm_verify", "-x", clone.resolve("pacemaker/cib.xml").toString(), "-V");
    assertThat(verify.exitCode()).as(verify.stderr()).isZero();
    RealTools.runOk("shellcheck", "-s", "sh", clone.resolve("hosts/node1/apply.sh").toString());
  }

  @Test
  void optionsAreParsedAndBadOnesRefused() {
    var err = new java.io.ByteArrayOutputStream();
    assertThat(RunbookExample.parse(new String[] {"--qpid", "sideways"}, new java.io.PrintStream(err))).isEmpty();
    assertThat(err.toString()).contains("--qpid takes 'cluster' or 'group', was 'sideways'");
    assertThat(RunbookExample.parse(new String[] {"--out", "x", "--qpid", "group", "--el6", "--haproxy", "clone"},
        System.err)).contains(new RunbookExample.Options(Path.of("x"), true, Platform.RHEL_6_5, false, true,
        Optional.empty()));
    assertThat(RunbookExample.parse(new String[] {"--platform", "el9"}, System.err)).contains(
        new RunbookExample.Options(Path.of("ha-output"), true, Platform.EL9, false, false, Optional.empty()));
    assertThat(RunbookExample.parse(new String[] {"--platform", "el6"}, new java.io.PrintStream(err))).isEmpty();
    assertThat(err.toString()).contains("--platform takes rhel6.5 or el9, was 'el6'");
    assertThat(RunbookExample.parse(new String[] {"--apply", "--ssh-key", "k", "--ssh-port", "2222", "--ssh-option",
        "UserKnownHostsFile=/tmp/kh", "--parallel", "3", "--resume"}, System.err).orElseThrow().apply())
        .contains(new RunbookExample.Apply(Optional.of(Path.of("k")), "root", 2222, List.of("UserKnownHostsFile=/tmp/kh"),
            3, true));
    assertThat(RunbookExample.parse(new String[] {"--drain", "node2", "--ssh-key", "k"}, System.err).orElseThrow()
        .apply().orElseThrow().maintenance()).contains(new RunbookExample.Maintenance("node2", true));
    assertThat(RunbookExample.parse(new String[] {"--undrain", "node2"}, System.err).orElseThrow().apply()
        .orElseThrow().maintenance()).contains(new RunbookExample.Maintenance("node2", false));
    err.reset();
    assertThat(RunbookExample.parse(new String[] {"--drain", "node2", "--apply"}, new java.io.PrintStream(err)))
        .isEmpty();
    assertThat(err.toString()).contains("--drain and --undrain run instead of --apply or --preview");
    err.reset();
    assertThat(RunbookExample.parse(new String[] {"--drain", "no de"}, new java.io.PrintStream(err))).isEmpty();
    assertThat(err.toString()).contains("--drain needs one node name, was 'no de'");
    err.reset();
    assertThat(RunbookExample.parse(new String[] {"--resume"}, new java.io.PrintStream(err))).isEmpty();
    assertThat(err.toString()).contains("go with --apply");
    err.reset();
    assertThat(RunbookExample.parse(new String[] {"--apply", "--parallel", "0"}, new java.io.PrintStream(err)))
        .isEmpty();
    assertThat(err.toString()).contains("--parallel needs a number from 1 to 9999, was '0'");
  }

  /**
   * The CLI's apply over SSH against a private sshd on 127.0.0.1: a plan failing at its second step stops with the
   * way to resume; fixed and run again with --resume, the completed step is skipped, and a third apply finds every
   * step in place. The progress (not a terminal here) is one line per step with each host's counts.
   */
  @Test
  void applyShowsProgressStopsWithAResumeHintAndResumes(@TempDir Path dir) throws Exception {
    Host loopback = Host.of("loopback", "127.0.0.1");
    Path flag = dir.resolve("flag");
    Path marker = dir.resolve("marker");
    Plan plan = Plan.builder()
        .addStep(Step.of("first", Target.host(loopback), "create a marker", Command.builder()
            .addArgv("touch", marker.toString()).unless(Command.of("test", "-e", marker.toString())).build()))
        .addStep(Step.of("second", Target.host(loopback), "needs the flag", Command.builder()
            .addArgv("test", "-e", flag.toString()).unless(Command.of("test", "-e", dir.resolve("done").toString()))
            .build()))
        .build();
    try (PrivateSshd sshd = PrivateSshd.start(Files.createDirectories(dir.resolve("sshd")))) {
      RunbookExample.Apply apply = new RunbookExample.Apply(Optional.of(sshd.clientKey()),
          System.getProperty("user.name"), sshd.port(), List.of("StrictHostKeyChecking=no",
              "UserKnownHostsFile=" + sshd.knownHosts()), 4, true);
      var out = new java.io.ByteArrayOutputStream();

      assertThat(RunbookExample.apply(plan, dir, apply, new java.io.PrintStream(out, true))).isEqualTo(1);
      assertThat(out.toString()).contains("[1/2] loopback 1/2 (1 changed)  first",
          "FAILED step 'second' on loopback failed (exit 1)",
          "Stopped at second on loopback. Fix the cause, then run again with --resume: completed steps are skipped.");

      Files.writeString(flag, "");
      out.reset();
      assertThat(RunbookExample.apply(plan, dir, apply, new java.io.PrintStream(out, true))).isZero();
      assertThat(out.toString()).contains("[1/2] loopback 1/2 (0 changed)  first",
          "[2/2] loopback 2/2 (1 changed)  second", "Applied: 2 runs, 1 changed something, 1 already in place");

      Files.writeString(dir.resolve("done"), "");
      out.reset();
      RunbookExample.Apply again = new RunbookExample.Apply(apply.key(), apply.user(), apply.port(),
          apply.sshOptions(), 4, false);
      assertThat(RunbookExample.apply(plan, dir, again, new java.io.PrintStream(out, true))).isZero();
      assertThat(out.toString()).contains("Applied: 2 runs, 0 changed something, 2 already in place");
    }
  }

  @Test
  void aRefusedModelEndsInPlainLinesAndExitTwoNotAStackTrace(@TempDir Path dir) throws Exception {
    // The secret reaches the example as the user gives it, through the environment: run the CLI as a user would.
    String secret = "Summer\n2026x";
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), RunbookExample.class.getName(), "--platform", "el9", "--out",
        dir.resolve("out").toString());
    builder.environment().put("HA_DSL_HACLUSTER_PASSWORD", secret);
    Process refused = builder.start();
    String stderr;
    try {
      refused.getOutputStream().close();
      assertThat(refused.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).as("the CLI ends").isTrue();
      stderr = new String(refused.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } finally {
      refused.destroyForcibly(); // by its handle (its pid), whatever happened above
    }

    assertThat(refused.exitValue()).as(stderr).isEqualTo(2);
    assertThat(stderr).startsWith("ha-examples: refused: ").contains("haclusterPassword must be one line")
        .doesNotContain("Exception", "\tat ", "Summer", "2026x");
    assertThat(dir.resolve("out")).as("nothing rendered").doesNotExist();
  }
}
