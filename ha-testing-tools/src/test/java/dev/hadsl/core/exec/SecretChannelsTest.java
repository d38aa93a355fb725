package dev.hadsl.core.exec;

import dev.hadsl.core.export.ScriptExporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.SecretAudit;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets travel on stdin, in the environment or in 0600 files, identically in every executor, and are masked. */
class SecretChannelsTest {
  private static final Host NODE = Host.of("node1", "10.0.0.1");

  private static StepFailedException failureOf(Command command) {
    Plan plan = Plan.builder().addStep(Step.of("leak", Target.host(NODE), "a failing step", command)).build();
    return (StepFailedException) catchThrowable(() -> PlanRunner.of(Executors.local()).run(plan));
  }

  @Test
  void failureMessagesMaskJsonEscapedMultiLineAndUnlessOnlySecrets() {
    Secret quoted = Secret.of("pa\"ss\\wd");
    StepFailedException json = failureOf(Command.builder().addArgv("sh", "-c",
        "printf '{\"password\": \"pa\\\\\"ss\\\\\\\\wd\"}\\n' >&2; exit 1").secretEnvironment("PW", quoted).build());
    assertThat(json.getMessage()).isEqualTo("step 'leak' on node1 failed (exit 1): PW=****** sh -c 'printf '\\''"
        + "{\"password\": \"pa\\\\\"ss\\\\\\\\wd\"}\\n'\\'' >&2; exit 1'\n{\"password\": \"******\"}");

    Secret twoLines = Secret.of("first-line\nsecond-line");
    StepFailedException lines = failureOf(Command.builder().addArgv("sh", "-c", "echo \"$PW\" | tail -n 1 >&2; exit 2")
        .secretEnvironment("PW", twoLines).build());
    assertThat(lines.getMessage()).endsWith("\n******").doesNotContain("second-line");

    Secret onlyOnCheck = Secret.of("check-only-secret");
    StepFailedException unless = failureOf(Command.builder().addArgv("sh", "-c", "echo check-only-secret >&2; exit 3")
        .unless(Command.builder().addArgv("false").secretEnvironment("TOKEN", onlyOnCheck).build()).build());
    assertThat(unless.getMessage()).endsWith("\n******").doesNotContain("check-only-secret");
  }

  @Test
  void execResultToStringShowsNoOutputAndListenersGetMaskedOutput() {
    assertThat(ExecResult.of(1, "hello", "").toString())
        .isEqualTo("ExecResult{exitCode=1, stdout=5 chars, stderr=0 chars}");
    Secret secret = Secret.of("listener-secret");
    StringBuilder heard = new StringBuilder();
    PlanRunner.of(Executors.local()).withListener(new ProgressListener() {
      @Override
      public void stepFinished(Plan.Run run, ExecResult result, java.time.Duration duration) {
        heard.append(result.stdout());
      }
    }).run(Plan.builder().addStep(Step.of("echo", Target.host(NODE), "echo", Command.builder()
        .addArgv("sh", "-c", "echo \"$S\"").secretEnvironment("S", secret).build())).build());
    assertThat(heard.toString()).isEqualTo("******\n");
  }

  @Test
  void maskingNeverRevealsTextThatMerelyEqualsASecret() {
    Command auth = Command.builder().addArgv("pcs", "host", "auth", "node1", "-u", "hacluster")
        .stdinWithSecret("hacluster\n", Secret.of("hacluster")).build();
    assertThat(auth.display()).isEqualTo("pcs host auth node1 -u hacluster <<stdin (1 line, secrets masked)");
  }

