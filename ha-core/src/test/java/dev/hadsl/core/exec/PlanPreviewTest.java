package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview runs only read-only checks, through the local executor on files in a temporary directory: it says
 * exactly which runs the apply that follows carries out, changes nothing itself, masks secrets, and lists nothing
 * once the plan was applied.
 */
class PlanPreviewTest {
  private static final Host HOST = Host.of("local", "127.0.0.1");

  @TempDir
  Path dir;

  private Plan plan(Path pending) {
    Target here = Target.host(HOST);
    Secret password = Secret.of("preview-secret-42");
    return Plan.builder()
        .addSteps(Step.builder().id("file.same").target(here).description("a file already in place")
            .artifact(ConfigFile.of(dir.resolve("same.conf").toString(), "same\n")).build())
        .addSteps(Step.builder().id("file.new").target(here).description("a file to write")
            .artifact(ConfigFile.of(dir.resolve("new.conf").toString(), "new\n")).addNotifies("svc").build())
        .addSteps(Step.of("ini.secret", here, "a secret INI value that differs",
            IniEdit.setSecret(dir.resolve("app.ini").toString(), "db", "password", password)))
        .addSteps(Step.of("command.done", here, "a command whose check holds",
            Command.builder().addArgv("touch", dir.resolve("never").toString()).unless(Command.of("true")).build()))
        .addSteps(Step.of("command.self", here, "a script that checks itself",
            Command.selfChecking(Command.of("sh", "-c", "if [ -e \"$1\" ]; then echo 'ha-dsl: already in place';"
                + " exit 0; fi; if " + Command.CHECK_ONLY_CONDITION + "; then echo \"would create $1\"; exit 1; fi;"
                + " touch \"$1\"", "sh", dir.resolve("made").toString()))))
        .addSteps(Step.builder().id("restart.svc").target(here).description("restart svc after a change")
            .artifact(Command.of("touch", dir.resolve("restarted").toString())).whenNotified("svc").build())
        .addSteps(Step.builder().id("restart.other").target(here).description("restart other, never notified")
            .artifact(Command.of("touch", dir.resolve("other").toString())).whenNotified("other").build())
        .build();
  }

  @Test
  void listsExactlyWhatTheApplyThenDoesAndChangesNothing() throws Exception {
    Files.writeString(dir.resolve("same.conf"), "same\n");
    Files.setPosixFilePermissions(dir.resolve("same.conf"), java.nio.file.attribute.PosixFilePermissions
        .fromString("rw-r--r--"));
    Files.writeString(dir.resolve("app.ini"), "[db]\npassword = old\n");
    Path pending = Files.createDirectories(dir.resolve("pending"));
    Plan plan = plan(pending);
    Map<String, String> before = contents();

    List<PlanPreview.Item> preview = PlanPreview.of(Executors.local()).withPendingDirectory(pending.toString())
        .preview(plan);

    assertThat(contents()).as("the preview changed nothing").isEqualTo(before);
    assertThat(preview).extracting(item -> item.run().step().id() + "=" + item.verdict()).containsExactly(
        "file.same=IN_PLACE", "file.new=ACTS", "ini.secret=ACTS", "command.done=IN_PLACE", "command.self=ACTS",
        "restart.svc=NOTIFIED", "restart.other=IN_PLACE");
    assertThat(preview.get(1).why()).endsWith("new.conf: absent");
    assertThat(preview.get(4).why()).startsWith("would create ");
    assertThat(preview.get(5).why()).isEqualTo("notified (svc) by file.new");
    String rendered = PlanPreview.render(preview);
    assertThat(rendered).startsWith("preview: 4 of 7 runs would act\nlocal: 4 of 7 runs would act\n")
        .contains("  2. file.new [acts]: a file to write", "  6. restart.svc [notified]: restart svc after a change")
        .doesNotContain("preview-secret-42");

    List<PlanRunner.Outcome> applied = PlanRunner.of(Executors.local()).withPendingDirectory(pending.toString())
        .run(plan);
    assertThat(applied.stream().filter(o -> !o.result().skipped()).map(o -> o.run().step().id()))
        .containsExactlyElementsOf(preview.stream().filter(PlanPreview.Item::acts).map(i -> i.run().step().id())
            .toList());
    assertThat(PlanPreview.of(Executors.local()).withPendingDirectory(pending.toString()).preview(plan))
        .as("after the apply").noneMatch(PlanPreview.Item::acts);
  }

  @Test
  void aRestartLeftPendingByAnEarlierApplyIsListed() throws Exception {
    Path pending = Files.createDirectories(dir.resolve("pending"));
    Files.createFile(pending.resolve("other"));
    List<PlanPreview.Item> preview = PlanPreview.of(Executors.local()).withPendingDirectory(pending.toString())
        .preview(plan(pending));
    assertThat(preview.get(6).verdict()).isEqualTo(PlanPreview.Verdict.NOTIFIED);
    assertThat(preview.get(6).why()).isEqualTo("notified (other) by an earlier apply: still pending");
  }

  private Map<String, String> contents() throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toMap(Path::toString, file -> {
        try {
          return Files.readString(file);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
    }
  }
}
