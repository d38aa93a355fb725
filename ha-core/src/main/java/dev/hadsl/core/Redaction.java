package dev.hadsl.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Removes secret values from any text bound for a human: dry runs, logs, exception messages. */
public final class Redaction {
  /**
   * The shortest line of a multi-line secret masked on its own. A shorter line is too common to mask wherever it
   * occurs: masking every {@code a} and {@code b} in a plan for the secret {@code "a\nb"} would spell the secret out.
   */
  public static final int MIN_LINE_MASKED_ALONE = 8;

  private Redaction() {}

  /**
   * Replaces every occurrence of each secret in {@code text} with {@link Secret#MASK}, in every form a tool may echo
   * it back: raw, shell-quoted, JSON-escaped, XML-escaped, percent-encoded, and each line of a multi-line secret that
   * is at least {@link #MIN_LINE_MASKED_ALONE} characters long (a tool may echo one line of it).
   * Meant for free text (tool output, descriptions); structured displays never hold a secret in the first place.
   */
  public static String redact(String text, Collection<Secret> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    Set<String> forms = new LinkedHashSet<>();
    for (Secret secret : secrets) {
      forms.addAll(formsOf(secret.reveal()));
    }
    String result = text;
    // Longest first, so a form that contains another is masked whole.
    for (String form : forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      result = result.replace(form, Secret.MASK);
    }
    return result;
  }

  /** {@link #redact} applied to each string of a list. */
  public static List<String> redactEach(List<String> texts, Collection<Secret> secrets) {
    return texts.stream().map(text -> redact(text, secrets)).toList();
  }

  private static Set<String> formsOf(String value) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value);
    forms.add(ShellQuote.quote(value));
    forms.add(jsonEscaped(value));
    forms.add(xmlEscaped(value));
    forms.add(Secret.percentEncode(value));
    forms.add(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      value.lines().filter(line -> line.length() >= MIN_LINE_MASKED_ALONE).forEach(forms::add);
    }
    forms.remove("");
    return forms;
  }

  private static String jsonEscaped(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static String xmlEscaped(String value) {
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
