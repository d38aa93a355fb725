package dev.hadsl.core.exec;

import dev.hadsl.core.export.ScriptExporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.ShellQuote;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A secret must not reach toString, the dry run, a dry-run executor's output, or an exception message. */
class SecretRedactionTest {
  private static final String PASSWORD = "Pa$$w0rd 'quoted'";
  private final Secret secret = Secret.of(PASSWORD);
  private final Host node1 = Host.of("node1", "10.0.0.1");

  private Plan planWithSecrets() {
    return Plan.builder()
        .addStep(Step.of("db-password", Target.host(node1), "set the database password",
            IniEdit.setSecret("/etc/nova/nova.conf", "database", "password", secret)))
        .addStep(Step.of("db-url", Target.host(node1), "set the database URL",
            IniEdit.builder().file("/etc/nova/nova.conf").section("database").key("connection")
                .value("mysql://nova:" + PASSWORD + "@192.168.122.200/nova").addSecret(secret).build()))
        .addStep(Step.of("file", Target.host(node1), "write a credentials file",
            ConfigFile.builder().path("/root/keystonerc").content("export OS_PASSWORD=" + PASSWORD + "\n")
                .mode(0600).addSecret(secret).build()))
        .addStep(Step.of("leaky", Target.host(node1), "a command that echoes its secret to stderr",
            Command.builder().addArgv("sh", "-c", "echo \"denied for $HA_PW\" >&2; exit 1")
                .secretEnvironment("HA_PW", secret).build()))
        .build();
  }

  @Test
  void copyingAnArtifactKeepsItsSecrets() {
    // Executors and renderers rebuild artifacts with from(...); a lost secret would be shown unmasked.
    IniEdit edit = IniEdit.setSecret("/etc/a.conf", "DEFAULT", "password", secret);
    assertThat(IniEdit.builder().from(edit).file("/tmp/a.conf").build().display()).doesNotContain("Pa$$w0rd");
    Command command = Command.builder().addArgv("env").secretEnvironment("PW", secret).build();
    assertThat(Command.builder().from(command).build().display()).doesNotContain("Pa$$w0rd");
    ConfigFile file = ConfigFile.builder().path("/root/rc").content(PASSWORD + "\n").mode(0600).addSecret(secret)
        .build();
    assertThat(ConfigFile.builder().from(file).mode(0400).build().secrets()).containsExactly(secret);
  }

  @Test
  void dryRunTextMasksSecrets() {
    String text = DryRunRenderer.render(planWithSecrets());
    assertThat(text).doesNotContain(PASSWORD).doesNotContain("Pa$$w0rd").contains("******");
  }

  @Test
  void toStringOfEveryValueMasksSecrets() {
    Plan plan = planWithSecrets();
    for (Step step : plan.steps()) {
      assertThat(step.toString()).doesNotContain("Pa$$w0rd");
      assertThat(step.artifact().toString()).doesNotContain("Pa$$w0rd");
    }
  }

  @Test
  void dryRunExecutorAndFailureMessagesMaskSecrets() {
    StringBuilder printed = new StringBuilder();
    PlanRunner.of(Executors.dryRun(printed)).run(planWithSecrets());
    assertThat(printed.toString()).doesNotContain("Pa$$w0rd").contains("******");

    Plan onlyLeaky = Plan.builder().addStep(planWithSecrets().step("leaky")).build();
    Throwable failure = catchThrowable(() -> PlanRunner.of(Executors.local()).run(onlyLeaky));
    assertThat(failure).isInstanceOf(StepFailedException.class);
    assertThat(failure.getMessage()).doesNotContain("Pa$$w0rd").contains("denied for ******");
  }

  @Test
  void exportedScriptsCarryTheSecretButAnnounceNothingOfIt() {
    String script = ScriptExporter.renderFor(planWithSecrets(), node1);
    List<String> banners = script.lines().filter(line -> line.startsWith("printf '%s\\n' '==>")).toList();
    assertThat(banners).hasSize(4).allSatisfy(line -> assertThat(line).doesNotContain("Pa$$w0rd"));
  }

  @Test
  void aMultiLineSecretIsMaskedWholeAndNeverByFragmentsThatWouldSpellItOut() {
    for (String value : List.of("a\nb", "x\ny\nz", "ab\r\ncd", "1\n2")) {
      Secret multi = Secret.of(value);
      String text = "a banana by xyz, ab cd 1 2; the value: " + value + "; quoted: " + ShellQuote.quote(value);
      String masked = dev.hadsl.core.Redaction.redact(text, List.of(multi));
      assertThat(masked).as("%s", value.replace("\n", "\\n"))
          .startsWith("a banana by xyz, ab cd 1 2; the value: ******; quoted: ******");
    }
    // A line long enough to be the secret's alone is still masked where a tool echoes just that line.
    Secret longLines = Secret.of("first-line-of-it\nsecond-line-of-it");
    assertThat(dev.hadsl.core.Redaction.redact("echoed: second-line-of-it; other: line", List.of(longLines)))
        .isEqualTo("echoed: ******; other: line");
  }
}
