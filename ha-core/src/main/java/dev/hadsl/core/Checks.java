package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

/** Argument checks and message helpers shared by the values of every module. */
public final class Checks {
  private Checks() {}

  /** An absolute, normalised Unix path: starts with '/', no empty, '.' or '..' segments, no NUL or newline. */
  public static void absolutePath(String what, String path) {
    checkArgument(path.startsWith("/"), "%s '%s' is not an absolute path", what, path);
    checkArgument(path.indexOf('\0') < 0 && path.indexOf('\n') < 0,
        "%s '%s' contains a NUL or newline character", what, printable(path));
    checkArgument(path.equals("/") || !path.endsWith("/"), "%s '%s' must not end with '/'", what, path);
    for (String segment : path.substring(1).split("/", -1)) {
      checkArgument(!path.equals("/") && !segment.isEmpty() && !segment.equals(".") && !segment.equals(".."),
          "%s '%s' is not normalised (empty, '.' or '..' segment)", what, path);
    }
  }

  /** Text for an error message that shows control characters instead of breaking the message. */
  public static String printable(String text) {
    return text.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }
}
