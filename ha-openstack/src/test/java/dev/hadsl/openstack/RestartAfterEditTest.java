package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every service that reads an edited file is restarted after the edit: derived from the plan, for every INI edit on
 * every host, against this test's own table of who reads what in RDO Havana (not the library's). A service on every
 * node restarts through init on the same host; a service the cluster runs restarts through Pacemaker. A restart
 * runs when notified: the edit must notify it, and the restart must come later in the plan.
 */
class RestartAfterEditTest {
  /** File → the daemons that read it on a control node, as RDO Havana runs them. */
  private static final Map<String, List<String>> READERS = Map.ofEntries(
      Map.entry("/etc/keystone/keystone.conf", List.of("openstack-keystone")),
      Map.entry("/etc/glance/glance-api.conf", List.of("openstack-glance-api")),
      Map.entry("/etc/glance/glance-registry.conf", List.of("openstack-glance-registry")),
      Map.entry("/etc/nova/nova.conf", List.of("openstack-nova-api", "openstack-nova-scheduler",
          "openstack-nova-conductor", "openstack-nova-cert", "openstack-nova-novncproxy",
          "openstack-nova-consoleauth")),
      Map.entry("/etc/nova/api-paste.ini", List.of("openstack-nova-api")),
      Map.entry("/etc/cinder/cinder.conf", List.of("openstack-cinder-api", "openstack-cinder-scheduler",
          "openstack-cinder-volume")),
      Map.entry("/etc/cinder/api-paste.ini", List.of("openstack-cinder-api")),
      Map.entry("/etc/neutron/neutron.conf", List.of("neutron-server", "neutron-openvswitch-agent",
          "neutron-l3-agent", "neutron-dhcp-agent", "neutron-metadata-agent")),
      Map.entry("/etc/neutron/metadata_agent.ini", List.of("neutron-metadata-agent")),
      Map.entry("/etc/heat/heat.conf", List.of("openstack-heat-api", "openstack-heat-api-cfn",
          "openstack-heat-engine")),
      Map.entry("/etc/ceilometer/ceilometer.conf", List.of("openstack-ceilometer-api",
          "openstack-ceilometer-collector")),
      Map.entry("/etc/swift/proxy-server.conf", List.of("openstack-swift-proxy")));

  private static ControlPlane plane() {
    return RunbookPlanes.builder(3)
        .singleHostServices(List.of(ControlPlane.NOVA_CONSOLEAUTH, ControlPlane.NEUTRON_L2_AGENT,
            ControlPlane.NEUTRON_L3_AGENT, ControlPlane.NEUTRON_DHCP_AGENT, ControlPlane.NEUTRON_METADATA_AGENT))
        .build();
  }

  @Test
  void everyReaderOfAnEditedFileIsRestartedAfterTheEdit() {
    ControlPlane plane = plane();
    Plan plan = plane.plan();
    List<String> clusterRun = plane.singleHostServices().stream().map(p -> p.agent().type()).toList();
    int checked = 0;
    for (Plan.Run edit : plan.runs()) {
      if (!(edit.step().artifact() instanceof IniEdit ini) || !READERS.containsKey(ini.file())) {
        continue;
      }
      for (String service : READERS.get(ini.file())) {
        assertThat(edit.step().notifies()).as("%s notifies %s", edit.step().id(), service).contains(service);
        Optional<Plan.Run> restart = plan.runs().stream()
            .filter(run -> run.number() > edit.number())
            .filter(run -> run.step().whenNotified().equals(Optional.of(service)))
            .filter(run -> clusterRun.contains(service) || run.host().equals(edit.host()))
            .findFirst();
        assertThat(restart).as("%s on %s: %s restarted afterwards", edit.step().id(), edit.host().name(), service)
            .isPresent();
        String how = restart.get().step().artifact().display();
        if (clusterRun.contains(service)) {
          assertThat(how).as("a cluster-run service restarts through Pacemaker, where it runs")
              .contains(" || pcs resource restart ").startsWith("sh -c '! crm_resource --resource ");
        } else {
          assertThat(how).isIn("systemctl restart " + service, "service " + service + " restart");
        }
        checked++;
      }
    }
    assertThat(checked).as("edits x readers checked").isGreaterThan(100);
  }

  @Test
  void neutronAgentsThatNeedTheL2AgentFollowItInTheGroup() {
    assertThat(((Group) plane().cluster().resources().get(0)).members()).extracting(Primitive::id)
        .containsSubsequence("neutron-l2-agent", "neutron-l3-agent", "neutron-dhcp-agent", "neutron-metadata-agent");
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> RunbookPlanes.builder(3)
        .singleHostServices(List.of(ControlPlane.NEUTRON_L3_AGENT, ControlPlane.NEUTRON_L2_AGENT)).build());
    assertThat(refused).hasMessageContaining("single-host service 'neutron-l3-agent' runs under the cluster, so the"
        + " L2 agent (neutron-l2-agent) must too, before it");
  }
}
