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

  /**
   * One problem per host that cannot be a member of a cluster of several machines: an address that is multicast,
   * unspecified, reserved (240.0.0.0/4) or, among several members, loopback (every node would be itself); a name
   * {@code localhost} (Corosync and pcs resolve it to 127.0.0.1 on every node); a name that is an IPv4 address other
   * than the host's own (every tool that resolves it would reach that other machine).
   */
  public static List<String> memberProblems(List<Host> hosts, String noun) {
    List<String> problems = new ArrayList<>();
    for (Host host : hosts) {
      Ipv4Address address = host.address();
      if (!address.isHostAddress()) {
        problems.add(noun + " '" + host.name() + "': address " + address + " is not a unicast host address");
      } else if (address.isLoopback() && hosts.size() > 1) {
        problems.add(noun + " '" + host.name() + "': address " + address + " is a loopback address; the other "
            + noun + "s cannot reach it (each machine's 127.0.0.0/8 is its own)");
      }
      String name = host.name().toLowerCase(java.util.Locale.ROOT);
      if (name.equals("localhost") || name.startsWith("localhost.")) {
        problems.add(noun + " '" + host.name() + "': the name resolves to 127.0.0.1 on every machine; give the"
            + " host its own name");
      }
      if (name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !name.equals(address.toString())) {
        problems.add(noun + " '" + host.name() + "': named like the address " + host.name() + " but its address is "
            + address + "; name it by its own address or by a name");
      }
    }
    return problems;
  }

  /**
   * One problem per name given to two different addresses and per address given two different names, across
   * {@code hosts} that may list the same machine in several roles (a Qpid member that is also a control node): a
   * plan addresses each host by name, so one name must mean one machine.
   */
  public static List<String> conflicts(List<Host> hosts) {
    List<String> problems = new ArrayList<>();
    java.util.Map<String, Ipv4Address> byName = new java.util.HashMap<>();
    java.util.Map<Ipv4Address, String> byAddress = new java.util.HashMap<>();
    for (Host host : hosts) {
      Ipv4Address known = byName.putIfAbsent(host.name(), host.address());
      if (known != null && !known.equals(host.address())) {
        problems.add("host name '" + host.name() + "' is given to " + known + " and to " + host.address()
            + "; one name must mean one machine");
      }
      String named = byAddress.putIfAbsent(host.address(), host.name());
      if (named != null && !named.equals(host.name())) {
        problems.add("address " + host.address() + " is given to '" + named + "' and to '" + host.name() + "'");
      }
    }
    return problems.stream().distinct().toList();
  }
}
