package dev.hadsl.haproxy;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the two expression languages a configuration carries as text, against HAProxy's own keyword sets, so what
 * {@code haproxy -c} would refuse is refused when the value is built:
 *
 * <ul>
 *   <li>ACL conditions after {@code if}/{@code unless}: terms joined by {@code ||} or {@code or}, each an optionally
 *       negated ({@code !}) named ACL or anonymous ACL {@code { fetch[(args)][,converter...] [flags] [values] }},
 *       whose fetch must be one of HAProxy's sample fetch or ACL keywords and each converter one of its converters;
 *   <li>log-format strings (header values): {@code %%}, {@code %[fetch...]} with a known fetch and a closing
 *       bracket, {@code %{flags}} before a variable, or a log-format variable such as {@code %ci}.
 * </ul>
 *
 * A bare word in a condition names an ACL: one of HAProxy's predefined ACLs or one the proxy declares ({@link Acl});
 * {@link Proxy} checks that it exists, as only the proxy knows its {@code acl} lines. Every check takes the keyword
 * table of a HAProxy version ({@link HaproxyKeywords}): values are checked against the newest when built, and a
 * configuration with a target version again against that version's.
 */
final class Expressions {
  /** Match methods of {@code -m}: HAProxy's configuration manual, 7.1 "ACL basics" (v2.6.0); none in 1.4. */
  private static final ImmutableSet<String> MATCH_METHODS = ImmutableSet.of("found", "bool", "int", "ip", "bin", "len",
      "str", "sub", "reg", "beg", "end", "dir", "dom");
  /** Flags that take the next word as their argument. */
  private static final ImmutableSet<String> FLAGS_WITH_ARGUMENT = ImmutableSet.of("-m", "-f", "-u");

  /** An ACL name: haproxy/haproxy src/cfgparse.c invalid_char() (alphanumerics, '.', '-', '_', ':'). */
  private static final Pattern ACL_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
  /** A log-format sample expression, {@code %[...]} or {@code %{flags}[...]}. */
  private static final Pattern SAMPLE_EXPRESSION = Pattern.compile("%(?:\\{[^}]*\\})?\\[([^\\]]*)\\]");

  private Expressions() {}

  /**
   * The named ACLs a condition refers to (its bare terms, without '!'), in order; each must be predefined or declared
   * by an {@code acl} line of the proxy. Only meaningful for a condition {@link #conditionProblem} accepts.
   */
  static List<String> aclReferences(String condition) {
    List<String> references = new ArrayList<>();
    boolean inBraces = false;
    for (String word : condition.trim().split("\\s+")) {
      String term = word.startsWith("!") ? word.substring(1) : word;
      if (term.equals("{")) {
        inBraces = true;
      } else if (term.equals("}")) {
        inBraces = false;
      } else if (!inBraces && !term.isEmpty() && !term.equals("||") && !term.equals("or")) {
        references.add(term);
      }
    }
    return references;
  }

  /** The fetches the anonymous ACLs of a condition test ({@code { res.hdr(x) -m found }} gives {@code res.hdr}). */
  static List<String> anonymousAclFetches(String condition) {
    List<String> words = List.of(condition.trim().split("\\s+"));
    List<String> fetches = new ArrayList<>();
    for (int i = 0; i + 1 < words.size(); i++) {
      if (words.get(i).equals("{") || words.get(i).equals("!{")) {
        fetches.add(fetchName(words.get(i + 1)));
      }
    }
    return fetches;
  }

  /** The fetches of a log-format string's {@code %[...]} expressions. */
  static List<String> logFormatFetches(String text) {
    List<String> fetches = new ArrayList<>();
    Matcher matcher = SAMPLE_EXPRESSION.matcher(text);
    while (matcher.find()) {
      fetches.add(fetchName(matcher.group(1)));
    }
    return fetches;
  }

  /** The fetch a sample expression starts with: {@code req.hdr(host),lower} gives {@code req.hdr}. */
  static String fetchName(String expression) {
    return expression.split("[(,]", 2)[0];
  }

