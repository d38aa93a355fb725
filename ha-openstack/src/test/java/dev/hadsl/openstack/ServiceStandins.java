package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.pacemaker.Resource;
import dev.hadsl.testing.tools.ClusterLab;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * STAND-INS for what cannot run in the lab: the OpenStack services and the Keystone CLI. Every service the plan
 * restarts after an edit and this machine has no init script for gets an LSB init script in the node; for an API
 * service it starts an HTTP responder (200 to every GET) on the address its config file names (read back with
 * crudini, as the real daemon would) and on the API's ports, so HAProxy's health checks and a client through the
 * floating IP reach it; {@code qpidd} (Debian has no Qpid C++ broker) accepts connections on 5672; any other service
 * is a daemon that only sleeps. The config files the plan edits start empty
 * (their directories exist, as the packages would leave them); the Keystone CLI is the catalog-keeping stand-in of
 * {@code src/test/resources/standins/keystone}.
 */
final class ServiceStandins {
  private static final String TEMPLATE = String.join("\n",
      "#!/bin/sh",
      "### BEGIN INIT INFO",
      "# Provides: @NAME@",
      "# Required-Start: $remote_fs",
      "# Required-Stop: $remote_fs",
      "# Default-Start: 2 3 4 5",
      "# Default-Stop: 0 1 6",
      "# Short-Description: ha-dsl lab STAND-IN for @NAME@",
      "### END INIT INFO",
      "pidfile=/run/@NAME@-standin.pid",
      "running() { [ -f $pidfile ] && kill -0 \"$(cat $pidfile)\" 2>/dev/null; }",
      "case \"$1\" in",
      "  start) running && exit 0",
      "    addr=0.0.0.0",
      "    if [ -n '@CONF@' ]; then addr=$(crudini --get '@CONF@' '@SECTION@' '@KEY@' 2>/dev/null || echo 0.0.0.0); fi",
      "    setsid python3 -c 'import sys, threading, time, http.server",
      "class Ok(http.server.BaseHTTPRequestHandler):",
      "    def do_GET(self):",
      "        self.send_response(200); self.send_header(\"Content-Length\", \"3\"); self.end_headers()",
      "        self.wfile.write(b\"ok\\n\")",
      "    def log_message(self, *args): pass",
      "servers = [http.server.ThreadingHTTPServer((sys.argv[1], int(p)), Ok) for p in sys.argv[2:]]",
      "for s in servers: threading.Thread(target=s.serve_forever, daemon=True).start()",
      "while True: time.sleep(3600)' \"$addr\" @PORTS@ </dev/null >/dev/null 2>&1 &",
      "    echo $! > $pidfile; sleep 0.3; running ;;",
      "  stop) if running; then kill \"$(cat $pidfile)\"; fi; rm -f $pidfile; exit 0 ;;",
      "  status) running || exit 3 ;;",
      "  restart) $0 stop; $0 start ;;",
      "  *) echo \"usage: $0 start|stop|status|restart\" >&2; exit 2 ;;",
      "esac",
      "");

  private ServiceStandins() {}

  /**
   * The services that get a stand-in: those the plan restarts after an edit and the {@code lsb:} resources the cluster
   * runs (nova-consoleauth, the neutron L2 agent), where this machine has no init script of that name.
   */
  static Set<String> services(ControlPlane plane, Plan plan) {
    Set<String> services = new TreeSet<>();
    for (Step step : plan.steps()) {
      services.addAll(step.notifies());
    }
    for (Resource resource : plane.cluster().allResources()) {
      if (resource instanceof Primitive primitive && primitive.agent().standard().equals("lsb")) {
        services.add(primitive.agent().type());
      }
    }
    services.removeIf(service -> Files.exists(Path.of("/etc/init.d", service)));
    return services;
  }

  /** Installs the stand-ins, the Keystone CLI stand-in and the empty config files in {@code node}. */
  static void install(ClusterLab lab, String node, ControlPlane plane, Plan plan) {
    for (String service : services(plane, plan)) {
      List<ApiService> apis = plane.apiServices().stream().filter(api -> api.initScript().equals(service)).toList();
      List<String> ports = new ArrayList<>();
      apis.forEach(api -> ports.add(Integer.toString(api.port().number())));
      if (service.equals("qpidd")) {
        // Debian has no Qpid C++ broker: the stand-in accepts connections on the broker's port.
        ports.add(Integer.toString(Catalog.QPID.number()));
      }
      Optional<IniKey> listen = apis.stream().flatMap(api -> api.listenAddress().stream()).findFirst();
      lab.install(node, "/etc/init.d/" + service, TEMPLATE.replace("@NAME@", service)
          .replace("@CONF@", listen.map(IniKey::file).orElse(""))
          .replace("@SECTION@", listen.map(IniKey::section).orElse(""))
          .replace("@KEY@", listen.map(IniKey::key).orElse("")).replace("@PORTS@", String.join(" ", ports)), "0755");
    }
    Set<String> files = new TreeSet<>();
    for (Step step : plan.steps()) {
      if (step.artifact() instanceof IniEdit edit) {
        files.add(edit.file());
      }
    }
    List<String> argv = new ArrayList<>(List.of("sh", "-c",
        "for f; do mkdir -p \"${f%/*}\"; [ -e \"$f\" ] || : > \"$f\"; done", "sh"));
    argv.addAll(files);
    ExecResult made = lab.exec(node, argv.toArray(String[]::new));
    assertThat(made.exitCode()).as(made.stderr()).isZero();
    lab.install(node, "/usr/sbin/keystone", resource("/standins/keystone"), "0755");
  }

  private static String resource(String name) {
    try (InputStream in = ServiceStandins.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }
}
