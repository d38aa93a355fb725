package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenStack config edits that point every service at the floating IP (Havana key names), the per-node listen
 * addresses, and Horizon's settings. Every edit checks the file first (see {@link IniEdit#toCommand()}).
 */
public final class ConfigEdits {
  static final String KEYSTONE = "/etc/keystone/keystone.conf";
  static final String GLANCE_API = "/etc/glance/glance-api.conf";
  static final String GLANCE_REGISTRY = "/etc/glance/glance-registry.conf";
  static final String NOVA = "/etc/nova/nova.conf";
  static final String NOVA_API_PASTE = "/etc/nova/api-paste.ini";
  static final String CINDER_API_PASTE = "/etc/cinder/api-paste.ini";
  static final String CINDER = "/etc/cinder/cinder.conf";
  static final String NEUTRON = "/etc/neutron/neutron.conf";
  static final String NEUTRON_METADATA = "/etc/neutron/metadata_agent.ini";
  static final String HEAT = "/etc/heat/heat.conf";
  static final String CEILOMETER = "/etc/ceilometer/ceilometer.conf";
  static final String HORIZON_SETTINGS = "/etc/openstack-dashboard/local_settings";
  static final String HTTPD_CONF = "/etc/httpd/conf/httpd.conf";

  /** The projects whose services authenticate to Keystone with a service user of their own. */
  static final List<String> AUTHENTICATING_PROJECTS = List.of("glance", "nova", "cinder", "neutron", "heat",
      "ceilometer");

  private ConfigEdits() {}

  /** Edits every control node gets: databases, Keystone, Glance, Neutron, noVNC, Heat and messaging. */
  public static ImmutableList<IniEdit> controlNodeEdits(ControlPlane plane) {
    List<IniEdit> edits = new ArrayList<>();
    String vip = plane.floatingIp().address().text();
    for (Map.Entry<String, Secret> entry : plane.databasePasswords().entrySet()) {
      String project = entry.getKey();
      if (!plane.projects().contains(project)) {
        continue;
      }
      for (String file : databaseFiles(project)) {
        edits.add(connection(file, project, entry.getValue(), vip));
      }
    }
    List<String> files = controlFiles(plane);
    edits.addAll(serviceEdits(plane, files));
    // Havana's nova and cinder API pipelines read the authtoken filter's settings from api-paste.ini, and those win
    // over [keystone_authtoken] in the service config: the wiki edits api-paste.ini, and so must we.
    for (String[] paste : new String[][] {{NOVA, NOVA_API_PASTE}, {CINDER, CINDER_API_PASTE}}) {
      if (plane.projects().contains("keystone") && files.contains(paste[0])) {
        edits.add(IniEdit.set(paste[1], "filter:authtoken", "auth_host", vip));
        edits.add(IniEdit.set(paste[1], "filter:authtoken", "auth_uri", "http://" + vip + ":5000/v2.0"));
        servicePassword(plane, projectOf(paste[0])).ifPresent(password ->
            edits.add(IniEdit.setSecret(paste[1], "filter:authtoken", "admin_password", password)));
      }
    }
    if (files.contains(GLANCE_API)) {
      // glance-api reaches the registry through HAProxy on the floating IP (Havana default: 0.0.0.0, which is where
      // nothing listens once the registry is bound to its node address).
      edits.add(IniEdit.set(GLANCE_API, "DEFAULT", "registry_host", vip));
    }
    if (plane.projects().contains("neutron") && plane.projects().contains("nova")) {
      // The metadata agent runs beside neutron on the control nodes and proxies to nova's metadata API, signing
      // each request with a secret nova checks: the same secret on every node.
      edits.add(IniEdit.set(NEUTRON_METADATA, "DEFAULT", "nova_metadata_ip", vip));
      edits.add(IniEdit.set(NEUTRON_METADATA, "DEFAULT", "auth_url", "http://" + vip + ":35357/v2.0"));
      servicePassword(plane, "neutron").ifPresent(password ->
          edits.add(IniEdit.setSecret(NEUTRON_METADATA, "DEFAULT", "admin_password", password)));
      plane.metadataProxySecret().ifPresent(secret -> {
        edits.add(IniEdit.setSecret(NEUTRON_METADATA, "DEFAULT", "metadata_proxy_shared_secret", secret));
        edits.add(IniEdit.set(NOVA, "DEFAULT", "service_neutron_metadata_proxy", "True"));
        edits.add(IniEdit.setSecret(NOVA, "DEFAULT", "neutron_metadata_proxy_shared_secret", secret));
      });
    }
    if (plane.projects().contains("keystone")) {
      // State every Keystone behind round-robin must share: the admin token, and tokens any node can validate.
      // UUID tokens live in the shared database; Havana's default PKI tokens are signed with a key pair that would
      // have to be the same on every node ([token] provider: keystone/token/providers/uuid.py at 2013.2).
      edits.add(IniEdit.setSecret(KEYSTONE, "DEFAULT", "admin_token", plane.keystone().token()));
      edits.add(IniEdit.set(KEYSTONE, "token", "provider", "keystone.token.providers.uuid.Provider"));
    }
    return ImmutableList.copyOf(edits);
  }

