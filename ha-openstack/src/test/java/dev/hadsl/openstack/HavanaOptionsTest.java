package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.qpid.CorosyncDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every INI edit the plan renders names a (section, key) that Havana reads in that file. The catalogs under
 * src/test/resources/havana are taken from each project's own source at its 2013.2 tag (sample configs, option
 * definitions, deprecated names, and keystoneclient 0.4.1's auth_token options); each file's header names the
 * repository, path and commit. Icehouse-only keys (Keystone's public_bind_host) and keys Havana does not read
 * (glance's [database] connection) fail here.
 */
class HavanaOptionsTest {
  /** Edited file → its catalog. */
  private static final Map<String, String> CATALOGS = Map.ofEntries(
      Map.entry("/etc/keystone/keystone.conf", "keystone.conf"),
      Map.entry("/etc/glance/glance-api.conf", "glance-api.conf"),
      Map.entry("/etc/glance/glance-registry.conf", "glance-registry.conf"),
      Map.entry("/etc/nova/nova.conf", "nova.conf"),
      Map.entry("/etc/nova/api-paste.ini", "nova-api-paste.ini"),
      Map.entry("/etc/cinder/cinder.conf", "cinder.conf"),
      Map.entry("/etc/cinder/api-paste.ini", "cinder-api-paste.ini"),
      Map.entry("/etc/neutron/neutron.conf", "neutron.conf"),
      Map.entry("/etc/neutron/metadata_agent.ini", "metadata_agent.ini"),
      Map.entry("/etc/heat/heat.conf", "heat.conf"),
      Map.entry("/etc/ceilometer/ceilometer.conf", "ceilometer.conf"),
      Map.entry("/etc/swift/proxy-server.conf", "proxy-server.conf"));
  /** Edited files that are not OpenStack's: the broker's and the kernel's. */
  private static final Set<String> NOT_OPENSTACK = Set.of("/etc/qpidd.conf", "/etc/sysctl.conf");

  private static Set<String> catalog(String name) {
    try (InputStream in = HavanaOptionsTest.class.getResourceAsStream("/havana/" + name + ".keys")) {
      Set<String> keys = new HashSet<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(keys::add);
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }

  @Test
  void everyIniEditNamesAKeyHavanaReadsInThatSection() {
    List<ControlPlane> variants = List.of(
        RunbookPlanes.clusteredQpid(3, CorosyncDialect.COROSYNC_2_3),
        RunbookPlanes.builder(2).singleHostServices(List.of(ControlPlane.NOVA_CONSOLEAUTH,
            ControlPlane.NEUTRON_L2_AGENT, ControlPlane.NEUTRON_L3_AGENT)).build(),
        RunbookPlanes.builder(3).haproxyPlacement(HaproxyPlacement.CLONE).build(),
        RabbitMqMessagingTest.rabbit(Platform.DEBIAN_12_LAB, 3), RabbitMqMessagingTest.inGroup(Platform.DEBIAN_12_LAB),
        GaleraDatabaseTest.galera(Platform.EL9, 3));
    Set<String> checked = new LinkedHashSet<>();
    for (ControlPlane plane : variants) {
      Plan plan = plane.plan();
      for (Plan.Run run : plan.runs()) {
        if (!(run.step().artifact() instanceof IniEdit edit) || NOT_OPENSTACK.contains(edit.file())) {
          continue;
        }
        assertThat(CATALOGS).as("a Havana catalog for %s", edit.file()).containsKey(edit.file());
        assertThat(catalog(CATALOGS.get(edit.file())))
            .as("step %s: [%s] %s in %s exists in Havana", run.step().id(), edit.section(), edit.key(), edit.file())
            .contains(edit.section() + "\t" + edit.key());
        checked.add(edit.file() + " [" + edit.section() + "] " + edit.key());
      }
    }
    System.out.println("Havana catalogs: " + checked.size() + " distinct (file, section, key) edits checked");
    assertThat(checked).contains("/etc/keystone/keystone.conf [DEFAULT] bind_host",
        "/etc/glance/glance-api.conf [DEFAULT] sql_connection", "/etc/heat/heat.conf [DEFAULT] sql_connection",
        "/etc/nova/api-paste.ini [filter:authtoken] auth_host", "/etc/glance/glance-api.conf [DEFAULT] registry_host",
        "/etc/nova/nova.conf [DEFAULT] rabbit_hosts", "/etc/neutron/neutron.conf [DEFAULT] rabbit_ha_queues",
        "/etc/cinder/cinder.conf [DEFAULT] rpc_backend", "/etc/glance/glance-api.conf [DEFAULT] rabbit_host");
  }

  @Test
  void theCatalogsRecordTheirSources() {
    for (String name : CATALOGS.values()) {
      try (InputStream in = HavanaOptionsTest.class.getResourceAsStream("/havana/" + name + ".keys")) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).as(name).containsPattern("# source: openstack/[a-z-]+ \\S+ @ tag \\S+ \\(commit [0-9a-f]{40}\\)");
      } catch (IOException e) {
        throw new UncheckedIOException(name, e);
      }
    }
  }
}
