package dev.hadsl.testing.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab fixture itself: isolation from the machine, addressing, SSH, the shared device, crash and teardown. */
class ClusterLabTest {
  private static final List<Host> NODES = List.of(Host.of("lab1", "192.168.122.101/24"),
      Host.of("lab2", "192.168.122.102/24"));

  @Test
  void nodesArePrivateHostsOnOneBridgeAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
    Path probe = Path.of("/etc/ha-dsl-lab-probe");
    try (ClusterLab lab = ClusterLab.start(dir, NODES)) {
      // A file written into a node's /etc over SSH lands in its overlay, not on the machine.
      assertThat(lab.sshExecutor().execute(NODES.get(0), ConfigFile.of(probe.toString(), "lab1\n")).exitCode()).isZero();
      assertThat(lab.exec("lab1", "cat", probe.toString()).stdout()).isEqualTo("lab1\n");
      assertThat(lab.exec("lab2", "test", "-e", probe.toString()).exitCode()).as("not on the other node").isNotZero();
      assertThat(probe).as("not on the machine").doesNotExist();

      assertThat(lab.exec("lab1", "hostname").stdout().strip()).isEqualTo("lab1");
      assertThat(lab.sshExecutor().execute(NODES.get(1), Command.of("hostname")).stdout().strip()).isEqualTo("lab2");
      assertThat(lab.probe("ip", "-4", "-o", "addr", "show", "br0").stdout()).contains("192.168.122.1/24");
      assertThat(lab.exec("lab1", "ip", "-4", "-o", "addr", "show", "eth0").stdout()).contains("192.168.122.101/24");
      assertThat(lab.exec("lab1", "ls", "/sys/class/net").stdout().split("\\s+")).as("only its own interfaces")
          .containsExactlyInAnyOrder("eth0", "lo");

      // The shared device: written on one node, read on the other.
      String device = lab.sharedDevice();
      assertThat(lab.exec("lab1", "sh", "-c", "mkdir -p /mnt/shared && mount " + device
          + " /mnt/shared && echo from-lab1 > /mnt/shared/file && umount /mnt/shared").exitCode()).isZero();
      assertThat(lab.exec("lab2", "sh", "-c", "mkdir -p /mnt/shared && mount " + device
          + " /mnt/shared && cat /mnt/shared/file && umount /mnt/shared").stdout()).isEqualTo("from-lab1\n");

      lab.crash("lab2");
      assertThat(lab.isRunning("lab2")).isFalse();
      assertThat(lab.probe("ip", "link", "show", "vlab1").exitCode()).as("the node's veth vanished").isNotZero();
      lab.restart("lab2");
      assertThat(lab.exec("lab2", "hostname").stdout().strip()).isEqualTo("lab2");
    }
    assertThat(probe).doesNotExist();
    Path cibDirectory = Path.of("/var/lib/pacemaker/cib");
    if (Files.isDirectory(cibDirectory)) {
      try (var cib = Files.list(cibDirectory)) {
        assertThat(cib.toList()).as("the machine's own Pacemaker state is untouched").isEmpty();
      }
    }
  }
}
