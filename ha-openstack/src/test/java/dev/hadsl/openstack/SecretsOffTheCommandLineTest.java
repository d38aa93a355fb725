package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.ArtifactVisitor;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executor;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.testing.tools.CommandLineWatcher;
import dev.hadsl.testing.tools.PrivateSshd;
import dev.hadsl.testing.tools.RealTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole runbook plan while a watcher samples {@code /proc/PID/cmdline} of every process on the machine: no
 * secret may appear there, through the local executor and through the SSH executor against a private sshd. The
 * programs are stand-ins (every program the plan names, {@code sh} included, is a stub first on PATH that records
 * its stdin and lingers 50 ms so the watcher sees it), and files land under a temporary root: nothing touches the
 * machine. Secrets are drawn from a corpus of quotes, {@code $()}, backticks, {@code % @ / :} and non-ASCII, each
 * carrying an alphanumeric marker that survives every encoding.
 */
class SecretsOffTheCommandLineTest {
  private static final String HACLUSTER = "HCMARK1 it's \"q\" $(id) `id` %41 @/: ü€";
  private static final String DATABASE = "DBMARK2'\"$(touch /tmp/x)`id`%@/:ñ";
  private static final String TOKEN = "TKMARK3 $(id)`id`'\"%@/:漢";
  private static final String IPMI = "IPMARK4\"'$(x)`y`%@/:é";
  private static final String SERVICE = "SVMARK5'\"$(id)`id`%@/:ß";
  private static final List<String> MARKERS = List.of("HCMARK1", "DBMARK2", "TKMARK3", "IPMARK4", "SVMARK5");

  private static final String STUB = """
      #!/bin/sh
      # A stand-in: records its stdin and the Keystone token it got in its environment, then lingers.
      name=$(/usr/bin/basename "$0")
      /bin/cat >> "$STUB_LOG/$name.stdin"
      if [ -n "${OS_SERVICE_TOKEN:-}" ]; then printf '%s\\n' "$OS_SERVICE_TOKEN" >> "$STUB_LOG/token"; fi
      /bin/sleep 0.05
      exit 0
      """;

  private static ControlPlane plane() {
    ControlPlane.Builder plane = RunbookPlanes.builder(3)
        .haclusterPassword(Secret.of(HACLUSTER))
        .keystone(KeystoneAdmin.token(Secret.of(TOKEN)))
        .fencingDevices(List.of());
    Map<String, Secret> passwords = new LinkedHashMap<>();
    for (String project : List.of("keystone", "glance", "nova", "cinder", "neutron", "heat")) {
      passwords.put(project, Secret.of(DATABASE));
    }
    plane.databasePasswords(passwords);
    Map<String, Secret> services = new LinkedHashMap<>();
    for (String project : List.of("glance", "nova", "cinder", "neutron", "heat", "ceilometer")) {
      services.put(project, Secret.of(SERVICE));
    }
    plane.servicePasswords(services);
    for (Host node : RunbookPlanes.nodes(3)) {
      String last = node.address().text().substring(node.address().text().lastIndexOf('.') + 1);
      plane.addFencingDevice(dev.hadsl.pacemaker.Primitive.fenceIpmilan("fence-" + node.name(), node.name(),
          "192.168.124." + last, "admin", Secret.of(IPMI)));
    }
    return plane.platform(RunbookPlanes.EL9_WITH_QPID_0_18).messaging(Messaging.cluster(RunbookPlanes.qpidCluster()))
        .build();
  }

