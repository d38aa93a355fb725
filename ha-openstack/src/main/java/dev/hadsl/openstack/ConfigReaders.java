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
          .put("openstack-nova-api", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-novncproxy", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-consoleauth", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-scheduler", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-conductor", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-nova-compute", ImmutableSet.of(ConfigEdits.NOVA))
          .put("openstack-cinder-api", ImmutableSet.of(ConfigEdits.CINDER))
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
          .put("openstack-swift-proxy", ImmutableSet.of("/etc/swift/proxy-server.conf"))
          .put("httpd", ImmutableSet.of(ConfigEdits.HTTPD_CONF, ConfigEdits.HORIZON_SETTINGS))
          .build();

  private ConfigReaders() {}

  /** The files {@code service} reads; empty for a service this table does not know. */
  static Set<String> filesReadBy(String service) {
    return FILES_BY_SERVICE.getOrDefault(service, ImmutableSet.of());
  }
}
