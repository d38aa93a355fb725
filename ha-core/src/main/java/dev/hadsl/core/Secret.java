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

  /** Wraps a non-empty secret value; NUL is refused, since no channel (stdin, environment, file) carries it. */
  public static Secret of(String value) {
    checkArgument(value != null && !value.isEmpty(), "a secret must not be empty");
    checkArgument(value.indexOf('\0') < 0, "a secret must not contain a NUL character");
    return new Secret(value);
  }

  /** Reads a secret from an environment variable, failing with the variable's name (never its value). */
  public static Secret fromEnvironment(String variable) {
    String value = System.getenv(variable);
    checkArgument(value != null && !value.isEmpty(), "environment variable '%s' is not set or empty", variable);
    checkArgument(value.indexOf('\0') < 0, "environment variable '%s' contains a NUL character", variable);
    return new Secret(value);
  }

  /** True when the value holds a line break (CR or LF): line-based channels such as chpasswd cannot carry it. */
  public boolean isMultiLine() {
    return value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
  }

  /**
   * The value percent-encoded (RFC 3986: every byte of its UTF-8 form but the unreserved {@code A-Z a-z 0-9 - . _ ~}),
   * for the user-info part of a URL such as SQLAlchemy's {@code mysql://user:PASSWORD@host/db}, which decodes it.
   */
  public Secret percentEncoded() {
    return new Secret(percentEncode(value));
  }

  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
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
