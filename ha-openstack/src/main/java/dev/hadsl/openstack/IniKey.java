package dev.hadsl.openstack;

import org.immutables.value.Value;

/** A key of an OpenStack INI config file: file, section, key. */
@Value.Immutable
public abstract class IniKey {
  /** Absolute path of the config file. */
  @Value.Parameter
  public abstract String file();

  /** The INI section, e.g. {@code DEFAULT}. */
  @Value.Parameter
  public abstract String section();

  /** The key within the section. */
  @Value.Parameter
  public abstract String key();

  /** The key {@code key} in {@code [section]} of {@code file}. */
  public static IniKey of(String file, String section, String key) {
    return ImmutableIniKey.of(file, section, key);
  }

  @Override
  public String toString() {
    return file() + " [" + section() + "] " + key();
  }
}
