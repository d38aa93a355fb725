package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Version;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.pacemaker.PacemakerStack;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.testing.tools.Certificates;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the platform value decides, and what a user-defined platform is refused, naming feature and version. */
class PlatformTest {
  /** A user's platform: EL8.2-like, pcs 0.10.4 (before 'defaults update'), HAProxy 1.8, Qpid 0.20. */
  private static final Platform EL8_2 = Platform.builder().from(Platform.EL9).name("EL8.2")
      .pacemaker(PacemakerStack.builder().from(PacemakerStack.EL9).pcs(Version.of("0.10.4"))
          .pacemaker(Version.of("2.0.3")).corosync(Version.of("3.0.3")).fenceAgents(Version.of("4.2.1")).build())
      .haproxy(Version.of("1.8.15")).qpid(Version.of("0.20")).build();

  @Test
  void versionsCompareNumericallyPartByPart() {
    assertThat(Version.of("0.9.90")).isLessThan(Version.of("0.9.107")).isLessThan(Version.of("0.10"));
    assertThat(Version.of("1.5")).isEqualTo(Version.of("1.5.0")).hasSameHashCodeAs(Version.of("1.5.0"));
    assertThatThrownBy(() -> Version.of("1.5-dev12"))
        .hasMessage("version '1.5-dev12' is not a release number such as 0.9.90 or 2.4");
  }

  @Test
  void aUserDefinedPlatformGetsWhatItsVersionsHave() {
    ControlPlane plane = RunbookPlanes.builder(3).platform(EL8_2).build();
    List<String> pcs = plane.pcsCommands().stream().map(Command::display).toList();
    // pcs 0.10.4 has host auth and knet setup, but 'resource defaults update' only came with 0.10.7.
    assertThat(pcs).anyMatch(c -> c.contains("pcs host auth")).anyMatch(c -> c.endsWith("--wait=300"))
        .anyMatch(c -> c.contains("resource defaults resource-stickiness=100"))
        .noneMatch(c -> c.contains("defaults update"));
    ControlPlane lowLatency = ControlPlane.builder().from(plane).corosyncToken(java.time.Duration.ofMillis(1000))
        .build();
    assertThat(lowLatency.pcsCommands().stream().map(Command::display))
        .anyMatch(c -> c.contains("pcs cluster setup ") && c.endsWith(" totem token=1000"));
    // HAProxy 1.8: TLS binds and ssl-min-ver, but no retry-on (2.0).
    assertThat(plane.haproxy().render()).contains("ssl-min-ver TLSv1.2", " ssl crt ").doesNotContain("retry-on");
    // The redispatch interval (1.6) is there; RHEL 6.5's HAProxy 1.4 gets the bare option, which redispatches on the
    // last retry only.
    assertThat(plane.haproxy().render()).contains("\n    option redispatch 1\n");
    assertThat(RunbookPlanes.rhel65(3).haproxy().render()).contains("\n    option redispatch\n");
  }

  @Test
  void whatAPlatformLacksIsRefusedNamingTheFeatureAndTheVersion() {
    Platform oldHaproxy = Platform.builder().from(Platform.RHEL_6_5).name("RHEL 6.5 with pcsd").build();
    assertThatThrownBy(() -> RunbookPlanes.builder(3).platform(oldHaproxy)
        .messaging(Messaging.cluster(RunbookPlanes.qpidCluster())).build())
        .hasMessageContaining("HAProxy 1.4.24 has no TLS binds (since 1.5); terminate TLS in Apache"
            + " (HorizonSsl.apache()) or raise the HAProxy version");
    assertThatThrownBy(() -> RunbookPlanes.builder(3).platform(EL8_2)
        .messaging(Messaging.cluster(RunbookPlanes.qpidCluster())).build())
        .hasMessageContaining("the clustered Qpid needs Qpid's Corosync cluster module, which Qpid C++ 0.20 does not"
            + " have (the last release with it is 0.18)");
    assertThatThrownBy(() -> ControlPlane.builder().from(RunbookPlanes.inGroup(3)).haclusterPassword(
        java.util.Optional.empty()).build())
        .hasMessageContaining("haclusterPassword is missing: pcs 0.11.4 on EL9 authenticates the nodes to each other"
            + " through pcsd as hacluster");
    assertThatThrownBy(() -> ControlPlane.builder().from(RunbookPlanes.rhel65(3))
        .corosyncToken(java.time.Duration.ofMillis(1000)).build())
        .hasMessageContaining("corosyncToken 1000 ms: pcs 0.9.90 on RHEL 6.5 sets no totem options at setup (pcs"
            + " 0.10.1 does: 'totem token=')");
    assertThatThrownBy(() -> ControlPlane.builder().from(RunbookPlanes.inGroup(3))
        .corosyncToken(java.time.Duration.ofMillis(20)).build())
        .hasMessageContaining("totemToken PT0.02S must be whole milliseconds between 100 ms and 60 s");
    assertThatThrownBy(() -> PacemakerStack.builder().from(PacemakerStack.RHEL_6_5).pcs(Version.of("0.10.8")).build())
        .hasMessage("pacemaker stack: pcs 0.10.8 cannot drive CMAN (Corosync 1.4.1): pcs 0.10 dropped CMAN; use pcs"
            + " 0.9 or Corosync 2+");
  }

