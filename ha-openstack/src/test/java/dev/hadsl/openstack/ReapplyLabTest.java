package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.qpid.CorosyncDialect;
import dev.hadsl.testing.tools.ClusterLab;
import dev.hadsl.testing.tools.RealTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole runbook plan applied twice over SSH to five lab nodes (three control nodes, two Qpid brokers), in
 * parallel: the second apply changes nothing. Real programs do the work wherever they run here (sh, crudini, sed,
 * awk, chpasswd and python3's crypt on the node's own /etc/shadow, iptables in the node's network namespace, the real
 * cibadmin on CIB files); the programs that cannot run here are stand-ins (src/test/resources/standins: yum, dnf, rpm,
 * systemctl, service, chkconfig, pcs, crm_node, crm_resource, the mysql clients, a "live" CIB behind cibadmin, the keystone CLI) that keep their state in files and record
 * every call that changes something. The proof: every step of the second apply reports "already in place", no
 * stand-in recorded a change, and no file under /etc or in the plan's state directories changed.
 */
class ReapplyLabTest {
  private static final List<String> STANDINS = List.of("yum", "dnf", "rpm", "systemctl", "service", "chkconfig", "pcs",
      "crm_node", "crm_resource", "cibadmin", "keystone", "mysql", "mysqladmin");
  /** What a RHEL control node has before the runbook starts: the packages' directories and the files it edits. */
  private static final String RHEL_LIKE = String.join("\n",
      "set -e",
      "for d in keystone glance nova cinder neutron heat ceilometer swift sysconfig httpd/conf openstack-dashboard"
          + " pki/tls/certs pki/tls/private; do mkdir -p /etc/$d; done",
      "printf 'ServerRoot \"/etc/httpd\"\\nListen 80\\n' > /etc/httpd/conf/httpd.conf",
      "printf 'OPENSTACK_HOST = \"127.0.0.1\"\\nOPENSTACK_KEYSTONE_URL = \"http://%%s:5000/v2.0\" %% OPENSTACK_HOST\\n'"
          + " > /etc/openstack-dashboard/local_settings",
      "echo certificate > /etc/pki/tls/certs/horizon.crt",
      "echo key > /etc/pki/tls/private/horizon.key",
      "printf '[DEFAULT]\\nqpid_hostname = localhost\\nqpid_port = 5672\\n' > /etc/nova/nova.conf",
      // MySQL's data as the packages and the first start left it, to be moved onto the shared device.
      "mkdir -p /var/lib/mysql/mysql /var/lib/mysql/nova",
      "echo users > /var/lib/mysql/mysql/user.frm",
      "echo instances > /var/lib/mysql/nova/instances.ibd");
  /** packstack's catalog: EC2 registered as nova_ec2 (found by type). */
  static final String CATALOG = String.join("\n",
      "id-keystone keystone identity", "id-glance glance image", "id-nova nova compute", "id-ec2 nova_ec2 ec2",
      "id-cinder cinder volume", "id-neutron neutron network", "id-heat heat orchestration",
      "id-heatcfn heat-cfn cloudformation", "id-ceilometer ceilometer metering", "id-swift swift object-store", "");
  /** Everything the plan may write, and the stand-ins' state; the keystone stand-in's log of reads is left out. */
  private static final String SNAPSHOT = "find /etc /root /var/lib/standin /var/lib/pcsd /var/lib/ha-dsl"
      + " /var/lib/keystone-standin -type f ! -name calls -exec md5sum {} + 2>/dev/null | sort; iptables-save"
      + " | grep -v '^#' | sed 's/\\[[0-9]*:[0-9]*\\]$//'";

