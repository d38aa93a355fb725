package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/** HAProxy identifier rules (proxy, server names) and value quoting, in one place. */
final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final Pattern WORD = Pattern.compile("[^\\s\"'#\\\\]+");

  private Names() {}

  static void check(String what, String name) {
    checkArgument(NAME.matcher(name).matches(),
        "%s name '%s' may only contain letters, digits, '-', '_', '.' and ':'", what, name);
  }

  /** One configuration word: bare when it needs no quoting, else double-quoted with escapes. */
  static String word(String value) {
    if (!value.isEmpty() && WORD.matcher(value).matches()) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
  }

  /** A value HAProxy reads as one word, unquoted: no whitespace, quotes, '#' (a comment) or '\'. */
  static void checkWord(String what, String value) {
    checkArgument(WORD.matcher(value).matches(), "%s '%s' must be one word without whitespace, quotes, '#' or '\\'",
        what, value.replace("\n", "\\n"));
  }

  static void checkOneLine(String what, String value) {
    checkArgument(value.indexOf('\n') < 0 && value.indexOf('\r') < 0 && value.indexOf('\0') < 0,
        "%s '%s' must be one line", what, value.replace("\n", "\\n"));
  }
}
