package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy's expression languages (ACL conditions, log-format header values), redirects and log targets: what
 * {@code haproxy -c} refuses is refused when the value is built, and what is built is accepted by {@code haproxy -c}.
 */
@RequiresTools("haproxy")
class ExpressionsTest {
  private static final String HEAD = String.join("\n", "defaults", "    mode http", "    timeout connect 5s",
      "    timeout client 30s", "    timeout server 30s", "listen web", "    bind 127.0.0.1:18080",
      "    server s1 127.0.0.1:18081", "");

  @Test
  void theKeywordTablesAreTheInstalledHaproxysOwn() {
    Set<String> dumped = new LinkedHashSet<>();
    for (String line : RealTools.run("haproxy", "-dKsmp", "-q", "-c", "-f", "/dev/null").stdout().split("\n")) {
      if (line.startsWith("[")) {
        dumped.add(line.replaceFirst("^\\[[^]]*\\] ", "").split("[(:]", 2)[0]);
      }
    }
    for (String line : RealTools.run("haproxy", "-dKacl", "-q", "-c", "-f", "/dev/null").stdout().split("\n")) {
      if (!line.startsWith("#") && line.contains(" = ")) {
        dumped.add(line.substring(0, line.indexOf(" = ")));
      }
    }
    assertThat(dumped).hasSizeGreaterThan(400);
    assertThat(HaproxyKeywords.V2_6.fetches).containsExactlyInAnyOrderElementsOf(dumped);
    Set<String> converters = new LinkedHashSet<>();
    for (String line : RealTools.run("haproxy", "-dKcnv", "-q", "-c", "-f", "/dev/null").stdout().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        converters.add(line.split("[(:]", 2)[0]);
      }
    }
    assertThat(converters).hasSizeGreaterThan(100);
    assertThat(HaproxyKeywords.V2_6.converters).containsExactlyInAnyOrderElementsOf(converters);
    // The usage columns 'frontend http-request header rule' (4th) and 'backend http-request header rule' (8th).
    Set<String> notInFrontend = new LinkedHashSet<>();
    Set<String> notInBackend = new LinkedHashSet<>();
    java.util.Map<String, String> columns = new java.util.HashMap<>();
    for (String line : RealTools.run("haproxy", "-dKsmp", "-q", "-c", "-f", "/dev/null").stdout().split("\n")) {
      if (line.startsWith("[")) {
        columns.put(line.replaceFirst("^\\[[^]]*\\] ", "").split("[(:]", 2)[0], line.substring(2, line.indexOf(']')));
      }
    }
    for (String line : RealTools.run("haproxy", "-dKacl", "-q", "-c", "-f", "/dev/null").stdout().split("\n")) {
      if (!line.startsWith("#") && line.contains(" = ")) {
        String fetch = line.substring(line.indexOf(" = ") + 3).split("[ (]", 2)[0];
        columns.putIfAbsent(line.substring(0, line.indexOf(" = ")), columns.get(fetch));
      }
    }
    columns.forEach((name, usage) -> {
      String[] flags = usage.split(" ");
      if (!flags[3].equals("Y")) {
        notInFrontend.add(name);
      }
      if (!flags[7].equals("Y")) {
        notInBackend.add(name);
      }
    });
    assertThat(notInFrontend).contains("res.hdr", "status", "be_id").doesNotContain("req.hdr", "ssl_fc");
    for (String fetch : HaproxyKeywords.V2_6.fetches) {
      assertThat(HaproxyKeywords.V2_6.usableInHttpRequest(fetch, Proxy.Kind.FRONTEND)).as("frontend: " + fetch)
          .isEqualTo(!notInFrontend.contains(fetch));
      assertThat(HaproxyKeywords.V2_6.usableInHttpRequest(fetch, Proxy.Kind.BACKEND)).as("backend: " + fetch)
          .isEqualTo(!notInBackend.contains(fetch));
    }
  }

  /** The issue's configurations that haproxy -c rejects: each refused at build now, and rejected by haproxy too. */
  @Test
  void whatHaproxyRejectsIsRefusedAtBuild(@TempDir Path dir) {
    record Rejected(String line, Supplier<Object> build, String message) {}
    List<Rejected> cases = List.of(
        new Rejected("    http-request set-header X-Proto https if { ssl_fc", () -> HttpRequestRule.builder()
            .action("set-header").addArguments("X-Proto", "https").ifCondition("{ ssl_fc").build(), "no matching"),
        new Rejected("    http-request set-header X-Proto https if { no_such_fetch }", () -> HttpRequestRule.builder()
            .action("set-header").addArguments("X-Proto", "https").ifCondition("{ no_such_fetch }").build(),
            "'no_such_fetch' is not one of the sample fetches or ACL keywords of HAProxy 2.6.12"),
        new Rejected("    http-request set-header X-Load 50%", () -> HttpRequestRule.setHeader("X-Load", "50%"),
            "a lone '%'"),
        new Rejected("    http-request set-header X-Host %[unclosed", () -> HttpRequestRule.setHeader("X-Host",
            "%[unclosed"), "'%[' has no closing ']'"),
        new Rejected("    http-request redirect scheme", () -> HttpRequestRule.builder().action("redirect")
            .addArguments("scheme").build(), "must start with location, prefix or scheme and its value"),
        new Rejected("    http-request redirect scheme https code 200", () -> HttpRequestRule.builder()
            .action("redirect").addArguments("scheme", "https", "code", "200").build(), "code must be one of"));
    for (Rejected rejected : cases) {
      ExecResult haproxy = check(dir, HEAD + rejected.line() + "\n");
      assertThat(haproxy.exitCode()).as("haproxy -c on:%n%s", rejected.line()).isNotZero();
      assertThatThrownBy(rejected.build()::get).as(rejected.line()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(rejected.message());
    }
    ExecResult log = check(dir, "global\n    log 999.1:99999 local0\n" + HEAD);
    assertThat(log.exitCode()).isNotZero();
    assertThatThrownBy(() -> LogTarget.of("999.1:99999", "local0")).hasMessageContaining("not an IPv4 address");
    assertThatThrownBy(() -> LogTarget.of("127.0.0.1:99999", "local0")).hasMessageContaining("outside 1-65535");
  }

  /**
   * Conditions and header values, hostile and ordinary, in a proxy that declares one named ACL: refused at build, or
   * accepted by haproxy -c -dW.
   */
  @Test
  void everyConditionAndHeaderValueIsRefusedOrAcceptedByHaproxy(@TempDir Path dir) {
    List<String> conditions = List.of("{ ssl_fc }", "!{ ssl_fc }", "! { ssl_fc }", "{ ssl_fc } || { src 10.0.0.1 }",
        "{ ssl_fc } or METH_GET", "METH_POST { path_beg /v2 }", "{ hdr(host) -i example.com }",
        "{ req.hdr(x-forwarded-proto),lower -m str https }", "{ path_beg /a } { path_end .json }", "TRUE", "",
        "{ ssl_fc", "ssl_fc }", "{ssl_fc}", "{ }", "{ nope }", "|| { ssl_fc }", "{ ssl_fc } ||", "!", "my_acl",
        "!my_acl || METH_GET", "other_acl", "ssl_fc", "my$acl", "{ hdr(host }", "{ src 10.0.0.1 } { { ssl_fc } }",
        "{ ssl_fc } or or { ssl_fc }", "{ req.hdr(host),lowr -m str x }", "{ req.hdr(host),lower,upper -m str X }",
        "{ req.hdr(host),regsub(a,b),lower -m str x }", "{ req.hdr(host),lower( -m str x }");
    // Stricter than HAProxy on purpose: it takes an empty condition, a dangling or doubled operator and a lone '!'
    // without a word, and what they mean is nothing a configuration should say by accident.
    Set<String> stricter = Set.of("", "|| { ssl_fc }", "{ ssl_fc } ||", "!", "{ ssl_fc } or or { ssl_fc }");
    List<String> values = List.of("https", "%[ssl_fc]", "%[req.hdr(host),lower]", "%ci:%cp", "%{+Q}r", "100%%",
        "%[src]:%[src_port]", "50%", "%[unclosed", "%[nope]", "%zz", "%", "%{+Q", "%[hdr(host]", "a b c", "%T", "%cix",
        "%ci1", "%-", "%ci-x", "%5", "%{+Q}", "%ci%", "%Bi", "%{+Q}[src]", "%[src,lower]", "%[src,nope]", "%Ta");
    Acl myAcl = Acl.of("my_acl", "path_beg", "/x");
    String aclLine = "    " + myAcl.render() + "\n";
    List<String> problems = new ArrayList<>();
    int refused = 0;
    List<String> acceptedLines = new ArrayList<>();
    for (String condition : conditions) {
      try {
        HttpRequestRule rule = HttpRequestRule.builder().action("set-header").addArguments("X-Test", "1")
            .ifCondition(condition).build();
        Proxy.listen("web").addBind(Bind.of("127.0.0.1", 18080)).addServer(Server.of("s1", "127.0.0.1", 18081))
            .addAcls(myAcl).addHttpRequestRules(rule).build();
        acceptedLines.add("    " + rule.render());
      } catch (IllegalArgumentException e) {
        refused++;
        ExecResult haproxy = check(dir, HEAD + aclLine + "    http-request set-header X-Test 1 if " + condition + "\n");
        if (haproxy.exitCode() == 0 && !stricter.contains(condition)) {
          problems.add("refused, though haproxy -c accepts: if " + condition + " (" + e.getMessage() + ")");
        }
      }
    }
    for (String value : values) {
      try {
        acceptedLines.add("    " + HttpRequestRule.setHeader("X-Test", value).render());
      } catch (IllegalArgumentException e) {
        refused++;
        ExecResult haproxy = check(dir, HEAD + "    http-request set-header X-Test " + value + "\n");
        if (haproxy.exitCode() == 0) {
          problems.add("refused, though haproxy -c accepts: set-header X-Test " + value + " (" + e.getMessage() + ")");
        }
      }
    }
    StringBuilder accepted = new StringBuilder(HEAD).append(aclLine);
    acceptedLines.forEach(line -> accepted.append(line).append('\n'));
    ExecResult all = check(dir, accepted.toString());
    assertThat(all.exitCode()).as("haproxy -c -dW on every accepted rule:%n%s%n%s%s", accepted, all.stdout(),
        all.stderr()).isZero();
    System.out.println("haproxy expressions: " + (conditions.size() + values.size()) + " conditions and header"
        + " values, " + refused + " refused at build, " + acceptedLines.size() + " accepted by haproxy -c -dW");
    assertThat(problems).isEmpty();
    assertThat(refused).isGreaterThan(15);
  }

  /**
   * A fetch an http-request rule cannot use in its section (a response header, the status; a backend's name in a
   * frontend) is refused, as HAProxy refuses it or warns that the condition will never match; where the section
   * offers it, haproxy -c -dW accepts it.
   */
  @Test
  void httpRequestRulesUseOnlyWhatTheirSectionOffers(@TempDir Path dir) {
    String defaults = "defaults\n    mode http\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s\n";
    List<HttpRequestRule> rules = List.of(HttpRequestRule.builder().action("deny").ifCondition("{ status 200 }")
        .build(), HttpRequestRule.builder().action("deny").ifCondition("!{ res.hdr(x) -m found }").build(),
        HttpRequestRule.builder().action("deny").ifCondition("{ be_id 1 }").build(),
        HttpRequestRule.builder().action("deny").ifCondition("late").build(),
        HttpRequestRule.setHeader("X-Server", "%[res.hdr(server)]"), HttpRequestRule.setHeader("X-Be", "%[be_name]"),
        HttpRequestRule.builder().action("deny").ifCondition("{ req.hdr(host) -m found } || early").build());
    List<Acl> acls = List.of(Acl.of("late", "status", "500"), Acl.of("early", "path_beg", "/x"));
    int refused = 0;
    int accepted = 0;
    for (Proxy.Kind kind : Proxy.Kind.values()) {
      for (HttpRequestRule rule : rules) {
        Proxy.Builder proxy = (kind == Proxy.Kind.FRONTEND ? Proxy.frontend("web").defaultBackend("b")
            : kind == Proxy.Kind.BACKEND ? Proxy.backend("web") : Proxy.listen("web"))
            .addAllAcls(acls).addHttpRequestRules(rule);
        if (kind != Proxy.Kind.BACKEND) {
          proxy.addBind(Bind.of("127.0.0.1", 18080));
        }
        if (kind != Proxy.Kind.FRONTEND) {
          proxy.addServer(Server.of("s1", "127.0.0.1", 18081));
        }
        StringBuilder lines = new StringBuilder();
        acls.forEach(acl -> lines.append("    ").append(acl.render()).append('\n'));
        lines.append("    ").append(rule.render()).append('\n');
        String config = defaults + switch (kind) {
          case LISTEN -> "listen web\n    bind 127.0.0.1:18080\n" + lines + "    server s1 127.0.0.1:18081\n";
          case FRONTEND -> "frontend web\n    bind 127.0.0.1:18080\n    default_backend b\n" + lines
              + "backend b\n    server s1 127.0.0.1:18081\n";
          case BACKEND -> "frontend f\n    bind 127.0.0.1:18080\n    default_backend web\nbackend web\n" + lines
              + "    server s1 127.0.0.1:18081\n";
        };
        ExecResult haproxy = check(dir, config);
        try {
          proxy.build();
          accepted++;
          assertThat(haproxy.exitCode()).as("accepted, so haproxy -c -dW must accept:%n%s%n%s", config,
              haproxy.stderr() + haproxy.stdout()).isZero();
        } catch (IllegalArgumentException e) {
          refused++;
          assertThat(haproxy.exitCode()).as("refused (%s), so haproxy -c -dW must refuse:%n%s", e.getMessage(),
              config).isNotZero();
          assertThat(e.getMessage()).contains(kind.keyword() + "'s http-request rules");
        }
      }
    }
    System.out.println("haproxy http-request contexts: " + (refused + accepted) + " rules in listen, frontend and"
        + " backend sections, " + refused + " refused at build, " + accepted + " accepted by haproxy -c -dW");
    assertThat(refused).isEqualTo(14);
  }

  /** A bare fetch name is the usual slip; the message says how to write it. */
  @Test
  void aConditionNamingAnUndeclaredAclIsRefusedByTheProxy() {
    HttpRequestRule rule = HttpRequestRule.builder().action("deny").ifCondition("ssl_fc").build();
    assertThatThrownBy(() -> Proxy.frontend("f").addBind(Bind.of("127.0.0.1", 18080)).defaultBackend("b")
        .addHttpRequestRules(rule).build())
        .hasMessage("frontend 'f': http-request deny condition 'ssl_fc' names ACL 'ssl_fc', which is neither declared"
            + " here (no acl lines) nor predefined by HAProxy 2.6.12; 'ssl_fc' is a sample fetch: test it in"
            + " braces, '{ ssl_fc }'");
  }

  /** Named ACL lines, hostile and ordinary: refused at build, or accepted by haproxy -c -dW (and then used). */
  @Test
  void everyAclLineIsRefusedOrAcceptedByHaproxy(@TempDir Path dir) {
    record Line(String name, String criterion, List<String> flags, List<String> values) {}
    List<Line> lines = List.of(
        new Line("api", "path_beg", List.of(), List.of("/v2", "/v3")),
        new Line("host_ok", "hdr(host)", List.of("-i"), List.of("example.com", "www.example.com")),
        new Line("tls", "ssl_fc", List.of(), List.of()),
        new Line("lower_host", "req.hdr(host),lower", List.of("-m", "dom"), List.of("example.com")),
        new Line("local", "src", List.of(), List.of("127.0.0.0/8", "10.0.0.1")),
        new Line("big", "req.body_size", List.of("-m", "int"), List.of("gt", "1048576")),
        new Line("a.b:c-d_e", "path_end", List.of(), List.of(".json")),
        new Line("bad name", "path_beg", List.of(), List.of("/x")),
        new Line("bad$name", "path_beg", List.of(), List.of("/x")),
        new Line("x", "no_such_fetch", List.of(), List.of("/x")),
        new Line("x", "hdr(host", List.of(), List.of("a")),
        new Line("x", "path_beg", List.of("-m"), List.of("/x")),
        new Line("x", "path_beg", List.of("-m", "nope"), List.of("/x")),
        new Line("x", "path_beg", List.of("-z"), List.of("/x")),
        new Line("x", "path_beg", List.of(), List.of("-x")),
        new Line("x", "path_beg", List.of(), List.of("/a #b")),
        new Line("x", "path_beg", List.of(), List.of("/a\"")),
        new Line("x", "path beg", List.of(), List.of("/a")),
        new Line("x", "path_beg", List.of("-f", "relative.lst"), List.of()),
        new Line("x", "req.hdr(host),nope", List.of(), List.of("a")));
    // HAProxy takes these, but reads something else than was written: '/a #b' is '/a' and a comment, 'path beg /a'
    // is the fetch 'path' with the values 'beg' and '/a'.
    Set<String> readDifferently = Set.of("/a #b", "path beg");
    List<String> problems = new ArrayList<>();
    StringBuilder accepted = new StringBuilder(HEAD);
    int refused = 0;
    for (Line line : lines) {
      String text = "acl " + line.name() + " " + line.criterion() + " " + String.join(" ", line.flags()) + " "
          + String.join(" ", line.values());
      try {
        Acl acl = Acl.builder().name(line.name()).criterion(line.criterion()).addAllFlags(line.flags())
            .addAllValues(line.values()).build();
        accepted.append("    ").append(acl.render()).append('\n')
            .append("    http-request deny if ").append(acl.name()).append('\n');
      } catch (IllegalArgumentException e) {
        refused++;
        ExecResult haproxy = check(dir, HEAD + "    " + text + "\n    http-request deny if " + line.name() + "\n");
        boolean meansSomethingElse = readDifferently.contains(line.criterion())
            || line.values().stream().anyMatch(readDifferently::contains);
        if (haproxy.exitCode() == 0 && !meansSomethingElse) {
          problems.add("refused, though haproxy -c accepts: " + text + " (" + e.getMessage() + ")");
        }
      }
    }
    ExecResult all = check(dir, accepted.toString());
    assertThat(all.exitCode()).as("haproxy -c -dW on every accepted acl:%n%s%n%s%s", accepted, all.stdout(),
        all.stderr()).isZero();
    System.out.println("haproxy acl lines: " + lines.size() + ", " + refused + " refused at build, "
        + (lines.size() - refused) + " accepted by haproxy -c -dW");
    assertThat(problems).isEmpty();
    assertThat(refused).isEqualTo(13);
  }

  private static ExecResult check(Path dir, String config) {
    return RealTools.run("haproxy", "-c", "-dW", "-f", TempFiles.write(dir, "haproxy.cfg", config).toString());
  }
}