  /**
   * The SQLAlchemy URL of a project's database on the floating IP. The password is percent-encoded: SQLAlchemy
   * decodes the user-info part, and a raw {@code @ / : %} would end or corrupt it.
   */
  private static IniEdit connection(String file, String project, Secret password, String vip) {
    Secret encoded = password.percentEncoded();
    // Where Havana (2013.2) reads it: keystone [sql] connection (keystone/common/config.py); glance and heat only
    // [DEFAULT] sql_connection (glance/db/sqlalchemy/api.py, heat/common/config.py: heat's sample shows a [database]
    // section no heat code reads); nova, cinder and neutron [database] connection (oslo db session options).
    String section = switch (project) {
      case "keystone" -> "sql";
      case "glance", "heat" -> "DEFAULT";
      default -> "database";
    };
    String key = project.equals("glance") || project.equals("heat") ? "sql_connection" : "connection";
    return IniEdit.builder().file(file).section(section).key(key)
        .value("mysql://" + project + ":" + encoded.reveal() + "@" + vip + "/" + project)
        .addSecret(password).addSecret(encoded).build();
  }

  /** Edits compute nodes get: nova and neutron agents talk to the floating IP. */
  public static ImmutableList<IniEdit> computeNodeEdits(ControlPlane plane) {
    List<IniEdit> edits = new ArrayList<>();
    String vip = plane.floatingIp().address().text();
    Secret nova = plane.databasePasswords().get("nova");
    if (nova != null && plane.projects().contains("nova")) {
      edits.add(connection(NOVA, "nova", nova, vip));
    }
    edits.addAll(serviceEdits(plane, List.of(NOVA, NEUTRON)));
    return ImmutableList.copyOf(edits);
  }

  /**
   * A compute node's own console address: noVNC proxies on the control nodes connect to the instance consoles at
   * {@code vncserver_proxyclient_address}, and the hypervisor listens on {@code vncserver_listen} (Havana [DEFAULT]).
   */
  public static ImmutableList<IniEdit> computeNodeConsoleEdits(ControlPlane plane, Host node) {
    if (!plane.apiServices().contains(Catalog.NOVNCPROXY)) {
      return ImmutableList.of();
    }
    return ImmutableList.of(IniEdit.set(NOVA, "DEFAULT", "vncserver_listen", node.address().text()),
        IniEdit.set(NOVA, "DEFAULT", "vncserver_proxyclient_address", node.address().text()));
  }

  private static java.util.Optional<Secret> servicePassword(ControlPlane plane, String project) {
    return java.util.Optional.ofNullable(plane.servicePasswords().get(project));
  }

