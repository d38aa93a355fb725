package dev.hadsl.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.testing.tools.CommandLineWatcher;
import dev.hadsl.testing.tools.PrivateSshd;
import dev.hadsl.testing.tools.RealTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host's runs sent as one batch over a real sshd ({@link HostBatch}), judged against the same runs sent one by one:
 * INI edits checked and applied in one pass end byte for byte and mode for mode where crudini puts them (a symbolic
 * link kept, a file crudini must create or a CRLF file left to crudini), every run reports what it did alone would
 * report, a failure stops the host where it failed and the journal resumes there, a hanging run is killed after the
 * executor's timeout, a no-change re-apply costs a handful of connections, and no secret reaches a command line.
 */
class BatchedApplyTest {
  private static final Host HOST = PrivateSshd.LOOPBACK;
  private static final Secret PASSWORD = Secret.of("batch-Secret-7f3a 'q' $x");

  private PrivateSshd sshd;

  @BeforeEach
  void startSshd(@TempDir Path dir) throws Exception {
    RealTools.require("crudini");
    sshd = PrivateSshd.start(Files.createDirectories(dir.resolve("sshd")));
  }

  @AfterEach
  void stopSshd() {
    sshd.close();
  }

  /** Edits of every kind on Havana's nova.conf sample, a symlinked file, a file to create and a CRLF file. */
  private static Plan edits(Path root, String host) {
    String nova = root.resolve("nova.conf").toString();
    String linked = root.resolve("linked.conf").toString();
    String created = root.resolve("created.conf").toString();
    String crlf = root.resolve("crlf.conf").toString();
    String sysctl = root.resolve("sysctl.conf").toString();
    List<IniEdit> edits = List.of(
        IniEdit.set(nova, "DEFAULT", "my_ip", host),
        IniEdit.set(nova, "DEFAULT", "sql_connection", "mysql://nova@192.168.122.200/nova"),
        IniEdit.set(nova, "DEFAULT", "qpid_hostname", "192.168.122.200"),
        IniEdit.set(nova, "keystone_authtoken", "auth_host", "192.168.122.200"),
        IniEdit.setSecret(nova, "keystone_authtoken", "admin_password", PASSWORD),
        IniEdit.set(nova, "brand_new_section", "key", "value"),
        IniEdit.set(nova, "DEFAULT", "my_ip", host), // the same key again: in place by then
        IniEdit.delete(nova, "DEFAULT", "verbose"),
        IniEdit.delete(nova, "DEFAULT", "no_such_key"),
        IniEdit.set(linked, "DEFAULT", "bind_host", host),
        IniEdit.set(created, "api", "listen", host),
        IniEdit.set(crlf, "DEFAULT", "debug", "True"),
        IniEdit.set(sysctl, "", "net.ipv4.ip_nonlocal_bind", "1"));
    Plan.Builder plan = Plan.builder();
    for (int i = 0; i < edits.size(); i++) {
      plan.addStep(Step.builder().id("edit-" + i).target(Target.host(HOST)).description("edit " + i)
          .artifact(edits.get(i)).addNotifies("svc").waitsFor(Step.Wait.OWN_HOST).build());
    }
    return plan.build();
  }

  private static void prepare(Path root) throws IOException {
    Files.createDirectories(root.resolve("real"));
    try (InputStream sample = BatchedApplyTest.class.getResourceAsStream("/ini/nova.conf.sample")) {
      Files.write(root.resolve("nova.conf"), sample.readAllBytes());
    }
    Files.setPosixFilePermissions(root.resolve("nova.conf"), PosixFilePermissions.fromString("rw-r-----"));
    Files.writeString(root.resolve("real/linked.conf"), "[DEFAULT]\n# bind_host = 0.0.0.0\nbind_host=0.0.0.0\n");
    Files.createSymbolicLink(root.resolve("linked.conf"), root.resolve("real/linked.conf"));
    Files.writeString(root.resolve("crlf.conf"), "[DEFAULT]\r\ndebug = False\r\n");
    Files.writeString(root.resolve("sysctl.conf"), "# sysctl\nkernel.sysrq = 16\n");
  }

  private static List<Boolean> skipped(List<PlanRunner.Outcome> outcomes) {
    return outcomes.stream().map(outcome -> outcome.result().skipped()).toList();
  }