  /** What is wrong with an ACL condition, or empty when HAProxy can parse it. */
  static Optional<String> conditionProblem(String condition, HaproxyKeywords keywords) {
    List<String> words = List.of(condition.trim().split("\\s+"));
    if (condition.isBlank()) {
      return Optional.of("the condition is empty");
    }
    boolean expectTerm = true;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals("||") || word.equals("or")) {
        if (expectTerm) {
          return Optional.of("'" + word + "' must stand between two terms");
        }
        expectTerm = true;
        continue;
      }
      String term = word.startsWith("!") ? word.substring(1) : word;
      if (term.isEmpty()) {
        if (i + 1 == words.size()) {
          return Optional.of("'!' must precede a term");
        }
        term = words.get(++i);
      }
      if (term.equals("{")) {
        int close = words.subList(i + 1, words.size()).indexOf("}");
        if (close < 0) {
          return Optional.of("'{' has no matching ' }' (braces are words of their own)");
        }
        List<String> inside = words.subList(i + 1, i + 1 + close);
        if (inside.isEmpty()) {
          return Optional.of("'{ }' holds no sample fetch");
        }
        if (inside.contains("{")) {
          return Optional.of("anonymous ACLs do not nest");
        }
        Optional<String> problem = fetchProblem(inside.get(0), keywords)
            .or(() -> flagsProblem(inside.subList(1, inside.size()), true, keywords));
        if (problem.isPresent()) {
          return problem;
        }
        i += close + 1;
      } else if (term.contains("{") || term.contains("}")) {
        return Optional.of("'" + term + "': braces must be words of their own, as in '{ ssl_fc }'");
      } else if (!ACL_NAME.matcher(term).matches()) {
        return Optional.of("'" + term + "' is neither an anonymous ACL '{ ... }' nor an ACL name (letters, digits, '-',"
            + " '_', '.', ':')");
      }
      expectTerm = false;
    }
    return expectTerm ? Optional.of("the condition ends with an operator") : Optional.empty();
  }

  /**
   * What is wrong with a log-format string (a header value), or empty when HAProxy can parse it. As HAProxy's parser
   * (haproxy/haproxy src/log.c parse_logformat_string at v2.6.0): after '%' come '%' (a literal), optional
   * {@code {flags}}, then '[' and a sample expression up to ']', or a variable: the whole run of letters and digits
   * must be one; '%' before a digit, a space or the end is an error, before any other character it is literal.
   */
  static Optional<String> logFormatProblem(String text, HaproxyKeywords keywords) {
    if (!keywords.logFormat && text.indexOf('%') >= 0) {
      return Optional.of(keywords + " has no log-format expressions ('%'; since 1.5)");
    }
    int i = 0;
    while (i < text.length()) {
      int percent = text.indexOf('%', i);
      if (percent < 0) {
        break;
      }
      if (percent + 1 == text.length()) {
        return Optional.of("a lone '%' at the end (write '%%' for a literal percent sign)");
      }
      int start = percent + 1;
      if (text.charAt(start) == '%') {
        i = start + 1;
        continue;
      }
      boolean flags = text.charAt(start) == '{';
      if (flags) {
        int close = text.indexOf('}', start);
        if (close < 0) {
          return Optional.of("'%{' has no closing '}'");
        }
        start = close + 1;
      }
      if (start < text.length() && text.charAt(start) == '[') {
        int close = text.indexOf(']', start);
        if (close < 0) {
          return Optional.of("'%[' has no closing ']'");
        }
        Optional<String> fetch = fetchProblem(text.substring(start + 1, close), keywords);
        if (fetch.isPresent()) {
          return fetch;
        }
        i = close + 1;
        continue;
      }
      int end = start;
      while (end < text.length() && isAsciiLetterOrDigit(text.charAt(end))) {
        end++;
      }
      if (end == start || !isAsciiLetter(text.charAt(start))) {
        boolean literal = !flags && start < text.length() && !Character.isDigit(text.charAt(start))
            && !Character.isWhitespace(text.charAt(start));
        if (!literal) {
          return Optional.of("'" + text.substring(percent, Math.min(start + 1, text.length())) + "' is not followed by"
              + " a log-format variable or '[' (write '%%' for a literal percent sign)");
        }
        i = start;
        continue;
      }
      String variable = text.substring(start, end);
      if (!keywords.logVariables.contains(variable)) {
        return Optional.of("'%" + variable + "' is not a log-format variable of " + keywords + ", '%[fetch]' or '%%'"
            + " (write '%%' for a literal percent sign)");
      }
      i = end;
    }
    return Optional.empty();
  }

  private static boolean isAsciiLetter(char c) {
    return c < 128 && Character.isLetter(c);
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return c < 128 && Character.isLetterOrDigit(c);
  }

  /**
   * The sample expression {@code fetch[(args)][,converter[(args)]...]} names a known fetch and known converters, and
   * its parentheses balance.
   */
  static Optional<String> fetchProblem(String expression, HaproxyKeywords keywords) {
    List<String> parts = new ArrayList<>();
    int open = 0;
    int start = 0;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      open += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (open < 0) {
        break;
      }
      if (c == ',' && open == 0) {
        parts.add(expression.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(expression.substring(start));
    String fetch = fetchName(parts.get(0));
    if (!keywords.fetches.contains(fetch)) {
      return Optional.of("'" + fetch + "' is not one of the sample fetches or ACL keywords of " + keywords);
    }
    if (open != 0) {
      return Optional.of("'" + expression + "' has unbalanced parentheses");
    }
    for (String converter : parts.subList(1, parts.size())) {
      String name = converter.split("\\(", 2)[0];
      if (keywords.converters.isEmpty()) {
        return Optional.of("'" + expression + "': " + keywords + " has no converters (',' after a fetch; since 1.5)");
      }
      if (!keywords.converters.contains(name)) {
        return Optional.of("'" + name + "' in '" + expression + "' is not one of the converters of " + keywords);
      }
    }
    return Optional.empty();
  }

  /**
   * What is wrong with the flags of an ACL ({@code -i}, {@code -m beg}, ...), or empty. In an anonymous ACL
   * ({@code valuesFollow}) the flags are the leading words starting with '-', up to {@code --} or the first value.
   */
  static Optional<String> flagsProblem(List<String> words, boolean valuesFollow, HaproxyKeywords keywords) {
    for (int i = 0; i < words.size(); i++) {
      String flag = words.get(i);
      if (valuesFollow && (!flag.startsWith("-") || flag.equals("--"))) {
        return Optional.empty();
      }
      if (!keywords.aclFlags.contains(flag) || flag.equals("--")) {
        return Optional.of("'" + flag + "' is not an ACL flag of " + keywords + " (" + String.join(" ",
            keywords.aclFlags.stream().filter(f -> !f.equals("--")).sorted().toList()) + ")");
      }
      if (FLAGS_WITH_ARGUMENT.contains(flag)) {
        if (i + 1 == words.size()) {
          return Optional.of("'" + flag + "' needs an argument");
        }
        String argument = words.get(++i);
        if (flag.equals("-m") && !MATCH_METHODS.contains(argument)) {
          return Optional.of("'-m " + argument + "': the match method is one of " + String.join(", ",
              MATCH_METHODS.stream().sorted().toList()));
        }
        if (flag.equals("-f") && !argument.startsWith("/")) {
          return Optional.of("'-f " + argument + "': the pattern file must be an absolute path");
        }
      }
    }
    return Optional.empty();
  }
}
