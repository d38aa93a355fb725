package dev.hadsl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Secret;
import dev.hadsl.openstack.ControlPlane;
import dev.hadsl.openstack.Platform;
import dev.hadsl.testing.tools.AnsibleChecks;
import dev.hadsl.testing.tools.RequiresTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example's Ansible export of every form of the runbook's plane, judged by ansible-core's syntax check and
 * ansible-lint (production profile, the export's own configuration): no failure, and no secret in the playbook.
 */
class AnsibleExportTest {
  static Stream<Arguments> planes() {
    return Stream.of(Arguments.of(Platform.RHEL_6_5, false, false), Arguments.of(Platform.RHEL_6_5, true, true),
        Arguments.of(Platform.EL9, true, false), Arguments.of(Platform.EL9, true, true),
        Arguments.of(Platform.DEBIAN_12_LAB, true, false));
  }

  @ParameterizedTest(name = "{0}, Qpid in the group: {1}, HAProxy cloned: {2}")
  @MethodSource("planes")
  @RequiresTools({"ansible-playbook", "ansible-lint"})
  void theExportPassesSyntaxCheckAndLintAndHoldsNoSecret(Platform platform, boolean qpidInGroup, boolean haproxyClone,
      @TempDir Path dir) throws Exception {
    ControlPlane plane = RunbookExample.controlPlane(new RunbookExample.Options(dir, qpidInGroup, platform, false,
        haproxyClone, Optional.empty()));
    RunbookExample.render(plane, dir);
    Path export = dir.resolve("ansible");
    AnsibleChecks.syntaxCheckAndLint(export);
    assertThat(Files.getPosixFilePermissions(export.resolve("secrets.yml")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String playbook = Files.readString(export.resolve("playbook.yml"));
    String inventory = Files.readString(export.resolve("inventory.yml"));
    assertThat(inventory).contains("control_nodes:", "node1:", "ansible_host: " + plane.controlNodes().get(0)
        .address().text());
    for (Secret secret : plane.plan().steps().stream().flatMap(step -> step.artifact().allSecrets().stream())
        .distinct().toList()) {
      assertThat(playbook).as("the playbook holds no secret").doesNotContain(secret.reveal());
      assertThat(inventory).doesNotContain(secret.reveal());
    }
    assertThat(playbook).contains("no_log: true", "any_errors_fatal: true");
  }
}
