package dev.hadsl.testing.tools;

import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.exec.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a command in a private user + network namespace ({@code unshare -rn}) whose loopback carries the given
 * addresses, so tools can be tested with real cluster addresses without touching, or sending to, the host network.
 */
public final class Netns {
  private Netns() {}

  /** Runs {@code argv} in a private user and network namespace whose loopback carries {@code localAddresses}. */
  public static ExecResult run(List<Ipv4Address> localAddresses, String... argv) {
    return run(localAddresses, Map.of(), argv);
  }

  /**
   * The same, in a private mount namespace too, where each file of {@code overlays} (path inside, file outside) is
   * bind-mounted over the real one: e.g. an {@code /etc/passwd} with a service user the tool looks up.
   */
  public static ExecResult run(List<Ipv4Address> localAddresses, Map<String, Path> overlays, String... argv) {
    RealTools.require("unshare");
    RealTools.require("ip");
    RealTools.require(argv[0]);
    StringBuilder setup = new StringBuilder("ip link set lo up");
    for (Ipv4Address address : localAddresses) {
      setup.append(" && ip addr add ").append(address.text()).append("/32 dev lo");
    }
    List<String> mounts = new ArrayList<>();
    overlays.forEach((inside, outside) -> {
      mounts.add(outside.toString());
      mounts.add(inside);
      setup.append(" && mount --bind \"$").append(mounts.size() - 1).append("\" \"$").append(mounts.size())
          .append("\"");
    });
    setup.append(" && shift ").append(mounts.size()).append(" && exec \"$@\"");
    List<String> command = new ArrayList<>(List.of("unshare", overlays.isEmpty() ? "-rn" : "-rnm", "sh", "-c",
        setup.toString(), "sh"));
    command.addAll(mounts);
    command.addAll(List.of(argv));
    return RealTools.run(command.toArray(String[]::new));
  }

  /** Copies of /etc/passwd and /etc/group with one more system user and its group, for {@link #run} overlays. */
  public static Map<String, Path> withUser(Path dir, String user) {
    try {
      Path passwd = Files.writeString(dir.resolve("passwd"), Files.readString(Path.of("/etc/passwd"))
          + user + ":x:990:990::/nonexistent:/usr/sbin/nologin\n");
      Path group = Files.writeString(dir.resolve("group"), Files.readString(Path.of("/etc/group")) + user + ":x:990:\n");
      return Map.of("/etc/passwd", passwd, "/etc/group", group);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
