package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shell conditions a drain, a maintenance and its end test against the real {@code crm_mon}, reading CIBs with
 * a status section from Pacemaker's own scheduler tests (checked in with their source) through {@code CIB_file}: in
 * both XML forms, {@code --output-as=xml} (Pacemaker 2.0.3+) and {@code --as-xml} (what RHEL 6.5's Pacemaker 1.1.10
 * has; Pacemaker 2.1 still takes it).
 */
@RequiresTools({"crm_mon"})
class NodeStatusConditionTest {
  private static final List<PcsRenderer> BOTH_FORMS = List.of(PcsRenderer.of(PacemakerStack.EL9),
      PcsRenderer.of(PacemakerStack.RHEL_6_5));

  private static boolean holds(String condition, String cib, String node) throws URISyntaxException {
    Path file = Path.of(NodeStatusConditionTest.class.getResource("/pacemaker-status/" + cib).toURI());
    ExecResult result = RealTools.run("env", "CIB_file=" + file, "sh", "-c", condition, "sh", node);
    assertThat(result.exitCode()).as(result.stderr()).isIn(0, 1);
    return result.succeeded();
  }

  @Test
  void standbyIsReadFromTheNodeStatus() throws Exception {
    for (PcsRenderer pcs : BOTH_FORMS) {
      // standby.xml: sapcl01 online and active, sapcl02 and sapcl03 online in standby (still running resources).
      assertThat(holds(pcs.standbyCondition(true), "standby.xml", "sapcl02")).isTrue();
      assertThat(holds(pcs.standbyCondition(false), "standby.xml", "sapcl02")).isFalse();
      assertThat(holds(pcs.standbyCondition(true), "standby.xml", "sapcl01")).isFalse();
      assertThat(holds(pcs.standbyCondition(false), "standby.xml", "sapcl01")).isTrue();
      // rec-node-1.xml: node1 offline, node2 online: an offline node is neither in service nor in standby.
      assertThat(holds(pcs.standbyCondition(false), "rec-node-1.xml", "node1")).isFalse();
      assertThat(holds(pcs.standbyCondition(false), "rec-node-1.xml", "node2")).isTrue();
    }
  }

  @Test
  void drainedMeansNothingRunsThere() throws Exception {
    for (PcsRenderer pcs : BOTH_FORMS) {
      assertThat(holds(pcs.drainedCondition(), "standby.xml", "sapcl02")).as("in standby, resources still run")
          .isFalse();
      assertThat(holds(pcs.drainedCondition(), "rec-node-1.xml", "node2")).isTrue();
      assertThat(holds(pcs.drainedCondition(), "rec-node-1.xml", "node9")).as("a node the status does not have")
          .isFalse();
    }
  }
}
