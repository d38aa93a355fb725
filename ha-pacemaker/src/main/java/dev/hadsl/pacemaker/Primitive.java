package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Checks;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.NullValueException;
import dev.hadsl.core.Secret;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/**
 * One resource agent instance: id, agent, instance attributes (the agent's parameters), meta attributes and
 * operations. Without an explicit monitor it gets one, because Pacemaker never notices a failure it does not monitor.
 */
@Value.Immutable
public abstract non-sealed class Primitive implements Resource {
  /** The monitor interval given when none is: often enough to notice, not so often that agents pile up. */
  public static final Duration DEFAULT_MONITOR = Duration.ofSeconds(30);

  @Override
  public abstract String id();

  /** The resource agent that runs it, e.g. {@code ocf:heartbeat:IPaddr2}. */
  public abstract Agent agent();

  /** The agent's parameters, e.g. {@code ip} and {@code cidr_netmask} of IPaddr2. */
  public abstract ImmutableMap<String, String> instanceAttributes();

  @Override
  public abstract ImmutableMap<String, String> metaAttributes();

  /** The operations as given; see {@link #effectiveOperations()}. */
  public abstract ImmutableList<Operation> operations();

  /** Secrets among the attribute values (a fence device's password), masked wherever shown. */
  public abstract ImmutableList<Secret> secrets();

  /**
   * The names of the instance attributes that hold secrets ({@code password} of a fence device). Renderers keep
   * these off command lines. When empty, an attribute counts as secret when its value equals one of
   * {@link #secrets()}.
   */
  public abstract ImmutableSet<String> secretAttributeNames();

  /** The instance attributes that hold secrets, in model order. */
  public ImmutableMap<String, String> secretInstanceAttributes() {
    ImmutableMap.Builder<String, String> secret = ImmutableMap.builder();
    instanceAttributes().forEach((name, value) -> {
      boolean isSecret = secretAttributeNames().isEmpty()
          ? secrets().stream().anyMatch(s -> s.reveal().equals(value))
          : secretAttributeNames().contains(name);
      if (isSecret) {
        secret.put(name, value);
      }
    });
    return secret.build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Primitive}. */
  public static class Builder extends ImmutablePrimitive.Builder {
    /** Sets the agent from its spec, e.g. {@code "ocf:heartbeat:IPaddr2"}. */
    public Builder agent(String spec) {
      agent(Agent.parse(spec));
      return this;
    }
  }

  /** {@code ocf:heartbeat:IPaddr2} raising the floating IP, monitored every 30 s. */
  public static Primitive ipAddr2(String id, FloatingIp ip) {
    Builder builder = builder();
    builder.id(id).agent("ocf:heartbeat:IPaddr2")
        .putInstanceAttribute("ip", ip.address().text())
        .putInstanceAttribute("cidr_netmask", Integer.toString(ip.prefix()));
    ip.nic().ifPresent(nic -> builder.putInstanceAttribute("nic", nic));
    return builder.addOperation(Operation.monitor(DEFAULT_MONITOR)).build();
  }

  /** {@code ocf:heartbeat:Filesystem}: shared storage mounted on one node at a time. */
  public static Primitive filesystem(String id, String device, String directory, String fstype) {
    return builder().id(id).agent("ocf:heartbeat:Filesystem")
        .putInstanceAttribute("device", device)
        .putInstanceAttribute("directory", directory)
        .putInstanceAttribute("fstype", fstype)
        .addOperation(Operation.of("start", Duration.ofSeconds(60)))
        .addOperation(Operation.of("stop", Duration.ofSeconds(60)))
        .addOperation(Operation.monitor(Duration.ofSeconds(20), Duration.ofSeconds(40)))
        .build();
  }

  /** {@code ocf:heartbeat:mysql} with generous start/stop timeouts (crash recovery takes a while). */
  public static Primitive mysql(String id, MysqlOptions options) {
    return builder().id(id).agent("ocf:heartbeat:mysql")
        .putAllInstanceAttributes(options.asParameters())
        .addOperation(Operation.of("start", Duration.ofSeconds(120)))
        .addOperation(Operation.of("stop", Duration.ofSeconds(120)))
        .addOperation(Operation.monitor(Duration.ofSeconds(20), Duration.ofSeconds(30)))
        .build();
  }

  /**
   * {@code ocf:heartbeat:galera} (resource-agents 3.9.6 and later: ClusterLabs/resource-agents 71036b8e8a, "High:
   * galera: Introduces galera resource-agent", first tagged v3.9.6rc1; ChangeLog at v3.9.6: "galera: new RA"; RHEL
   * 6.5's 3.9.5 has none), one instance per node of
   * {@code wsrepNodes} (the names Pacemaker knows them by), to be cloned promotable. Its start only records the
   * node's last commit; promote starts mysqld, the first promoted node bootstrapping from the most advanced seqno.
   * The timeouts are the agent's own defaults (heartbeat/galera.in @ v4.12.0 meta-data), promote long enough for a
   * full state transfer and blocking on failure rather than retrying a half-joined node (the RDO recipe,
   * beekhof/osp-ha-deploy pcmk/galera.scenario: "op promote timeout=300s on-fail=block").
   */
  public static Primitive galera(String id, MysqlOptions options, List<String> wsrepNodes) {
    checkArgument(!wsrepNodes.isEmpty(), "galera '%s': no node for wsrep_cluster_address", id);
    return builder().id(id).agent("ocf:heartbeat:galera")
        .putAllInstanceAttributes(options.asParameters())
        .putInstanceAttribute("wsrep_cluster_address", "gcomm://" + String.join(",", wsrepNodes))
        .putInstanceAttribute("enable_creation", "true")
        .addOperation(Operation.of("start", Duration.ofSeconds(120)))
        .addOperation(Operation.of("stop", Duration.ofSeconds(120)))
        .addOperation(Operation.builder().from(Operation.of("promote", Duration.ofSeconds(300))).onFail("block")
            .build())
        .addOperation(Operation.of("demote", Duration.ofSeconds(120)))
        .addOperation(Operation.builder().from(Operation.monitor(Duration.ofSeconds(10), Duration.ofSeconds(30)))
            .role("Promoted").build())
        .addOperation(Operation.builder().from(Operation.monitor(Duration.ofSeconds(30), Duration.ofSeconds(30)))
            .role("Unpromoted").build())
        .build();
  }

  /** {@code lsb:SERVICE} with the service name as id, like the runbook's {@code lsb:qpidd}. */
  public static Primitive lsb(String service) {
    return lsb(service, service);
  }

  /** {@code lsb:SERVICE}, the init script {@code service}, under its own id. */
  public static Primitive lsb(String id, String service) {
    return builder().id(id).agent("lsb:" + service).build();
  }

  /** {@code systemd:UNIT}, the systemd unit {@code unit}, under its own id. */
  public static Primitive systemd(String id, String unit) {
    return builder().id(id).agent("systemd:" + unit).build();
  }

  /**
   * {@code stonith:fence_ipmilan} fencing one node through its BMC. The BMC address is an IPv4 address (not
   * unspecified, loopback, multicast or broadcast) or a DNS name; the user an IPMI 2.0 user name (1-16 printable ASCII
   * characters, no surrounding spaces).
   */
  public static Primitive fenceIpmilan(String id, String nodeName, String bmcAddress, String user, Secret password) {
    NullValueException.check(bmcAddress, "BMC address");
    NullValueException.check(user, "BMC user");
    String shown = Checks.printable(bmcAddress);
    if (bmcAddress.matches("[0-9.]+")) {
      Ipv4Address address;
      try {
        address = Ipv4Address.of(bmcAddress);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("fencing device '" + id + "': BMC address '" + shown + "' is not an IPv4"
            + " address", e);
      }
      checkArgument(!address.isMulticast() && !address.isLoopback() && !bmcAddress.equals("0.0.0.0")
          && !bmcAddress.equals("255.255.255.255"), "fencing device '%s': BMC address %s cannot be a BMC's (unspecified,"
          + " loopback, multicast or broadcast)", id, bmcAddress);
    } else {
      checkArgument(Host.isValidName(bmcAddress), "fencing device '%s': BMC address '%s' is neither an IPv4 address nor"
          + " a host name", id, shown);
    }
    // IPMI 2.0 keeps user names in 16 bytes of ASCII (section 22.28, Set User Name).
    checkArgument(user.matches("[\\x21-\\x7e]([\\x20-\\x7e]{0,14}[\\x21-\\x7e])?"), "fencing device '%s': BMC user"
        + " '%s' is not an IPMI user name (1-16 printable ASCII characters, no surrounding spaces)", id,
        user.length() > 40 ? Checks.printable(user.substring(0, 40)) + "..." : Checks.printable(user));
    return builder().id(id).agent("stonith:fence_ipmilan")
        .putInstanceAttribute("ip", bmcAddress)
        .putInstanceAttribute("username", user)
        .putInstanceAttribute("password", password.reveal())
        .putInstanceAttribute("lanplus", "1")
        .putInstanceAttribute("pcmk_host_list", nodeName)
        .addSecret(password)
        .addSecretAttributeName("password")
        .addOperation(Operation.monitor(Duration.ofSeconds(60)))
        .build();
  }

  /** Rejects a malformed id, an operation given twice, and attribute names or values pcs cannot take. */
  @Value.Check
  protected void validate() {
    Ids.check("resource", id());
    Set<String> seen = new HashSet<>();
    for (Operation operation : operations()) {
      checkArgument(seen.add(operation.idFor(id())),
          "resource '%s': operation %s with interval %s is given twice", id(), operation.name(),
          Ids.time(operation.interval()));
    }
    instanceAttributes().forEach((name, value) -> checkNameValue("instance attribute", name, value));
    metaAttributes().forEach((name, value) -> checkNameValue("meta attribute", name, value));
  }

  private void checkNameValue(String what, String name, String value) {
    checkArgument(name.matches("[A-Za-z_][A-Za-z0-9_.-]*"), "resource '%s': %s name '%s' is not valid", id(), what,
        name);
    checkArgument(value.indexOf('\n') < 0 && value.indexOf('\0') < 0, "resource '%s': %s '%s' must be one line",
        id(), what, name);
  }

  /** The operations with a monitor added when none was given. */
  public ImmutableList<Operation> effectiveOperations() {
    if (operations().stream().anyMatch(op -> op.name().equals("monitor"))) {
      return operations();
    }
    return ImmutableList.<Operation>builder().addAll(operations())
        .add(Operation.monitor(agent().isStonith() ? Duration.ofSeconds(60) : DEFAULT_MONITOR)).build();
  }

  @Override
  public ImmutableList<Resource> selfAndDescendants() {
    return ImmutableList.of(this);
  }

  @Override
  public ImmutableList<Primitive> primitives() {
    return ImmutableList.of(this);
  }

  @Override
  public String toString() {
    return "primitive " + id() + " (" + agent() + ")";
  }
}
