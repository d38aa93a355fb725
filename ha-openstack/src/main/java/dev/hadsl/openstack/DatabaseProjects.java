package dev.hadsl.openstack;

import com.google.common.collect.ImmutableSet;

/** Which OpenStack project an API belongs to, and which projects keep their state in MySQL. */
final class DatabaseProjects {
  static final ImmutableSet<String> HAS_DATABASE =
      ImmutableSet.of("keystone", "glance", "nova", "cinder", "neutron", "heat");

  private DatabaseProjects() {}

  /** {@code nova-api} → {@code nova}, {@code keystone-public} → {@code keystone}, {@code novncproxy} → {@code nova}. */
  static String projectOf(String apiName) {
    if (apiName.equals("novncproxy")) {
      return "nova";
    }
    int dash = apiName.indexOf('-');
    return dash < 0 ? apiName : apiName.substring(0, dash);
  }
}
