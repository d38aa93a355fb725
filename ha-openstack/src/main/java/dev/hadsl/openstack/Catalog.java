package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Port;

/**
 * The Havana-era control services (RDO on RHEL 6) with their ports, init scripts, config files, listen keys,
 * health-check paths and Keystone endpoints. Users add their own {@link ApiService}s the same way.
 */
public final class Catalog {
  // Havana's Keystone has one listen address for both ports: [DEFAULT] bind_host (etc/keystone.conf.sample at
  // openstack/keystone 2013.2). public_bind_host and admin_bind_host arrived in Icehouse; Havana ignores them, keeps
  // 0.0.0.0, and HAProxy cannot bind 5000/35357 on the floating IP.
  /** Keystone's public API on port 5000, with the identity endpoint (admin URL on 35357). */
  public static final ApiService KEYSTONE_PUBLIC = api("keystone-public", 5000, "openstack-keystone",
      IniKey.of("/etc/keystone/keystone.conf", "DEFAULT", "bind_host"), "/")
      .addEndpoint(KeystoneEndpoint.of("keystone", "identity", "http://{host}:5000/v2.0", "http://{host}:5000/v2.0",
          "http://{host}:35357/v2.0"))
      .build();
  /** Keystone's admin API on port 35357; same process and listen key as {@link #KEYSTONE_PUBLIC}. */
  public static final ApiService KEYSTONE_ADMIN = api("keystone-admin", 35357, "openstack-keystone",
      IniKey.of("/etc/keystone/keystone.conf", "DEFAULT", "bind_host"), "/").build();
  /** The Glance image API on port 9292. */
  public static final ApiService GLANCE_API = api("glance-api", 9292, "openstack-glance-api",
      IniKey.of("/etc/glance/glance-api.conf", "DEFAULT", "bind_host"), "/")
      .addEndpoint(KeystoneEndpoint.of("glance", "image", "http://{host}:9292")).build();
  /** The Glance registry on port 9191; TCP health check, no Keystone endpoint. */
  public static final ApiService GLANCE_REGISTRY = api("glance-registry", 9191, "openstack-glance-registry",
      IniKey.of("/etc/glance/glance-registry.conf", "DEFAULT", "bind_host"), null).build();
  /** The Nova compute API on port 8774. */
  public static final ApiService NOVA_API = api("nova-api", 8774, "openstack-nova-api",
      IniKey.of("/etc/nova/nova.conf", "DEFAULT", "osapi_compute_listen"), "/")
      .addEndpoint(KeystoneEndpoint.of("nova", "compute", "http://{host}:8774/v2/%(tenant_id)s")).build();
  /** Nova's EC2-compatible API on port 8773; TCP health check. */
  public static final ApiService NOVA_EC2 = api("nova-ec2", 8773, "openstack-nova-api",
      IniKey.of("/etc/nova/nova.conf", "DEFAULT", "ec2_listen"), null)
      .addEndpoint(KeystoneEndpoint.of("ec2", "ec2", "http://{host}:8773/services/Cloud",
          "http://{host}:8773/services/Cloud", "http://{host}:8773/services/Admin"))
      .build();
  /** The Nova metadata service on port 8775; TCP health check, no Keystone endpoint. */
  public static final ApiService NOVA_METADATA = api("nova-metadata", 8775, "openstack-nova-api",
      IniKey.of("/etc/nova/nova.conf", "DEFAULT", "metadata_listen"), null).build();
  /** The noVNC console proxy on port 6080; TCP health check, no Keystone endpoint. */
  public static final ApiService NOVNCPROXY = api("novncproxy", 6080, "openstack-nova-novncproxy",
      IniKey.of("/etc/nova/nova.conf", "DEFAULT", "novncproxy_host"), null).build();
  /** The Cinder volume API on port 8776. */
  public static final ApiService CINDER_API = api("cinder-api", 8776, "openstack-cinder-api",
      IniKey.of("/etc/cinder/cinder.conf", "DEFAULT", "osapi_volume_listen"), "/")
      .addEndpoint(KeystoneEndpoint.of("cinder", "volume", "http://{host}:8776/v1/%(tenant_id)s")).build();
  /** The Neutron network API on port 9696. */
  public static final ApiService NEUTRON_SERVER = api("neutron-server", 9696, "neutron-server",
      IniKey.of("/etc/neutron/neutron.conf", "DEFAULT", "bind_host"), "/")
      .addEndpoint(KeystoneEndpoint.of("neutron", "network", "http://{host}:9696/")).build();
  /** The Heat orchestration API on port 8004. */
  public static final ApiService HEAT_API = api("heat-api", 8004, "openstack-heat-api",
      IniKey.of("/etc/heat/heat.conf", "heat_api", "bind_host"), "/")
      .addEndpoint(KeystoneEndpoint.of("heat", "orchestration", "http://{host}:8004/v1/%(tenant_id)s")).build();
  /** Heat's CloudFormation-compatible API on port 8000. */
  public static final ApiService HEAT_CFN = api("heat-cfn", 8000, "openstack-heat-api-cfn",
      IniKey.of("/etc/heat/heat.conf", "heat_api_cfn", "bind_host"), "/")
      .addEndpoint(KeystoneEndpoint.of("heat-cfn", "cloudformation", "http://{host}:8000/v1")).build();
  /** The Ceilometer metering API on port 8777. */
  public static final ApiService CEILOMETER_API = api("ceilometer-api", 8777, "openstack-ceilometer-api",
      IniKey.of("/etc/ceilometer/ceilometer.conf", "api", "host"), "/")
      .addEndpoint(KeystoneEndpoint.of("ceilometer", "metering", "http://{host}:8777")).build();
  /** The Swift object-store proxy on port 8080, health-checked on {@code /healthcheck}. */
  public static final ApiService SWIFT_PROXY = api("swift-proxy", 8080, "openstack-swift-proxy",
      IniKey.of("/etc/swift/proxy-server.conf", "DEFAULT", "bind_ip"), "/healthcheck")
      .addEndpoint(KeystoneEndpoint.of("swift", "object-store", "http://{host}:8080/v1/AUTH_%(tenant_id)s",
          "http://{host}:8080/v1/AUTH_%(tenant_id)s", "http://{host}:8080"))
      .build();

  /** Horizon's plain-HTTP port on each node (HAProxy terminates TLS on 443 in front of it). */
  public static final Port HORIZON_HTTP = Port.of(80);
  /** The HTTPS port HAProxy binds on the floating IP when Horizon has TLS. */
  public static final Port HORIZON_HTTPS = Port.of(443);
  /** MySQL's port. */
  public static final Port MYSQL = Port.of(3306);
  /** The Qpid broker's AMQP port. */
  public static final Port QPID = Port.of(5672);

  private Catalog() {}

  /** Every API service above, in the order HAProxy lists them. */
  public static ImmutableList<ApiService> havanaApis() {
    return ImmutableList.of(KEYSTONE_PUBLIC, KEYSTONE_ADMIN, GLANCE_API, GLANCE_REGISTRY, NOVA_API, NOVA_EC2,
        NOVA_METADATA, NOVNCPROXY, CINDER_API, NEUTRON_SERVER, HEAT_API, HEAT_CFN, CEILOMETER_API, SWIFT_PROXY);
  }

  private static ApiService.Builder api(String name, int port, String initScript, IniKey listen, String check) {
    ApiService.Builder builder = ApiService.builder();
    builder.name(name).port(Port.of(port)).initScript(initScript).listenAddress(listen);
    if (check != null) {
      builder.healthCheckPath(check);
    }
    return builder;
  }
}
