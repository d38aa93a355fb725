package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rotating one secret of the model changes exactly the steps that hold it, each of which checks the value it holds
 * before it acts, and notifies exactly the restarts of what reads them: on a cluster where everything else is in
 * place, the apply acts there and nowhere else. The lab proves it live for a database password
 * ({@link DayTwoLabTest}); here each of the model's secrets, on the runbook's plane.
 */
class SecretRotationTest {
  private static final Secret NEW = Secret.of("rotated-secret-99");

  private static final Map<String, UnaryOperator<ControlPlane.Builder>> ROTATIONS = new LinkedHashMap<>();

  static {
    ROTATIONS.put("hacluster password", plane -> plane.haclusterPassword(NEW));
    ROTATIONS.put("metadata proxy secret", plane -> plane.metadataProxySecret(NEW));
    ROTATIONS.put("Horizon secret key", plane -> plane.horizonSecretKey(NEW));
    ROTATIONS.put("Keystone admin token", plane -> plane.keystone(KeystoneAdmin.token(NEW)));
    ROTATIONS.put("glance database password", plane -> plane.databasePasswords(
        rotated(RunbookPlanes.inGroup(3).databasePasswords(), "glance")));
    ROTATIONS.put("nova service password", plane -> plane.servicePasswords(
        rotated(RunbookPlanes.inGroup(3).servicePasswords(), "nova")));
  }

  /** What each rotation changes: the ids of the steps that hold the secret, and the restarts they notify. */
  private static final Map<String, Set<String>> HOLDERS = Map.of(
      "hacluster password", Set.of("cluster.hacluster-password", "pacemaker.setup.01"),
      "metadata proxy secret", Set.of("openstack.config.nova.conf.default.neutron_metadata_proxy_shared_secret",
          "openstack.config.neutron.metadata_agent.ini.default.metadata_proxy_shared_secret"),
      "Horizon secret key", Set.of("horizon.secret-key"),
      "Keystone admin token", Set.of("openstack.config.keystone.conf.default.admin_token", "keystone.endpoints"),
      "glance database password", Set.of("openstack.config.glance-api.conf.default.sql_connection",
          "openstack.config.glance-registry.conf.default.sql_connection", "database.grants"),
      // nova.conf's neutron_admin_password is neutron's service password, not nova's.
      "nova service password", Set.of("openstack.config.nova.conf.keystone_authtoken.admin_password",
          "openstack.config.nova.api-paste.ini.filter:authtoken.admin_password"));

  private static Map<String, Secret> rotated(Map<String, Secret> passwords, String project) {
    Map<String, Secret> copy = new LinkedHashMap<>(passwords);
    copy.put(project, NEW);
    return copy;
  }

  @Test
  void eachSecretChangesExactlyTheStepsThatHoldItAndEachChecksBeforeItActs() {
    Plan before = RunbookPlanes.inGroup(3).plan();
    Map<String, Set<String>> changed = new LinkedHashMap<>();
    for (Map.Entry<String, UnaryOperator<ControlPlane.Builder>> rotation : ROTATIONS.entrySet()) {
      Plan after = rotation.getValue().apply(ControlPlane.builder().from(RunbookPlanes.inGroup(3))).build().plan();
      assertThat(after.steps()).extracting(Step::id).as(rotation.getKey() + ": the same steps, in the same order")
          .containsExactlyElementsOf(before.steps().stream().map(Step::id).toList());
      Set<String> differ = new TreeSet<>();
      for (int i = 0; i < before.steps().size(); i++) {
        Step old = before.steps().get(i);
        Step now = after.steps().get(i);
        if (!old.equals(now)) {
          differ.add(now.id());
          assertThat(now.artifact().allSecrets()).as(rotation.getKey() + ": " + now.id() + " holds the new secret")
              .contains(NEW);
          assertThat(checksBeforeActing(now)).as(rotation.getKey() + ": " + now.id() + " checks before it acts")
              .isTrue();
        } else {
          assertThat(now.artifact().allSecrets()).as(rotation.getKey() + ": " + now.id() + " is unchanged")
              .doesNotContain(NEW);
        }
      }
      changed.put(rotation.getKey(), differ);
    }
    assertThat(changed).isEqualTo(HOLDERS.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> new TreeSet<>(e.getValue()))));
  }

  @Test
  void aRotatedSecretRestartsExactlyTheServicesThatReadIt() {
    Plan plan = ROTATIONS.get("glance database password").apply(ControlPlane.builder()
        .from(RunbookPlanes.inGroup(3))).build().plan();
    Set<String> notified = plan.steps().stream().filter(s -> HOLDERS.get("glance database password").contains(s.id()))
        .flatMap(s -> s.notifies().stream()).collect(Collectors.toCollection(TreeSet::new));
    assertThat(notified).containsExactly("openstack-glance-api", "openstack-glance-registry");
    Set<String> restarts = plan.steps().stream().filter(s -> s.whenNotified().filter(notified::contains).isPresent())
        .map(Step::id).collect(Collectors.toCollection(TreeSet::new));
    assertThat(restarts).as("the restarts a glance password notifies").isNotEmpty()
        .allMatch(id -> id.contains("glance"));
  }

  /** A file or INI edit compares what is there; a command has its check, or is a script that checks itself. */
  private static boolean checksBeforeActing(Step step) {
    return !(step.artifact() instanceof Command command) || command.unless().isPresent()
        || command.checkOnly().isPresent();
  }
}
