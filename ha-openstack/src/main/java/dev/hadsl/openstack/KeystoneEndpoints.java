package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Command;

/**
 * Re-creates every service's Keystone endpoint with floating-IP URLs in one converging command: each service is looked
 * up by <b>type</b> (installers name them differently: packstack registers EC2 as {@code nova_ec2}), its endpoints in
 * the region are read, and nothing is done when exactly the wanted endpoint exists. Otherwise the region's endpoints
 * of that service are deleted (Keystone has no endpoint update) and the new one is created; endpoints in other
 * regions are left alone. A service missing from the catalog does not stop the others: every present service is
 * handled, then the command names the missing ones and exits non-zero. When every endpoint was already in place it
 * prints {@link Command#IN_PLACE}.
 *
 * <p>The script text is constant; every value reaches it as a positional parameter, six per endpoint (service name
 * for messages, service type, region, public, internal and admin URL), so nothing a user supplies is ever parsed by
 * the shell; the token travels in the environment.
 */
public final class KeystoneEndpoints {
  /** Reports the missing services and fails, or says everything was in place. */
  private static final String TAIL = String.join("\n",
      "if [ -n \"$missing\" ]; then",
      "  echo \"not re-created, the service is missing from the catalog:$missing\" >&2",
      "  exit 1",
      "fi",
      "if [ \"$changed\" = no ]; then echo '" + Command.IN_PLACE + "'; elif " + Command.CHECK_ONLY_CONDITION
          + "; then exit 1; fi");
  /** In check-only mode: say what would be re-created, and go on to the next service. */
  private static final String CHECK_ONLY = "  if " + Command.CHECK_ONLY_CONDITION
      + "; then echo \"would re-create the $name endpoint\"; changed=yes; continue; fi";

  // The admin token comes in the environment (OS_SERVICE_TOKEN / OS_TOKEN, which the CLIs read themselves), never
  // as an argument: a command line is readable by every local user.
  // Havana's tables: service-list is | id | name | type | description |, endpoint-list is
  // | id | region | publicurl | internalurl | adminurl | service_id |, so awk's fields 2, 4, 6, ... are the columns.
  private static final String KEYSTONE_CLI = String.join("\n",
      "set -eu",
      "services=$(keystone service-list)",
      "endpoints=$(keystone endpoint-list)",
      "missing='' changed=no",
      "while [ $# -ge 6 ]; do",
      "  name=$1 type=$2 region=$3 public=$4 internal=$5 admin=$6",
      "  shift 6",
      "  service_id=$(printf '%s\\n' \"$services\" | awk -v t=\"$type\" '$6 == t {print $2}')",
      "  case $service_id in",
      "    '') echo \"keystone: no service of type $type (the $name service) in the catalog\" >&2",
      "        missing=\"$missing $name\"; continue ;;",
      "    *[!0-9A-Za-z_-]*) echo \"keystone: more than one service of type $type:\" $service_id >&2",
      "        missing=\"$missing $name\"; continue ;;",
      "  esac",
      "  current=$(printf '%s\\n' \"$endpoints\" | awk -v s=\"$service_id\" -v r=\"$region\""
          + " '$12 == s && $4 == r {print $2, $6, $8, $10}')",
      "  if [ -n \"$current\" ] && [ \"$(printf '%s\\n' \"$current\" | wc -l)\" -eq 1 ]"
          + " && [ \"${current#* }\" = \"$public $internal $admin\" ]; then",
      "    echo \"keystone: the $name endpoint is in place\"",
      "    continue",
      "  fi",
      CHECK_ONLY,
      "  for endpoint in $(printf '%s\\n' \"$current\" | awk 'NF {print $1}'); do",
      "    keystone endpoint-delete \"$endpoint\"",
      "  done",
      "  keystone endpoint-create --region \"$region\" --service-id \"$service_id\" \\",
      "    --publicurl \"$public\" --internalurl \"$internal\" --adminurl \"$admin\" >/dev/null",
      "  echo \"keystone: the $name endpoint was re-created\"",
      "  changed=yes",
      "done",
      TAIL);
  // 'openstack endpoint list --service' takes a type or a name; -c keeps the table's column order.
  private static final String OPENSTACK_CLI = String.join("\n",
      "set -eu",
      "missing='' changed=no",
      "while [ $# -ge 6 ]; do",
      "  name=$1 type=$2 region=$3 public=$4 internal=$5 admin=$6",
      "  shift 6",
      "  if ! current=$(openstack endpoint list --service \"$type\" --region \"$region\" -f value -c ID -c Interface"
          + " -c URL); then",
      "    echo \"openstack: no service of type $type (the $name service) in the catalog\" >&2",
      "    missing=\"$missing $name\"; continue",
      "  fi",
      "  have=$(printf '%s\\n' \"$current\" | awk 'NF {print $2, $3}' | sort)",
      "  wanted=$(printf 'admin %s\\ninternal %s\\npublic %s\\n' \"$admin\" \"$internal\" \"$public\")",
      "  if [ \"$have\" = \"$wanted\" ]; then",
      "    echo \"openstack: the $name endpoint is in place\"",
      "    continue",
      "  fi",
      CHECK_ONLY,
      "  for endpoint in $(printf '%s\\n' \"$current\" | awk 'NF {print $1}'); do",
      "    openstack endpoint delete \"$endpoint\"",
      "  done",
      "  openstack endpoint create --region \"$region\" \"$type\" public \"$public\" >/dev/null",
      "  openstack endpoint create --region \"$region\" \"$type\" internal \"$internal\" >/dev/null",
      "  openstack endpoint create --region \"$region\" \"$type\" admin \"$admin\" >/dev/null",
      "  echo \"openstack: the $name endpoint was re-created\"",
      "  changed=yes",
      "done",
      TAIL);

