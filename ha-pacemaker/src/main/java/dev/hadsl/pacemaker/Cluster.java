package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Pacemaker cluster: nodes, properties, defaults, resources, constraints and fencing. Every problem (bad ids,
 * dangling constraints, missing agent parameters, fencing left on without a device) is reported at build time, all
 * at once.
 */
@Value.Immutable
public abstract class Cluster {
  /** The cluster name given to pcs when the cluster is set up. */
  public abstract String name();

  /** Members in node-id order (node ids are 1, 2, ... as pcs assigns them). */
  public abstract ImmutableList<Host> nodes();

  /** Cluster properties (crm_config) besides {@code stonith-enabled}, e.g. {@code no-quorum-policy}. */
  public abstract ImmutableMap<String, String> properties();

  /** Meta-attribute defaults for every resource, e.g. {@code resource-stickiness}. */
  public abstract ImmutableMap<String, String> resourceDefaults();

  /** Defaults for every operation, e.g. {@code timeout}. */
  public abstract ImmutableMap<String, String> operationDefaults();

  /** The top-level resources (primitives, groups, clones), in creation order. */
  public abstract ImmutableList<Resource> resources();

  /** Location, colocation and order constraints between the resources. */
  public abstract ImmutableList<Constraint> constraints();

  /** The {@code stonith:} devices. */
  public abstract ImmutableList<Primitive> fencingDevices();

  /**
   * Corosync's token timeout: how long a node may go without the token before the others declare it lost, the first
   * part of every failover. Absent: Corosync's default (3000 ms since Corosync 3; after a crash the lab saw the
   * floating IP answer again after 9-10 s with it, 5.8 s with 1000 ms). Written when the cluster is set up.
   */
  public abstract Optional<Duration> totemToken();

  /** Why fencing is off, when it is; absent means fencing is on (and needs a device). */
  public abstract Optional<String> fencingDisabledBecause();

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Cluster}. */
  public static class Builder extends ImmutableCluster.Builder {
    /**
     * Turns fencing off, saying why. A cluster without fencing cannot safely recover a node that stops answering; make
     * that a visible decision (a test bed, a demo), never a default.
     */
    public Builder disableFencing(String reason) {
      fencingDisabledBecause(reason);
      return this;
    }
  }

  /**
   * Reports every problem (bad ids, dangling constraints, missing agent parameters, fencing without a device) at once.
   */
  @Value.Check
  protected void validate() {
    ValidationException.throwIfAny("cluster '" + name() + "'", ClusterValidator.problems(this));
  }

  /**
   * The properties as rendered: {@code stonith-enabled} first, then the model's. The model always owns
   * {@code stonith-enabled}: an install keeps every property the model does not set, so a model with fencing on must
   * say {@code true} or a {@code false} left behind by an operator or an earlier model would silently stay.
   */
  public ImmutableMap<String, String> effectiveProperties() {
    return ImmutableMap.<String, String>builder()
        .put("stonith-enabled", String.valueOf(fencingDisabledBecause().isEmpty()))
        .putAll(properties())
        .build();
  }

  /** Every resource, nested ones included, outermost first. */
  public ImmutableList<Resource> allResources() {
    return resources().stream().flatMap(r -> r.selfAndDescendants().stream()).collect(ImmutableList.toImmutableList());
  }

  /** The resource with this id, at any depth. */
  public Optional<Resource> resource(String id) {
    return allResources().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The secrets inside resources and fencing devices, to mask wherever commands are shown. */
  public ImmutableList<Secret> secrets() {
    return ImmutableList.<Primitive>builder()
        .addAll(fencingDevices())
        .addAll(resources().stream().flatMap(r -> r.primitives().stream()).toList())
        .build().stream().flatMap(p -> p.secrets().stream()).distinct().collect(ImmutableList.toImmutableList());
  }
}