  /** The project a service config file belongs to: its directory under /etc. */
  private static String projectOf(String file) {
    return file.split("/")[2];
  }

  private static List<String> databaseFiles(String project) {
    return switch (project) {
      case "keystone" -> List.of(KEYSTONE);
      case "glance" -> List.of(GLANCE_API, GLANCE_REGISTRY);
      case "nova" -> List.of(NOVA);
      case "cinder" -> List.of(CINDER);
      case "neutron" -> List.of(NEUTRON);
      case "heat" -> List.of(HEAT);
      default -> List.of();
    };
  }

  /** The config files of the projects deployed on control nodes that talk to Keystone and the broker. */
  private static List<String> controlFiles(ControlPlane plane) {
    List<String> files = new ArrayList<>();
    if (plane.projects().contains("nova")) {
      files.add(NOVA);
    }
    if (plane.projects().contains("glance")) {
      files.addAll(List.of(GLANCE_API, GLANCE_REGISTRY));
    }
    for (String[] projectFile : new String[][] {{"cinder", CINDER}, {"neutron", NEUTRON}, {"heat", HEAT},
        {"ceilometer", CEILOMETER}}) {
      if (plane.projects().contains(projectFile[0])) {
        files.add(projectFile[1]);
      }
    }
    return files;
  }

  private static List<IniEdit> serviceEdits(ControlPlane plane, List<String> files) {
    List<IniEdit> edits = new ArrayList<>();
    String vip = plane.floatingIp().address().text();
    boolean keystone = plane.projects().contains("keystone");
    for (String file : files) {
      if (keystone) {
        edits.add(IniEdit.set(file, "keystone_authtoken", "auth_host", vip));
        edits.add(IniEdit.set(file, "keystone_authtoken", "auth_uri", "http://" + vip + ":5000/v2.0"));
        servicePassword(plane, projectOf(file)).ifPresent(password ->
            edits.add(IniEdit.setSecret(file, "keystone_authtoken", "admin_password", password)));
      }
    }
    if (keystone && files.contains(NOVA) && plane.projects().contains("neutron")) {
      // nova talks to neutron as neutron's service user.
      servicePassword(plane, "neutron").ifPresent(password ->
          edits.add(IniEdit.setSecret(NOVA, "DEFAULT", "neutron_admin_password", password)));
    }
    if (files.contains(NOVA)) {
      if (plane.projects().contains("glance")) {
        edits.add(IniEdit.set(NOVA, "DEFAULT", "glance_api_servers", vip + ":9292"));
      }
      if (plane.projects().contains("neutron")) {
        edits.add(IniEdit.set(NOVA, "DEFAULT", "neutron_url", "http://" + vip + ":9696"));
        edits.add(IniEdit.set(NOVA, "DEFAULT", "neutron_admin_auth_url", "http://" + vip + ":35357/v2.0"));
      }
      if (plane.apiServices().contains(Catalog.NOVNCPROXY)) {
        edits.add(IniEdit.set(NOVA, "DEFAULT", "novncproxy_base_url", "http://" + vip + ":6080/vnc_auto.html"));
      }
    }
    if (files.contains(CINDER) && plane.projects().contains("glance")) {
      edits.add(IniEdit.set(CINDER, "DEFAULT", "glance_api_servers", vip + ":9292"));
    }
    if (files.contains(HEAT)) {
      edits.add(IniEdit.set(HEAT, "DEFAULT", "heat_metadata_server_url", "http://" + vip + ":8000"));
      edits.add(IniEdit.set(HEAT, "DEFAULT", "heat_waitcondition_server_url", "http://" + vip + ":8000/v1/waitcondition"));
    }
    for (String file : files) {
      edits.addAll(plane.messaging().clientEdits(plane, file));
    }
    return edits;
  }

