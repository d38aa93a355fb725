package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;

/** HAProxy time values: the largest unit that states the duration exactly. */
final class Durations {
  private Durations() {}

  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  static void checkPositive(String what, Duration duration) {
    checkArgument(!duration.isNegative() && !duration.isZero() && duration.toNanos() % 1_000_000 == 0,
        "%s must be a positive whole number of milliseconds, was %s", what, duration);
    checkArgument(duration.toMillis() <= Integer.MAX_VALUE, "%s is too long for HAProxy (max ~24 days), was %s",
        what, duration);
  }
}
