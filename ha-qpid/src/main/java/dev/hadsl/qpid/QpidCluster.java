package dev.hadsl.qpid;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.hadsl.core.FirewallRule;
import dev.hadsl.core.Host;
import dev.hadsl.core.Hosts;
import dev.hadsl.core.InitSystem;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Ipv4Network;
import dev.hadsl.core.PackageManager;
import dev.hadsl.core.Port;
import dev.hadsl.core.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * A Qpid broker cluster on its own set of nodes, replicated over Corosync, so a failed node loses no messages (the
 * runbook's "Alternate clustered Qpid deployment").
 */
@Value.Immutable
public abstract class QpidCluster {
  /** The ports the runbook opens besides Corosync's and the broker's (RHEL cluster suite and Qpid cluster). */
  public static final ImmutableList<FirewallRule> RUNBOOK_EXTRA_PORTS = ImmutableList.of(
      FirewallRule.tcp(8084), FirewallRule.tcp(11111), FirewallRule.tcp(14567), FirewallRule.tcp(16851),
      FirewallRule.tcp(21064), FirewallRule.tcp(50006), FirewallRule.udp(50007), FirewallRule.tcp(50008),
      FirewallRule.tcp(50009));

  /** The Qpid cluster name ({@code cluster-name} in qpidd.conf) and the Corosync cluster name. */
  public abstract String name();

  /** Members in node-id order. */
  public abstract ImmutableList<Host> members();

  /** How the members' Corosync finds each other; multicast (the runbook's) unless set. */
  @Value.Default
  public CorosyncTransport transport() {
    return CorosyncTransport.MULTICAST;
  }

  /** An administratively scoped group (RFC 2365) by default, so it never leaves the site. */
  @Value.Default
  public Ipv4Address multicastAddress() {
    return Ipv4Address.of("239.255.42.1");
  }

  /** Corosync's port ({@code mcastport}); 5405 unless set. */
  @Value.Default
  public Port corosyncPort() {
    return Port.of(5405);
  }

  /** The AMQP port clients connect to on every member; 5672 unless set. */
  @Value.Default
  public Port brokerPort() {
    return Port.of(5672);
  }

  /** The user and group Corosync lets the broker connect as ({@code uidgid.d/qpidd}). */
  @Value.Default
  public String brokerUser() {
    return "qpidd";
  }

  /** The group Corosync lets the broker connect as; {@code qpidd} unless set. */
  @Value.Default
  public String brokerGroup() {
    return "qpidd";
  }

  /** Ports opened between members besides Corosync's; the runbook's list by default. */
  @Value.Default
  public ImmutableList<FirewallRule> extraPorts() {
    return RUNBOOK_EXTRA_PORTS;
  }

  /** Where clients (OpenStack services) connect from; absent means anywhere. */
  public abstract Optional<Ipv4Network> clientNetwork();

  /** How Corosync and qpidd are started on the members; SysV init unless set. */
  @Value.Default
  public InitSystem initSystem() {
    return InitSystem.SYSV;
  }

  /** What installs the cluster packages on the members; yum unless set. */
  @Value.Default
  public PackageManager packageManager() {
    return PackageManager.YUM;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link QpidCluster}. */
  public static class Builder extends ImmutableQpidCluster.Builder {}

  /**
   * Reports every problem (name, fewer than two members, duplicates, multicast subnet and group, user names, ports
   * opened twice) at once.
   */
  @Value.Check
  protected void validate() {
    ValidationException.throwIfAny("qpid cluster '" + name() + "'", problems());
  }

  private List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!name().matches("[A-Za-z0-9_-]{1,32}")) {
      problems.add("name '" + name() + "' must be 1-32 letters, digits, '_' or '-'");
    }
    if (members().size() < 2) {
      problems.add("a cluster needs at least two members, has " + members().size());
    }
    problems.addAll(Hosts.duplicates(members(), "member"));
    problems.addAll(Hosts.memberProblems(members(), "member"));
    if (transport() == CorosyncTransport.MULTICAST) {
      checkSharedSubnet(problems);
      if (!multicastAddress().isMulticast()) {
        problems.add("multicast address " + multicastAddress() + " is not inside 224.0.0.0/4");
      } else if ((multicastAddress().bits() >>> 8) == 0xe00000) {
        // RFC 5771: 224.0.0.0/24 is the Local Network Control Block (224.0.0.1 is every host on the segment),
        // reserved for routing and discovery protocols, never for an application's group.
        problems.add("multicast address " + multicastAddress() + " is in 224.0.0.0/24, reserved for network control"
            + " (RFC 5771); use an administratively scoped group such as 239.255.42.1");
      }
    }
    for (String user : List.of(brokerUser(), brokerGroup())) {
      if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
        problems.add("broker user/group '" + user + "' is not a valid name");
      }
    }
    Set<String> seen = new HashSet<>();
    for (FirewallRule rule : firewallRules()) {
      String key = rule.port() + "/" + rule.protocol().keyword();
      if (!seen.add(key)) {
        problems.add("port " + key + " is opened twice (Corosync " + corosyncPort() + ", broker " + brokerPort()
            + ", extra " + extraPorts() + ")");
      }
    }
    return problems;
  }

  private void checkSharedSubnet(List<String> problems) {
    List<String> withoutPrefix = members().stream().filter(m -> m.prefix().isEmpty()).map(Host::name).toList();
    if (!withoutPrefix.isEmpty()) {
      problems.add("members " + withoutPrefix + " need an address with prefix (e.g. 192.168.122.101/24):"
          + " multicast members must share a subnet");
      return;
    }
    Set<Ipv4Network> networks = members().stream().map(m -> m.network().orElseThrow())
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    if (networks.size() > 1) {
      problems.add("multicast members must share a subnet, found " + networks + " ("
          + members().stream().map(Host::toString).collect(Collectors.joining(", ")) + ")");
    }
  }

  /** The cluster's network, when members have prefixes and share one. */
  public Optional<Ipv4Network> network() {
    Set<Optional<Ipv4Network>> networks = members().stream().map(Host::network).collect(Collectors.toSet());
    return networks.size() == 1 ? networks.iterator().next() : Optional.empty();
  }

  /**
   * Every port the members open: Corosync (udp, and tcp as the runbook does) and the extras from the cluster network
   * only, when it is known; the broker port from the client network (or anywhere).
   */
  public ImmutableList<FirewallRule> firewallRules() {
    List<FirewallRule> rules = new ArrayList<>();
    rules.add(FirewallRule.udp(corosyncPort().number()));
    rules.add(FirewallRule.tcp(corosyncPort().number()));
    rules.addAll(extraPorts());
    List<FirewallRule> scoped = new ArrayList<>();
    for (FirewallRule rule : rules) {
      scoped.add(network().map(rule::from).orElse(rule));
    }
    FirewallRule broker = FirewallRule.tcp(brokerPort().number());
    scoped.add(clientNetwork().map(broker::from).orElse(broker));
    return ImmutableList.copyOf(scoped);
  }

  /** The value of OpenStack's {@code qpid_hosts}: {@code ip:port,ip:port}. */
  public String qpidHosts() {
    return members().stream().map(m -> m.address() + ":" + brokerPort()).collect(Collectors.joining(","));
  }

  /** Set {@code qpid_hosts}, remove the single-broker keys. */
  public QpidClientSettings clientSettings() {
    return QpidClientSettings.builder()
        .keysToSet(ImmutableMap.of("qpid_hosts", qpidHosts()))
        .keysToRemove(ImmutableList.of("qpid_hostname", "qpid_port"))
        .build();
  }
}
