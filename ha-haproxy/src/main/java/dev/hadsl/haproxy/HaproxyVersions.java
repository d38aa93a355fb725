package dev.hadsl.haproxy;

import dev.hadsl.core.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * What each HAProxy version accepts of what the model can express: a configuration built for a target version
 * ({@link HaproxyConfig#targetVersion()}) is refused when it uses a keyword that version lacks. HAProxy 1.4's keyword
 * set is checked in as test data (doc/configuration.txt at v1.4.24); every gate names the first release with the
 * feature and where it came from. ACLs, conditions and header values are checked against the version's own fetches,
 * converters, predefined ACLs and log-format variables ({@link HaproxyKeywords}).
 */
final class HaproxyVersions {
  /**
   * TLS on bind lines ({@code bind ... ssl crt FILE}): 1.5 (haproxy/haproxy 6e159299f1, "MEDIUM: config: add the
   * 'ssl' keyword on 'bind' lines", v1.5-dev12).
   */
  static final String TLS_BINDS = "1.5";
  /**
   * {@code ssl-default-bind-ciphers}: 1.5 (haproxy/haproxy 610f04bbf, "MINOR: config: add global directives to set
   * default SSL ciphers", v1.5-dev23).
   */
  static final String SSL_DEFAULT_BIND_CIPHERS = "1.5";
  /**
   * {@code ssl-default-bind-options}: 1.6 (haproxy/haproxy 2c86cbf75, "MINOR: ssl: add statement to force some ssl
   * options in global", v1.6-dev1; v1.5.0's configuration.txt has only the ciphers).
   */
  static final String SSL_DEFAULT_BIND_OPTIONS = "1.6";
  /**
   * {@code ssl-min-ver}/{@code ssl-max-ver}: 1.8 (haproxy/haproxy e1c722b5e8, "MEDIUM: ssl: add ssl-min-ver and
   * ssl-max-ver parameters for bind and server", v1.8-dev2).
   */
  static final String SSL_MIN_VER = "1.8";
  /**
   * {@code expose-fd listeners} on a stats socket and {@code -x SOCKET} (seamless reload): 1.8 (haproxy/haproxy
   * f6975e9f7, "MINOR: cli: add 'expose-fd listeners' to pass listeners FDs", v1.8-dev2; the master-worker mode adds
   * {@code -x} itself since 85b0bd9e5, "MEDIUM: mworker: try to guess the next stats socket to use with -x",
   * v1.8-dev2).
   */
  static final String EXPOSE_FD_LISTENERS = "1.8";
  /**
   * {@code http-request} actions beyond allow/deny/auth: {@code set-header} 1.5-dev16 (haproxy/haproxy 20b0de56d4),
   * {@code redirect} 1.5-dev17 (81499eb67d); 1.4.24's configuration.txt:2316 knows only allow, deny and auth.
   */
  static final String HTTP_REQUEST_ACTIONS = "1.5";
  /** {@code timeout tunnel}: 1.5 (haproxy/haproxy ce887fd3b2, "MEDIUM: session: add support for tunnel timeouts"). */
  static final String TIMEOUT_TUNNEL = "1.5";
  /**
   * {@code retry-on} (layer-7 retries): 2.0 (haproxy/haproxy a254a37ad7, "MEDIUM: streams: Add the ability to retry a
   * request on L7 failure.", v2.0-dev3).
   */
  static final String RETRY_ON = "2.0";
  /**
   * {@code option redispatch INTERVAL}: 1.6 (haproxy/haproxy 726ab7145, "MEDIUM: backend: Allow redispatch on retry
   * intervals", v1.6-dev2).
   */
  static final String REDISPATCH_INTERVAL = "1.6";

  private HaproxyVersions() {}

  static List<String> problems(HaproxyConfig config, Version version) {
    List<String> problems = new ArrayList<>();
    String haproxy = "HAProxy " + version;
    if (!version.atLeast(SSL_DEFAULT_BIND_CIPHERS) && config.global().sslDefaultBindCiphers().isPresent()) {
      problems.add("global: " + haproxy + " has no ssl-default-bind-ciphers (since " + SSL_DEFAULT_BIND_CIPHERS + ")");
    }
    if (!version.atLeast(SSL_DEFAULT_BIND_OPTIONS) && !config.global().sslDefaultBindOptions().isEmpty()) {
      problems.add("global: " + haproxy + " has no ssl-default-bind-options (since " + SSL_DEFAULT_BIND_OPTIONS
          + "); use Global.recommended(version)");
    }
    if (!version.atLeast(SSL_MIN_VER) && config.global().sslDefaultBindOptions().stream()
        .anyMatch(option -> option.startsWith("ssl-min-ver") || option.startsWith("ssl-max-ver"))) {
      problems.add("global: " + haproxy + " has no ssl-min-ver/ssl-max-ver (since " + SSL_MIN_VER
          + "); use no-sslv3/no-tlsv10 instead");
    }
    if (!version.atLeast(EXPOSE_FD_LISTENERS) && config.global().exposeListeners()) {
      problems.add("global: " + haproxy + " has no expose-fd listeners (since " + EXPOSE_FD_LISTENERS
          + "); use Global.recommended(version)");
    }
    if (!version.atLeast(RETRY_ON) && !config.defaults().retryOn().isEmpty()) {
      problems.add("defaults: " + haproxy + " has no retry-on (since " + RETRY_ON + "); use Defaults.recommended("
          + "version)");
    }
    if (!version.atLeast(REDISPATCH_INTERVAL) && hasRedispatchInterval(config.defaults().options())) {
      problems.add("defaults: " + haproxy + " has no redispatch interval (since " + REDISPATCH_INTERVAL
          + "); use Defaults.recommended(version)");
    }
    if (!version.atLeast(TIMEOUT_TUNNEL) && config.defaults().timeouts().tunnel().isPresent()) {
      problems.add("defaults: " + haproxy + " has no timeout tunnel (since " + TIMEOUT_TUNNEL + ")");
    }
    for (Proxy proxy : config.proxies()) {
      String where = proxy.kind().keyword() + " '" + proxy.name() + "'";
      if (!version.atLeast(TLS_BINDS) && proxy.binds().stream().anyMatch(b -> b.sslCertificate().isPresent())) {
        problems.add(where + ": " + haproxy + " has no TLS binds (since " + TLS_BINDS + "); terminate TLS in Apache"
            + " (HorizonSsl.apache()) or raise the HAProxy version");
      }
      if (!version.atLeast(HTTP_REQUEST_ACTIONS)) {
        proxy.httpRequestRules().stream().filter(rule -> !List.of("allow", "deny").contains(rule.action()))
            .forEach(rule -> problems.add(where + ": " + haproxy + " has no 'http-request " + rule.action()
                + "' (only allow, deny and auth before " + HTTP_REQUEST_ACTIONS + ")"));
      }
      if (!version.atLeast(REDISPATCH_INTERVAL) && hasRedispatchInterval(proxy.options())) {
        problems.add(where + ": " + haproxy + " has no redispatch interval (since " + REDISPATCH_INTERVAL + ")");
      }
      problems.addAll(expressionProblems(proxy, where, HaproxyKeywords.forVersion(version)));
      if (!version.atLeast(TIMEOUT_TUNNEL) && proxy.timeouts().tunnel().isPresent()) {
        problems.add(where + ": " + haproxy + " has no timeout tunnel (since " + TIMEOUT_TUNNEL
            + "); set timeout client and server instead");
      }
    }
    return problems;
  }

  private static boolean hasRedispatchInterval(List<ProxyOption> options) {
    return options.stream().anyMatch(option -> option.name().equals("redispatch") && !option.arguments().isEmpty());
  }

  /**
   * The proxy's ACLs, conditions and header values checked again, against the keywords of the target version: each
   * was checked against HAProxy 2.6's when built, and an older HAProxy lacks some (1.4 has no converters, no
   * {@code ssl_fc}, no {@code METH_PUT}; 2.4 no {@code fc_err}).
   */
  private static List<String> expressionProblems(Proxy proxy, String where, HaproxyKeywords keywords) {
    List<String> problems = new ArrayList<>();
    for (Acl acl : proxy.acls()) {
      Expressions.fetchProblem(acl.criterion(), keywords)
          .or(() -> Expressions.flagsProblem(acl.flags(), false, keywords))
          .ifPresent(problem -> problems.add(where + ": acl " + acl.name() + ": " + problem));
    }
    for (HttpRequestRule rule : proxy.httpRequestRules()) {
      for (String condition : rule.conditions()) {
        Expressions.conditionProblem(condition, keywords).ifPresent(problem -> problems.add(where + ": http-request "
            + rule.action() + " condition '" + condition + "': " + problem));
      }
      // 1.4 has no set-header at all, which the action check above reports.
      rule.headerValue().filter(value -> keywords.logFormat)
          .flatMap(value -> Expressions.logFormatProblem(value, keywords))
          .ifPresent(problem -> problems.add(where + ": http-request " + rule.action() + " " + rule.arguments().get(0)
              + ": " + problem));
    }
    problems.addAll(proxy.aclReferenceProblems(keywords));
    return problems;
  }
}