  @Test
  void oneBatchEndsWhereCrudiniEditByEditEnds(@TempDir Path dir) throws Exception {
    Path batched = dir.resolve("batched");
    Path alone = dir.resolve("alone");
    prepare(batched);
    prepare(alone);
    Counting counting = new Counting(sshd.executor());
    PlanRunner inOneBatch = PlanRunner.of(counting).withPendingDirectory(dir.resolve("pending-b").toString());
    PlanRunner oneByOne = PlanRunner.of(sshd.executor()).batching(false)
        .withPendingDirectory(dir.resolve("pending-a").toString());

    Set<String> commandLines = CommandLineWatcher.watchWhile(() -> {
      List<Boolean> batchedFirst = skipped(inOneBatch.run(edits(batched, "10.0.0.1")));
      List<Boolean> aloneFirst = skipped(oneByOne.run(edits(alone, "10.0.0.1")));
      assertThat(batchedFirst).as("each run reports what it reports alone").isEqualTo(aloneFirst)
          .containsExactly(false, false, false, false, false, false, true, false, true, false, false, false, false);
    });
    for (String name : List.of("nova.conf", "real/linked.conf", "created.conf", "crlf.conf", "sysctl.conf")) {
      assertThat(Files.readAllBytes(batched.resolve(name))).as(name).isEqualTo(Files.readAllBytes(alone.resolve(name)));
      assertThat(Files.getPosixFilePermissions(batched.resolve(name))).as(name)
          .isEqualTo(Files.getPosixFilePermissions(alone.resolve(name)));
    }
    assertThat(Files.isSymbolicLink(batched.resolve("linked.conf"))).as("the link stays a link, as with crudini")
        .isEqualTo(Files.isSymbolicLink(alone.resolve("linked.conf"))).isTrue();
    assertThat(Files.readString(batched.resolve("nova.conf"))).contains("\nadmin_password=" + PASSWORD.reveal() + "\n");
    assertThat(dir.resolve("pending-b/svc")).exists();
    assertThat(commandLines).as("no command line holds the secret")
        .noneMatch(line -> line.contains("batch-Secret-7f3a"));
    // The checks first read the files and find edits to make (one connection); then the apply reads them and sends
    // one script: the CRLF file and the file to create went to crudini inside it.
    assertThat(counting.scripts.get()).isEqualTo(3);

    counting.scripts.set(0);
    assertThat(skipped(inOneBatch.run(edits(batched, "10.0.0.1")))).as("a second run changes nothing")
        .containsOnly(true);
    // The checks alone answer it: one read, then one script of the checks of the CRLF file and the created file.
    assertThat(counting.scripts.get()).as("and costs two connections").isEqualTo(2);
    counting.scripts.set(0);
    assertThat(skipped(inOneBatch.checkingFirst(false).run(edits(batched, "10.0.0.1")))).containsOnly(true);
    assertThat(counting.scripts.get()).as("walking the plan instead: read, then one script").isEqualTo(2);
    List<Boolean> changedIp = skipped(inOneBatch.run(edits(batched, "10.0.0.2")));
    assertThat(changedIp.get(0)).isFalse();
    assertThat(changedIp.subList(1, 6)).containsOnly(true);
    assertThat(Files.readString(batched.resolve("nova.conf"))).contains("my_ip = 10.0.0.2");
  }

