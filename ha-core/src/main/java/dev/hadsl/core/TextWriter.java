package dev.hadsl.core;

import java.util.Locale;

/**
 * The one text writer renderers use: owns indentation (added only before text, so no line has trailing spaces) and
 * {@code \n} line endings.
 */
public final class TextWriter {
  private final StringBuilder out = new StringBuilder();
  private final String unit;
  private int depth;

  /** A writer that indents by {@code unit} per level. */
  public TextWriter(String unit) {
    this.unit = unit;
  }

  /** A writer that indents by two spaces per level. */
  public TextWriter() {
    this("  ");
  }

  /** One line at the current indentation; an empty line stays empty. */
  public TextWriter line(String text) {
    if (!text.isEmpty()) {
      out.append(unit.repeat(depth)).append(text.stripTrailing());
    }
    out.append('\n');
    return this;
  }

  /** A formatted line, {@link String#format} style. */
  public TextWriter line(String format, Object... args) {
    return line(String.format(Locale.ROOT, format, args));
  }

  /** One empty line, unless the text is empty or already ends in an empty line. */
  public TextWriter blankLine() {
    if (out.length() > 0 && !(out.length() >= 2 && out.charAt(out.length() - 2) == '\n')) {
      out.append('\n');
    }
    return this;
  }

  /** Appends text that is already complete lines, without indenting it. */
  public TextWriter raw(String lines) {
    out.append(lines);
    return this;
  }

  /** Indents the following lines one level deeper. */
  public TextWriter indent() {
    depth++;
    return this;
  }

  /** Indents the following lines one level less; fails below zero. */
  public TextWriter outdent() {
    if (depth == 0) {
      throw new IllegalStateException("outdent below zero");
    }
    depth--;
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
