package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.ValidationException;
import dev.hadsl.pacemaker.observed.CorosyncNodelist;
import dev.hadsl.pacemaker.observed.NodeObservation;
import dev.hadsl.pacemaker.observed.ObservedCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Maintenance of one node, made from what the cluster reports: both plans run on another online member and check
 * before they act; a node that is unknown, not a member, or the last one online is refused before anything runs. The
 * lab drains the node that runs the group under load ({@link DayTwoLabTest}).
 */
class NodeMaintenanceTest {
  private static final ControlPlane PLANE = RunbookPlanes.inGroup(3);

  private static ObservedCluster observed(List<String> online) {
    CorosyncNodelist nodelist = new CorosyncNodelist(PLANE.cluster().name(), PLANE.controlNodes().stream()
        .map(h -> new CorosyncNodelist.Member(h.name(), h.address().text(), 1 + PLANE.controlNodes().indexOf(h)))
        .collect(ImmutableList.toImmutableList()), false);
    Map<String, NodeObservation> nodes = new LinkedHashMap<>();
    for (Host node : PLANE.controlNodes()) {
      boolean up = online.contains(node.name());
      nodes.put(node.name(), new NodeObservation(node.name(), true, "", Optional.of(nodelist),
          up ? ImmutableSet.copyOf(online) : ImmutableSet.of(), up ? Optional.of(true) : Optional.empty(),
          up ? OptionalInt.of(3) : OptionalInt.empty()));
    }
    return new ObservedCluster(ImmutableMap.copyOf(nodes));
  }

  @Test
  void drainsAndResumesFromAnotherOnlineMemberCheckingFirst() {
    NodeMaintenance maintenance = PLANE.maintenance(observed(List.of("node1", "node2", "node3")), "node1");
    assertThat(maintenance.node().name()).isEqualTo("node1");
    assertThat(maintenance.acting().name()).isEqualTo("node2");
    assertThat(maintenance.drain().steps()).singleElement().satisfies(step -> {
      assertThat(step.id()).isEqualTo("maintenance.drain.node1");
      assertThat(step.target().hosts()).extracting(Host::name).containsExactly("node2");
      Command command = (Command) step.artifact();
      assertThat(command.argv()).anyMatch(arg -> arg.contains("crm_standby -N \"$1\" -v on")).endsWith("node1");
      assertThat(command.unless()).hasValueSatisfying(check -> assertThat(String.join(" ", check.argv()))
          .contains("standby=", "resources_running="));
    });
    assertThat(maintenance.resume().steps()).singleElement().satisfies(step -> {
      assertThat(step.id()).isEqualTo("maintenance.resume.node1");
      Command command = (Command) step.artifact();
      assertThat(command.argv()).anyMatch(arg -> arg.contains("crm_standby -N \"$1\" -v off")
          && arg.contains("crm_resource --wait")).endsWith("node1");
      assertThat(command.unless()).isPresent();
    });
  }

  @Test
  void refusesAnUnknownNodeAnOfflineOneAndTheLastOneOnline() {
    assertThatThrownBy(() -> PLANE.maintenance(observed(List.of("node1", "node2", "node3")), "node9"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("node 'node9' is no control node of the model");
    assertThatThrownBy(() -> PLANE.maintenance(observed(List.of("node1", "node2")), "node3"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("node 'node3' is no online member");
    assertThatThrownBy(() -> PLANE.maintenance(observed(List.of("node1")), "node1"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("no other control node is an online member");
  }
}
