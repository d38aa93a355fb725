package dev.hadsl.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place where arguments become shell text. Every user string that reaches {@code sh} goes through
 * {@link #quote(String)}: POSIX single quotes, inside which nothing is special, with an embedded quote written as
 * {@code '\''}.
 */
public final class ShellQuote {
  // Characters that never need quoting in any POSIX shell position (no globs, expansions, separators or '~').
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  // Reserved words are only special in command position, but a bare "then" after "pcs constraint order start a"
  // reads like syntax to people and to shellcheck (SC1010); quoted, they are plainly arguments.
  private static final Set<String> RESERVED = Set.of("if", "then", "else", "elif", "fi", "case", "esac", "for",
      "while", "until", "do", "done", "in", "function", "select", "time");

  private ShellQuote() {}

  /** One argument as shell text that evaluates to exactly {@code argument}. */
  public static String quote(String argument) {
    if (!argument.isEmpty() && SAFE.matcher(argument).matches() && !RESERVED.contains(argument)) {
      return argument;
    }
    return singleQuoted(argument);
  }

  /**
   * An argument vector as one shell command line. The command word is always quoted when it contains {@code =}, which
   * the shell would otherwise take for a variable assignment.
   */
  public static String join(List<String> argv) {
    List<String> words = new ArrayList<>(argv.size());
    for (int i = 0; i < argv.size(); i++) {
      String argument = argv.get(i);
      words.add(i == 0 && argument.contains("=") ? singleQuoted(argument) : quote(argument));
    }
    return String.join(" ", words);
  }

  /**
   * The value of a {@code NAME=value} assignment as shell text. A value that begins with {@code =} is quoted although
   * its characters are safe: {@code NAME==x} means the same to sh, but reads as a mistyped comparison to people and
   * to shellcheck (SC1097, an error).
   */
  public static String assignmentValue(String value) {
    return value.startsWith("=") ? singleQuoted(value) : quote(value);
  }

  private static String singleQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
