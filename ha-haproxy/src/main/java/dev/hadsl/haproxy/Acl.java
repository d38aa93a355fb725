package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import org.immutables.value.Value;

/**
 * A named ACL, {@code acl NAME CRITERION [FLAGS] [VALUES]}: a test the conditions of the same proxy name instead of
 * repeating it, e.g. {@code acl api path_beg /v2 /v3} and then {@code http-request deny unless api}. Several lines
 * with one name are OR-ed by HAProxy. The criterion is a sample fetch with optional arguments and converters; it is
 * checked against HAProxy's keywords like anonymous ACLs are, and against the target version's own keywords when the
 * configuration has one.
 */
@Value.Immutable
public abstract class Acl {
  /**
   * The name conditions refer to: letters, digits, '-', '_', '.' and ':' (haproxy/haproxy src/tools.c invalid_char),
   * not {@code or} (src/cfgparse-listen.c at v2.6.0).
   */
  public abstract String name();

  /**
   * What to test: a sample fetch with optional arguments and converters, e.g. {@code path_beg} or
   * {@code req.hdr(host),lower}.
   */
  public abstract String criterion();

  /**
   * Matching flags in order, e.g. {@code -i}, or {@code -m} and its method ({@code -m}, {@code beg}), {@code -f} and an
   * absolute pattern file.
   */
  public abstract ImmutableList<String> flags();

  /** Patterns to match, each one word; none for a boolean criterion such as {@code ssl_fc}. */
  public abstract ImmutableList<String> values();

  /** {@code acl NAME CRITERION VALUES...} without flags. */
  public static Acl of(String name, String criterion, String... values) {
    return builder().name(name).criterion(criterion).addValues(values).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Acl}. */
  public static class Builder extends ImmutableAcl.Builder {}

  /**
   * Rejects a malformed name, a criterion that is not a known fetch, unknown flags, and values HAProxy would read
   * differently from what they say: with whitespace, quotes, '#' or '\' (split, or a comment), or starting with '-'
   * (a flag).
   */
  @Value.Check
  protected void validate() {
    Names.check("acl", name());
    String where = "acl " + name();
    checkArgument(!criterion().isEmpty() && criterion().chars().noneMatch(Character::isWhitespace),
        "%s: criterion '%s' must be one sample expression without whitespace", where, criterion());
    checkArgument(!name().equalsIgnoreCase("or"), "acl name '%s' is the operator 'or'", name());
    Expressions.fetchProblem(criterion(), HaproxyKeywords.V2_6).ifPresent(problem -> {
      throw new IllegalArgumentException(where + ": criterion " + problem);
    });
    Expressions.flagsProblem(flags(), false, HaproxyKeywords.V2_6).ifPresent(problem -> {
      throw new IllegalArgumentException(where + ": " + problem);
    });
    for (String value : values()) {
      Names.checkWord(where + " value", value);
      checkArgument(!value.startsWith("-"), "%s: value '%s' starts with '-', which HAProxy reads as a flag", where,
          value);
    }
  }

  String render() {
    StringBuilder line = new StringBuilder("acl ").append(name()).append(' ').append(criterion());
    flags().forEach(flag -> line.append(' ').append(flag));
    values().forEach(value -> line.append(' ').append(value));
    return line.toString();
  }
}