  private KeystoneEndpoints() {}

  /** The names of the services whose endpoints {@link #command} re-creates, in order. */
  public static ImmutableList<String> serviceNames(ControlPlane plane) {
    return plane.apiServices().stream().flatMap(service -> service.endpoints().stream())
        .map(KeystoneEndpoint::serviceName).collect(ImmutableList.toImmutableList());
  }

  /** The one command that converges every endpoint of the chosen services. */
  public static Command command(ControlPlane plane) {
    String vip = plane.floatingIp().address().text();
    KeystoneAdmin admin = plane.keystone();
    String adminUrl = "http://" + vip + ":35357/" + (admin.dialect() == EndpointDialect.KEYSTONE_CLI ? "v2.0" : "v3");
    Command.Builder command = Command.builder()
        .addArgv("sh", "-c", admin.dialect() == EndpointDialect.KEYSTONE_CLI ? KEYSTONE_CLI : OPENSTACK_CLI, "sh");
    for (ApiService service : plane.apiServices()) {
      for (KeystoneEndpoint endpoint : service.endpoints()) {
        command.addArgv(endpoint.serviceName(), endpoint.serviceType(), admin.region(),
            endpoint.url(endpoint.publicUrl(), vip), endpoint.url(endpoint.internalUrl(), vip),
            endpoint.url(endpoint.adminUrl(), vip));
      }
    }
    if (admin.dialect() == EndpointDialect.KEYSTONE_CLI) {
      command.secretEnvironment("OS_SERVICE_TOKEN", admin.token()).putEnvironment("OS_SERVICE_ENDPOINT", adminUrl);
    } else {
      command.putEnvironment("OS_AUTH_TYPE", "admin_token").secretEnvironment("OS_TOKEN", admin.token())
          .putEnvironment("OS_ENDPOINT", adminUrl).putEnvironment("OS_IDENTITY_API_VERSION", "3");
    }
    return Command.selfChecking(command.build());
  }
}
