package dev.hadsl.core.testing;

import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.exec.ExecResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command in a private user + network namespace ({@code unshare -rn}) whose loopback carries the given
 * addresses, so tools can be tested with real cluster addresses without touching, or sending to, the host network.
 */
public final class Netns {
  private Netns() {}

  public static ExecResult run(List<Ipv4Address> localAddresses, String... argv) {
    RealTools.require("unshare");
    RealTools.require("ip");
    RealTools.require(argv[0]);
    StringBuilder setup = new StringBuilder("ip link set lo up");
    for (Ipv4Address address : localAddresses) {
      setup.append(" && ip addr add ").append(address.text()).append("/32 dev lo");
    }
    List<String> command = new ArrayList<>(List.of("unshare", "-rn", "sh", "-c", setup + " && exec \"$@\"", "sh"));
    command.addAll(List.of(argv));
    return RealTools.run(command.toArray(String[]::new));
  }
}
