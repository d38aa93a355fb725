package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * RHEL 6's fence_ipmilan cannot run here, so its device is judged by the names its own source reads
 * (src/test/resources/el6/fence_ipmilan-rhel6-options.txt, from ClusterLabs/fence-agents v3.1.5; see its header).
 */
class FenceAgentsTest {
  private static Set<String> rhel6Names() throws IOException {
    try (InputStream in = FenceAgentsTest.class.getResourceAsStream("/el6/fence_ipmilan-rhel6-options.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#")).map(String::strip).collect(Collectors.toSet());
    }
  }

  /** The names the agent itself reads: Pacemaker consumes its own pcmk_* parameters and does not pass them on. */
  private static Set<String> agentNames(Primitive device) {
    return device.instanceAttributes().keySet().stream().filter(name -> !name.startsWith("pcmk_"))
        .collect(Collectors.toSet());
  }

  @Test
  void theRhel6DeviceUsesOnlyNamesRhel6sAgentReads() throws IOException {
    Primitive modern = Primitive.fenceIpmilan("fence-node1", "node1", "192.168.124.101", "admin",
        Secret.of("ipmi-secret"));
    Set<String> rhel6 = rhel6Names();
    assertThat(rhel6).as("the table tells the versions apart").doesNotContain("ip", "username", "password")
        .contains("ipaddr", "login", "passwd", "lanplus");
    assertThat(agentNames(modern)).as("today's names would be ignored by RHEL 6's agent")
        .anyMatch(name -> !rhel6.contains(name));

    Primitive device = FenceAgents.forRhel6(modern);

    assertThat(rhel6).containsAll(agentNames(device));
    assertThat(device.instanceAttributes()).containsEntry("ipaddr", "192.168.124.101").containsEntry("login", "admin")
        .containsEntry("passwd", "ipmi-secret").containsEntry("pcmk_host_list", "node1");
    assertThat(device.secretAttributeNames()).containsExactly("passwd");
    assertThat(device.secrets()).isEqualTo(modern.secrets());
    assertThat(FenceAgents.forRhel6(Primitive.lsb("x", "x"))).isEqualTo(Primitive.lsb("x", "x"));
  }
}
