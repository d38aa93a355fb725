package dev.hadsl.core;

import java.util.Arrays;

/**
 * A released version of a tool, compared numerically part by part ({@code 0.9.90 < 0.9.107 < 0.10}). Missing parts
 * count as zero, so {@code 1.5} equals {@code 1.5.0}. Gates on a development release ("since 1.5-dev12") are written
 * as the first stable release that has the feature ({@code 1.5}), since that is what distributions ship.
 */
public final class Version implements Comparable<Version> {
  private final int[] parts;
  private final String text;

  private Version(int[] parts, String text) {
    this.parts = parts;
    this.text = text;
  }

  /** {@code Version.of("0.9.90")}; refuses anything but dot-separated decimal numbers. */
  public static Version of(String text) {
    if (text == null) {
      throw new IllegalArgumentException("version must not be null");
    }
    if (!text.matches("[0-9]{1,6}(\\.[0-9]{1,6}){0,4}")) {
      throw new IllegalArgumentException("version '" + text + "' is not a release number such as 0.9.90 or 2.4");
    }
    return new Version(Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray(), text);
  }

  /** The first part: 1 for Corosync 1.4.1. */
  public int major() {
    return parts[0];
  }

  /** Whether this version is {@code since} or later. */
  public boolean atLeast(String since) {
    return compareTo(of(since)) >= 0;
  }

  /** Whether this version is {@code limit} or earlier. */
  public boolean atMost(String limit) {
    return compareTo(of(limit)) <= 0;
  }

  @Override
  public int compareTo(Version other) {
    for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
      int mine = i < parts.length ? parts[i] : 0;
      int theirs = i < other.parts.length ? other.parts[i] : 0;
      if (mine != theirs) {
        return Integer.compare(mine, theirs);
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Version version && compareTo(version) == 0;
  }

  @Override
  public int hashCode() {
    // Equal versions hash alike: trailing zero parts (1.5 = 1.5.0) do not count.
    int length = parts.length;
    while (length > 1 && parts[length - 1] == 0) {
      length--;
    }
    return Arrays.hashCode(Arrays.copyOf(parts, length));
  }

  /** The version as given. */
  @Override
  public String toString() {
    return text;
  }
}
