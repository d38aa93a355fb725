package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Set;

/** The {@code retry-on} keywords HAProxy 2.x accepts. */
final class RetryOn {
  private static final Set<String> KEYWORDS = Set.of("none", "conn-failure", "empty-response", "junk-response",
      "response-timeout", "0rtt-rejected", "404", "408", "425", "500", "501", "502", "503", "504",
      "all-retryable-errors");

  private RetryOn() {}

  static void check(String where, List<String> conditions) {
    for (String condition : conditions) {
      checkArgument(KEYWORDS.contains(condition), "%s retry-on: '%s' is not a retry-on keyword", where, condition);
    }
  }
}
