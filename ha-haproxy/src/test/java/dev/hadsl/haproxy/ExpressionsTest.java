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
  void theKeywordTableIsTheInstalledHaproxysOwn() {
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
    assertThat(Expressions.FETCHES).containsExactlyInAnyOrderElementsOf(dumped);
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
            "'no_such_fetch' is not one of HAProxy's sample fetches"),
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

  /** Conditions and header values, hostile and ordinary: refused at build, or accepted by haproxy -c -dW. */
  @Test
  void everyConditionAndHeaderValueIsRefusedOrAcceptedByHaproxy(@TempDir Path dir) {
    List<String> conditions = List.of("{ ssl_fc }", "!{ ssl_fc }", "! { ssl_fc }", "{ ssl_fc } || { src 10.0.0.1 }",
        "{ ssl_fc } or METH_GET", "METH_POST { path_beg /v2 }", "{ hdr(host) -i example.com }",
        "{ req.hdr(x-forwarded-proto),lower -m str https }", "{ path_beg /a } { path_end .json }", "TRUE", "",
        "{ ssl_fc", "ssl_fc }", "{ssl_fc}", "{ }", "{ nope }", "|| { ssl_fc }", "{ ssl_fc } ||", "!", "my_acl",
        "{ hdr(host }", "{ src 10.0.0.1 } { { ssl_fc } }", "{ ssl_fc } or or { ssl_fc }");
    // Stricter than HAProxy on purpose: it takes an empty condition, a dangling or doubled operator and a lone '!'
    // without a word, and what they mean is nothing a configuration should say by accident. A named ACL needs its
    // 'acl' line, which the model has no place for.
    Set<String> stricter = Set.of("", "|| { ssl_fc }", "{ ssl_fc } ||", "!", "{ ssl_fc } or or { ssl_fc }", "my_acl");
    List<String> values = List.of("https", "%[ssl_fc]", "%[req.hdr(host),lower]", "%ci:%cp", "%{+Q}r", "100%%",
        "%[src]:%[src_port]", "50%", "%[unclosed", "%[nope]", "%zz", "%", "%{+Q", "%[hdr(host]", "a b c", "%T");
    List<String> problems = new ArrayList<>();
    int refused = 0;
    StringBuilder accepted = new StringBuilder(HEAD);
    List<String> acceptedLines = new ArrayList<>();
    for (String condition : conditions) {
      try {
        HttpRequestRule rule = HttpRequestRule.builder().action("set-header").addArguments("X-Test", "1")
            .ifCondition(condition).build();
        acceptedLines.add("    " + rule.render());
      } catch (IllegalArgumentException e) {
        refused++;
        ExecResult haproxy = check(dir, HEAD + "    http-request set-header X-Test 1 if " + condition + "\n");
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
    acceptedLines.forEach(line -> accepted.append(line).append('\n'));
    ExecResult all = check(dir, accepted.toString());
    assertThat(all.exitCode()).as("haproxy -c -dW on every accepted rule:%n%s%n%s%s", accepted, all.stdout(),
        all.stderr()).isZero();
    System.out.println("haproxy expressions: " + (conditions.size() + values.size()) + " conditions and header"
        + " values, " + refused + " refused at build, " + acceptedLines.size() + " accepted by haproxy -c -dW");
    assertThat(problems).isEmpty();
    assertThat(refused).isGreaterThan(15);
  }

  private static ExecResult check(Path dir, String config) {
    return RealTools.run("haproxy", "-c", "-dW", "-f", TempFiles.write(dir, "haproxy.cfg", config).toString());
  }
}
