package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster properties, resource defaults and operation defaults that a live CIB holds and a model does not set
 * (Pacemaker's own maintained properties left out): what an install keeps without owning it.
 */
public record UnownedSettings(ImmutableMap<String, String> properties, ImmutableMap<String, String> resourceDefaults,
    ImmutableMap<String, String> operationDefaults) {

  /** True when the live cluster holds nothing the model does not know. */
  public boolean isEmpty() {
    return properties.isEmpty() && resourceDefaults.isEmpty() && operationDefaults.isEmpty();
  }

  /** One line per setting, e.g. {@code property maintenance-mode=true (kept, not set by the model)}. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    properties.forEach((name, value) -> lines.add("property " + name + "=" + value + " (kept, not set by the model)"));
    resourceDefaults.forEach((name, value) -> lines.add("resource default " + name + "=" + value
        + " (kept, not set by the model)"));
    operationDefaults.forEach((name, value) -> lines.add("operation default " + name + "=" + value
        + " (kept, not set by the model)"));
    return lines;
  }
}
