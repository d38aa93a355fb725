package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Command;

/**
 * Re-creates each service's Keystone endpoint with floating-IP URLs. Keystone has no endpoint update: the step looks
 * up the service's endpoints, deletes them, and creates the new one, all inside one command so the lookup is part of
 * the rendered step. The script text is constant; every value reaches it as a positional parameter, so nothing a
 * user supplies is ever parsed by the shell.
 */
public final class KeystoneEndpoints {
  private static final String KEYSTONE_CLI = String.join("\n",
      "set -eu",
      "export OS_SERVICE_TOKEN=\"$1\" OS_SERVICE_ENDPOINT=\"$2\"",
      "service_id=$(keystone service-get \"$3\" | awk '$2 == \"id\" {print $4}')",
      "if [ -z \"$service_id\" ]; then echo \"keystone service $3 not found\" >&2; exit 1; fi",
      "for endpoint in $(keystone endpoint-list | awk -v s=\"$service_id\" '$12 == s {print $2}'); do",
      "  keystone endpoint-delete \"$endpoint\"",
      "done",
      "keystone endpoint-create --region \"$4\" --service-id \"$service_id\" --publicurl \"$5\""
          + " --internalurl \"$6\" --adminurl \"$7\"");
  private static final String OPENSTACK_CLI = String.join("\n",
      "set -eu",
      "export OS_AUTH_TYPE=admin_token OS_TOKEN=\"$1\" OS_ENDPOINT=\"$2\" OS_IDENTITY_API_VERSION=3",
      "for endpoint in $(openstack endpoint list --service \"$3\" -f value -c ID); do",
      "  openstack endpoint delete \"$endpoint\"",
      "done",
      "openstack endpoint create --region \"$4\" \"$3\" public \"$5\"",
      "openstack endpoint create --region \"$4\" \"$3\" internal \"$6\"",
      "openstack endpoint create --region \"$4\" \"$3\" admin \"$7\"");

  private KeystoneEndpoints() {}

  /** One command per endpoint of the chosen services. */
  public static ImmutableList<Command> commands(ControlPlane plane) {
    String vip = plane.floatingIp().address().text();
    KeystoneAdmin admin = plane.keystone();
    String adminUrl = "http://" + vip + ":35357/" + (admin.dialect() == EndpointDialect.KEYSTONE_CLI ? "v2.0" : "v3");
    ImmutableList.Builder<Command> commands = ImmutableList.builder();
    for (ApiService service : plane.apiServices()) {
      for (KeystoneEndpoint endpoint : service.endpoints()) {
        commands.add(Command.builder()
            .addArgv("sh", "-c", admin.dialect() == EndpointDialect.KEYSTONE_CLI ? KEYSTONE_CLI : OPENSTACK_CLI, "sh",
                admin.token().reveal(), adminUrl, endpoint.serviceName(), admin.region(),
                endpoint.url(endpoint.publicUrl(), vip), endpoint.url(endpoint.internalUrl(), vip),
                endpoint.url(endpoint.adminUrl(), vip))
            .addSecret(admin.token())
            .build());
      }
    }
    return commands.build();
  }
}
