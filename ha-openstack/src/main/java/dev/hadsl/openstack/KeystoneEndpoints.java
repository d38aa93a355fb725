package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Command;

/**
 * Re-creates each service's Keystone endpoint with floating-IP URLs. Keystone has no endpoint update: the step looks
 * up the service's endpoints, deletes them, and creates the new one, all inside one command so the lookup is part of
 * the rendered step. The script text is constant; every value reaches it as a positional parameter, so nothing a
 * user supplies is ever parsed by the shell; the token travels in the environment.
 *
 * <p>Positional parameters: {@code $1} service name, {@code $2} region, {@code $3}-{@code $5} public, internal and
 * admin URL.
 */
public final class KeystoneEndpoints {
  // The admin token comes in the environment (OS_SERVICE_TOKEN / OS_TOKEN, which the CLIs read themselves), never
  // as an argument: a command line is readable by every local user.
  private static final String KEYSTONE_CLI = String.join("\n",
      "set -eu",
      "service_id=$(keystone service-get \"$1\" | awk '$2 == \"id\" {print $4}')",
      "if [ -z \"$service_id\" ]; then echo \"keystone service $1 not found\" >&2; exit 1; fi",
      "for endpoint in $(keystone endpoint-list | awk -v s=\"$service_id\" '$12 == s {print $2}'); do",
      "  keystone endpoint-delete \"$endpoint\"",
      "done",
      "keystone endpoint-create --region \"$2\" --service-id \"$service_id\" --publicurl \"$3\""
          + " --internalurl \"$4\" --adminurl \"$5\"");
  private static final String OPENSTACK_CLI = String.join("\n",
      "set -eu",
      "for endpoint in $(openstack endpoint list --service \"$1\" -f value -c ID); do",
      "  openstack endpoint delete \"$endpoint\"",
      "done",
      "openstack endpoint create --region \"$2\" \"$1\" public \"$3\"",
      "openstack endpoint create --region \"$2\" \"$1\" internal \"$4\"",
      "openstack endpoint create --region \"$2\" \"$1\" admin \"$5\"");

  private KeystoneEndpoints() {}

  /** One command per endpoint of the chosen services. */
  public static ImmutableList<Command> commands(ControlPlane plane) {
    String vip = plane.floatingIp().address().text();
    KeystoneAdmin admin = plane.keystone();
    String adminUrl = "http://" + vip + ":35357/" + (admin.dialect() == EndpointDialect.KEYSTONE_CLI ? "v2.0" : "v3");
    ImmutableList.Builder<Command> commands = ImmutableList.builder();
    for (ApiService service : plane.apiServices()) {
      for (KeystoneEndpoint endpoint : service.endpoints()) {
        Command.Builder command = Command.builder()
            .addArgv("sh", "-c", admin.dialect() == EndpointDialect.KEYSTONE_CLI ? KEYSTONE_CLI : OPENSTACK_CLI, "sh",
                endpoint.serviceName(), admin.region(), endpoint.url(endpoint.publicUrl(), vip),
                endpoint.url(endpoint.internalUrl(), vip), endpoint.url(endpoint.adminUrl(), vip));
        if (admin.dialect() == EndpointDialect.KEYSTONE_CLI) {
          command.secretEnvironment("OS_SERVICE_TOKEN", admin.token()).putEnvironment("OS_SERVICE_ENDPOINT", adminUrl);
        } else {
          command.putEnvironment("OS_AUTH_TYPE", "admin_token").secretEnvironment("OS_TOKEN", admin.token())
              .putEnvironment("OS_ENDPOINT", adminUrl).putEnvironment("OS_IDENTITY_API_VERSION", "3");
        }
        commands.add(command.build());
      }
    }
    return commands.build();
  }
}
