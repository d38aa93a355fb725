package dev.hadsl.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks shared by every model that lists hosts. */
public final class Hosts {
  private Hosts() {}

  /**
   * One problem per repeated name and per address used twice, e.g. {@code node 'node1' is listed twice}; {@code noun}
   * says what the hosts are ("node", "member").
   */
  public static List<String> duplicates(List<Host> hosts, String noun) {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<Ipv4Address> addresses = new HashSet<>();
    for (Host host : hosts) {
      if (!names.add(host.name())) {
        problems.add(noun + " '" + host.name() + "' is listed twice");
      }
      if (!addresses.add(host.address())) {
        problems.add(noun + " '" + host.name() + "': address " + host.address() + " is used by another " + noun);
      }
    }
    return problems;
  }
}
