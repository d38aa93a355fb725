package dev.hadsl.openstack;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * Which service reads which of the files the plan edits, by the service's RDO init script name. A service reads its
 * files only when it starts, so an edit must be followed by a restart of every reader; the plan derives its restart
 * notifications from this table.
 *
 * <p>From RDO Havana's packaging: every nova daemon reads {@code nova.conf}, nova-api and cinder-api also their
 * {@code api-paste.ini}; glance's API and registry read their own files; every neutron daemon reads
 * {@code neutron.conf}, the metadata agent also {@code metadata_agent.ini}; Apache serves Horizon, whose
 * {@code local_settings} is read by the WSGI process Apache runs.
 */
final class ConfigReaders {
  private static final ImmutableMap<String, ImmutableSet<String>> FILES_BY_SERVICE =
      ImmutableMap.<String, ImmutableSet<String>>builder()
          .put("openstack-keystone", ImmutableSet.of(ConfigEdits.KEYSTONE))
          .put("openstack-glance-api", ImmutableSet.of(ConfigEdits.GLANCE_API))
          .put("openstack-glance-registry", ImmutableSet.of(ConfigEdits.GLANCE_REGISTRY))
          .put("openstack-nova-api", ImmutableSet.of(ConfigEdits.NOVA, ConfigEdits.NOVA_API_PASTE))
          .put("openstack-nova-novncproxy", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-consoleauth", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-scheduler", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-conductor", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-cert", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-compute", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-cinder-api", ImmutableSet.of(ConfigEdits.CINDER, ConfigEdits.CINDER_API_PASTE))
          .put("openstack-cinder-scheduler", ImmutableSet.of(ConfigEdits.CINDER))
          .put("openstack-cinder-volume", ImmutableSet.of(ConfigEdits.CINDER))
          .put("neutron-server", ImmutableSet.of(ConfigEdits.NEUTRON))
          .put("neutron-openvswitch-agent", ImmutableSet.of(ConfigEdits.NEUTRON))
          .put("neutron-l3-agent", ImmutableSet.of(ConfigEdits.NEUTRON))
          .put("neutron-dhcp-agent", ImmutableSet.of(ConfigEdits.NEUTRON))
          .put("neutron-metadata-agent", ImmutableSet.of(ConfigEdits.NEUTRON, ConfigEdits.NEUTRON_METADATA))
          .put("openstack-heat-api", ImmutableSet.of(ConfigEdits.HEAT))
          .put("openstack-heat-api-cfn", ImmutableSet.of(ConfigEdits.HEAT))
          .put("openstack-heat-engine", ImmutableSet.of(ConfigEdits.HEAT))
          .put("openstack-ceilometer-api", ImmutableSet.of(ConfigEdits.CEILOMETER))
          .put("openstack-ceilometer-collector", ImmutableSet.of(ConfigEdits.CEILOMETER))
          .put("openstack-swift-proxy", ImmutableSet.of("/etc/swift/proxy-server.conf"))
          .put("httpd", ImmutableSet.of(ConfigEdits.HTTPD_CONF, ConfigEdits.HORIZON_SETTINGS))
          .build();

  /**
   * The daemons besides the APIs that RDO Havana runs on every control node, by project: they read the edited files
   * too (the broker, Keystone and database settings) and are restarted like the APIs.
   */
  private static final ImmutableMap<String, ImmutableSet<String>> DAEMONS_BY_PROJECT =
      ImmutableMap.<String, ImmutableSet<String>>builder()
          .put("nova", ImmutableSet.of("openstack-nova-scheduler", "openstack-nova-conductor", "openstack-nova-cert"))
          .put("cinder", ImmutableSet.of("openstack-cinder-scheduler", "openstack-cinder-volume"))
          .put("heat", ImmutableSet.of("openstack-heat-engine"))
          .put("neutron", ImmutableSet.of("neutron-metadata-agent"))
          .put("ceilometer", ImmutableSet.of("openstack-ceilometer-collector"))
          .build();

  private ConfigReaders() {}

  /** The non-API daemons of {@code project} that run on every control node. */
  static Set<String> daemonsOf(String project) {
    return DAEMONS_BY_PROJECT.getOrDefault(project, ImmutableSet.of());
  }

  /** The files {@code service} reads; empty for a service this table does not know. */
  static Set<String> filesReadBy(String service) {
    return FILES_BY_SERVICE.getOrDefault(service, ImmutableSet.of());
  }
}