  @Test
  void localExecutorAndShellScriptsFeedStdinAndEnvironmentIdentically(@TempDir Path dir) throws Exception {
    Secret secret = Secret.of("it's \"$(id)\" `id` %41 ü\\n");
    Command command = Command.builder().addArgv("sh", "-c", "cat; printf '[%s]\\n' \"$PW\"")
        .stdin("line one\n" + secret.reveal() + "\n").secretEnvironment("PW", secret).build();
    String expected = "line one\n" + secret.reveal() + "\n[" + secret.reveal() + "]\n";

    assertThat(Executors.local().execute(NODE, command).stdout()).isEqualTo(expected);
    Path script = TempFiles.write(dir, "script.sh", "set -eu\n" + command.toShell() + "\n");
    assertThat(RealTools.runOk("sh", script.toString()).stdout()).isEqualTo(expected);
    assertThat(command.toShell()).as("the secret is in the script text, never an argument of a process")
        .startsWith("PW='it'\\''s \"$(id)\" `id` %41 ü\\n' sh -c");
  }

  @Test
  void filesHoldingSecretsMustBePrivateAndAreWrittenPrivatelyEverywhere(@TempDir Path dir) throws Exception {
    Secret secret = Secret.of("file-secret");
    assertThatThrownBy(() -> ConfigFile.builder().path("/root/rc").content("x\n").addSecret(secret).build())
        .hasMessage("file '/root/rc': it holds a secret, so its mode must give group and others nothing (e.g. 0600),"
            + " was 0644");

    ConfigFile secretFile = ConfigFile.builder().path(dir.resolve("root/etc/app/secret.conf").toString())
        .content("password = file-secret\n").mode(0600).addSecret(secret).build();
    ConfigFile publicFile = ConfigFile.of(dir.resolve("root/etc/app/public.conf").toString(), "a = 1\n");
    Plan plan = Plan.builder().addStep(Step.of("secret", Target.host(NODE), "secret file", secretFile))
        .addStep(Step.of("public", Target.host(NODE), "public file", publicFile)).build();

    // Exported: apply.sh 0700, each copy with its modelled mode.
    ScriptExporter.create().export(plan, dir.resolve("out"));
    Path host = dir.resolve("out/node1");
    assertThat(mode(host.resolve("apply.sh"))).isEqualTo("rwx------");
    assertThat(mode(host.resolve("files" + secretFile.path()))).isEqualTo("rw-------");
    assertThat(mode(host.resolve("files" + publicFile.path()))).isEqualTo("rw-r--r--");

    // The shell form: mktemp (0600 from birth, unpredictable name) before the content, chmod after it.
    String shell = ScriptExporter.renderFor(plan, NODE);
    assertThat(shell).doesNotContain(".ha-dsl.tmp");
    int mktemp = shell.indexOf("ha_dsl_tmp=$(mktemp ");
    assertThat(mktemp).isPositive().isLessThan(shell.indexOf("password = file-secret"));
    assertThat(shell.indexOf("password = file-secret")).isLessThan(shell.indexOf("chmod 0600 \"$ha_dsl_tmp\""));
    RealTools.runOk("sh", host.resolve("apply.sh").toString());
    assertThat(mode(Path.of(secretFile.path()))).isEqualTo("rw-------");
    assertThat(Path.of(secretFile.path())).hasContent("password = file-secret");
    try (var left = Files.list(Path.of(secretFile.path()).getParent())) {
      assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
          .as("no temporary file left behind").containsExactly("public.conf", "secret.conf");
    }
  }

  @Test
  void auditFindsASecretOnACommandLine() {
    Secret secret = Secret.of("audit-secret-77");
    Plan plan = Plan.builder()
        .addStep(Step.of("good", Target.host(NODE), "stdin", Command.builder().addArgv("chpasswd")
            .stdinWithSecret("root:audit-secret-77\n", secret).build()))
        .addStep(Step.of("bad", Target.host(NODE), "argv", Command.of("tool", "--password=audit-secret-77")))
        .build();
    assertThat(SecretAudit.commandLineLeaks(plan)).containsExactly("step 'bad': argument 1 of 'tool'");
  }

  @Test
  void aSecretWithNulIsRefused() {
    assertThatThrownBy(() -> Secret.of("a\0b")).hasMessage("a secret must not contain a NUL character");
    assertThat(List.of(Secret.of("x\ny").isMultiLine(), Secret.of("xy").isMultiLine())).containsExactly(true, false);
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
