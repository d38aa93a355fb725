package dev.hadsl.haproxy;

import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The words HAProxy's expression languages are made of, per version: sample fetches and ACL criteria, converters,
 * predefined ACLs, log-format variables and ACL flags. Each table comes from that version's own source or binary; the
 * resource files name repository, path and commit in their headers.
 *
 * <p>Three tables: 1.4.24 (RHEL 6.5), 2.4 (RHEL 9's 2.4.17, read from 2.4.9: no later 2.4 tree could be had) and
 * 2.6.12 (this machine's, compared with the installed binary by ExpressionsTest). A version between two tables is
 * checked against the next newer one (1.5-2.3 against 2.4, 2.5 and later against 2.6), which may accept a keyword that
 * version lacks or, above 2.6, refuse one it added; {@code haproxy -c} on the target stays the last word.
 */
final class HaproxyKeywords {
  /** HAProxy 2.6.12: also the table every value is checked against when it is built, before any target is known. */
  static final HaproxyKeywords V2_6 = new HaproxyKeywords("HAProxy 2.6.12", load("haproxy-2.6/fetches.txt"),
      load("haproxy-2.6/converters.txt"), predefinedAcls2x(), logVariables2x(), true,
      // acl flags: haproxy/haproxy src/acl.c parse_acl_expr at v2.6.0 (a1efc048bf): -i -f -m -n -M -u --
      ImmutableSet.of("-i", "-f", "-m", "-n", "-M", "-u", "--"), load("haproxy-2.6/not-in-frontend-http-request.txt"),
      load("haproxy-2.6/not-in-backend-http-request.txt"));

  /**
   * HAProxy 2.4 (RHEL 9 ships 2.4.17): fetches and converters of the 2.4 stable tree at v2.4.9 (f8dcd9f94c);
   * predefined ACLs identical to 2.6's (src/acl.c default_acl_list at v2.4.0 6cbbecf097 and v2.4.9); log-format
   * variables 2.6's 64 (2.4 also takes eleven deprecated spellings such as %Bi with a warning, src/log.c:197-208 at
   * v2.4.9; 2.6 refuses them, so they are refused here too); acl flags as 2.6 (src/acl.c:415-475 at v2.4.9).
   */
  static final HaproxyKeywords V2_4 = new HaproxyKeywords("HAProxy 2.4", load("haproxy-2.4/fetches.txt"),
      load("haproxy-2.4/converters.txt"), predefinedAcls2x(), logVariables2x(), true, V2_6.aclFlags,
      ImmutableSet.of(), ImmutableSet.of());

  /**
   * HAProxy 1.4.24 (haproxy-1.4 stable tree, tag v1.4.24, d7279a403d): ACL criteria only (no sample fetches, no
   * converters, no log-format: those came with 1.5-dev8..dev16); predefined ACLs of src/acl.c:1048-1068, without
   * 2.x's HTTP_2.0, METH_DELETE and METH_PUT; acl flags -i, -f and -- (src/acl.c:919-933). Anonymous ACLs exist since
   * 1.4-rc1 (95fa4698f1, "[MEDIUM] add support for anonymous ACLs").
   */
  static final HaproxyKeywords V1_4 = new HaproxyKeywords("HAProxy 1.4.24", load("haproxy-1.4/acl-keywords.txt"),
      ImmutableSet.of(), ImmutableSet.of("TRUE", "FALSE", "LOCALHOST", "HTTP", "HTTP_1.0", "HTTP_1.1", "METH_CONNECT",
          "METH_GET", "METH_HEAD", "METH_OPTIONS", "METH_POST", "METH_TRACE", "HTTP_URL_ABS", "HTTP_URL_SLASH",
          "HTTP_URL_STAR", "HTTP_CONTENT", "RDP_COOKIE", "REQ_CONTENT", "WAIT_END"), ImmutableSet.of(), false,
      ImmutableSet.of("-i", "-f", "--"), ImmutableSet.of(), ImmutableSet.of());

  /** Which HAProxy the table is from, for messages. */
  final String source;
  /** Sample fetches and ACL criteria: every name a condition, an acl line or a {@code %[...]} may start with. */
  final ImmutableSet<String> fetches;
  /** Converters ({@code fetch,converter}); none before 1.5. */
  final ImmutableSet<String> converters;
  /** ACLs HAProxy defines itself, usable by name in any condition. */
  final ImmutableSet<String> predefinedAcls;
  /** Log-format variables ({@code %ci}); none before 1.5. */
  final ImmutableSet<String> logVariables;
  /** Whether the version has log-format expressions (header values with {@code %}). */
  final boolean logFormat;
  /** Flags an acl line or anonymous ACL may carry. */
  final ImmutableSet<String> aclFlags;
  /**
   * Fetches a frontend's (or a backend's) http-request rules cannot use, such as response headers: a condition with
   * one never matches, a header value with one is refused. Known for 2.6 only (its binary's usage table); the older
   * tables leave these empty, and every value is checked against 2.6's when built.
   */
  private final ImmutableSet<String> notInFrontendHttpRequest;
  private final ImmutableSet<String> notInBackendHttpRequest;

  private HaproxyKeywords(String source, ImmutableSet<String> fetches, ImmutableSet<String> converters,
      ImmutableSet<String> predefinedAcls, ImmutableSet<String> logVariables, boolean logFormat,
      ImmutableSet<String> aclFlags, ImmutableSet<String> notInFrontendHttpRequest,
      ImmutableSet<String> notInBackendHttpRequest) {
    this.source = source;
    this.fetches = fetches;
    this.converters = converters;
    this.predefinedAcls = predefinedAcls;
    this.logVariables = logVariables;
    this.logFormat = logFormat;
    this.aclFlags = aclFlags;
    this.notInFrontendHttpRequest = notInFrontendHttpRequest;
    this.notInBackendHttpRequest = notInBackendHttpRequest;
  }

  /**
   * Whether an http-request rule of a {@code kind} section can use {@code fetch}. A listen section is both a frontend
   * and a backend, and HAProxy accepts there what either may use.
   */
  boolean usableInHttpRequest(String fetch, Proxy.Kind kind) {
    boolean frontend = !notInFrontendHttpRequest.contains(fetch);
    boolean backend = !notInBackendHttpRequest.contains(fetch);
    return switch (kind) {
      case FRONTEND -> frontend;
      case BACKEND -> backend;
      case LISTEN -> frontend || backend;
    };
  }

  /** The table a configuration for {@code version} is checked against (see the class comment). */
  static HaproxyKeywords forVersion(Version version) {
    if (!version.atLeast("1.5")) {
      return V1_4;
    }
    return version.atLeast("2.5") ? V2_6 : V2_4;
  }

  /** HAProxy's predefined ACLs: haproxy/haproxy src/acl.c default_acl_list at v2.6.0 (a1efc048bf), as at v2.4.0. */
  private static ImmutableSet<String> predefinedAcls2x() {
    return ImmutableSet.of("TRUE", "FALSE", "LOCALHOST", "HTTP", "HTTP_1.0", "HTTP_1.1", "HTTP_2.0", "METH_CONNECT",
        "METH_DELETE", "METH_GET", "METH_HEAD", "METH_OPTIONS", "METH_POST", "METH_PUT", "METH_TRACE", "HTTP_URL_ABS",
        "HTTP_URL_SLASH", "HTTP_URL_STAR", "HTTP_CONTENT", "RDP_COOKIE", "REQ_CONTENT", "WAIT_END");
  }

  /** Log-format variables: haproxy/haproxy src/log.c logformat_keywords at v2.6.0 (a1efc048bf). */
  private static ImmutableSet<String> logVariables2x() {
    return ImmutableSet.of("o", "B", "CC", "CS", "H", "ID", "ST", "T", "Ta", "Tc", "Th", "Ti", "Tl", "Tq", "Tr", "TR",
        "Td", "Ts", "Tt", "Tu", "Tw", "U", "ac", "b", "bc", "bi", "bp", "bq", "ci", "cp", "f", "fc", "fi", "fp", "ft",
        "hr", "hrl", "hs", "hsl", "HM", "HP", "HPO", "HQ", "HU", "HV", "lc", "ms", "pid", "r", "rc", "rt", "s", "sc",
        "si", "sp", "sq", "sslc", "sslv", "t", "tr", "trg", "trl", "ts", "tsc");
  }

  private static ImmutableSet<String> load(String resource) {
    try (InputStream in = HaproxyKeywords.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from ha-haproxy");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .collect(ImmutableSet.toImmutableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
