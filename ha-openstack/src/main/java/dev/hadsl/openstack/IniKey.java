package dev.hadsl.openstack;

import org.immutables.value.Value;

/** A key of an OpenStack INI config file: file, section, key. */
@Value.Immutable
public abstract class IniKey {
  @Value.Parameter
  public abstract String file();

  @Value.Parameter
  public abstract String section();

  @Value.Parameter
  public abstract String key();

  public static IniKey of(String file, String section, String key) {
    return ImmutableIniKey.of(file, section, key);
  }

  @Override
  public String toString() {
    return file() + " [" + section() + "] " + key();
  }
}
