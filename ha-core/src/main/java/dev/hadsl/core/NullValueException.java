package dev.hadsl.core;

/**
 * A null where a value is required: the message names the parameter or attribute and says it must not be null. The
 * generated builders of every value type throw it (the Immutables style's {@code throwForNullPointer}), so a user
 * reads {@code "description must not be null"}, not a bare {@code NullPointerException: description}. Still a
 * {@link NullPointerException}, as callers of a Java API expect for a null argument.
 */
public final class NullValueException extends NullPointerException {
  private static final long serialVersionUID = 1L;

  /** {@code name}: the parameter, attribute or element that was null. */
  public NullValueException(String name) {
    super(name + " must not be null");
  }

  /** Checks one argument of a hand-written factory or method. */
  public static <T> T check(T value, String name) {
    if (value == null) {
      throw new NullValueException(name);
    }
    return value;
  }
}
