package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Host;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.pacemaker.simulation.FailoverSimulator;
import dev.hadsl.pacemaker.simulation.Placement;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HA properties of the runbook cluster, answered by Pacemaker's own scheduler through crm_simulate. */
class FailoverSimulationTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  private static FailoverSimulator simulator(Path dir) {
    RealTools.require("crm_simulate");
    RealTools.require("crm_mon");
    return FailoverSimulator.using(Executors.local(), LOCAL, dir);
  }

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {2, 3, 5})
  void groupRunsOnOneNodeAndSurvivesEverySingleNodeFailureInOrder(int nodeCount, @TempDir Path dir) {
    Cluster cluster = RunbookClusters.fenced(nodeCount);
    FailoverSimulator simulator = simulator(dir);

    Placement up = simulator.allUp(cluster);
    String home = up.nodeOf("vip").orElseThrow();
    for (String member : RunbookClusters.GROUP_ORDER) {
      assertThat(up.nodeOf(member)).as("%s with all nodes up", member).contains(home);
    }
    assertThat(up.startOrder().stream().filter(RunbookClusters.GROUP_ORDER::contains).toList())
        .containsExactlyElementsOf(RunbookClusters.GROUP_ORDER);

    for (Host failed : cluster.nodes()) {
      Placement after = simulator.afterFailureOf(cluster, failed.name());
      String survivor = after.nodeOf("vip").orElseThrow(() -> new AssertionError("vip stopped after " + failed));
      assertThat(survivor).as("after %s fails", failed.name()).isNotEqualTo(failed.name());
      for (String member : RunbookClusters.GROUP_ORDER) {
        assertThat(after.nodeOf(member)).as("%s after %s fails", member, failed.name()).contains(survivor);
      }
      if (failed.name().equals(home)) {
        assertThat(after.startOrder().stream().filter(RunbookClusters.GROUP_ORDER::contains).toList())
            .as("members restart in group order on %s", survivor)
            .containsExactlyElementsOf(RunbookClusters.GROUP_ORDER);
      }
    }
  }

  @Test
  void cloneRunsOnEveryNodeAndLocationPreferenceIsHonoured(@TempDir Path dir) {
    Cluster cluster = Cluster.builder().name("clones").addAllNodes(RunbookClusters.nodes(3))
        .disableFencing("simulation only")
        .addResource(Clone.of(Primitive.lsb("lb-haproxy", "haproxy")))
        .addResource(RunbookClusters.runbookGroup())
        .addConstraint(Location.prefers("test-group", "node2", 100))
        .build();
    Placement up = simulator(dir).allUp(cluster);
    assertThat(up.nodesOf("lb-haproxy")).containsExactlyInAnyOrder("node1", "node2", "node3");
    assertThat(up.nodeOf("vip")).contains("node2");
  }

  @Test
  void everyFileTheSimulatorWritesIsPrivate(@TempDir Path dir) throws Exception {
    // The CIB and the states crm_simulate derives from it carry the fence passwords.
    simulator(dir).afterFailureOf(RunbookClusters.fenced(3), "node1");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    try (var files = java.nio.file.Files.list(dir)) {
      List<Path> written = files.filter(java.nio.file.Files::isRegularFile).toList();
      assertThat(written).extracting(p -> p.getFileName().toString())
          .contains("cib.xml", "all-up.xml", "failed-node1.xml");
      for (Path file : written) {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void refusesToFailANodeOutsideTheCluster(@TempDir Path dir) {
    assertThatThrownBy(() -> simulator(dir).afterFailureOf(RunbookClusters.unfenced(2), "node9"))
        .hasMessage("node 'node9' is not a node of cluster 'openstack'");
  }

  @Test
  void withoutFencingTheUnfencedTestBedStillFailsOver(@TempDir Path dir) {
    Placement after = simulator(dir).afterFailureOf(RunbookClusters.unfenced(3), "node1");
    assertThat(after.nodeOf("haproxy")).isPresent().get().isNotEqualTo("node1");
    assertThat(List.copyOf(after.nodesByResource().keySet())).containsAll(RunbookClusters.GROUP_ORDER);
  }
}
