package dev.hadsl.openstack;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One RabbitMQ broker in the Pacemaker group, on the floating IP: the runbook's first messaging form ("Qpid in the
 * group") with the broker Debian ships. Simple, and exactly as lossy as the runbook warns: the broker's data is on
 * the node it ran on, so a failover starts an empty broker elsewhere and whatever it held is gone (measured in the
 * lab beside the RabbitMQ cluster). Choose it knowingly; {@link RabbitMqMessaging} keeps what was confirmed.
 */
@Value.Immutable
public abstract sealed class RabbitMqInGroup implements Messaging permits ImmutableRabbitMqInGroup {
  static final String CONFIG = "/etc/rabbitmq/rabbitmq.conf";

  /** The user every OpenStack service connects as; the broker makes it (not guest) when it first starts. */
  @Value.Default
  public String user() {
    return "openstack";
  }

  /** {@link #user()}'s password. */
  public abstract Secret password();

  /** A broker in the group whose services connect as {@code openstack} with {@code password}. */
  public static RabbitMqInGroup of(Secret password) {
    return ImmutableRabbitMqInGroup.builder().password(password).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RabbitMqInGroup}. */
  public static class Builder extends ImmutableRabbitMqInGroup.Builder {}

  /** The user and password rules of {@link RabbitMqMessaging}; the password also one word (rabbitmq.conf's value). */
  @Value.Check
  protected void validate() {
    List<String> problems = new ArrayList<>(RabbitMqMessaging.userProblems(user(), password()));
    if (problems.isEmpty() && !password().reveal().matches("[^\\s#]+")) {
      problems.add("rabbitmq password must hold no space and no '#': it is written to rabbitmq.conf as default_pass");
    }
    dev.hadsl.core.ValidationException.throwIfAny("messaging rabbitmq in the group", problems);
  }

  @Override
  public ImmutableList<Primitive> groupMembers(ControlPlane plane) {
    return ImmutableList.of(ControlPlaneCluster.service(plane, Primitive.lsb("rabbitmq", "rabbitmq-server")));
  }

  @Override
  public void addResources(ControlPlane plane, Cluster.Builder cluster) {}

  @Override
  public ImmutableMap<String, String> clusterManagedServices(ControlPlane plane) {
    return ImmutableMap.of("rabbitmq-server", "RabbitMQ in the group");
  }

  @Override
  public ImmutableList<String> packages(ControlPlane plane) {
    return ImmutableList.of("rabbitmq-server");
  }

  /**
   * Every node's broker listens on the floating IP (it runs only where the group holds it) and, on its first start
   * with an empty database, makes the services' user instead of guest ({@code default_user}/{@code default_pass},
   * RabbitMQ "Access Control": the default user is created only when the database is empty). A password changed
   * later reaches the broker only with its database made again.
   */
  @Override
  public void addStepsBeforeClusterForms(ControlPlane plane, Plan.Builder plan) {
    Target every = Target.each(plane.controlNodes());
    plan.addStep(Step.builder().id("messaging.rabbitmq.environment").target(every).waitsFor(Step.Wait.OWN_HOST)
        .description("RabbitMQ listens on the floating IP, where the group runs it")
        .artifact(ConfigFile.of(RabbitMqMessaging.ENVIRONMENT, "# Written by ha-dsl: the broker the group runs.\n"
            + "NODE_IP_ADDRESS=" + plane.floatingIp().address() + "\n"))
        .build());
    plan.addStep(Step.builder().id("messaging.rabbitmq.default-user").target(every).waitsFor(Step.Wait.OWN_HOST)
        .description("the broker's first start makes the services' user " + user() + ", not guest")
        .artifact(ConfigFile.builder().path(CONFIG).content("# Written by ha-dsl.\ndefault_user = " + user()
                + "\ndefault_pass = " + password().reveal() + "\ndefault_permissions.configure = .*\n"
                + "default_permissions.read = .*\ndefault_permissions.write = .*\n")
            .mode(0600).owner("rabbitmq:rabbitmq").addSecrets(password()).build())
        .build());
  }

  @Override
  public void addStepsAfterClusterConfigured(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public void addStepsOfItsOwnHosts(ControlPlane plane, Plan.Builder plan) {}

  @Override
  public ImmutableList<Proxy> haproxyProxies(ControlPlane plane) {
    return ImmutableList.of();
  }

  @Override
  public ImmutableSet<Integer> reservedPorts(ControlPlane plane) {
    return ImmutableSet.of(RabbitMqMessaging.AMQP_PORT);
  }

  @Override
  public Optional<OwnHosts> ownHosts() {
    return Optional.empty();
  }

  @Override
  public ImmutableList<String> problems(ControlPlane plane) {
    return RabbitMqMessaging.platformProblems(plane);
  }

  /** Havana's kombu driver, one broker on the floating IP; the cluster form's keys removed. */
  @Override
  public ImmutableList<IniEdit> clientEdits(ControlPlane plane, String file) {
    if (file.equals(ConfigEdits.GLANCE_REGISTRY)) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<IniEdit> edits = ImmutableList.builder();
    if (!file.equals(ConfigEdits.GLANCE_API)) {
      edits.add(RabbitMqMessaging.kombu(file));
    }
    edits.add(IniEdit.set(file, "DEFAULT", "rabbit_host", plane.floatingIp().address().text()),
        IniEdit.set(file, "DEFAULT", "rabbit_port", Integer.toString(RabbitMqMessaging.AMQP_PORT)),
        IniEdit.set(file, "DEFAULT", "rabbit_userid", user()),
        IniEdit.setSecret(file, "DEFAULT", "rabbit_password", password()));
    if (!file.equals(ConfigEdits.GLANCE_API)) {
      edits.add(IniEdit.delete(file, "DEFAULT", "rabbit_hosts"), IniEdit.delete(file, "DEFAULT", "rabbit_ha_queues"));
    }
    return edits.build();
  }
}
