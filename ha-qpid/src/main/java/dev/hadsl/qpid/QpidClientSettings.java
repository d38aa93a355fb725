package dev.hadsl.qpid;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.immutables.value.Value;

/**
 * The messaging keys every OpenStack service config gets (in {@code [DEFAULT]}): what to set and what to remove, so
 * a service never sees both the single-broker and the cluster form.
 */
@Value.Immutable
public abstract class QpidClientSettings {
  public abstract ImmutableMap<String, String> keysToSet();

  public abstract ImmutableList<String> keysToRemove();

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link QpidClientSettings}. */
  public static class Builder extends ImmutableQpidClientSettings.Builder {}
}
