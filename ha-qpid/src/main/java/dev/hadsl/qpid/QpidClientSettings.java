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
  /** Keys and values to set, e.g. {@code qpid_hosts} for the cluster. */
  public abstract ImmutableMap<String, String> keysToSet();

  /** Keys of the other form, removed so they cannot take precedence. */
  public abstract ImmutableList<String> keysToRemove();

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link QpidClientSettings}. */
  public static class Builder extends ImmutableQpidClientSettings.Builder {}
}
