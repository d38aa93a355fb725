package dev.hadsl.core.exec;

import dev.hadsl.core.export.ScriptExporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.RealTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's findings on the places the executors keep things in: a journal line reveals nothing of a weak secret;
 * a journal that is a link or open to others is refused before the first step; an ssh control-socket directory must
 * be private; an export never writes through a planted link and removes the trees of hosts the plan no longer has.
 */
class PrivatePlacesTest {
  private static final Host NODE = Host.of("node1", "10.0.0.1");
  private static final List<String> WEAK = List.of("Summer2026", "password", "123456", "hacluster", "x");

  /** One step that carries {@code password} in its text (as chpasswd's stdin does), logging that it ran. */
  private static Plan plan(Path dir, Host... hosts) {
    return Plan.builder().addStep(Step.of("set-password", Target.each(List.of(hosts)), "set the password",
        Command.builder().addArgv("sh", "-c", "cat > /dev/null; echo ran >> \"$1\"", "sh",
            dir.resolve("log").toString()).stdinWithSecret("Summer2026\n", Secret.of("Summer2026")).build())).build();
  }

  private static String unkeyed(Plan.Run run) throws Exception {
    return run.step().id() + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(ShellSnippets.of(run.step().artifact()).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aJournalLineIsKeyedSoADictionaryOfWeakSecretsFindsNothing(@TempDir Path dir) throws Exception {
    Plan plan = plan(dir, NODE);
    PlanRunner.of(Executors.local()).withJournal(dir.resolve("journal")).run(plan);
    String line = Files.readAllLines(dir.resolve("journal/node1.journal")).get(0);

    // The attack of the review: render the step with each guess and compare unkeyed hashes.
    for (String guess : WEAK) {
      Plan guessed = Plan.builder().addStep(Step.of("set-password", Target.host(NODE), "set the password",
          Command.builder().addArgv("sh", "-c", "cat > /dev/null; echo ran >> \"$1\"", "sh",
              dir.resolve("log").toString()).stdinWithSecret(guess + "\n", Secret.of(guess)).build())).build();
      assertThat(line).as("guess %s", guess).isNotEqualTo(unkeyed(guessed.runs().get(0)));
    }
    assertThat(line).doesNotContain("Summer2026");
    assertThat(line).isEqualTo(JournalKey.inDirectory(dir.resolve("journal")).fingerprint(plan.runs().get(0)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("journal/.journal-key"))))
        .isEqualTo("rw-------");
    // The same key resumes: a second run skips the step.
    assertThat(PlanRunner.of(Executors.local()).withJournal(dir.resolve("journal")).run(plan).get(0).result()
        .skipped()).isTrue();
    assertThat(Files.readAllLines(dir.resolve("log"))).containsExactly("ran");
    assertThat(JournalKey.random().toString()).isEqualTo("JournalKey(****)");
  }

  @Test
  void aJournalThatIsALinkOpenToOthersOrUnwritableIsRefusedBeforeTheFirstStep(@TempDir Path dir) throws Exception {
    Plan plan = plan(dir, NODE);
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "");

    Path linked = Files.createDirectories(dir.resolve("linked"));
    Files.createSymbolicLink(linked.resolve("node1.journal"), elsewhere);
    Path open = Files.createDirectories(dir.resolve("open"));
    Files.writeString(open.resolve("node1.journal"), "");
    Files.setPosixFilePermissions(open.resolve("node1.journal"), PosixFilePermissions.fromString("rw-r--r--"));
    Path openKey = Files.createDirectories(dir.resolve("open-key"));
    Files.write(openKey.resolve(".journal-key"), new byte[32]);
    Files.setPosixFilePermissions(openKey.resolve(".journal-key"), PosixFilePermissions.fromString("rw-r--r--"));
    Path linkedDirectory = Files.createSymbolicLink(dir.resolve("linked-directory"),
        Files.createDirectories(dir.resolve("target")));
    Path worldWritable = Files.createDirectories(dir.resolve("world-writable"));
    Files.setPosixFilePermissions(worldWritable, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "");

    for (List<Object> bad : List.<List<Object>>of(List.of(linked, "is a symbolic link"),
        List.of(open, "must be a regular file owned by " + System.getProperty("user.name") + " with mode 0600"
            + " (at most rw-------); it is one owned by " + System.getProperty("user.name") + " with mode rw-r--r--"),
        List.of(openKey, "journal key " + openKey.resolve(".journal-key") + " must be a regular file"),
        List.of(linkedDirectory, "journal directory " + linkedDirectory + " is a symbolic link"),
        List.of(worldWritable, "with mode 0755 or narrower (at most rwxr-xr-x); it is one owned by"),
        List.of(notADirectory, "must be a directory owned by"))) {
      assertThatThrownBy(() -> PlanRunner.of(Executors.local()).withJournal((Path) bad.get(0)).run(plan))
          .as("%s", bad.get(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining((String) bad.get(1));
      assertThat(dir.resolve("log")).as("no step ran for %s", bad.get(0)).doesNotExist();
    }
    assertThat(Files.readString(elsewhere)).as("nothing written through the link").isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open.resolve("node1.journal"))))
        .as("refused, not silently re-moded").isEqualTo("rw-r--r--");
  }

  @Test
  void sshConnectionSharingRefusesADirectoryOthersCanUseAndCreatesAPrivateOne(@TempDir Path dir) throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx")); // like /tmp
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
    // No ssh is started for a refused directory: the launcher would record it if one were.
    Path launched = dir.resolve("launched");
    for (Path directory : List.of(shared, linked)) {
      SshExecutor ssh = Executors.ssh(SshOptions.builder().connectionSharing(directory)
          .launcher(List.of("sh", "-c", "echo \"$@\" >> \"$0\"", launched.toString())).build());
      assertThatThrownBy(() -> ssh.execute(NODE, Command.of("true"))).as("%s", directory)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("ssh connection sharing directory " + directory);
    }
    assertThat(launched).doesNotExist();
    Path fresh = dir.resolve("fresh");
    Executors.ssh(SshOptions.builder().connectionSharing(fresh)
        .launcher(List.of("sh", "-c", "echo \"$@\" >> \"$0\"", launched.toString())).build())
        .execute(NODE, Command.of("true"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
    assertThat(launched).isRegularFile();
  }

  @Test
  void anExportedScriptRefusesALinkedOrOpenJournalBeforeAnyStep(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("apply.sh"), ScriptExporter.renderFor(plan(dir, NODE), NODE));
    RealTools.runOk("shellcheck", "-s", "sh", script.toString());
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "");
    Files.createSymbolicLink(dir.resolve("linked.journal"), elsewhere);
    Files.writeString(dir.resolve("open.journal"), "");
    Files.setPosixFilePermissions(dir.resolve("open.journal"), PosixFilePermissions.fromString("rw-r--r--"));

    for (String journal : List.of("linked.journal", "open.journal")) {
      var result = RealTools.run("env", "HA_DSL_JOURNAL=" + dir.resolve(journal), "sh", script.toString());
      assertThat(result.exitCode()).as(journal).isEqualTo(3);
      assertThat(result.stderr()).startsWith("ha-dsl: refused: the journal " + dir.resolve(journal));
    }
    assertThat(dir.resolve("log")).as("no step ran").doesNotExist();
    assertThat(Files.readString(elsewhere)).isEmpty();
    // A fresh journal is created 0600 and used.
    RealTools.runOk("env", "HA_DSL_JOURNAL=" + dir.resolve("fresh.journal"), "sh", script.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("fresh.journal"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("fresh.journal"))).doesNotContain("Summer2026").startsWith("set-password ");
  }

  @Test
  void anExportNeverWritesThroughAPlantedLinkAndRemovesHostsThePlanNoLongerHas(@TempDir Path dir) throws Exception {
    Host node2 = Host.of("node2", "10.0.0.2");
    Path out = dir.resolve("out");
    Plan withFile = Plan.builder().addStep(Step.of("secret-file", Target.each(List.of(NODE, node2)), "a 0600 file",
        ConfigFile.builder().path("/etc/app/secret.conf").content("password=Summer2026\n")
            .mode(0600).addSecret(Secret.of("Summer2026")).build()))
        .build();
    assertThat(ScriptExporter.create().export(withFile, out)).isEmpty();

    // Planted between two exports: the host's script and its files directory point elsewhere.
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.delete(out.resolve("node1/apply.sh"));
    Files.createSymbolicLink(out.resolve("node1/apply.sh"), Files.writeString(target.resolve("victim"), "keep"));
    deleteTree(out.resolve("node1/files"));
    Files.createSymbolicLink(out.resolve("node1/files"), target);
    Plan onlyNode1 = Plan.builder().addStep(Step.of("secret-file", Target.host(NODE), "a 0600 file",
        ConfigFile.builder().path("/etc/app/secret.conf").content("password=Summer2026\n")
            .mode(0600).addSecret(Secret.of("Summer2026")).build()))
        .build();

    assertThat(ScriptExporter.create().export(onlyNode1, out)).as("node2's tree is gone").containsExactly("node2");

    assertThat(Files.readString(target.resolve("victim"))).isEqualTo("keep");
    assertThat(target.resolve("etc")).as("no secret copy written through the link").doesNotExist();
    assertThat(out.resolve("node1/apply.sh")).isRegularFile();
    assertThat(Files.isSymbolicLink(out.resolve("node1/files"))).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        out.resolve("node1/files/etc/app/secret.conf")))).isEqualTo("rw-------");
    assertThat(out.resolve("node2")).doesNotExist();
    try (var entries = Files.list(out)) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList()).as("no staging left")
          .containsExactly(".journal-key", "node1");
    }
    Path linkedOut = Files.createSymbolicLink(dir.resolve("linked-out"), target);
    assertThatThrownBy(() -> ScriptExporter.create().export(onlyNode1, linkedOut)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a symbolic link: refused");
  }

  private static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
