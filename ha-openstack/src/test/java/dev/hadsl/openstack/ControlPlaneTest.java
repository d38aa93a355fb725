package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.export.ScriptExporter;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.PacemakerStack;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.CorosyncDialect;
import dev.hadsl.testing.tools.Golden;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneTest {
  @Test
  void releasingAServiceFromInitNeverStopsItWhileTheClusterRuns(@TempDir Path dir) throws Exception {
    Command release = (Command) RunbookPlanes.rhel65(2).plan().step("cluster.release.mysqld.stop").artifact();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("log");
    // Stand-ins: the service always runs (status 0) and records a stop; cibadmin answers when "cluster" exists.
    Files.writeString(bin.resolve("service"), "#!/bin/sh\nif [ \"$2\" = stop ]; then echo \"stop $1\" >> " + log
        + "; fi\nexit 0\n");
    Files.writeString(bin.resolve("cibadmin"), "#!/bin/sh\ntest -e " + dir.resolve("cluster") + "\n");
    for (Path stub : List.of(bin.resolve("service"), bin.resolve("cibadmin"))) {
      Files.setPosixFilePermissions(stub, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String path = bin + ":/usr/bin:/bin";
    Command stubbed = Command.builder().from(release).putEnvironment("PATH", path)
        .unless(Command.builder().from(release.unless().orElseThrow()).putEnvironment("PATH", path).build()).build();
    dev.hadsl.core.exec.LocalExecutor local = dev.hadsl.core.exec.Executors.local();

    Files.createFile(dir.resolve("cluster"));
    assertThat(local.execute(Host.of("node1", "10.0.0.1"), stubbed).skipped()).as("the cluster runs: left alone")
        .isTrue();
    assertThat(log).doesNotExist();

    Files.delete(dir.resolve("cluster"));
    assertThat(local.execute(Host.of("node1", "10.0.0.1"), stubbed).skipped()).isFalse();
    assertThat(log).hasContent("stop mysqld");
  }

  @Test
  void groupStartsAddressStorageDatabaseBrokerSingletonsThenHaproxyAsThePlatformsService() {
    Group group = (Group) RunbookPlanes.inGroup(3).cluster().resources().get(0);
    assertThat(group.members()).extracting(Primitive::id)
        .containsExactly("vip", "mysql-fs", "mysql-db", "qpidd", "consoleauth", "neutron-l2-agent", "haproxy");
    // EL9 ships units and no init scripts for these services; RHEL 6.5 only init scripts.
    assertThat(group.members().subList(3, 7)).extracting(p -> p.agent().toString()).containsExactly("systemd:qpidd",
        "systemd:openstack-nova-consoleauth", "systemd:neutron-openvswitch-agent", "systemd:haproxy");
    Group runbook = (Group) RunbookPlanes.rhel65(3).cluster().resources().get(0);
    assertThat(runbook.members().subList(3, 7)).extracting(p -> p.agent().toString()).containsExactly("lsb:qpidd",
        "lsb:openstack-nova-consoleauth", "lsb:neutron-openvswitch-agent", "lsb:haproxy");
    assertThat(RunbookPlanes.inGroup(3).cluster().constraints()).extracting(c -> c.id()).containsExactly(
        "location-fence-node1-node1--INFINITY", "location-fence-node2-node2--INFINITY",
        "location-fence-node3-node3--INFINITY");
    Group clustered = (Group) RunbookPlanes.clusteredQpid(3, CorosyncDialect.COROSYNC_1).cluster().resources().get(0);
    assertThat(clustered.members()).extracting(Primitive::id).doesNotContain("qpidd");
  }

  @Test
  void cibPassesCrmVerify(@TempDir Path dir) {
    Path cib = TempFiles.write(dir, "cib.xml", CibRenderer.render(RunbookPlanes.inGroup(3).cluster()));
    ExecResult result = RealTools.run("crm_verify", "-x", cib.toString(), "-V");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
  }

  @Test
  void haproxyConfigPassesHaproxyWithWarningsFatal(@TempDir Path dir) {
    Path pem = dev.hadsl.testing.tools.Certificates.selfSigned(dir);
    // haproxy -c loads the certificate, so point the crt at a real one; nothing else changes.
    String config = RunbookPlanes.inGroup(3).haproxy().render().replace("/etc/haproxy/horizon.pem", pem.toString());
    Path file = TempFiles.write(dir, "haproxy.cfg", config);
    ExecResult result = RealTools.run("haproxy", "-c", "-dW", "-f", file.toString());
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
  }

  @Test
  void twoNodeClusterGetsAFencingDelayAndPcsWritesTwoNodeQuorum(@TempDir Path dir) {
    ControlPlane plane = RunbookPlanes.inGroup(2);
    assertThat(plane.cluster().fencingDevices())
        .allSatisfy(device -> assertThat(device.instanceAttributes()).containsEntry("pcmk_delay_max", "15s"));
    assertThat(RunbookPlanes.inGroup(3).cluster().fencingDevices())
        .allSatisfy(device -> assertThat(device.instanceAttributes()).doesNotContainKey("pcmk_delay_max"));

    // The very setup command the plan runs, in pcs's offline mode: pcs itself writes two_node for two nodes.
    Command setup = PcsRenderer.of(PacemakerStack.EL9).setupCommands(plane.cluster(), plane.haclusterPassword())
        .get(1);
    List<String> argv = new ArrayList<>(setup.argv());
    Path corosync = dir.resolve("corosync.conf");
    argv.addAll(List.of("--corosync_conf", corosync.toString(), "--no-cluster-uuid"));
    RealTools.runOk(argv.toArray(String[]::new));
    assertThat(corosync).content().contains("two_node: 1").contains("ring0_addr: 192.168.122.101");
  }

  @Test
  void validationReportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> RunbookPlanes.builder(1).addComputeNode(Host.of("node1", "192.168.122.200/24"))
        .floatingIp(FloatingIp.of("192.168.123.200/24"))
        .databasePasswords(java.util.Map.of("nova", Secret.of("x"), "swift", Secret.of("y")))
        .apiServices(List.of(Catalog.KEYSTONE_PUBLIC, Catalog.NOVA_API, Catalog.NOVA_API,
            ApiService.builder().from(Catalog.GLANCE_API).name("glance-on-mysql-port").port(dev.hadsl.core.Port.of(3306))
                .build()))
        .build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("control plane 'openstack': 9 problems\n"
            + "  - a highly available control plane needs at least two control nodes, has 1\n"
            + "  - node 'node1' is listed twice\n"
            + "  - floating IP 192.168.123.200/24 is not in the subnet of control node node1 (192.168.122.101/24):"
            + " IPaddr2 can only raise it on an interface of that subnet\n"
            + "  - API service 'nova-api' is listed twice\n"
            + "  - API service 'nova-api': port 8774 is already used by another service\n"
            + "  - API service 'glance-on-mysql-port': port 3306 is already used by Horizon, the database or the messaging\n"
            + "  - database password for 'keystone' is missing (needed to repoint its connection at 192.168.123.200)\n"
            + "  - database password for 'glance' is missing (needed to repoint its connection at 192.168.123.200)\n"
            + "  - database password given for unknown project 'swift' (known: [keystone, glance, nova, cinder,"
            + " neutron, heat])");
  }

  @Test
  void floatingIpMustDifferFromEveryNodeAndQpidMembersAreSeparate() {
    assertThatThrownBy(() -> RunbookPlanes.builder(2).floatingIp(FloatingIp.of("192.168.122.101/24")).build())
        .hasMessage("control plane 'openstack': floating IP 192.168.122.101 is the address of node1; it must be an"
            + " unused address");
    assertThatThrownBy(() -> RunbookPlanes.builder(2).platform(Platform.RHEL_6_5)
        .horizonSsl(RunbookPlanes.horizonSsl(Platform.RHEL_6_5)).messaging(Messaging.cluster(
        dev.hadsl.qpid.QpidCluster.builder().name("q").addMembers(Host.of("node1", "192.168.122.101/24"),
            Host.of("qpid2", "192.168.122.112/24")).build())).build())
        .hasMessage("control plane 'openstack': qpid cluster member 'node1' is also a control node: the clustered"
            + " broker runs on its own nodes");
  }

  @Test
  void problemsOfTheComposedClusterSurfaceToo() {
    assertThatThrownBy(() -> RunbookPlanes.builder(2).fencingDevices(List.of()).build())
        .hasMessageStartingWith("control plane 'openstack': fencing is enabled but no fencing device is defined");
    RunbookPlanes.builder(2).fencingDevices(List.of()).disableFencing("lab without power control").build();
  }

  @Test
  void planFollowsTheRunbookOrder(TestInfo test) {
    Plan plan = RunbookPlanes.clusteredQpid(3, CorosyncDialect.COROSYNC_1).plan();
    List<String> ids = plan.steps().stream().map(s -> s.id()).toList();
    assertThat(ids.indexOf("haproxy.config")).isLessThan(ids.indexOf("pacemaker.configure.01"));
    assertThat(ids.indexOf("openstack.rebind.openstack-keystone")).as("services leave the floating IP's ports first")
        .isGreaterThan(ids.indexOf("openstack.listen.node3.keystone.conf.default.admin_bind_host"))
        .isLessThan(ids.indexOf("pacemaker.setup.01"));
    assertThat(ids.indexOf("pacemaker.configure.01")).isLessThan(ids.indexOf("qpid.packages"));
    assertThat(ids.indexOf("qpid.qpidd-start")).isLessThan(ids.indexOf("openstack.config.nova.conf.default.qpid_hosts"));
    assertThat(ids.indexOf("openstack.restart.openstack-nova-api")).isLessThan(ids.indexOf("keystone.endpoints"));
    assertThat(ids.indexOf("pacemaker.restart.consoleauth")).isGreaterThan(ids.indexOf("openstack.config.nova.conf"
        + ".default.qpid_hosts"));
    assertThat(ids).contains("openstack.config.nova.conf.default.qpid_hostname.delete",
        "openstack.config.nova.conf.default.qpid_port.delete");
    Golden.assertMatches(test, DryRunRenderer.render(plan));
  }

  @Test
  void dryRunAndToStringNeverShowSecrets() {
    String text = DryRunRenderer.render(RunbookPlanes.inGroup(3).plan()) + RunbookPlanes.inGroup(3).plan().steps();
    for (String secret : List.of(RunbookPlanes.DB_PASSWORD, RunbookPlanes.TOKEN, RunbookPlanes.HACLUSTER,
        RunbookPlanes.IPMI)) {
      assertThat(text).doesNotContain(secret);
    }
  }

  @Test
  void everyHostsScriptPassesShellcheck(@TempDir Path dir) throws Exception {
    // The runbook's clustered Qpid, and the Galera and RabbitMQ components' steps.
    List<ControlPlane> planes = List.of(RunbookPlanes.clusteredQpid(3, CorosyncDialect.COROSYNC_2_3),
        GaleraDatabaseTest.galera(Platform.DEBIAN_12_LAB, 3), RabbitMqMessagingTest.rabbit(Platform.DEBIAN_12_LAB, 3));
    for (int i = 0; i < planes.size(); i++) {
      Path export = dir.resolve("plane-" + i);
      ScriptExporter.create().export(planes.get(i).plan(), export);
      try (var hosts = Files.list(export)) {
        for (Path host : hosts.filter(Files::isDirectory).toList()) { // beside them: the journal key
          RealTools.runOk("sh", "-n", host.resolve("apply.sh").toString());
          RealTools.runOk("shellcheck", "-s", "sh", host.resolve("apply.sh").toString());
        }
      }
    }
    assertThat(dir.resolve("plane-0/node1/files/etc/haproxy/haproxy.cfg")).exists();
    assertThat(dir.resolve("plane-0/qpid1/files/etc/corosync/corosync.conf")).exists();
    assertThat(dir.resolve("plane-1/node1/files/etc/mysql/mariadb.conf.d/60-galera.cnf")).exists();
  }
}
