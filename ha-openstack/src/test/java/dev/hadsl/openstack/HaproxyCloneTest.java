package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.pacemaker.simulation.FailoverSimulator;
import dev.hadsl.pacemaker.simulation.Placement;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HAProxy cloned on every control node, with the group following it. */
class HaproxyCloneTest {
  private final ControlPlane plane = RunbookPlanes.builder(3).haproxyPlacement(HaproxyPlacement.CLONE).build();

  @Test
  void haproxyLeavesTheGroupForACloneTheGroupFollows() {
    Cluster cluster = plane.cluster();
    Group group = (Group) cluster.resources().get(0);
    assertThat(group.members()).extracting(Primitive::id).doesNotContain("haproxy").startsWith("vip");
    assertThat(cluster.resource("haproxy-clone")).isPresent();
    assertThat(cluster.constraints()).extracting(c -> c.id()).contains("colocation-openstack-haproxy-clone-INFINITY",
        "order-haproxy-clone-openstack-mandatory");
    Plan plan = plane.plan();
    assertThat(plan.step("haproxy.nonlocal-bind").artifact().display())
        .isEqualTo("sh -c '[ \"$(sysctl -n net.ipv4.ip_nonlocal_bind)\" = 1 ]' || sysctl -w net.ipv4.ip_nonlocal_bind=1");
    // Each node reloads its own copy (a restart of the clone would restart the group ordered after it).
    assertThat(plan.step("haproxy.reload").target().kind()).isEqualTo(dev.hadsl.core.Target.Kind.EACH);
    assertThat(plan.step("haproxy.reload").whenNotified()).contains("haproxy");
    assertThat(plan.step("haproxy.reload").artifact().display())
        .endsWith("' sh haproxy /var/run/haproxy.pid /etc/haproxy/haproxy.cfg /etc/haproxy/horizon.pem"
            + " || systemctl reload haproxy");
    assertThat(plan.step("haproxy.nonlocal-bind-persist").artifact().display())
        .isEqualTo("crudini --set /etc/sysctl.conf '' net.ipv4.ip_nonlocal_bind 1");
  }

  @Test
  void crmVerifyAcceptsItAndHaproxyRunsEverywhereWhileTheGroupFailsOver(@TempDir Path dir) {
    Path cib = TempFiles.write(dir, "cib.xml", CibRenderer.render(plane.cluster()));
    ExecResult verify = RealTools.run("crm_verify", "-x", cib.toString(), "-V");
    assertThat(verify.exitCode()).as(verify.stderr()).isZero();

    RealTools.require("crm_simulate");
    FailoverSimulator simulator = FailoverSimulator.using(Executors.local(), Host.of("localhost", "127.0.0.1"), dir);
    Placement up = simulator.allUp(plane.cluster());
    assertThat(up.nodesOf("haproxy")).containsExactlyInAnyOrder("node1", "node2", "node3");
    String home = up.nodeOf("vip").orElseThrow();
    Placement after = simulator.afterFailureOf(plane.cluster(), home);
    String survivor = after.nodeOf("vip").orElseThrow();
    assertThat(survivor).isNotEqualTo(home);
    assertThat(after.nodesOf("haproxy")).hasSize(2).contains(survivor);
    assertThat(after.nodeOf("mysql-db")).contains(survivor);
    assertThat(after.startOrder()).as("HAProxy was already running on the survivor").doesNotContain("haproxy");
  }
}
