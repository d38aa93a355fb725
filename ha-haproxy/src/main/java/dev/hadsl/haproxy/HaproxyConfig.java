package dev.hadsl.haproxy;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ValidationException;
import dev.hadsl.core.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A whole {@code haproxy.cfg}: global, defaults and proxies in order. Cannot be built with a mistake HAProxy would
 * refuse or warn about; every problem is reported at once.
 */
@Value.Immutable
public abstract class HaproxyConfig {
  /** The {@code global} section; {@link Global#recommended()} unless set. */
  @Value.Default
  public Global global() {
    return Global.recommended();
  }

  /** The {@code defaults} section; {@link Defaults#recommended()} unless set. */
  @Value.Default
  public Defaults defaults() {
    return Defaults.recommended();
  }

  /** The {@code listen}, {@code frontend} and {@code backend} sections, in file order. */
  public abstract ImmutableList<Proxy> proxies();

  /**
   * The HAProxy release the file is for: when given, a keyword that release does not have is refused, naming the
   * release that brought it. Absent: checked against the HAProxy here, which is what {@code haproxy -c} judges.
   */
  public abstract Optional<Version> targetVersion();

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HaproxyConfig}. */
  public static class Builder extends ImmutableHaproxyConfig.Builder {}

  /** Reports every mistake HAProxy would refuse or warn about, and keywords the target release lacks, at once. */
  @Value.Check
  protected void validate() {
    List<String> problems = new ArrayList<>(HaproxyValidator.problems(this));
    targetVersion().ifPresent(version -> problems.addAll(HaproxyVersions.problems(this, version)));
    ValidationException.throwIfAny("haproxy config", problems);
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
