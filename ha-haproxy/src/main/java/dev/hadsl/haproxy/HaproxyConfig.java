package dev.hadsl.haproxy;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A whole {@code haproxy.cfg}: global, defaults and proxies in order. Cannot be built with a mistake HAProxy would
 * refuse or warn about; every problem is reported at once.
 */
@Value.Immutable
public abstract class HaproxyConfig {
  @Value.Default
  public Global global() {
    return Global.recommended();
  }

  @Value.Default
  public Defaults defaults() {
    return Defaults.recommended();
  }

  public abstract ImmutableList<Proxy> proxies();

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HaproxyConfig}. */
  public static class Builder extends ImmutableHaproxyConfig.Builder {}

  @Value.Check
  protected void validate() {
    ValidationException.throwIfAny("haproxy config", HaproxyValidator.problems(this));
  }

  /** The proxy with this name. */
  public Optional<Proxy> proxy(String name) {
    return proxies().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The secrets the rendered file contains (stats passwords), so a plan masks them. */
  public ImmutableList<Secret> secrets() {
    return proxies().stream().flatMap(p -> p.stats().flatMap(StatsPage::password).stream())
        .collect(ImmutableList.toImmutableList());
  }

  /** The rendered file text. */
  public String render() {
    return HaproxyRenderer.render(this);
  }
}
