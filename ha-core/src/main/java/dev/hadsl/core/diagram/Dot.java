package dev.hadsl.core.diagram;

import java.util.Locale;

/**
 * Graphviz DOT quoting: every identifier and label a diagram renderer writes goes through {@link #quoted}, so a name
 * holding quotes, backslashes, {@code &}, {@code <} or a newline can neither end the string early nor be read as one
 * of DOT's label escapes ({@code \N}, {@code \G}, {@code \l}) or an HTML entity.
 */
public final class Dot {
  private Dot() {}

  /**
   * {@code text} as a DOT double-quoted string that Graphviz shows exactly as given: {@code "} and {@code \} escaped,
   * {@code &} written as {@code &amp;} (Graphviz reads entities in every label, so {@code &lt;} would otherwise show as
   * {@code <}), a newline as a line break, other control characters as visible {@code \}{@code uXXXX}. Non-ASCII text
   * stays as it is: DOT is UTF-8.
   */
  public static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '&' -> out.append("&amp;");
        case '\n' -> out.append("\\n");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format(Locale.ROOT, "\\\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** Lines joined as one label: each quoted as by {@link #quoted}, separated by DOT line breaks. */
  public static String lines(String... lines) {
    return quoted(String.join("\n", lines));
  }
}
