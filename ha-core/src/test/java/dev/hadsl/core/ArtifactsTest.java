package dev.hadsl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactsTest {
  @Test
  void commandIsAnArgumentVectorJoinedOnlyForDisplay() {
    Command command = Command.of("pcs", "resource", "create", "vip", "ocf:heartbeat:IPaddr2", "ip=192.168.122.200");
    assertThat(command.argv()).hasSize(6);
    assertThat(command.display()).isEqualTo("pcs resource create vip ocf:heartbeat:IPaddr2 ip=192.168.122.200");
  }

  @Test
  void initSystemsRenderServiceCommands() {
    assertThat(InitSystem.SYSV.stopIfRunning("qpidd").display())
        .isEqualTo("sh -c '! service \"$1\" status >/dev/null 2>&1' sh qpidd || service qpidd stop");
    assertThat(InitSystem.SYSTEMD.stopIfRunning("qpidd").display())
        .isEqualTo("sh -c '! systemctl is-active --quiet \"$1\"' sh qpidd || systemctl stop qpidd");
    assertThat(InitSystem.SYSV.disable("haproxy").display())
        .isEqualTo("sh -c '! chkconfig \"$1\" >/dev/null 2>&1' sh haproxy || chkconfig haproxy off");
    assertThat(InitSystem.SYSTEMD.start("pcsd").display())
        .isEqualTo("sh -c 'systemctl is-active --quiet \"$1\"' sh pcsd || systemctl start pcsd");
    assertThat(InitSystem.SYSV.enable("pcsd").display())
        .isEqualTo("sh -c 'chkconfig \"$1\" >/dev/null 2>&1' sh pcsd || chkconfig pcsd on");
    assertThat(InitSystem.SYSTEMD.restart("httpd").display()).isEqualTo("systemctl restart httpd");
  }

  @Test
  void reservedWordsAreQuotedSoTheyReadAsArguments() {
    assertThat(Command.of("pcs", "constraint", "order", "start", "a", "then", "start", "b").display())
        .isEqualTo("pcs constraint order start a 'then' start b");
  }

  @Test
  void unlessCheckRendersAsOrListForPeopleAndAsIfThenElseThatSaysInPlaceForScripts() {
    Command rule = Command.builder().addArgv("iptables", "-I", "INPUT", "-p", "tcp", "--dport", "5672", "-j", "ACCEPT")
        .unless(Command.of("iptables", "-C", "INPUT", "-p", "tcp", "--dport", "5672", "-j", "ACCEPT")).build();
    assertThat(rule.display()).isEqualTo(
        "iptables -C INPUT -p tcp --dport 5672 -j ACCEPT || iptables -I INPUT -p tcp --dport 5672 -j ACCEPT");
    assertThat(rule.toShell()).isEqualTo("""
        if iptables -C INPUT -p tcp --dport 5672 -j ACCEPT; then
          echo 'ha-dsl: already in place'
        else
        iptables -I INPUT -p tcp --dport 5672 -j ACCEPT
        fi""");
  }

  @Test
  void refusesEmptyOrNestedCommands() {
    assertThatThrownBy(() -> Command.of()).hasMessage("command: the argument vector is empty");
    assertThatThrownBy(() -> Command.of("")).hasMessage("command: the program name is empty");
    assertThatThrownBy(() -> Command.of("echo", "a\0b")).hasMessage("command 'echo': argument 1 contains a NUL character");
    Command nested = Command.builder().addArgv("true").unless(Command.of("true")).build();
    assertThatThrownBy(() -> Command.builder().addArgv("x").unless(nested).build())
        .hasMessage("command 'x': its unless-check must have neither an unless-check of its own nor stdin");
  }

  @Test
  void configFileDefaultsToMode0644() {
    ConfigFile file = ConfigFile.of("/etc/haproxy/haproxy.cfg", "global\n  daemon\n");
    assertThat(file.modeOctal()).isEqualTo("0644");
    assertThat(file.display()).isEqualTo("write /etc/haproxy/haproxy.cfg (mode 0644, 2 lines)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "etc/x|file path 'etc/x' is not an absolute path",
    "/etc/../x|file path '/etc/../x' is not normalised (empty, '.' or '..' segment)",
    "/etc//x|file path '/etc//x' is not normalised (empty, '.' or '..' segment)",
    "/etc/x/|file path '/etc/x/' must not end with '/'",
  })
  void refusesBadFilePaths(String path, String message) {
    assertThatThrownBy(() -> ConfigFile.of(path, "")).hasMessage(message);
  }

  @Test
  void refusesBadFileContentModeAndOwner() {
    assertThatThrownBy(() -> ConfigFile.of("/etc/x", "no newline"))
        .hasMessage("file '/etc/x': content must be empty or end with a newline");
    assertThatThrownBy(() -> ConfigFile.of("/etc/x", "a\0b\n")).hasMessage("file '/etc/x': content contains a NUL character");
    assertThatThrownBy(() -> ConfigFile.builder().path("/etc/x").content("").mode(010000).build())
        .hasMessage("file '/etc/x': mode 10000 is not from 0000 to 7777 (octal)");
    assertThatThrownBy(() -> ConfigFile.builder().path("/etc/x").content("").owner("root;rm").build())
        .hasMessage("file '/etc/x': owner 'root;rm' is not user or user:group");
    assertThatThrownBy(() -> ConfigFile.of("/etc/a\nb", ""))
        .hasMessage("file path '/etc/a\\nb' contains a NUL or newline character");
  }

  @Test
  void iniEditRendersCrudini() {
    assertThat(IniEdit.set("/etc/nova/nova.conf", "DEFAULT", "qpid_hosts", "10.0.0.1:5672,10.0.0.2:5672").display())
        .isEqualTo("crudini --set /etc/nova/nova.conf DEFAULT qpid_hosts 10.0.0.1:5672,10.0.0.2:5672");
    assertThat(IniEdit.delete("/etc/nova/nova.conf", "DEFAULT", "qpid_port").toCommand().argv())
        .containsExactly("crudini", "--del", "/etc/nova/nova.conf", "DEFAULT", "qpid_port");
  }

  @Test
  void refusesBadIniEdits() {
    assertThatThrownBy(() -> IniEdit.set("/etc/a.conf", "DEF]", "k", "v"))
        .hasMessage("INI edit of '/etc/a.conf': section 'DEF]' is blank or contains '[', ']' or a line break");
    assertThatThrownBy(() -> IniEdit.set("/etc/a.conf", " ", "k", "v"))
        .hasMessage("INI edit of '/etc/a.conf': section ' ' is blank or contains '[', ']' or a line break");
    assertThat(IniEdit.set("/etc/qpidd.conf", "", "cluster-name", "qpid").display())
        .isEqualTo("crudini --set /etc/qpidd.conf '' cluster-name qpid");
    assertThatThrownBy(() -> IniEdit.set("/etc/a.conf", "DEFAULT", "k=v", "v")).hasMessage(
        "INI edit of '/etc/a.conf' [DEFAULT]: key 'k=v' is empty, has surrounding spaces, starts with '#' or ';', or contains '=', ':', '%', '[' or a line break");
    assertThatThrownBy(() -> IniEdit.set("/etc/a.conf", "DEFAULT", "k", "a\nb"))
        .hasMessage("INI edit of '/etc/a.conf' [DEFAULT] k: the value contains a line break or NUL, or has surrounding"
            + " spaces (crudini drops them, so the file would never hold it)");
    assertThatThrownBy(() -> IniEdit.set("/etc/a.conf", "DEFAULT", "k", "v "))
        .hasMessageContaining("has surrounding spaces (crudini drops them");
  }

  @Test
  void stepIdsAndDescriptionsAreChecked() {
    Target target = Target.host(Host.of("node1", "10.0.0.1"));
    assertThatThrownBy(() -> Step.of("Bad Id", target, "x", Command.of("true"))).hasMessage(
        "step id 'Bad Id' must be 1-512 characters of A-Z, a-z, 0-9, '.', '_', ':', '-', starting with a letter or digit");
    assertThatThrownBy(() -> Step.of("ok", target, "two\nlines", Command.of("true")))
        .hasMessage("step 'ok': the description must be one non-blank line");
  }

  @Test
  void targetsAreChecked() {
    Host node1 = Host.of("node1", "10.0.0.1");
    assertThatThrownBy(() -> Target.each(java.util.List.of())).hasMessage("target EACH: no hosts");
    assertThatThrownBy(() -> Target.each(java.util.List.of(node1, node1)))
        .hasMessage("target EACH: host 'node1' is listed twice");
  }
}