  /** Makes the API services on {@code node} listen on its own address, freeing the ports on the floating IP. */
  public static ImmutableList<IniEdit> listenEdits(ControlPlane plane, Host node) {
    return plane.apiServices().stream().filter(s -> s.listenAddress().isPresent())
        .map(s -> IniEdit.set(s.listenAddress().get().file(), s.listenAddress().get().section(),
            s.listenAddress().get().key(), node.address().text()))
        .distinct()
        .collect(ImmutableList.toImmutableList());
  }

  /** Apache (Horizon) on {@code node} listens on the node's address only; skipped once no {@code Listen 80} is left. */
  public static Command httpdListen(Host node) {
    return Command.builder()
        .addArgv("sed", "-i", "-e", "s/^Listen 80$/Listen " + node.address() + ":80/", HTTPD_CONF)
        .unless(Command.of("sh", "-c", "! grep -qx 'Listen 80' \"$1\"", "sh", HTTPD_CONF))
        .build();
  }

  /**
   * Sets a Python assignment in Horizon's {@code local_settings}: the first line assigning the name is replaced where
   * it stands (later lines use the name: {@code OPENSTACK_KEYSTONE_URL = "http://%s:5000/v2.0" % OPENSTACK_HOST}),
   * any further assignment is dropped, and the line is appended only when the file has none. The name and the line
   * reach awk through the environment, so no character of the value is interpreted and a secret value never becomes
   * an argument. Skipped when the file already holds exactly this one assignment.
   */
  public static Command horizonSetting(String name, String pythonValue) {
    return horizonSetting(HORIZON_SETTINGS, name, pythonValue, List.of());
  }

  /** Sets {@code SECRET_KEY} to {@code key} as a Python string literal; the key is a secret. */
  public static Command horizonSecretKey(Secret key) {
    String literal = "'" + key.reveal().replace("\\", "\\\\").replace("'", "\\'") + "'";
    return horizonSetting(HORIZON_SETTINGS, "SECRET_KEY", literal, List.of(key, Secret.of(literal)));
  }

  /** As {@link #horizonSetting(String, String)}, in {@code file}, with the value's secrets. */
  static Command horizonSetting(String file, String name, String pythonValue, List<Secret> secrets) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || !pythonValue.matches("[^\\n\\r\\x00]+")) {
      throw new IllegalArgumentException("Horizon setting '" + name + "': the name must be a Python identifier and the"
          + " value one non-empty line");
    }
    String assignment = name + " = " + pythonValue;
    return Command.builder()
        .addArgv("sh", "-c", String.join("\n",
            "set -e",
            "tmp=$(mktemp \"$1.XXXXXX\")",
            "HA_DSL_NAME=\"$2\" awk '",
            "  $0 ~ \"^\" ENVIRON[\"HA_DSL_NAME\"] \"[[:space:]]*=\" { if (!done) print ENVIRON[\"HA_DSL_LINE\"]; done = 1; next }",
            "  { print }",
            "  END { if (!done) print ENVIRON[\"HA_DSL_LINE\"] }' \"$1\" > \"$tmp\"",
            // cat into the file keeps its inode, owner, mode and SELinux context.
            "cat \"$tmp\" > \"$1\"",
            "rm -f \"$tmp\""), "sh", file, name)
        .putEnvironment("HA_DSL_LINE", assignment).addAllSecrets(secrets)
        // The line is compared by the shell itself (builtins only), so a secret value never becomes an argument.
        .unless(Command.builder().addArgv("sh", "-c", String.join("\n",
                "[ \"$(grep -c \"^$2[[:space:]]*=\" \"$1\")\" = 1 ] || exit 1",
                "while IFS= read -r line || [ -n \"$line\" ]; do [ \"$line\" = \"$HA_DSL_LINE\" ] && exit 0; done < \"$1\"",
                "exit 1"), "sh", file, name)
            .putEnvironment("HA_DSL_LINE", assignment).addAllSecrets(secrets).build())
        .build();
  }
}
