package dev.hadsl.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Removes secret values from any text bound for a human: dry runs, logs, exception messages. */
public final class Redaction {
  private Redaction() {}

  /**
   * Replaces every occurrence of each secret in {@code text} with {@link Secret#MASK}, both raw and as the shell-quoted
   * form the library would have produced, so a secret is hidden however it was embedded.
   */
  public static String redact(String text, Collection<Secret> secrets) {
    String result = text;
    // Longest first, so a secret that contains another is masked whole.
    for (Secret secret : secrets.stream().sorted(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed()).toList()) {
      result = result.replace(ShellQuote.quote(secret.reveal()), Secret.MASK).replace(secret.reveal(), Secret.MASK);
    }
    return result;
  }

  /** {@link #redact} applied to each string of a list, e.g. each argument before they are joined. */
  public static List<String> redactEach(List<String> texts, Collection<Secret> secrets) {
    return texts.stream().map(text -> redact(text, secrets)).toList();
  }
}