  @Test
  void noSecretReachesAProcessCommandLineThroughTheLocalExecutor(@TempDir Path dir) throws Exception {
    Plan plan = plane().plan();
    Sandbox sandbox = Sandbox.create(dir, plan);

    Set<String> seen = CommandLineWatcher.watchWhile(() -> PlanRunner.of(sandbox.around(Executors.local(Duration.ofMinutes(1))))
        .run(plan));

    assertNoMarker(seen);
    assertThat(seen).as("the watcher saw the secret-bearing steps run")
        .anyMatch(line -> line.contains("chpasswd")).anyMatch(line -> line.contains("pcs host auth"))
        .anyMatch(line -> line.contains("crudini --merge"));
    assertThat(sandbox.stdinOf("chpasswd")).contains("hacluster:" + HACLUSTER + "\n");
    assertThat(sandbox.stdinOf("pcs")).contains(HACLUSTER + "\n");
    Path resources = dir.resolve("root/root/ha-dsl-cib/resources.xml");
    assertThat(resources).content().as("the fence password travels in a 0600 file")
        .contains("name=\"password\" value=\"IPMARK4&quot;&apos;$(x)`y`%@/:é\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(resources))).isEqualTo("rw-------");
    assertThat(sandbox.stdinOf("crudini")).contains("connection = mysql://nova:"
        + Secret.of(DATABASE).percentEncoded().reveal() + "@192.168.122.200/nova\n");
    assertThat(Files.readString(dir.resolve("log/token"))).contains(TOKEN + "\n");
  }

  @Test
  void noSecretReachesAProcessCommandLineThroughTheSshExecutor(@TempDir Path dir) throws Exception {
    RealTools.require("sshd");
    // Only the steps that carry a secret: each SSH login costs about half a second.
    Plan.Builder secretSteps = Plan.builder();
    for (Step step : plane().plan().steps()) {
      if (!step.artifact().allSecrets().isEmpty()) {
        secretSteps.addStep(step);
      }
    }
    Plan plan = secretSteps.build();
    assertThat(plan.steps()).hasSizeGreaterThan(10);
    Sandbox sandbox = Sandbox.create(dir, plan);
    try (PrivateSshd sshd = PrivateSshd.start(Files.createDirectories(dir.resolve("sshd")))) {
      Executor toLoopback = (host, artifact) -> sshd.executor().execute(PrivateSshd.LOOPBACK, artifact);

      Set<String> seen = CommandLineWatcher.watchWhile(() -> PlanRunner.of(sandbox.around(toLoopback)).run(plan));

      assertNoMarker(seen);
      assertThat(seen).anyMatch(line -> line.contains("pcs host auth")).anyMatch(line -> line.contains("ssh "));
      assertThat(sandbox.stdinOf("chpasswd")).contains("hacluster:" + HACLUSTER + "\n");
      assertThat(Files.readString(dir.resolve("log/token"))).contains(TOKEN + "\n");
    }
  }

  @Test
  void noRenderedPlanVariantPutsASecretInAnArgumentVector() {
    for (ControlPlane variant : List.of(plane(), ControlPlane.builder().from(plane())
        .messaging(Messaging.inGroup()).platform(Platform.RHEL_6_5)
        .horizonSsl(RunbookPlanes.horizonSsl(Platform.RHEL_6_5)).build(),
        ControlPlane.builder().from(plane()).haproxyPlacement(HaproxyPlacement.CLONE)
            .keystone(KeystoneAdmin.token(Secret.of(TOKEN), EndpointDialect.OPENSTACK_CLI)).build())) {
      assertThat(dev.hadsl.core.SecretAudit.commandLineLeaks(variant.plan())).isEmpty();
    }
  }

  @Test
  void databasePasswordsArePercentEncodedAndDecodeBackExactly() {
    RealTools.require("python3");
    for (String password : List.of(DATABASE, "p@ss/w:rd%", "ü € 漢", "a+b c&d=e?f#g")) {
      ControlPlane plane = ControlPlane.builder().from(plane())
          .databasePasswords(Map.of("keystone", Secret.of(password), "glance", Secret.of(password), "nova",
              Secret.of(password), "cinder", Secret.of(password), "neutron", Secret.of(password), "heat",
              Secret.of(password))).build();
      String url = ConfigEdits.controlNodeEdits(plane).stream().filter(e -> e.key().equals("connection"))
          .findFirst().orElseThrow().value().orElseThrow();
      // SQLAlchemy's make_url splits at the last '@' and unquotes the password; urllib.parse does the same here.
      ExecResult parsed = RealTools.runOk("python3", "-c", "import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]);"
          + " sys.stdout.write(u.unquote(p.password) + '|' + p.hostname + '|' + p.path)", url);
      assertThat(parsed.stdout()).startsWith(password + "|192.168.122.200|/");
    }
  }

  @Test
  void aMultiLineHaclusterPasswordIsRefusedAtBuild() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ControlPlane.builder().from(plane())
        .haclusterPassword(Secret.of("pw\nroot:x")).build())
        .hasMessageContaining("haclusterPassword must be one line: chpasswd and pcs read it as a line, and a second"
            + " line would be taken as another user's entry");
  }

  private static void assertNoMarker(Set<String> seen) {
    assertThat(seen).as("process command lines seen").hasSizeGreaterThan(20);
    for (String marker : MARKERS) {
      assertThat(seen).as("no command line holds %s", marker).noneMatch(line -> line.contains(marker));
    }
  }

  /** Stand-in programs first on PATH, files under a private root, stdin of every stand-in logged. */
  private record Sandbox(Path root, Path stubs, Path log) {
    static Sandbox create(Path dir, Plan plan) throws IOException {
      Sandbox sandbox = new Sandbox(Files.createDirectories(dir.resolve("root")),
          Files.createDirectories(dir.resolve("stubs")), Files.createDirectories(dir.resolve("log")));
      Set<String> programs = new TreeSet<>(List.of("crudini", "sh"));
      for (Step step : plan.steps()) {
        if (step.artifact() instanceof Command command) {
          programs.add(command.argv().get(0));
          command.unless().ifPresent(check -> programs.add(check.argv().get(0)));
        }
      }
      for (String program : programs) {
        assertThat(program).as("the plan names programs, not paths").doesNotContain("/");
        Path stub = Files.writeString(sandbox.stubs.resolve(program), STUB);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return sandbox;
    }

    String stdinOf(String program) throws IOException {
      Path file = log.resolve(program + ".stdin");
      return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Commands run through the stand-ins (an unless-check too, then the command regardless); files re-rooted. */
    Executor around(Executor delegate) {
      return (host, artifact) -> artifact.accept(new ArtifactVisitor<ExecResult>() {
        @Override
        public ExecResult command(Command command) {
          command.unless().ifPresent(check -> run(delegate, host, check));
          return run(delegate, host, command);
        }

        @Override
        public ExecResult file(ConfigFile file) {
          ConfigFile rooted = ConfigFile.builder().from(file).path(root + file.path()).owner(Optional.empty()).build();
          return uncheck(() -> delegate.execute(host, rooted));
        }

        @Override
        public ExecResult iniEdit(IniEdit edit) {
          // Its unless-check (crudini --get, a secret compared from the environment) runs too.
          return command(IniEdit.builder().from(edit).file(root + edit.file()).build().toCommand());
        }
      });
    }

    private ExecResult run(Executor delegate, Host host, Command command) {
      List<String> argv = new ArrayList<>(List.of("env", "PATH=" + stubs + ":/usr/bin:/bin", "STUB_LOG=" + log));
      argv.addAll(command.argv());
      Artifact stubbed = Command.builder().from(command).argv(argv).unless(Optional.empty()).build();
      return uncheck(() -> delegate.execute(host, stubbed));
    }

    private static ExecResult uncheck(IoCall call) {
      try {
        return call.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private interface IoCall {
    ExecResult run() throws IOException;
  }
}
