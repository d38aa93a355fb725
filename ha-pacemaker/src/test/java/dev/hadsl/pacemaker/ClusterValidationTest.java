package dev.hadsl.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Host;
import dev.hadsl.core.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterValidationTest {
  private static Cluster.Builder base() {
    return Cluster.builder().name("c").addAllNodes(RunbookClusters.nodes(2)).disableFencing("tests");
  }

  @Test
  void fencingMustBeConfiguredOrExplicitlyDisabled() {
    assertThatThrownBy(() -> Cluster.builder().name("c").addAllNodes(RunbookClusters.nodes(2))
        .addResource(Primitive.lsb("qpidd")).build())
        .isInstanceOf(ValidationException.class)
        .hasMessage("cluster 'c': fencing is enabled but no fencing device is defined: without fencing a node that"
            + " stops answering cannot be safely recovered, and Pacemaker starts no resource at all. Add a fencing"
            + " device (addFencingDevice) or turn fencing off explicitly with disableFencing(reason)");
    assertThatThrownBy(() -> base().disableFencing(" ").build())
        .hasMessage("cluster 'c': disableFencing needs a reason, so the choice stays visible");
    assertThatThrownBy(() -> base().putProperty("stonith-enabled", "false").build()).hasMessage(
        "cluster 'c': set fencing with fencingDevices or disableFencing(reason), not the stonith-enabled property");
    assertThat(base().build().effectiveProperties()).containsEntry("stonith-enabled", "false");
  }

  @Test
  void fencingDevicesMustBeStonithAgentsAndNotMixedWithDisabledFencing() {
    Primitive fence = RunbookClusters.fenced(2).fencingDevices().get(0);
    assertThatThrownBy(() -> base().addFencingDevice(fence).build()).hasMessage("cluster 'c': fencing is disabled"
        + " (tests) but fencing devices are defined; drop one or the other");
    assertThatThrownBy(() -> base().addResource(fence).build()).hasMessage("cluster 'c': resource 'fence-node1' is a"
        + " fencing agent (stonith:fence_ipmilan); add it with addFencingDevice");
    assertThatThrownBy(() -> Cluster.builder().name("c").addAllNodes(RunbookClusters.nodes(2))
        .addFencingDevice(Primitive.lsb("qpidd")).build())
        .hasMessage("cluster 'c': fencing device 'qpidd' has agent lsb:qpidd, not a stonith: agent");
  }

  @Test
  void idsAreUniqueAcrossResourcesGroupsClonesAndConstraintsAndAllProblemsAreListed() {
    Primitive qpidd = Primitive.lsb("qpidd");
    assertThatThrownBy(() -> base()
        .addResource(Group.of("g1", qpidd))
        .addResource(Group.of("g2", qpidd))
        .addResource(Primitive.lsb("g1", "haproxy"))
        .addConstraint(Colocation.builder().id("qpidd").resource("g1").withResource("g2").build())
        .build())
        .hasMessage("cluster 'c': 3 problems\n"
            + "  - id 'qpidd' is used by resource 'qpidd' and resource 'qpidd' (ids are unique across resources,"
            + " groups, clones, fencing devices and constraints; a primitive belongs to at most one group or clone)\n"
            + "  - id 'g1' is used by group 'g1' and resource 'g1' (ids are unique across resources, groups, clones,"
            + " fencing devices and constraints; a primitive belongs to at most one group or clone)\n"
            + "  - id 'qpidd' is used by resource 'qpidd' and constraint 'qpidd' (ids are unique across resources,"
            + " groups, clones, fencing devices and constraints; a primitive belongs to at most one group or clone)");
  }

  @Test
  void userIdsMayNotCollideWithDerivedIds() {
    assertThatThrownBy(() -> base().addResource(Primitive.lsb("qpidd"))
        .addResource(Primitive.lsb("qpidd-monitor-interval-30s", "haproxy")).build())
        .hasMessage("cluster 'c': id 'qpidd-monitor-interval-30s' of resource 'qpidd-monitor-interval-30s' collides"
            + " with an id the CIB derives for an attribute set or operation; choose another id");
  }

  @Test
  void constraintsMustNameExistingResourcesAndNodes() {
    assertThatThrownBy(() -> base().addResource(Primitive.lsb("qpidd"))
        .addConstraint(Order.of("qpidd", "ghost"))
        .addConstraint(Location.prefers("qpidd", "node9", 10)).build())
        .hasMessage("cluster 'c': 2 problems\n"
            + "  - constraint 'order-qpidd-ghost-mandatory' names resource 'ghost', which does not exist\n"
            + "  - constraint 'location-qpidd-node9-10' names node 'node9', which is not a cluster node [node1, node2]");
  }

  @Test
  void knownAgentsHaveTheirParametersChecked() {
    Primitive ip = Primitive.builder().id("vip").agent("ocf:heartbeat:IPaddr2")
        .putInstanceAttribute("cidr_netmask", "33").putInstanceAttribute("bogus", "1").build();
    Primitive lsb = Primitive.builder().id("q").agent("lsb:qpidd").putInstanceAttribute("port", "5672").build();
    Primitive badIp = Primitive.builder().id("vip2").agent("ocf:heartbeat:IPaddr2")
        .putInstanceAttribute("ip", "10.11,12.37").build();
    assertThatThrownBy(() -> base().addResource(ip).addResource(lsb).addResource(badIp).build())
        .hasMessage("cluster 'c': 5 problems\n"
            + "  - resource 'vip' (ocf:heartbeat:IPaddr2): required parameter 'ip' is missing\n"
            + "  - resource 'vip' (ocf:heartbeat:IPaddr2): unknown parameter 'bogus'\n"
            + "  - resource 'vip' (ocf:heartbeat:IPaddr2): parameter cidr_netmask '33' is not a prefix length from"
            + " 0 to 32\n"
            + "  - resource 'q' (lsb:qpidd): lsb services take no parameters, got [port]\n"
            + "  - resource 'vip2' (ocf:heartbeat:IPaddr2): parameter ip: IPv4 address '10.11,12.37' is not four"
            + " decimal octets separated by dots");
    assertThatThrownBy(() -> base().addResource(Primitive.builder().id("fs").agent("ocf:heartbeat:Filesystem")
        .putInstanceAttribute("device", "/dev/sdb1").build()).build())
        .hasMessage("cluster 'c': 2 problems\n"
            + "  - resource 'fs' (ocf:heartbeat:Filesystem): required parameter 'directory' is missing\n"
            + "  - resource 'fs' (ocf:heartbeat:Filesystem): required parameter 'fstype' is missing");
  }

  @Test
  void unknownPropertiesAndDefaultsAreRefused() {
    assertThatThrownBy(() -> base().putProperty("no-quorum-polcy", "ignore").putResourceDefault("stickiness", "1")
        .putOperationDefault("timeot", "1s").build())
        .hasMessage("cluster 'c': 3 problems\n"
            + "  - unknown cluster property 'no-quorum-polcy' (Pacemaker would silently ignore it)\n"
            + "  - unknown resource default 'stickiness' (Pacemaker would silently ignore it)\n"
            + "  - unknown operation default 'timeot' (Pacemaker would silently ignore it)");
  }

  @Test
  void nodesAndNameAreChecked() {
    assertThatThrownBy(() -> Cluster.builder().name("bad name").disableFencing("t")
        .addNode(Host.of("node1", "10.0.0.1")).addNode(Host.of("node1", "10.0.0.1")).build())
        .hasMessage("cluster 'bad name': 3 problems\n"
            + "  - cluster name 'bad name' must be 1-32 letters, digits, '_' or '-' (corosync's limit)\n"
            + "  - node 'node1' is listed twice\n"
            + "  - node 'node1': address 10.0.0.1 is used by another node");
    assertThatThrownBy(() -> Cluster.builder().name("c").disableFencing("t").build())
        .hasMessage("cluster 'c': a cluster needs at least one node");
  }

  @Test
  void valuesRefuseBadInput() {
    assertThatThrownBy(() -> Primitive.lsb("1qpidd")).hasMessage("resource id '1qpidd' is not a valid XML id (a letter"
        + " or '_' first, then letters, digits, '_', '.', '-')");
    assertThatThrownBy(() -> Agent.parse("ocf:IPaddr2"))
        .hasMessage("agent 'ocf:IPaddr2': an ocf agent needs a provider (ocf:heartbeat:IPaddr2)");
    assertThatThrownBy(() -> Agent.parse("lsb:x:qpidd")).hasMessage("agent 'lsb:x:qpidd': only ocf agents have a provider");
    assertThatThrownBy(() -> Agent.parse("upstart:qpidd"))
        .hasMessage("agent 'upstart:qpidd': class 'upstart' is not one of ocf, lsb, systemd, service, stonith");
    assertThatThrownBy(() -> Agent.parse("qpidd")).hasMessage("agent 'qpidd' is not class:type or ocf:provider:type");
    // A type reaches init commands as an argument: no option ("service --help restart" exits 0), no path component.
    for (String type : List.of("--help", "-x", ".", "..", ".hidden", "a b", "a/b")) {
      assertThatThrownBy(() -> Agent.parse("lsb:" + type)).as(type).hasMessage("agent 'lsb:" + type + "': type '"
          + type + "' is not a valid agent name (letters, digits and _ . @ -, not starting with - or .)");
    }
    assertThat(Agent.parse("systemd:openstack-nova-api@1.service").type()).isEqualTo("openstack-nova-api@1.service");
    assertThatThrownBy(() -> Group.of("g")).hasMessage("group 'g' has no members; Pacemaker refuses an empty group");
    assertThatThrownBy(() -> Operation.monitor(Duration.ZERO))
        .hasMessage("operation monitor: interval must be > 0, was PT0S");
    assertThatThrownBy(() -> Operation.monitor(Duration.ofSeconds(-5)))
        .hasMessage("operation monitor: interval must be >= 0 whole milliseconds, was PT-5S");
    assertThatThrownBy(() -> Operation.of("restart", Duration.ofSeconds(1))).hasMessage("operation 'restart' is not"
        + " one of [demote, migrate_from, migrate_to, monitor, notify, promote, reload, reload-agent, start, stop]");
    assertThatThrownBy(() -> Operation.builder().name("monitor").interval(Duration.ofSeconds(1)).role("Master").build())
        .hasMessage("operation monitor: role 'Master' is not one of [Promoted, Started, Stopped, Unpromoted]");
    assertThatThrownBy(() -> Primitive.builder().id("q").agent("lsb:qpidd")
        .addOperation(Operation.monitor(Duration.ofSeconds(10))).addOperation(Operation.monitor(Duration.ofSeconds(10)))
        .build()).hasMessage("resource 'q': operation monitor with interval 10s is given twice");
    assertThatThrownBy(() -> Score.of("lots")).hasMessage("score 'lots' is not an integer (up to 7 digits), INFINITY or -INFINITY");
    assertThatThrownBy(() -> Colocation.of("a", "a")).hasMessage("colocation 'colocation-a-a-INFINITY': a resource cannot be colocated with itself");
    assertThatThrownBy(() -> Order.of("a", "a")).hasMessage("order 'order-a-a-mandatory': a resource cannot be ordered after itself");
    assertThatThrownBy(() -> Order.builder().first("a").then("b").thenAction("restart").build())
        .hasMessage("order 'order-a-b-mandatory': actions must be start, stop, promote or demote, were 'start' and 'restart'");
    assertThatThrownBy(() -> Colocation.builder().resource("a").withResource("b").resourceRole("Master").build())
        .hasMessage("constraint 'colocation-a-b-INFINITY': role 'Master' is not Started, Promoted or Unpromoted");
    assertThatThrownBy(() -> Clone.of(Clone.of(Primitive.lsb("x"))))
        .hasMessage("clone 'x-clone-clone': a clone cannot contain a clone ('x-clone')");
    assertThatThrownBy(() -> Clone.builder().child(Primitive.lsb("x")).putMetaAttribute("promotable", "true").build())
        .hasMessage("clone 'x-clone': set promotable(true) instead of the meta attribute");
    assertThatThrownBy(() -> Primitive.builder().id("q").agent("lsb:qpidd").putMetaAttribute("a\nb", "1").build())
        .hasMessage("resource 'q': meta attribute name 'a\nb' is not valid");
  }

  @Test
  void primitivesWithoutAMonitorGetOne() {
    assertThat(Primitive.lsb("qpidd").effectiveOperations()).containsExactly(Operation.monitor(Duration.ofSeconds(30)));
  }

  @Test
  void aTotemTokenOutOfRangeIsAProblemEvenWhenNoLongHoldsItsMilliseconds() {
    for (Duration token : new Duration[] {Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MIN_VALUE),
        Duration.ofMillis(-1), Duration.ZERO, Duration.ofMillis(99), Duration.ofMillis(60_001),
        Duration.ofNanos(1_500_000_000L + 1)}) {
      assertThatThrownBy(() -> base().totemToken(token).build()).as("%s", token)
          .isInstanceOf(ValidationException.class)
          .hasMessage("cluster 'c': totemToken " + token + " must be whole milliseconds between 100 ms and 60 s");
    }
    for (Duration token : new Duration[] {Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofMillis(1500)}) {
      assertThat(base().totemToken(token).build().totemToken()).contains(token);
    }
  }
}
