package dev.hadsl.core.exec;

import dev.hadsl.core.export.ScriptExporter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.PrivateSshd;
import dev.hadsl.testing.tools.RealTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps converge: a file, an INI edit (crudini), a guarded command and a self-checking command each report "already
 * in place" on a second run, through the local executor, over SSH and in an exported script; a restart notified by an
 * edit runs only after a change, and a notification left by an interrupted run is still answered by the next.
 */
class ConvergenceTest {
  private static final Host NODE = Host.of("node1", "127.0.0.1");
  private static final Secret PASSWORD = Secret.of("s3cret-Value");

  /**
   * Four changing steps and a restart they notify; the restart appends to {@code restarts}. {@code value} is the
   * INI value, so a test can change one edit.
   */
  private static Plan plan(Path dir, String value) {
    Target node = Target.host(NODE);
    Path conf = dir.resolve("etc/svc.conf");
    return Plan.builder()
        .addStep(Step.builder().id("file").target(node).description("write a file")
            .artifact(ConfigFile.of(dir.resolve("etc/svc.cfg").toString(), "listen 10.0.0.1\n")).addNotifies("svc")
            .build())
        .addStep(Step.builder().id("ini").target(node).description("set a key")
            .artifact(IniEdit.set(conf.toString(), "DEFAULT", "host", value)).addNotifies("svc").build())
        .addStep(Step.builder().id("ini-secret").target(node).description("set a password")
            .artifact(IniEdit.setSecret(conf.toString(), "database", "password", PASSWORD)).addNotifies("svc").build())
        .addStep(Step.builder().id("ini-delete").target(node).description("drop a key")
            .artifact(IniEdit.delete(conf.toString(), "DEFAULT", "old")).addNotifies("svc").build())
        .addStep(Step.of("guarded", node, "create a marker once", Command.builder()
            .addArgv("touch", dir.resolve("marker").toString())
            .unless(Command.of("test", "-e", dir.resolve("marker").toString())).build()))
        .addStep(Step.of("self-checking", node, "a command that checks for itself", Command.of("sh", "-c",
            "if [ -e \"$1\" ]; then echo '" + Command.IN_PLACE + "'; else echo done > \"$1\"; fi", "sh",
            dir.resolve("self").toString())))
        .addStep(Step.builder().id("restart").target(node).description("restart svc")
            .artifact(Command.of("sh", "-c", "echo restarted >> \"$1\"", "sh", dir.resolve("restarts").toString()))
            .whenNotified("svc").build())
        .build();
  }

  private static void prepare(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/svc.conf"), "[DEFAULT]\nold = 1\n");
  }

  private static List<String> restarts(Path dir) throws Exception {
    return Files.exists(dir.resolve("restarts")) ? Files.readAllLines(dir.resolve("restarts")) : List.of();
  }

  private static List<Boolean> skipped(List<PlanRunner.Outcome> outcomes) {
    return outcomes.stream().map(o -> o.result().skipped()).toList();
  }

  private static void convergesThrough(Function<Path, PlanRunner> runnerFor, Path dir) throws Exception {
    RealTools.require("crudini");
    prepare(dir);
    PlanRunner runner = runnerFor.apply(dir.resolve("pending"));

    assertThat(skipped(runner.run(plan(dir, "10.0.0.1")))).containsOnly(false);
    assertThat(restarts(dir)).containsExactly("restarted");
    assertThat(Files.readString(dir.resolve("etc/svc.conf"))).contains("host = 10.0.0.1", "password = s3cret-Value")
        .doesNotContain("old");

    byte[] before = Files.readAllBytes(dir.resolve("etc/svc.conf"));
    assertThat(skipped(runner.run(plan(dir, "10.0.0.1")))).as("a second run changes nothing").containsOnly(true);
    assertThat(restarts(dir)).as("and restarts nothing").containsExactly("restarted");
    assertThat(Files.readAllBytes(dir.resolve("etc/svc.conf"))).isEqualTo(before);

    assertThat(skipped(runner.run(plan(dir, "10.0.0.9"))))
        .as("one changed edit runs, and so does the restart it notifies")
        .containsExactly(true, false, true, true, true, true, false);
    assertThat(restarts(dir)).containsExactly("restarted", "restarted");
  }

  @Test
  void theLocalExecutorReportsEveryKindOfStepInPlaceOnASecondRun(@TempDir Path dir) throws Exception {
    convergesThrough(pending -> PlanRunner.of(Executors.local()).withPendingDirectory(pending.toString()), dir);
  }

  @Test
  void theSshExecutorReportsTheSame(@TempDir Path dir) throws Exception {
    try (PrivateSshd sshd = PrivateSshd.start(Files.createDirectories(dir.resolve("sshd")))) {
      convergesThrough(pending -> PlanRunner.of(sshd.executor()).withPendingDirectory(pending.toString()), dir);
    }
  }

  @Test
  void aNotificationLeftByAnInterruptedRunIsAnsweredByTheNext(@TempDir Path dir) throws Exception {
    RealTools.require("crudini");
    prepare(dir);
    Path pending = dir.resolve("pending");
    Plan full = plan(dir, "10.0.0.1");
    Plan interrupted = Plan.builder().addAllSteps(full.steps().subList(0, 2)).build();

    PlanRunner runner = PlanRunner.of(Executors.local()).withPendingDirectory(pending.toString());
    runner.run(interrupted);
    assertThat(pending.resolve("svc")).exists();
    assertThat(restarts(dir)).isEmpty();

    List<PlanRunner.Outcome> next = runner.run(full);
    assertThat(next.get(0).result().skipped()).as("the edit is in place by now").isTrue();
    assertThat(restarts(dir)).as("yet the restart it owed runs").containsExactly("restarted");
    assertThat(pending.resolve("svc")).doesNotExist();
  }

  @Test
  void anExportedScriptConvergesTheSameWay(@TempDir Path dir) throws Exception {
    RealTools.require("crudini");
    RealTools.require("shellcheck");
    prepare(dir);
    Path script = dir.resolve("apply.sh");
    Files.writeString(script, ScriptExporter.renderFor(plan(dir, "10.0.0.1"), NODE));
    RealTools.runOk("shellcheck", "-s", "sh", script.toString());
    String[] apply = {"env", "HA_DSL_PENDING=" + dir.resolve("pending"), "HA_DSL_JOURNAL=" + dir.resolve("journal"),
        "sh", script.toString()};

    RealTools.runOk(apply);
    assertThat(restarts(dir)).containsExactly("restarted");
    // Without the journal, so every step checks the host itself.
    Files.delete(dir.resolve("journal"));
    ExecResult second = RealTools.runOk(apply);
    assertThat(second.stdout().lines().filter(Command.IN_PLACE::equals).count())
        .as(second.stdout()).isEqualTo(7);
    assertThat(restarts(dir)).containsExactly("restarted");
  }
}
