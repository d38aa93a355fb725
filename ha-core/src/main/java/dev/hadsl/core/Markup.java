package dev.hadsl.core;

import java.util.Locale;

/**
 * HTML and XML escaping, the one place a user string enters a page or an SVG: text and attribute values alike.
 */
public final class Markup {
  private Markup() {}

  /**
   * {@code text} safe as element content or a quoted attribute value: {@code & < > " '} as character references,
   * control characters other than tab and newline (which XML 1.0 cannot carry at all) as visible {@code \}{@code
   * uXXXX}.
   */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\n', '\t' -> out.appendCodePoint(c);
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
            out.append(String.format(Locale.ROOT, "\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }
}