  @Test
  void aSecondApplyOfTheRunbookPlanChangesNothing(@TempDir Path dir) throws Exception {
    List<Host> hosts = new ArrayList<>(RunbookPlanes.clusteredQpid(3, CorosyncDialect.COROSYNC_2_3).plan().hosts());
    try (ClusterLab lab = ClusterLab.start(dir, hosts)) {
      // MySQL's shared storage is the lab's shared block device: the data move mounts and fills it for real.
      ControlPlane plane = ControlPlane.builder().from(RunbookPlanes.clusteredQpid(3, CorosyncDialect.COROSYNC_2_3))
          .databaseStorage(SharedStorage.blockDevice(lab.sharedDevice(), "ext4")).build();
      Plan plan = plane.plan();
      Path cluster = Files.createDirectories(dir.resolve("cluster-state"));
      for (Host host : hosts) {
        prepare(lab, host.name(), cluster);
      }
      lab.install("node1", "/var/lib/keystone-standin/services", CATALOG, "0600");
      PlanRunner runner = PlanRunner.of(lab.sshExecutor()).parallel(hosts.size());

      long start = System.nanoTime();
      List<PlanRunner.Outcome> first = runner.run(plan);
      long firstMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(first).filteredOn(o -> !o.result().skipped()).as("the first apply does the work").hasSizeGreaterThan(100);
      Map<String, String> before = snapshots(lab, hosts);
      before.put("cluster", RealTools.runOk("sh", "-c", "cd \"$1\" && md5sum *", "sh", cluster.toString()).stdout());
      assertThat(before.get("node1")).contains("/etc/corosync/corosync.conf", "/etc/haproxy/haproxy.cfg",
          "/root/ha-dsl-cib/installed-resources.xml");
      assertThat(lab.exec("node1", "cat", "/var/lib/standin/changes").stdout())
          .contains("pcs cluster setup openstack", "cibadmin --replace --scope configuration",
              "systemctl restart openstack-keystone", "pcs resource restart consoleauth", "mysql grants");
      assertThat(lab.exec("node1", "sh", "-c", "mkdir -p /mnt/check && mount " + lab.sharedDevice() + " /mnt/check"
          + " && cat /mnt/check/nova/instances.ibd && ls -a /mnt/check && umount /mnt/check").stdout())
          .as("the data moved onto the shared device").contains("instances", DatabaseMove.MARK);

      start = System.nanoTime();
      List<PlanRunner.Outcome> second = runner.run(plan);
      long secondMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(Locale.ROOT, "runbook plan on 5 lab nodes over SSH, parallel: first apply %.1f s (%d runs),"
          + " second apply %.1f s (all in place)%n", firstMillis / 1000.0, first.size(), secondMillis / 1000.0);

      assertThat(second).hasSize(first.size())
          .allSatisfy(o -> assertThat(o.result().skipped()).as(o.run().step().id() + " on " + o.run().host().name()
              + " is already in place").isTrue());
      Map<String, String> after = snapshots(lab, hosts);
      after.put("cluster", RealTools.runOk("sh", "-c", "cd \"$1\" && md5sum *", "sh", cluster.toString()).stdout());
      assertThat(after).as("no file, stand-in state, firewall rule or live CIB changed").isEqualTo(before);
      assertThat(lab.exec("node1", "cat", "/var/lib/keystone-standin/endpoints").stdout().lines())
          .as("one endpoint per service").hasSize(10);
    }
  }

  private static void prepare(ClusterLab lab, String node, Path cluster) throws IOException {
    // The real cibadmin stays reachable for CIB files; the stand-in takes its name in the node's private /usr/sbin.
    assertThat(lab.exec(node, "cp", "/usr/sbin/cibadmin", "/usr/sbin/cibadmin.real").exitCode()).isZero();
    for (String standin : STANDINS) {
      lab.install(node, "/usr/sbin/" + standin,
          resource("/standins/" + standin).replace("@CLUSTER_STATE@", cluster.toString()), "0755");
    }
    ExecResult prepared = lab.exec(node, "sh", "-c", RHEL_LIKE);
    assertThat(prepared.exitCode()).as(prepared.stderr()).isZero();
  }

  /** Per host: a checksum of every file the plan or a stand-in may write, and the firewall. */
  private static Map<String, String> snapshots(ClusterLab lab, List<Host> hosts) {
    Map<String, String> snapshots = new LinkedHashMap<>();
    for (Host host : hosts) {
      snapshots.put(host.name(), lab.exec(host.name(), "sh", "-c", SNAPSHOT).stdout());
    }
    return snapshots;
  }

  private static String resource(String name) {
    try (InputStream in = ReapplyLabTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }
}
