package dev.hadsl.core;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/**
 * An ordered list of steps across hosts; modules contribute steps and the plan keeps their order. Ids are unique and a
 * host name always means the same address.
 */
@Value.Immutable
public abstract class Plan {
  /** The steps in execution order. */
  public abstract ImmutableList<Step> steps();

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Plan}. */
  public static class Builder extends ImmutablePlan.Builder {
    /** Appends every step of {@code plan}, in order. */
    public Builder addPlan(Plan plan) {
      addAllSteps(plan.steps());
      return this;
    }
  }

  /** One step on one host, numbered in execution order (1-based). */
  public record Run(int number, Host host, Step step) {}

  /** Reports every step id used twice and every host name given two different addresses, at once. */
  @Value.Check
  protected void validate() {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> seenIds = new HashMap<>();
    Map<String, Host> hostsByName = new HashMap<>();
    for (int i = 0; i < steps().size(); i++) {
      Step step = steps().get(i);
      Integer first = seenIds.putIfAbsent(step.id(), i + 1);
      if (first != null) {
        problems.add("step id '" + step.id() + "' is used by step " + first + " and step " + (i + 1));
      }
      for (Host host : step.target().hosts()) {
        Host known = hostsByName.putIfAbsent(host.name(), host);
        if (known != null && !known.equals(host)) {
          problems.add("host '" + host.name() + "' is " + known + " in one step and " + host + " in step '"
              + step.id() + "'");
        }
      }
    }
    ValidationException.throwIfAny("plan", problems);
  }

  /** Every host a step runs on, in order of first appearance. */
  public ImmutableList<Host> hosts() {
    Map<String, Host> hosts = new LinkedHashMap<>();
    for (Run run : runs()) {
      hosts.putIfAbsent(run.host().name(), run.host());
    }
    return ImmutableList.copyOf(hosts.values());
  }

  /** The plan expanded to one run per host, in execution order. */
  public ImmutableList<Run> runs() {
    ImmutableList.Builder<Run> runs = ImmutableList.builder();
    int number = 0;
    for (Step step : steps()) {
      for (Host host : step.target().runsOn()) {
        runs.add(new Run(++number, host, step));
      }
    }
    return runs.build();
  }

  /** The runs on one host, in execution order. */
  public ImmutableList<Run> runsOn(String hostName) {
    return runs().stream().filter(run -> run.host().name().equals(hostName)).collect(ImmutableList.toImmutableList());
  }

  /**
   * The part of the plan a returning host needs, for a node that rejoins after a crash or a reinstall: every step that
   * runs on each of its hosts, or on {@code hostName} alone, now on that host only. Steps made once for a whole
   * cluster (on one of its nodes) are left out: the cluster still holds what they did, and their first node may be
   * the one that is gone.
   */
  public Plan narrowedTo(String hostName) {
    Builder narrowed = builder();
    boolean any = false;
    for (Step step : steps()) {
      if (step.target().kind() == Target.Kind.ONE_OF) {
        continue;
      }
      for (Host host : step.target().hosts()) {
        if (host.name().equals(hostName)) {
          narrowed.addSteps(Step.builder().from(step).target(Target.host(host)).build());
          any = true;
        }
      }
    }
    if (!any) {
      throw new IllegalArgumentException("plan: no step runs on host '" + hostName + "' (hosts: "
          + hosts().stream().map(Host::name).toList() + ")");
    }
    return narrowed.build();
  }

  /** The step with this id. */
  public Step step(String id) {
    return steps().stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("plan has no step '" + id + "'"));
  }

  @Override
  public String toString() {
    return "Plan[" + steps().size() + " steps on " + hosts().size() + " hosts]";
  }
}
