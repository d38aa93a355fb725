package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What fence agents accept, by version: the parameter names differ between the RHEL 6 agents and today's. */
public final class FenceAgents {
  /**
   * RHEL 6's fence_ipmilan (fence-agents 3.1.5, a C program) reads {@code ipaddr}, {@code login} and {@code passwd}
   * and silently ignores {@code ip}, {@code username} and {@code password}: ClusterLabs/fence-agents v3.1.5 (commit
   * 5a518f3c), fence/agents/ipmilan/ipmilan.c, get_options_stdin(). Today's agents still take the old names as
   * aliases, but not the other way round.
   */
  private static final Map<String, Map<String, String>> RHEL6_NAMES = ImmutableMap.of(
      "stonith:fence_ipmilan", ImmutableMap.of("ip", "ipaddr", "username", "login", "password", "passwd"));

  private FenceAgents() {}

  /** {@code device} with the parameter names RHEL 6's agent reads; unchanged for an agent without renames. */
  public static Primitive forRhel6(Primitive device) {
    Map<String, String> renames = RHEL6_NAMES.getOrDefault(device.agent().toString(), Map.of());
    if (renames.isEmpty()) {
      return device;
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    device.instanceAttributes().forEach((name, value) -> attributes.put(renames.getOrDefault(name, name), value));
    Set<String> secretNames = new LinkedHashSet<>();
    device.secretAttributeNames().forEach(name -> secretNames.add(renames.getOrDefault(name, name)));
    return Primitive.builder().from(device).instanceAttributes(attributes).secretAttributeNames(secretNames).build();
  }
}
