package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;
import org.immutables.value.Value;

/** One unit of a plan: a stable id, where it runs, what it is for, and the artifact it carries out. */
@Value.Immutable
public abstract class Step {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._:-]{0,127}");

  /** Stable and unique within a plan, e.g. {@code pacemaker.resource.vip}; lower case, digits, '.', '_', ':', '-'. */
  public abstract String id();

  public abstract Target target();

  public abstract String description();

  public abstract Artifact artifact();

  public static Step of(String id, Target target, String description, Artifact artifact) {
    return builder().id(id).target(target).description(description).artifact(artifact).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Step}. */
  public static class Builder extends ImmutableStep.Builder {}

  @Value.Check
  protected void validate() {
    checkArgument(ID.matcher(id()).matches(),
        "step id '%s' must be 1-128 characters of a-z, 0-9, '.', '_', ':', '-', starting with a letter or digit",
        Checks.printable(id()));
    checkArgument(!description().isBlank() && description().indexOf('\n') < 0 && description().indexOf('\0') < 0,
        "step '%s': the description must be one non-blank line", id());
  }

  @Override
  public String toString() {
    return id() + " on " + target() + ": " + Redaction.redact(description(), artifact().allSecrets()) + " ["
        + artifact().display() + "]";
  }
}
