package dev.hadsl.haproxy;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * {@link Proxy} checks that it exists, as only the proxy knows its {@code acl} lines.
 */
final class Expressions {
  /** Sample fetch and ACL keywords of HAProxy 2.6.12 (fetches.txt names its source). */
  static final ImmutableSet<String> FETCHES = load("fetches.txt");

  /** Sample converters of HAProxy 2.6.12 (converters.txt names its source). */
  static final ImmutableSet<String> CONVERTERS = load("converters.txt");

  /** HAProxy's predefined ACLs: haproxy/haproxy src/acl.c default_acl_list at v2.6.0 (a1efc048bf). */
  static final ImmutableSet<String> PREDEFINED_ACLS = ImmutableSet.of("TRUE", "FALSE", "LOCALHOST", "HTTP",
      "HTTP_1.0", "HTTP_1.1", "HTTP_2.0", "METH_CONNECT", "METH_DELETE", "METH_GET", "METH_HEAD", "METH_OPTIONS",
      "METH_POST", "METH_PUT", "METH_TRACE", "HTTP_URL_ABS", "HTTP_URL_SLASH", "HTTP_URL_STAR", "HTTP_CONTENT",
      "RDP_COOKIE", "REQ_CONTENT", "WAIT_END");

  /** Log-format variables: haproxy/haproxy src/log.c logformat_keywords at v2.6.0 (a1efc048bf). */
  static final ImmutableSet<String> LOG_VARIABLES = ImmutableSet.of("o", "B", "CC", "CS", "H", "ID", "ST", "T",
      "Ta", "Tc", "Th", "Ti", "Tl", "Tq", "Tr", "TR", "Td", "Ts", "Tt", "Tu", "Tw", "U", "ac", "b", "bc", "bi", "bp",
      "bq", "ci", "cp", "f", "fc", "fi", "fp", "ft", "hr", "hrl", "hs", "hsl", "HM", "HP", "HPO", "HQ", "HU", "HV",
      "lc", "ms", "pid", "r", "rc", "rt", "s", "sc", "si", "sp", "sq", "sslc", "sslv", "t", "tr", "trg", "trl", "ts",
      "tsc");

  /** An ACL name: haproxy/haproxy src/cfgparse.c invalid_char() (alphanumerics, '.', '-', '_', ':'). */
  private static final Pattern ACL_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

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

  /** Whether a condition holds an anonymous ACL ({@code { ... }}), which HAProxy has since 1.5. */
  static boolean hasAnonymousAcl(String condition) {
    return List.of(condition.trim().split("\\s+")).stream().anyMatch(word -> word.equals("{") || word.equals("!{"));
  }

  /** What is wrong with an ACL condition, or empty when HAProxy can parse it. */
  static Optional<String> conditionProblem(String condition) {
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
        Optional<String> fetch = fetchProblem(inside.get(0));
        if (fetch.isPresent()) {
          return fetch;
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

  /** What is wrong with a log-format string (a header value), or empty when HAProxy can parse it. */
  static Optional<String> logFormatProblem(String text) {
    int i = 0;
    while (i < text.length()) {
      int percent = text.indexOf('%', i);
      if (percent < 0) {
        break;
      }
      if (percent + 1 == text.length()) {
        return Optional.of("a lone '%' at the end (write '%%' for a literal percent sign)");
      }
      char next = text.charAt(percent + 1);
      if (next == '%') {
        i = percent + 2;
        continue;
      }
      int start = percent + 1;
      if (next == '{') {
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
        Optional<String> fetch = fetchProblem(text.substring(start + 1, close));
        if (fetch.isPresent()) {
          return fetch;
        }
        i = close + 1;
        continue;
      }
      int end = start;
      while (end < text.length() && Character.isLetter(text.charAt(end)) && text.charAt(end) < 128) {
        end++;
      }
      String longest = null;
      for (int stop = end; stop > start && longest == null; stop--) {
        if (LOG_VARIABLES.contains(text.substring(start, stop))) {
          longest = text.substring(start, stop);
        }
      }
      if (longest == null) {
        return Optional.of("'%" + text.substring(start, Math.min(end + 1, text.length())) + "' is not a log-format"
            + " variable, '%[fetch]' or '%%' (write '%%' for a literal percent sign)");
      }
      i = start + longest.length();
    }
    return Optional.empty();
  }

  /**
   * The sample expression {@code fetch[(args)][,converter[(args)]...]} names a known fetch and known converters, and
   * its parentheses balance.
   */
  static Optional<String> fetchProblem(String expression) {
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
    String fetch = parts.get(0).split("\\(", 2)[0];
    if (!FETCHES.contains(fetch)) {
      return Optional.of("'" + fetch + "' is not one of HAProxy's sample fetches or ACL keywords");
    }
    if (open != 0) {
      return Optional.of("'" + expression + "' has unbalanced parentheses");
    }
    for (String converter : parts.subList(1, parts.size())) {
      String name = converter.split("\\(", 2)[0];
      if (!CONVERTERS.contains(name)) {
        return Optional.of("'" + name + "' in '" + expression + "' is not one of HAProxy's converters");
      }
    }
    return Optional.empty();
  }

  private static ImmutableSet<String> load(String resource) {
    try (InputStream in = Expressions.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from ha-haproxy");
      }
      List<String> names = new ArrayList<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(names::add);
      return ImmutableSet.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
