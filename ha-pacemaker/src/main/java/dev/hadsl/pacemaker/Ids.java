package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.regex.Pattern;

/** Pacemaker identifier and time rules, in one place. */
final class Ids {
  // An XML ID (NCName) restricted to ASCII, which is what pcs accepts too.
  private static final Pattern XML_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private Ids() {}

  static boolean isValid(String id) {
    return XML_ID.matcher(id).matches();
  }

  static void check(String what, String id) {
    checkArgument(isValid(id), "%s id '%s' is not a valid XML id (a letter or '_' first, then letters, digits,"
        + " '_', '.', '-')", what, id);
  }

  /** Pacemaker's time spec: whole seconds as {@code 30s}, else milliseconds. */
  static String time(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