  /**
   * The checks first answer a re-apply alone, and step aside for anything that would act: a file changed by hand, a
   * restart still pending, a command without a check. Each apply then ends where walking the plan ends.
   */
  @Test
  void checksFirstAnswerAReapplyAloneAndStepAsideForAnyChange(@TempDir Path dir) throws Exception {
    Target host = Target.host(HOST);
    Path log = dir.resolve("acted.log");
    Path ini = dir.resolve("app.ini");
    Files.writeString(ini, "[a]\nb = old\n");
    Plan plan = Plan.builder()
        .addStep(Step.onOwnHost("ini", host, "an edit", IniEdit.set(ini.toString(), "a", "b", "new")))
        .addStep(Step.builder().id("command").target(host).description("a command with its check")
            .artifact(Command.builder().addArgv("sh", "-c", "echo command >> \"$1\"; touch \"$1.done\"", "sh",
                log.toString()).unless(Command.of("test", "-e", log + ".done")).build())
            .addNotifies("svc").build())
        .addStep(Step.builder().id("restart").target(host).description("restart svc")
            .artifact(Command.of("sh", "-c", "echo restart >> \"$1\"", "sh", log.toString())).whenNotified("svc")
            .build())
        .build();
    PlanRunner runner = PlanRunner.of(sshd.executor()).withPendingDirectory(dir.resolve("pending").toString());

    assertThat(skipped(runner.run(plan))).containsExactly(false, false, false);
    assertThat(skipped(runner.run(plan))).as("all in place: the checks answer").containsExactly(true, true, true);
    assertThat(Files.readAllLines(log)).containsExactly("command", "restart");

    Files.writeString(ini, "[a]\nb = by hand\n");
    assertThat(skipped(runner.run(plan))).as("a file changed by hand").containsExactly(false, true, true);
    assertThat(Files.readString(ini)).isEqualTo("[a]\nb = new\n");

    Files.createDirectories(dir.resolve("pending"));
    Files.createFile(dir.resolve("pending/svc"));
    assertThat(skipped(runner.run(plan))).as("a restart an earlier apply left pending").containsExactly(true, true,
        false);
    assertThat(Files.readAllLines(log)).containsExactly("command", "restart", "restart");
    assertThat(dir.resolve("pending/svc")).doesNotExist();

    Plan unchecked = Plan.builder().addAllSteps(plan.steps()).addStep(Step.onOwnHost("always", host,
        "a command without a check", Command.of("sh", "-c", "echo always >> \"$1\"", "sh", log.toString()))).build();
    assertThat(skipped(runner.run(unchecked))).as("a command without a check runs").containsExactly(true, true, true,
        false);
    assertThat(Files.readAllLines(log)).endsWith("always");
  }

