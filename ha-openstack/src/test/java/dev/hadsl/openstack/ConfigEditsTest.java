package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Host;
import dev.hadsl.core.IniDocument;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.LocalExecutor;
import dev.hadsl.qpid.CorosyncDialect;
import dev.hadsl.testing.tools.RealTools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repointing edits, applied by the real crudini to sample service configs, give the expected values. */
class ConfigEditsTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  /** Writes a sample for every file the edits touch: Havana's own where it ships one, else a small one. */
  private static void writeSamples(Path root, List<IniEdit> edits) throws Exception {
    Set<String> files = new LinkedHashSet<>();
    edits.forEach(e -> files.add(e.file()));
    for (String file : files) {
      Path target = root.resolve(file.substring(1));
      Files.createDirectories(target.getParent());
      String havana = HavanaSamples.all().get(file);
      if (havana != null) {
        Files.writeString(target, havana);
      } else {
        Files.writeString(target, "[DEFAULT]\n# qpid_hostname=localhost\nqpid_hostname=localhost\nqpid_port=5672\n"
            + "\n[database]\n#connection=sqlite://\n\n[keystone_authtoken]\nauth_host = 127.0.0.1\n");
      }
    }
  }

  private static String get(Path root, String file, String section, String key) {
    ExecResult result = RealTools.run("crudini", "--get", root.resolve(file.substring(1)).toString(), section, key);
    return result.exitCode() == 0 ? result.stdout().strip() : "<absent>";
  }

  @Test
  void clusteredQpidEditsGiveTheExpectedValuesAndMatchIniDocument(@TempDir Path root) throws Exception {
    RealTools.require("crudini");
    ControlPlane plane = RunbookPlanes.clusteredQpid(3, CorosyncDialect.COROSYNC_1);
    List<IniEdit> edits = ConfigEdits.controlNodeEdits(plane);
    writeSamples(root, edits);
    Path before = Files.createDirectories(root.resolve("before"));
    for (IniEdit edit : edits) {
      Path original = before.resolve(edit.file().substring(1));
      if (!Files.exists(original)) {
        Files.createDirectories(original.getParent());
        Files.copy(root.resolve(edit.file().substring(1)), original);
      }
    }

    LocalExecutor crudini = LocalExecutor.builder().fileRoot(root).build();
    for (IniEdit edit : edits) {
      assertThat(crudini.execute(LOCAL, edit).exitCode()).as(edit.toString()).isZero();
    }

    String nova = ConfigEdits.NOVA;
    assertThat(get(root, nova, "database", "connection"))
        .isEqualTo("mysql://nova:" + RunbookPlanes.DB_PASSWORD + "@192.168.122.200/nova");
    assertThat(get(root, nova, "keystone_authtoken", "auth_host")).isEqualTo("192.168.122.200");
    assertThat(get(root, nova, "keystone_authtoken", "auth_uri")).isEqualTo("http://192.168.122.200:5000/v2.0");
    assertThat(get(root, nova, "DEFAULT", "glance_api_servers")).isEqualTo("192.168.122.200:9292");
    assertThat(get(root, nova, "DEFAULT", "neutron_url")).isEqualTo("http://192.168.122.200:9696");
    assertThat(get(root, nova, "DEFAULT", "novncproxy_base_url"))
        .isEqualTo("http://192.168.122.200:6080/vnc_auto.html");
    assertThat(get(root, nova, "DEFAULT", "qpid_hosts")).isEqualTo("192.168.122.111:5672,192.168.122.112:5672");
    assertThat(get(root, nova, "DEFAULT", "qpid_hostname")).isEqualTo("<absent>");
    assertThat(get(root, nova, "DEFAULT", "qpid_port")).isEqualTo("<absent>");
    assertThat(get(root, ConfigEdits.KEYSTONE, "sql", "connection"))
        .isEqualTo("mysql://keystone:" + RunbookPlanes.DB_PASSWORD + "@192.168.122.200/keystone");
    assertThat(get(root, ConfigEdits.CINDER, "DEFAULT", "qpid_hosts")).contains("192.168.122.111:5672");
    assertThat(get(root, ConfigEdits.GLANCE_REGISTRY, "DEFAULT", "qpid_hostname")).as("the registry sends no"
        + " notifications: left as Havana ships it").isEqualTo(get(before, ConfigEdits.GLANCE_REGISTRY, "DEFAULT",
        "qpid_hostname"));
    assertThat(get(root, ConfigEdits.HEAT, "DEFAULT", "heat_metadata_server_url")).isEqualTo("http://192.168.122.200:8000");
    assertThat(get(root, ConfigEdits.NEUTRON_METADATA, "DEFAULT", "nova_metadata_ip")).isEqualTo("192.168.122.200");

    // The in-process document, given the same edits, writes the same bytes as crudini did.
    for (String file : edits.stream().map(IniEdit::file).distinct().toList()) {
      IniDocument document = IniDocument.parse(Files.readString(before.resolve(file.substring(1))));
      edits.stream().filter(e -> e.file().equals(file)).forEach(document::apply);
      assertThat(document.render()).as(file)
          .isEqualTo(Files.readString(root.resolve(file.substring(1)), StandardCharsets.UTF_8));
    }
  }

  @Test
  void activePassiveQpidPointsEveryServiceAtTheFloatingIp() {
    List<IniEdit> edits = ConfigEdits.controlNodeEdits(RunbookPlanes.inGroup(2));
    assertThat(edits).filteredOn(e -> e.file().equals(ConfigEdits.NOVA) && e.key().startsWith("qpid"))
        .extracting(IniEdit::display)
        .containsExactly("crudini --set /etc/nova/nova.conf DEFAULT qpid_hostname 192.168.122.200",
            "crudini --set /etc/nova/nova.conf DEFAULT qpid_port 5672",
            "crudini --del /etc/nova/nova.conf DEFAULT qpid_hosts");
  }

  @Test
  void listenEditsUseEachNodesOwnAddress() {
    ControlPlane plane = RunbookPlanes.inGroup(2);
    assertThat(ConfigEdits.listenEdits(plane, plane.controlNodes().get(1)))
        .allSatisfy(edit -> assertThat(edit.value()).contains("192.168.122.102"))
        .extracting(IniEdit::key).contains("osapi_compute_listen", "bind_host")
        .doesNotContain("public_bind_host", "admin_bind_host"); // Icehouse keys: Havana's Keystone has bind_host only
    assertThat(ConfigEdits.httpdListen(plane.controlNodes().get(1)).display())
        .isEqualTo("sh -c '! grep -qx '\\''Listen 80'\\'' \"$1\"' sh /etc/httpd/conf/httpd.conf"
            + " || sed -i -e 's/^Listen 80$/Listen 192.168.122.102:80/' /etc/httpd/conf/httpd.conf");
  }

  @Test
  void horizonSettingReplacesTheAssignmentWhereItStandsAndASecondRunIsInPlace(@TempDir Path root) throws Exception {
    Path settings = root.resolve("local_settings");
    // As in Havana's local_settings: a later line uses OPENSTACK_HOST, so it must stay before it.
    Files.writeString(settings, String.join("\n",
        "OPENSTACK_HOST = \"127.0.0.1\"",
        "OPENSTACK_KEYSTONE_URL = \"http://%s:5000/v2.0\" % OPENSTACK_HOST",
        "DEBUG = False",
        "#CSRF_COOKIE_SECURE = True",
        "OPENSTACK_HOST = 'duplicate'", ""));
    LocalExecutor local = LocalExecutor.builder().build();
    Host here = Host.of("localhost", "127.0.0.1");
    var host = ConfigEdits.horizonSetting(settings.toString(), "OPENSTACK_HOST", "\"192.168.122.200\"",
        List.of());
    var csrf = ConfigEdits.horizonSetting(settings.toString(), "CSRF_COOKIE_SECURE", "True", List.of());

    assertThat(local.execute(here, host).skipped()).isFalse();
    assertThat(local.execute(here, csrf).skipped()).isFalse();
    assertThat(local.execute(here, host).skipped()).as("a second run is in place").isTrue();
    assertThat(local.execute(here, csrf).skipped()).isTrue();

    assertThat(settings).hasContent(String.join("\n",
        "OPENSTACK_HOST = \"192.168.122.200\"",
        "OPENSTACK_KEYSTONE_URL = \"http://%s:5000/v2.0\" % OPENSTACK_HOST",
        "DEBUG = False",
        "#CSRF_COOKIE_SECURE = True",
        "CSRF_COOKIE_SECURE = True"));
    // Python itself runs the result: every name is defined before it is used.
    ExecResult python = RealTools.runOk(RealTools.require("python3"), "-c",
        "exec(open('" + settings + "').read()); print(OPENSTACK_KEYSTONE_URL)");
    assertThat(python.stdout()).isEqualTo("http://192.168.122.200:5000/v2.0\n");
  }

  @Test
  void horizonsSecretKeyIsAPythonLiteralOfExactlyTheSecretAndNeverAnArgument(@TempDir Path root) throws Exception {
    Path settings = root.resolve("local_settings");
    Files.writeString(settings, "SECRET_KEY = 'generated-per-node'\nDEBUG = False\n");
    String key = "k3y with 'quotes' and \\ backslash";
    var command = ConfigEdits.horizonSecretKey(dev.hadsl.core.Secret.of(key));
    var inFile = inFile(command, settings);
    assertThat(String.join(" ", inFile.argv()) + String.join(" ", inFile.unless().orElseThrow().argv()))
        .doesNotContain("k3y");
    assertThat(inFile.display()).doesNotContain("k3y");
    LocalExecutor local = LocalExecutor.builder().build();
    Host here = Host.of("localhost", "127.0.0.1");
    assertThat(local.execute(here, inFile).skipped()).isFalse();
    assertThat(local.execute(here, inFile).skipped()).as("a second run is in place").isTrue();
    ExecResult python = RealTools.runOk(RealTools.require("python3"), "-c",
        "import sys; exec(open(sys.argv[1]).read()); sys.stdout.write(SECRET_KEY)", settings.toString());
    assertThat(python.stdout()).isEqualTo(key);
  }

  /**
   * Every Horizon step of the plan applied to Havana's own local_settings (openstack/horizon 2013.2, see the file's
   * header), then the file executed by python3 with Django's and Horizon's imports stubbed: every name is defined
   * before it is used, and the settings are the model's. A second application changes nothing.
   */
  @Test
  void havanasLocalSettingsStillRunsAfterEveryHorizonStep(@TempDir Path root) throws Exception {
    Path settings = root.resolve("local_settings");
    try (InputStream havana = ConfigEditsTest.class.getResourceAsStream("/havana/local_settings")) {
      Files.write(settings, havana.readAllBytes());
    }
    Path stubs = root.resolve("stubs");
    for (String module : List.of("django/utils/translation.py", "openstack_dashboard/exceptions.py",
        "horizon/utils/secret_key.py")) {
      Path file = stubs.resolve(module);
      Files.createDirectories(file.getParent());
      Files.writeString(file, switch (module) {
        case "django/utils/translation.py" -> "def ugettext_lazy(s):\n    return s\n";
        case "openstack_dashboard/exceptions.py" -> "RECOVERABLE = ()\nNOT_FOUND = ()\nUNAUTHORIZED = ()\n";
        default -> "def generate_or_read_from_file(path):\n    raise AssertionError('per-node key file used')\n";
      });
    }
    ControlPlane plane = RunbookPlanes.inGroup(3);
    LocalExecutor local = LocalExecutor.builder().build();
    Host here = Host.of("localhost", "127.0.0.1");
    List<dev.hadsl.core.Command> horizonSteps = plane.plan().steps().stream()
        .filter(step -> step.id().startsWith("horizon.")).map(step -> inFile((dev.hadsl.core.Command) step.artifact(),
            settings)).toList();
    assertThat(horizonSteps).hasSize(5);
    for (var step : horizonSteps) {
      assertThat(local.execute(here, step).exitCode()).isZero();
    }
    assertThat(horizonSteps).allSatisfy(step -> assertThat(local.execute(here, step).skipped()).isTrue());

    ExecResult python = RealTools.runOk("env", "PYTHONPATH=" + stubs, RealTools.require("python3"), "-c",
        "import sys; g = {'__file__': sys.argv[1]}; exec(compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'), g);"
            + " print(g['OPENSTACK_KEYSTONE_URL']); print(g['SECRET_KEY']); print(g['SECURE_PROXY_SSL_HEADER']);"
            + " print(g['CSRF_COOKIE_SECURE'], g['SESSION_COOKIE_SECURE'])", settings.toString());
    assertThat(python.stdout()).isEqualTo("http://192.168.122.200:5000/v2.0\n" + RunbookPlanes.HORIZON_KEY + "\n"
        + "('HTTP_X_FORWARDED_PROTO', 'https')\nTrue True\n");
  }

  /** {@code command} (and its check) editing {@code file} instead of Horizon's real settings path. */
  private static dev.hadsl.core.Command inFile(dev.hadsl.core.Command command, Path file) {
    java.util.function.Function<dev.hadsl.core.Command, List<String>> moved = c -> c.argv().stream()
        .map(a -> a.equals(ConfigEdits.HORIZON_SETTINGS) ? file.toString() : a).toList();
    return dev.hadsl.core.Command.builder().from(command).argv(moved.apply(command))
        .unless(dev.hadsl.core.Command.builder().from(command.unless().orElseThrow())
            .argv(moved.apply(command.unless().orElseThrow())).build())
        .build();
  }
}
