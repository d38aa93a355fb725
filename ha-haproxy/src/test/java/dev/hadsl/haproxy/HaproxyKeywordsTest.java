package dev.hadsl.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A configuration for an older HAProxy is judged by that version's own keywords, taken from its source (1.4.24, 2.4):
 * what only a newer HAProxy knows is refused with the version named. These versions cannot run here; their tables
 * name repository, tag and commit in their headers, and ExpressionsTest compares the 2.6 table with the installed
 * binary, which is how the extraction rule behind the older tables was validated.
 */
class HaproxyKeywordsTest {
  private static final Version RHEL_6_5 = Version.of("1.4.24");
  private static final Version RHEL_9 = Version.of("2.4.17");

  private static HaproxyConfig config(Version target, List<Acl> acls, HttpRequestRule... rules) {
    Proxy proxy = Proxy.listen("web").addBind(Bind.of("127.0.0.1", 18080)).addServer(Server.of("s1", "127.0.0.1", 80))
        .addAllAcls(acls).addHttpRequestRules(rules).build();
    return HaproxyConfig.builder().global(Global.recommended(target)).defaults(Defaults.recommended(target))
        .addProxy(proxy).targetVersion(target).build();
  }

  private static HttpRequestRule denyIf(String condition) {
    return HttpRequestRule.builder().action("deny").ifCondition(condition).build();
  }

  @Test
  void haproxy14TakesItsOwnCriteriaPredefinedAclsAndFlags() {
    HaproxyConfig config = config(RHEL_6_5, List.of(Acl.of("api", "path_beg", "/v2", "/v3"),
        Acl.builder().name("www").criterion("hdr_beg(host)").addFlags("-i").addValues("www.").build()),
        denyIf("!api || www"), denyIf("METH_POST { url_len gt 4096 }"), denyIf("{ src 10.0.0.0/8 }"));
    assertThat(HaproxyRenderer.render(config)).contains("acl api path_beg /v2 /v3", "acl www hdr_beg(host) -i www.",
        "http-request deny if !api || www");
  }

  @Test
  void haproxy14RefusesWhatCameLater() {
    assertThatThrownBy(() -> config(RHEL_6_5, List.of(Acl.of("host", "req.hdr(host),lower", "example.com")),
        denyIf("host")))
        .hasMessageContaining("acl host: 'req.hdr' is not one of the sample fetches or ACL keywords of HAProxy 1.4.24");
    assertThatThrownBy(() -> config(RHEL_6_5, List.of(Acl.of("host", "hdr(host),lower", "example.com")),
        denyIf("host")))
        .hasMessageContaining("acl host: 'hdr(host),lower': HAProxy 1.4.24 has no converters");
    assertThatThrownBy(() -> config(RHEL_6_5, List.of(), denyIf("!{ ssl_fc }")))
        .hasMessageContaining("condition '!{ ssl_fc }': 'ssl_fc' is not one of the sample fetches or ACL keywords of"
            + " HAProxy 1.4.24");
    assertThatThrownBy(() -> config(RHEL_6_5, List.of(), denyIf("METH_PUT")))
        .hasMessageContaining("names ACL 'METH_PUT', which is neither declared here (no acl lines) nor predefined by"
            + " HAProxy 1.4.24");
    assertThatThrownBy(() -> config(RHEL_6_5, List.of(Acl.builder().name("json").criterion("path")
        .addFlags("-m", "end").addValues(".json").build()), denyIf("json")))
        .hasMessageContaining("acl json: '-m' is not an ACL flag of HAProxy 1.4.24 (-f -i)");
    // 1.4.24's configuration.txt documents 'option redispatch' without an interval.
    assertThat(HaproxyRenderer.render(config(RHEL_6_5, List.of()))).contains("    option redispatch\n");
    assertThatThrownBy(() -> HaproxyConfig.builder().from(config(RHEL_6_5, List.of())).defaults(Defaults.builder()
        .from(Defaults.recommended(RHEL_6_5)).options(List.of(ProxyOption.redispatch(1))).build()).build())
        .hasMessageContaining("defaults: HAProxy 1.4.24 has no redispatch interval (since 1.6); use"
            + " Defaults.recommended(version)");
  }

  @Test
  void haproxy24RefusesWhatOnly26Knows() {
    config(RHEL_9, List.of(Acl.of("tls", "ssl_fc")), denyIf("!tls || { req.hdr(host),lower -m str x }"),
        HttpRequestRule.setHeader("X-Client", "%ci:%cp %[src,ipmask(24)]"));
    assertThatThrownBy(() -> config(RHEL_9, List.of(), denyIf("{ fc_err -m int gt 0 }")))
        .hasMessageContaining("'fc_err' is not one of the sample fetches or ACL keywords of HAProxy 2.4");
    assertThatThrownBy(() -> config(RHEL_9, List.of(), HttpRequestRule.setHeader("X-Err", "%[ssl_fc_err]")))
        .hasMessageContaining("X-Err: 'ssl_fc_err' is not one of the sample fetches or ACL keywords of HAProxy 2.4");
    assertThat(HaproxyKeywords.V2_6.fetches).contains("fc_err", "ssl_fc_err");
  }

  @Test
  void versionsBetweenTablesUseTheNextNewer() {
    assertThat(HaproxyKeywords.forVersion(Version.of("1.4.24"))).isSameAs(HaproxyKeywords.V1_4);
    assertThat(HaproxyKeywords.forVersion(Version.of("1.5.18"))).isSameAs(HaproxyKeywords.V2_4);
    assertThat(HaproxyKeywords.forVersion(Version.of("2.4.17"))).isSameAs(HaproxyKeywords.V2_4);
    assertThat(HaproxyKeywords.forVersion(Version.of("2.5.0"))).isSameAs(HaproxyKeywords.V2_6);
    assertThat(HaproxyKeywords.forVersion(Version.of("2.6.12"))).isSameAs(HaproxyKeywords.V2_6);
  }

  /** Each table names where it came from; the older ones the repository, tag and commit they were read at. */
  @Test
  void everyTableNamesItsSource() throws IOException {
    for (String table : List.of("haproxy-1.4/acl-keywords.txt", "haproxy-2.4/fetches.txt",
        "haproxy-2.4/converters.txt")) {
      String header = header(table);
      assertThat(header).as(table).containsIgnoringCase("repository: github.com/").containsPattern(
          "commit:? [0-9a-f]{40}").containsPattern("(?i)tag:? v[0-9]");
    }
    for (String table : List.of("haproxy-2.6/fetches.txt", "haproxy-2.6/converters.txt")) {
      assertThat(header(table)).as(table).contains("HAProxy 2.6.12", "ExpressionsTest compares");
    }
    assertThat(HaproxyKeywords.V1_4.fetches).hasSize(73).contains("hdr_beg", "path_beg", "src", "url_sub")
        .doesNotContain("ssl_fc", "req.hdr", "base");
    assertThat(HaproxyKeywords.V2_4.fetches).hasSize(482);
    assertThat(HaproxyKeywords.V2_4.converters).hasSize(122);
  }

  private static String header(String table) throws IOException {
    try (InputStream in = HaproxyKeywords.class.getResourceAsStream(table)) {
      assertThat(in).as(table).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("#"))
          .reduce("", (a, b) -> a + b + "\n");
    }
  }
}