  /** A preview in batches (each host's checks in one read and one script) says what checking run by run says. */
  @Test
  void aPreviewInBatchesSaysWhatCheckingRunByRunSays(@TempDir Path dir) throws Exception {
    Target host = Target.host(HOST);
    Files.writeString(dir.resolve("same.conf"), "same\n");
    Files.setPosixFilePermissions(dir.resolve("same.conf"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(dir.resolve("app.ini"), "[db]\npassword = old\nhost = here\n");
    Files.createDirectories(dir.resolve("pending"));
    Files.createFile(dir.resolve("pending/left"));
    Plan plan = Plan.builder()
        .addStep(Step.onOwnHost("file.same", host, "in place", ConfigFile.of(dir.resolve("same.conf").toString(),
            "same\n")))
        .addStep(Step.builder().id("file.new").target(host).description("to write").addNotifies("svc")
            .artifact(ConfigFile.of(dir.resolve("new.conf").toString(), "new\n")).build())
        .addStep(Step.onOwnHost("ini.secret", host, "differs", IniEdit.setSecret(dir.resolve("app.ini").toString(),
            "db", "password", PASSWORD)))
        .addStep(Step.onOwnHost("ini.same", host, "in place", IniEdit.set(dir.resolve("app.ini").toString(), "db",
            "host", "here")))
        .addStep(Step.of("command.done", host, "its check holds", Command.builder().addArgv("touch",
            dir.resolve("never").toString()).unless(Command.of("true")).build()))
        .addStep(Step.of("command.self", host, "checks itself", Command.selfChecking(Command.of("sh", "-c",
            "if " + Command.CHECK_ONLY_CONDITION + "; then echo \"would create $1\"; exit 1; fi; touch \"$1\"",
            "sh", dir.resolve("made").toString()))))
        .addStep(Step.of("command.unchecked", host, "no check", Command.of("true")))
        .addStep(Step.builder().id("restart.svc").target(host).description("notified").whenNotified("svc")
            .artifact(Command.of("true")).build())
        .addStep(Step.builder().id("restart.left").target(host).description("left pending").whenNotified("left")
            .artifact(Command.of("true")).build())
        .addStep(Step.builder().id("restart.other").target(host).description("never notified").whenNotified("other")
            .artifact(Command.of("true")).build())
        .build();
    Executor oneByOne = (on, artifact) -> sshd.executor().execute(on, artifact);
    Counting counting = new Counting(sshd.executor());
    String pending = dir.resolve("pending").toString();

    List<PlanPreview.Item> batched = PlanPreview.of(counting).withPendingDirectory(pending).preview(plan);
    List<PlanPreview.Item> alone = PlanPreview.of(oneByOne).withPendingDirectory(pending).preview(plan);

    assertThat(batched).extracting(item -> item.run().step().id() + "=" + item.verdict())
        .isEqualTo(alone.stream().map(item -> item.run().step().id() + "=" + item.verdict()).toList())
        .containsExactly("file.same=IN_PLACE", "file.new=ACTS", "ini.secret=ACTS", "ini.same=IN_PLACE",
            "command.done=IN_PLACE", "command.self=ACTS", "command.unchecked=UNCHECKED", "restart.svc=NOTIFIED",
            "restart.left=NOTIFIED", "restart.other=IN_PLACE");
    assertThat(batched.get(5).why()).isEqualTo(alone.get(5).why()).isEqualTo("would create " + dir.resolve("made"));
    assertThat(PlanPreview.render(batched)).doesNotContain(PASSWORD.reveal());
    assertThat(counting.scripts.get()).as("one read, one script of checks").isEqualTo(2);
    assertThat(dir.resolve("new.conf")).doesNotExist();
    assertThat(dir.resolve("made")).doesNotExist();
    assertThat(dir.resolve("pending/left")).exists();
    assertThat(Files.readString(dir.resolve("app.ini"))).contains("password = old");
  }

  @Test
  void filesReadWithTheirGroupAreInPlaceExactlyWhenTheirOwnCheckSaysSo(@TempDir Path dir) throws Exception {
    Target host = Target.host(HOST);
    Path linkTarget = dir.resolve("elsewhere.conf");
    Files.writeString(linkTarget, "same\n");
    Files.createSymbolicLink(dir.resolve("linked.conf"), linkTarget);
    Plan plan = Plan.builder()
        .addStep(Step.builder().id("one").target(host).description("a file").waitsFor(Step.Wait.OWN_HOST)
            .artifact(ConfigFile.builder().path(dir.resolve("one.conf").toString()).content("one\n").mode(0640).build())
            .build())
        .addStep(Step.onOwnHost("linked", host, "a file where a link is",
            ConfigFile.of(dir.resolve("linked.conf").toString(), "same\n")))
        .addStep(Step.onOwnHost("ini", host, "an edit", IniEdit.set(dir.resolve("one.ini").toString(), "a", "b", "c")))
        .build();
    Files.writeString(dir.resolve("one.ini"), "[a]\nb = c\n");
    Counting counting = new Counting(sshd.executor());
    PlanRunner runner = PlanRunner.of(counting).withPendingDirectory(dir.resolve("pending").toString());

    assertThat(skipped(runner.run(plan))).as("a link is replaced by the file, as the writer's own check says")
        .containsExactly(false, false, true);
    assertThat(Files.isSymbolicLink(dir.resolve("linked.conf"))).isFalse();
    assertThat(Files.getPosixFilePermissions(dir.resolve("one.conf"))).isEqualTo(PosixFilePermissions.fromString(
        "rw-r-----"));
    counting.scripts.set(0);
    assertThat(skipped(runner.run(plan))).containsOnly(true);
    assertThat(counting.scripts.get()).as("read once, nothing sent").isEqualTo(1);
    Files.setPosixFilePermissions(dir.resolve("one.conf"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(skipped(runner.run(plan))).as("a changed mode is a change").containsExactly(false, true, true);
    assertThat(Files.getPosixFilePermissions(dir.resolve("one.conf"))).isEqualTo(PosixFilePermissions.fromString(
        "rw-r-----"));
  }

  @Test
  void aFailureStopsTheHostWhereItFailedAndTheJournalResumesThere(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("markers");
    Files.createDirectories(marker);
    List<String> started = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void stepStarted(Plan.Run run) {
        started.add(run.step().id());
      }
    };
    PlanRunner runner = PlanRunner.of(sshd.executor()).withJournal(dir.resolve("journal")).withListener(listener)
        .withPendingDirectory(dir.resolve("pending").toString());

    Throwable failure = catchThrowable(() -> runner.run(markers(marker, "exit 5")));
    assertThat(failure).isInstanceOfSatisfying(StepFailedException.class, e -> {
      assertThat(e.stepId()).isEqualTo("fails");
      assertThat(e.result().orElseThrow().exitCode()).isEqualTo(5);
      assertThat(e.getMessage()).contains("about to fail");
    });
    assertThat(started).containsExactly("first", "file", "fails");
    assertThat(marker.resolve("first")).exists();
    assertThat(marker.resolve("never")).doesNotExist();
    assertThat(Files.readAllLines(dir.resolve("journal/loopback.journal"))).hasSize(2);

    started.clear();
    List<PlanRunner.Outcome> resumed = runner.run(markers(marker, "true"));
    assertThat(started).as("the journal's runs are not sent again").containsExactly("fails", "never");
    assertThat(resumed).hasSize(4);
    assertThat(marker.resolve("never")).exists();
  }

  private static Plan markers(Path marker, String failing) {
    Target host = Target.host(HOST);
    return Plan.builder()
        .addStep(Step.onOwnHost("first", host, "first", Command.of("touch", marker.resolve("first").toString())))
        .addStep(Step.onOwnHost("file", host, "a file", ConfigFile.of(marker.resolve("file").toString(), "x\n")))
        .addStep(Step.onOwnHost("fails", host, "fails", Command.of("sh", "-c", "echo about to fail >&2; " + failing)))
        .addStep(Step.onOwnHost("never", host, "never", Command.of("touch", marker.resolve("never").toString())))
        .build();
  }

  @Test
  void aHangingRunIsKilledAfterTheExecutorsTimeout(@TempDir Path dir) {
    Target host = Target.host(HOST);
    Plan plan = Plan.builder()
        .addStep(Step.onOwnHost("quick", host, "quick", Command.of("true")))
        .addStep(Step.onOwnHost("hangs", host, "hangs", Command.of("sleep", "60")))
        .addStep(Step.onOwnHost("never", host, "never", Command.of("touch", dir.resolve("never").toString())))
        .build();

    Throwable failure = catchThrowable(() -> PlanRunner.of(sshd.executor(Duration.ofSeconds(2))).run(plan));

    assertThat(failure).isInstanceOfSatisfying(StepFailedException.class, e -> {
      assertThat(e.stepId()).isEqualTo("hangs");
      assertThat(e.result().orElseThrow().timedOut()).isTrue();
    });
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void secretsOnStdinAndInFilesStayOffCommandLines(@TempDir Path dir) throws Exception {
    Target host = Target.host(HOST);
    Path out = dir.resolve("stdin.out");
    Plan plan = Plan.builder()
        .addStep(Step.onOwnHost("stdin", host, "feed a secret", Command.builder()
            .addArgv("sh", "-c", "cat > \"$1\"", "sh", out.toString())
            .stdinWithSecret(PASSWORD.reveal() + "\n", PASSWORD).build()))
        .addStep(Step.onOwnHost("file", host, "a secret file", ConfigFile.builder().path(dir.resolve("f").toString())
            .content("password=" + PASSWORD.reveal() + "\n").mode(0600).addSecrets(PASSWORD).build()))
        .addStep(Step.onOwnHost("env", host, "a secret in the environment", Command.builder()
            .addArgv("sh", "-c", "printf %s \"$PW\" > \"$1\"", "sh", dir.resolve("env.out").toString())
            .secretEnvironment("PW", PASSWORD).build()))
        .build();

    Set<String> commandLines = CommandLineWatcher.watchWhile(() -> PlanRunner.of(sshd.executor()).run(plan));

    assertThat(commandLines.stream().filter(line -> line.contains("batch-Secret-7f3a"))).isEmpty();
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(PASSWORD.reveal() + "\n");
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("password=" + PASSWORD.reveal() + "\n");
    assertThat(Files.readString(dir.resolve("env.out"))).isEqualTo(PASSWORD.reveal());
    assertThat(Files.isRegularFile(dir.resolve("f"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  /** Counts the scripts (connections) sent. */
  private static final class Counting implements ShellExecutor {
    private final ShellExecutor delegate;
    final AtomicInteger scripts = new AtomicInteger();

    Counting(ShellExecutor delegate) {
      this.delegate = delegate;
    }

    @Override
    public ExecResult execute(Host host, dev.hadsl.core.Artifact artifact) throws IOException {
      scripts.incrementAndGet();
      return delegate.execute(host, artifact);
    }

    @Override
    public ExecResult executeScript(Host host, String script, Duration timeout) throws IOException {
      scripts.incrementAndGet();
      return delegate.executeScript(host, script, timeout);
    }

    @Override
    public Duration runTimeout() {
      return delegate.runTimeout();
    }
  }
}
