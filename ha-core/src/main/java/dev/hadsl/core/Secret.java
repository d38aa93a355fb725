package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A password or token. Its value is only given out by {@link #reveal()}; {@code toString} and every display path of
 * the library (dry runs, logs, exception messages) show {@link #MASK} instead.
 */
public final class Secret {
  /** What is shown in place of a secret value. */
  public static final String MASK = "******";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a non-empty secret value. */
  public static Secret of(String value) {
    checkArgument(value != null && !value.isEmpty(), "a secret must not be empty");
    return new Secret(value);
  }

  /** Reads a secret from an environment variable, failing with the variable's name (never its value). */
  public static Secret fromEnvironment(String variable) {
    String value = System.getenv(variable);
    checkArgument(value != null && !value.isEmpty(), "environment variable '%s' is not set or empty", variable);
    return new Secret(value);
  }

  /** The secret value itself; only for the place that must hand it to a tool. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    // Constant-time so comparing secrets does not leak them through timing.
    return other instanceof Secret that
        && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0x5ec7e7;
  }

  @Override
  public String toString() {
    return MASK;
  }
}