  @Test
  void rhel65NeedsNoHaclusterPasswordAndRestartsWithoutPcsResourceRestart() {
    ControlPlane plane = RunbookPlanes.rhel65(3);
    assertThat(ControlPlane.builder().from(plane).haclusterPassword(java.util.Optional.empty()).build().plan().steps())
        .extracting(step -> step.id()).doesNotContain("cluster.hacluster-password", "cluster.pcsd-start");
    assertThat(PcsRenderer.of(PacemakerStack.RHEL_6_5).restartCommand("haproxy").argv()).containsExactly("sh", "-c",
        "pcs resource disable \"$1\" --wait && pcs resource enable \"$1\" --wait", "sh", "haproxy");
    assertThat(PcsRenderer.of(PacemakerStack.EL9).restartCommand("haproxy").argv())
        .containsExactly("pcs", "resource", "restart", "haproxy");
  }

  @Test
  void apacheEndsHorizonsTlsWhereHaproxyCannotAndApacheAcceptsTheFile(@TempDir Path root) throws Exception {
    RealTools.require("apache2");
    ControlPlane plane = RunbookPlanes.rhel65(3);
    String sslConf = ((ConfigFile) plane.plan().step("openstack.listen.node2.httpd-ssl").artifact()).content();
    assertThat(sslConf).contains("Listen 192.168.122.102:443", "<VirtualHost 192.168.122.102:443>")
        .doesNotContain("Listen 443\n");
    // Django believes only the header once SECURE_PROXY_SSL_HEADER is set, and behind Apache's TLS no one sets it.
    assertThat(plane.plan().steps()).extracting(step -> step.id()).doesNotContain("horizon.proxy-ssl-header")
        .contains("horizon.csrf-cookie-secure");
    assertThat(plane.haproxy().render()).contains("redirect prefix https://192.168.122.200 code 301",
        "listen horizon-tls", "mode tcp", "option ssl-hello-chk");

    // Apache here is 2.4 (RHEL 6 has 2.2; the file keeps to directives both know): ServerRoot with modules/ as on
    // RHEL, a real certificate for the two paths, and the minimum a server config needs besides the file.
    Path pem = Certificates.selfSigned(root);
    Files.createSymbolicLink(root.resolve("modules"), Path.of("/usr/lib/apache2/modules"));
    Files.createDirectories(root.resolve("logs"));
    Path conf = Files.writeString(root.resolve("ssl.conf"), sslConf
        .replace("/etc/pki/tls/certs/horizon.crt", pem.toString())
        .replace("/etc/pki/tls/private/horizon.key", pem.toString()));
    Path main = Files.writeString(root.resolve("httpd.conf"), String.join("\n",
        "ServerRoot " + root,
        "ServerName node2",
        "PidFile " + root.resolve("httpd.pid"),
        "LoadModule mpm_prefork_module modules/mod_mpm_prefork.so",
        "LoadModule authz_core_module modules/mod_authz_core.so",
        "Include " + conf,
        ""));
    ExecResult result = RealTools.run("apache2", "-t", "-f", main.toString());
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    assertThat(result.stderr()).contains("Syntax OK");
  }
}
