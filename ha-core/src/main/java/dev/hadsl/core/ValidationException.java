package dev.hadsl.core;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A model that cannot be built: carries every problem found, each naming the field, the bad value and the rule, so a
 * user fixes them all in one round instead of one per run.
 */
public final class ValidationException extends IllegalArgumentException {
  /** Every problem found, in order. */
  private final ImmutableList<String> problems;

  /** An exception about {@code subject} carrying {@code problems}; the message lists them all. */
  public ValidationException(String subject, List<String> problems) {
    super(message(subject, problems));
    this.problems = ImmutableList.copyOf(problems);
  }

  /** The individual problems, in the order they were found. */
  public ImmutableList<String> problems() {
    return problems;
  }

  /** Throws if {@code problems} is non-empty; {@code subject} names what was being validated. */
  public static void throwIfAny(String subject, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new ValidationException(subject, problems);
    }
  }

  private static String message(String subject, List<String> problems) {
    if (problems.size() == 1) {
      return subject + ": " + problems.get(0);
    }
    StringBuilder text = new StringBuilder(subject).append(": ").append(problems.size()).append(" problems");
    for (String problem : problems) {
      text.append("\n  - ").append(problem);
    }
    return text.toString();
  }
}
