package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Command;

/**
 * Re-creates each service's Keystone endpoint with floating-IP URLs, converging: the step looks the service up by
 * <b>type</b> (installers name them differently: packstack registers EC2 as {@code nova_ec2}), reads its endpoints in
 * the region, and stops there ("already in place") when exactly the wanted endpoint exists. Otherwise it deletes the
 * region's endpoints of that service (Keystone has no endpoint update) and creates the new one; endpoints in other
 * regions are left alone. A service missing from the catalog fails its step with a message naming it. The script
 * text is constant; every value reaches it as a positional parameter, so nothing a user supplies is ever parsed by the
 * shell; the token travels in the environment.
 *
 * <p>Positional parameters: {@code $1} service name (for messages), {@code $2} service type, {@code $3} region,
 * {@code $4}-{@code $6} public, internal and admin URL.
 */
public final class KeystoneEndpoints {
  // The admin token comes in the environment (OS_SERVICE_TOKEN / OS_TOKEN, which the CLIs read themselves), never
  // as an argument: a command line is readable by every local user.
  // Havana's tables: service-list is | id | name | type | description |, endpoint-list is
  // | id | region | publicurl | internalurl | adminurl | service_id |, so awk's fields 2, 4, 6, ... are the columns.
  private static final String KEYSTONE_CLI = String.join("\n",
      "set -eu",
      "service_id=$(keystone service-list | awk -v t=\"$2\" '$6 == t {print $2}')",
      "case $service_id in",
      "  '') echo \"keystone: no service of type $2 (the $1 service) in the catalog\" >&2; exit 1 ;;",
      "  *[!0-9A-Za-z_-]*) echo \"keystone: more than one service of type $2:\" $service_id >&2; exit 1 ;;",
      "esac",
      "current=$(keystone endpoint-list | awk -v s=\"$service_id\" -v r=\"$3\" '$12 == s && $4 == r"
          + " {print $2, $6, $8, $10}')",
      "if [ -n \"$current\" ] && [ \"$(printf '%s\\n' \"$current\" | wc -l)\" -eq 1 ]"
          + " && [ \"${current#* }\" = \"$4 $5 $6\" ]; then",
      "  echo '" + Command.IN_PLACE + "'",
      "  exit 0",
      "fi",
      "for endpoint in $(printf '%s\\n' \"$current\" | awk 'NF {print $1}'); do",
      "  keystone endpoint-delete \"$endpoint\"",
      "done",
      "keystone endpoint-create --region \"$3\" --service-id \"$service_id\" --publicurl \"$4\""
          + " --internalurl \"$5\" --adminurl \"$6\"");
  // 'openstack endpoint list --service' takes a type or a name; -c keeps the table's column order.
  private static final String OPENSTACK_CLI = String.join("\n",
      "set -eu",
      "current=$(openstack endpoint list --service \"$2\" --region \"$3\" -f value -c ID -c Interface -c URL)",
      "have=$(printf '%s\\n' \"$current\" | awk 'NF {print $2, $3}' | sort)",
      "wanted=$(printf 'admin %s\\ninternal %s\\npublic %s\\n' \"$6\" \"$5\" \"$4\")",
      "if [ \"$have\" = \"$wanted\" ]; then",
      "  echo '" + Command.IN_PLACE + "'",
      "  exit 0",
      "fi",
      "for endpoint in $(printf '%s\\n' \"$current\" | awk 'NF {print $1}'); do",
      "  openstack endpoint delete \"$endpoint\"",
      "done",
      "openstack endpoint create --region \"$3\" \"$2\" public \"$4\"",
      "openstack endpoint create --region \"$3\" \"$2\" internal \"$5\"",
      "openstack endpoint create --region \"$3\" \"$2\" admin \"$6\"");

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
                endpoint.serviceName(), endpoint.serviceType(), admin.region(), endpoint.url(endpoint.publicUrl(), vip),
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
