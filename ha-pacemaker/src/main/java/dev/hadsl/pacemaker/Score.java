package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/** A constraint score: an integer, {@code INFINITY} or {@code -INFINITY}. */
@Value.Immutable
public abstract class Score {
  /** {@code INFINITY}: must. */
  public static final Score INFINITY = of("INFINITY");
  /** {@code -INFINITY}: must not. */
  public static final Score MINUS_INFINITY = of("-INFINITY");

  /** The score as the CIB spells it, e.g. {@code 100} or {@code -INFINITY}. */
  @Value.Parameter
  public abstract String text();

  /** A finite score, up to seven digits. */
  public static Score of(int value) {
    return of(Integer.toString(value));
  }

  /** A score as written: an integer of up to seven digits, {@code INFINITY} or {@code -INFINITY}. */
  public static Score of(String text) {
    return ImmutableScore.of(text);
  }

  /** Rejects anything but an integer of up to seven digits or (+/-)INFINITY. */
  @Value.Check
  protected void validate() {
    checkArgument(text().matches("[+-]?INFINITY|-?[0-9]{1,7}"),
        "score '%s' is not an integer (up to 7 digits), INFINITY or -INFINITY", text());
  }

  /** Whether the score forbids rather than prefers. */
  public boolean isNegative() {
    return text().startsWith("-");
  }

  @Override
  public String toString() {
    return text();
  }
}
