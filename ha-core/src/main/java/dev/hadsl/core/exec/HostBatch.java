package dev.hadsl.core.exec;

import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniDocument;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.Plan;
import dev.hadsl.core.ShellQuote;
import dev.hadsl.core.TextWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Consecutive runs of one host carried out as one {@code sh} script through a {@link ShellExecutor}: one connection
 * for many runs, each with the same {@link RunRules operations} as when run alone (its check, the in-place marker,
 * its notifications; the journal stays with the caller), its own timeout, its own exit code, output and time, and the
 * script stops at the first run that fails.
 *
 * <p><b>INI edits in one pass.</b> Each INI edit run alone starts {@code crudini} (Python) twice, once to check and
 * once to set. Here a group of consecutive INI edits and files first reads every file it touches (at the end of the
 * script before it, or in a round trip of its own), then checks and applies the edits in process with
 * {@link IniDocument} (byte-identical to crudini 0.9): an edit is in place when the key already reads back as its
 * value (crudini {@code --get}, as the edit's own unless-check); a file that changed is written once, at its first
 * changed edit, as crudini writes (the path's real file replaced through a temporary file beside it, mode and, as
 * root, owner kept). A file that is not a readable regular UTF-8 file (missing, which crudini creates; a directory;
 * carriage returns; bytes that are not UTF-8; a line IniDocument does not read) is left to crudini, edit by edit, as
 * before. A whole file ({@link ConfigFile}) is in place when it is a regular file, not a link, with the content, mode
 * and owner it would be written with (the writer's own check). A run found in place is not sent at all.
 */
final class HostBatch {
  /** What one run of the batch gave, and how long it took on the host. */
  record Result(Plan.Run run, ExecResult result, Duration duration) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  /** The body of an edit the one pass found in place: nothing to send. */
  private static final String IN_PLACE_BODY = "ha_dsl_in_place\n";

  private final ShellExecutor shell;
  private final Host host;
  private final String pendingDirectory;
  /** The whole output of the last script sent: the files read after its runs are in it. */
  private String lastOutput = "";

  HostBatch(ShellExecutor shell, Host host, String pendingDirectory) {
    this.shell = shell;
    this.host = host;
    this.pendingDirectory = pendingDirectory;
  }

  /**
   * Carries out {@code runs} (all on this host, each with its operations but no journal operation) in order.
   *
   * @return one result per run carried out, in order: all of them, or up to and including the first that failed
   * @throws IOException when a script could not be sent at all
   */
  List<Result> run(List<Plan.Run> runs, Function<Plan.Run, List<RunRules.Op>> opsOf) throws IOException {
    List<Result> results = new ArrayList<>();
    Optional<ReadFiles> readAhead = Optional.empty();
    int start = 0;
    while (start < runs.size()) {
      // A group of INI edits is read before it is checked; what comes before it in the batch may change its files
      // (a package install writes them), so the script sent so far ends where such a group begins, and reads the
      // group's files last, once its runs are done.
      int end = start;
      Map<Plan.Run, String> knownBodies = new HashMap<>();
      if (readFirst(runs.get(start))) {
        while (end < runs.size() && readFirst(runs.get(end))) {
          end++;
        }
        knownBodies.putAll(onePass(runs.subList(start, end), readAhead));
      }
      while (end < runs.size() && (end == start || !readFirst(runs.get(end)))) {
        end++;
      }
      int nextGroup = end;
      while (nextGroup < runs.size() && readFirst(runs.get(nextGroup))) {
        nextGroup++;
      }
      List<String> readAfter = paths(runs.subList(end, nextGroup));
      String token = token();
      List<Result> part = script(runs.subList(start, end), opsOf, knownBodies, token, readAfter);
      results.addAll(part);
      if (part.size() < end - start || !part.get(part.size() - 1).result().succeeded()) {
        break;
      }
      readAhead = readAfter.isEmpty() ? Optional.empty() : Optional.of(parseRead(readAfter, token, lastOutput));
      start = end;
    }
    return results;
  }

  /** Whether a run is judged from its file as read before its group: an INI edit or a whole file. */
  private static boolean readFirst(Plan.Run run) {
    return iniEdit(run).isPresent() || configFile(run).isPresent();
  }

  /** The file a run writes, when it is nothing but that (no notification it waits for). */
  private static Optional<ConfigFile> configFile(Plan.Run run) {
    return run.step().artifact() instanceof ConfigFile file && run.step().whenNotified().isEmpty()
        ? Optional.of(file) : Optional.empty();
  }

  /** The INI edit a run carries out, when it is nothing but that (no notification it waits for). */
  private static Optional<IniEdit> iniEdit(Plan.Run run) {
    return run.step().artifact() instanceof IniEdit edit && run.step().whenNotified().isEmpty()
        ? Optional.of(edit) : Optional.empty();
  }

  /**
   * The shell of each edit of {@code group} whose outcome is known after reading its files: nothing for an edit in
   * place but the marker, the file's new content written at its first changed edit.
   */
  private Map<Plan.Run, String> onePass(List<Plan.Run> group, Optional<ReadFiles> readAhead) throws IOException {
    ReadFiles files = readAhead.isPresent() ? readAhead.get() : read(paths(group));
    Map<String, Optional<IniDocument>> documents = new HashMap<>();
    Map<String, Plan.Run> firstChange = new LinkedHashMap<>();
    Map<Plan.Run, Boolean> changed = new LinkedHashMap<>();
    Map<Plan.Run, String> bodies = new HashMap<>();
    Map<String, Long> runsPerPath = group.stream().collect(java.util.stream.Collectors.groupingBy(
        HostBatch::pathOf, java.util.stream.Collectors.counting()));
    java.util.Set<String> written = group.stream().map(HostBatch::configFile).flatMap(Optional::stream)
        .map(ConfigFile::path).collect(java.util.stream.Collectors.toSet());
    for (Plan.Run run : group) {
      ReadFile file = files.byPath().get(pathOf(run));
      if (file == null) {
        continue; // not a readable regular file: left to the artifact's own check
      }
      Optional<ConfigFile> whole = configFile(run);
      if (whole.isPresent()) {
        // In place exactly when the file's own check would say so: a regular file (not a link) with this content,
        // mode and owner. A file another run of the group also touches is left to its own check.
        if (runsPerPath.get(pathOf(run)) == 1 && file.holds(whole.get(), files.identity())) {
          bodies.put(run, IN_PLACE_BODY);
        }
        continue;
      }
      IniEdit edit = iniEdit(run).orElseThrow();
      Optional<IniDocument> document = documents.computeIfAbsent(file.realPath(), path -> file.document());
      if (document.isEmpty() || written.contains(pathOf(run))) {
        continue; // CRLF, not UTF-8, a line IniDocument does not read, or rewritten whole here: left to crudini
      }
      // In place exactly when the edit's own unless-check (crudini --get) would say so.
      boolean inPlace = edit.value().isPresent()
          ? document.get().get(edit.section(), edit.key()).equals(edit.value())
          : document.get().get(edit.section(), edit.key()).isEmpty();
      if (!inPlace) {
        documents.put(file.realPath(), Optional.of(document.get().apply(edit)));
        firstChange.putIfAbsent(file.realPath(), run);
      }
      changed.put(run, !inPlace);
    }
    changed.forEach((run, change) -> {
      String realPath = files.byPath().get(pathOf(run)).realPath();
      if (!change) {
        bodies.put(run, IN_PLACE_BODY);
      } else if (firstChange.get(realPath) == run) {
        String content = documents.get(realPath).orElseThrow().render();
        bodies.put(run, "ha_dsl_ini_write " + ShellQuote.quote(pathOf(run)) + " <<'"
            + Command.hereDocumentDelimiter(content) + "'\n" + content + Command.hereDocumentDelimiter(content) + "\n");
      } else {
        bodies.put(run, ": written with the first changed edit of this file\n");
      }
    });
    return bodies;
  }

  private static String pathOf(Plan.Run run) {
    return iniEdit(run).map(IniEdit::file).orElseGet(() -> configFile(run).orElseThrow().path());
  }

  /** What one read found: each readable regular file by path, and who the host's user is ({@code user:group}). */
  private record ReadFiles(Map<String, ReadFile> byPath, String identity) {}

  /** A file as read: the real file crudini would replace, its bytes, and its own {@code mode:user:group}. */
  private record ReadFile(String realPath, byte[] bytes, String stat) {
    Optional<IniDocument> document() {
      return utf8(bytes).filter(text -> text.indexOf('\r') < 0).flatMap(HostBatch::parsed);
    }

    /** What the file writer's own check says: content, mode and owner as {@code file} would leave them. */
    boolean holds(ConfigFile file, String identity) {
      String[] have = stat.split(":");
      String[] user = identity.split(":");
      String[] owner = file.owner().orElse(user[0]).split(":", -1);
      if (have.length != 3 || user.length != 2 || owner.length > 2 || (owner.length == 2 && owner[1].isEmpty())) {
        return false;
      }
      String group = owner.length == 2 ? owner[1] : user[1];
      return !realPath.isEmpty() && Integer.parseInt(have[0], 8) == file.mode() && have[1].equals(owner[0])
          && have[2].equals(group) && java.util.Arrays.equals(bytes, file.content().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The files a group reads, each once; a path that cannot be named on a line is left to its run's own check. */
  private static List<String> paths(List<Plan.Run> group) {
    return group.stream().map(HostBatch::pathOf).filter(path -> path.indexOf('\n') < 0).distinct().toList();
  }

  /** Reads each of {@code paths} in one round trip; a path that is not a readable regular file has no entry. */
  private ReadFiles read(List<String> paths) throws IOException {
    String token = token();
    ExecResult result = shell.executeScript(host, "set -u\n" + readScript(paths, token), shell.runTimeout());
    // Unreadable: every run left to its own check, which reports the problem run by run.
    return result.succeeded() ? parseRead(paths, token, result.stdout()) : new ReadFiles(Map.of(), "");
  }

  /**
   * Shell that prints who the user is and, for each of {@code paths} that is a readable regular file (or a link to
   * one), its own mode and owner (a link's are its own), its real path and its content.
   */
  private static String readScript(List<String> paths, String token) {
    TextWriter sh = new TextWriter().line("printf '%%s id %%s:%%s\\n' %s \"$(id -un)\" \"$(id -gn)\"", token);
    for (int i = 0; i < paths.size(); i++) {
      String path = ShellQuote.quote(paths.get(i));
      sh.line("if [ -f %s ] && [ -r %s ]; then", path, path)
          .line("  printf '%%s file %d %%s\\n' %s \"$(stat -c %%a:%%U:%%G -- %s)\"; readlink -f -- %s; base64 < %s",
              i, token, path, path, path)
          .line("fi");
    }
    return sh.line("printf '%%s end\\n' %s", token).toString();
  }

  private static ReadFiles parseRead(List<String> paths, String token, String stdout) {
    List<String> lines = stdout.lines().toList();
    Map<String, ReadFile> files = new HashMap<>();
    String identity = "";
    int at = 0;
    while (at < lines.size()) {
      String[] header = lines.get(at).split(" ");
      if (header.length == 3 && header[0].equals(token) && header[1].equals("id")) {
        identity = header[2];
      }
      if (header.length != 4 || !header[0].equals(token) || !header[1].equals("file") || at + 1 >= lines.size()) {
        at++;
        continue;
      }
      String path = paths.get(Integer.parseInt(header[2]));
      String realPath = lines.get(at + 1);
      StringBuilder base64 = new StringBuilder();
      at += 2;
      while (at < lines.size() && !lines.get(at).startsWith(token + " ")) {
        base64.append(lines.get(at++));
      }
      files.put(path, new ReadFile(realPath, Base64.getMimeDecoder().decode(base64.toString()), header[3]));
    }
    return new ReadFiles(files, identity);
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static Optional<IniDocument> parsed(String text) {
    try {
      return Optional.of(IniDocument.parse(text));
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Whether every one of {@code runs} (this host's, in plan order) is in place, judged by read-only checks alone and
   * stopping at the first that is not ({@link #checks}); a restart is in place while nothing is pending for it, a run
   * without a read-only check is not known to be in place. Nothing on the host changes.
   */
  boolean allInPlace(List<Plan.Run> runs) throws IOException {
    List<Plan.Run> checked = new ArrayList<>();
    for (Plan.Run run : runs) {
      if (run.step().whenNotified().isEmpty() && !readFirst(run) && PlanPreview.check(run.step().artifact()).isEmpty()) {
        return false;
      }
      checked.add(run);
    }
    Map<Plan.Run, ExecResult> results = checks(checked, true);
    return results.size() == checked.size() && results.values().stream().allMatch(ExecResult::succeeded);
  }

  /**
   * The read-only check of each of {@code runs} (this host's, in plan order), exit 0 where in place: the INI edits and
   * files from one read of their files (judged as the one pass judges them, nothing written), every other run's
   * unless-check or check-only form ({@link PlanPreview#check}) in one script; for a restart, whether nothing is
   * pending for it (exit 0: not notified). Runs without a read-only check have no entry; with {@code stopAtFirst} the
   * checks end at the first that fails. Nothing on the host changes.
   */
  Map<Plan.Run, ExecResult> checks(List<Plan.Run> runs, boolean stopAtFirst) throws IOException {
    Map<Plan.Run, ExecResult> results = new LinkedHashMap<>();
    List<Plan.Run> judgedFromFiles = runs.stream().filter(HostBatch::readFirst).toList();
    Map<Plan.Run, String> bodies = judgedFromFiles.isEmpty() ? Map.of() : onePass(judgedFromFiles, Optional.empty());
    for (Map.Entry<Plan.Run, String> body : bodies.entrySet()) {
      results.put(body.getKey(), IN_PLACE_BODY.equals(body.getValue()) ? ExecResult.of(0, "", "")
          : ExecResult.of(1, pathOf(body.getKey()) + ": " + iniEdit(body.getKey()).map(edit -> "[" + edit.section()
              + "] " + edit.key() + " differs").orElse("content, mode or owner differs") + "\n", ""));
    }
    if (stopAtFirst && results.values().stream().anyMatch(result -> !result.succeeded())) {
      return results;
    }
    List<Plan.Run> checks = new ArrayList<>();
    Map<Plan.Run, Plan.Run> checkOf = new HashMap<>();
    for (Plan.Run run : runs) {
      if (results.containsKey(run)) {
        continue;
      }
      Optional<Command> check = run.step().whenNotified()
          .map(name -> Command.of("sh", "-c", "! test -e \"$1\"", "sh",
              new RunRules.OnlyWhilePending(pendingDirectory, name).file()))
          .or(() -> PlanPreview.check(run.step().artifact()));
      if (check.isEmpty()) {
        continue;
      }
      Plan.Run checkRun = new Plan.Run(run.number(), host, dev.hadsl.core.Step.builder().id(run.step().id())
          .target(dev.hadsl.core.Target.host(host)).description("check: " + run.step().description())
          .artifact(check.get()).build());
      checks.add(checkRun);
      checkOf.put(checkRun, run);
    }
    if (!checks.isEmpty()) {
      for (Result result : send(checks, run -> List.of(new RunRules.Act(run.step().artifact())), Map.of(), token(),
          List.of(), stopAtFirst)) {
        results.put(checkOf.get(result.run()), result.result());
      }
    }
    return results;
  }

  /**
   * Sends {@code runs} as one script; bodies known from the one pass replace their artifact's shell, and an edit known
   * to be in place is not sent at all (it would only print the marker).
   */
  private List<Result> script(List<Plan.Run> runs, Function<Plan.Run, List<RunRules.Op>> opsOf,
      Map<Plan.Run, String> knownBodies, String token, List<String> readAfter) throws IOException {
    List<Plan.Run> sent = runs.stream().filter(run -> !IN_PLACE_BODY.equals(knownBodies.get(run))).toList();
    lastOutput = "";
    List<Result> parsed = sent.isEmpty() ? List.of() : send(sent, opsOf, knownBodies, token, readAfter);
    List<Result> results = new ArrayList<>();
    int next = 0;
    for (Plan.Run run : runs) {
      if (!sent.contains(run)) {
        results.add(new Result(run, ExecResult.inPlaceWhenReported(ExecResult.of(0, Command.IN_PLACE + "\n", "")),
            Duration.ZERO));
        continue;
      }
      if (next == parsed.size()) {
        break;
      }
      Result result = parsed.get(next++);
      results.add(result);
      if (!result.result().succeeded()) {
        break;
      }
    }
    return results;
  }

  private List<Result> send(List<Plan.Run> runs, Function<Plan.Run, List<RunRules.Op>> opsOf,
      Map<Plan.Run, String> knownBodies, String token, List<String> readAfter) throws IOException {
    return send(runs, opsOf, knownBodies, token, readAfter, true);
  }

  /** As above; with {@code stopAtFailure} false every run is sent whatever the ones before it gave. */
  private List<Result> send(List<Plan.Run> runs, Function<Plan.Run, List<RunRules.Op>> opsOf,
      Map<Plan.Run, String> knownBodies, String token, List<String> readAfter, boolean stopAtFailure)
      throws IOException {
    Duration perRun = shell.runTimeout();
    // Per run: timeout(1), sh and one date; the output travels base64-encoded only when it is more than nothing or
    // the in-place marker (checked with builtins), so a run that changes nothing costs three processes.
    TextWriter sh = new TextWriter()
        .line("set -u")
        .line("ha_dsl_out=$(mktemp -d) || exit 3")
        .line("trap 'rm -rf \"$ha_dsl_out\"' EXIT")
        .line("if command -v timeout >/dev/null 2>&1; then ha_dsl_timeout=\"timeout -k 5 %d\"; else"
            + " ha_dsl_timeout=; fi", Math.max(1, perRun.toSeconds()))
        .line("ha_dsl_report() {")
        .line("  ha_dsl_at=$(date +%s%N 2>/dev/null)")
        .line("  if [ ! -s \"$ha_dsl_out/o\" ] && [ ! -s \"$ha_dsl_out/e\" ]; then ha_dsl_kind=empty")
        .line("  elif [ ! -s \"$ha_dsl_out/e\" ] && { IFS= read -r ha_dsl_l1 && ! IFS= read -r ha_dsl_l2; }"
            + " <\"$ha_dsl_out/o\" && [ \"$ha_dsl_l1\" = %s ]; then ha_dsl_kind=in-place",
            ShellQuote.quote(Command.IN_PLACE))
        .line("  else ha_dsl_kind=output; fi")
        .line("  printf '%%s run %%s exit %%s at %%s %%s\\n' %s \"$1\" \"$2\" \"$ha_dsl_at\" \"$ha_dsl_kind\"", token)
        .line("  if [ \"$ha_dsl_kind\" = output ]; then")
        .line("    base64 < \"$ha_dsl_out/o\"; printf '%%s stderr\\n' %s; base64 < \"$ha_dsl_out/e\"", token)
        .line("  fi")
        .line("}")
        .line("printf '%%s start %%s\\n' %s \"$(date +%%s%%N 2>/dev/null)\"", token);
    for (int i = 0; i < runs.size(); i++) {
      Plan.Run run = runs.get(i);
      String known = knownBodies.get(run);
      String body = ShellSnippets.run(run.step(), opsOf.apply(run), known == null ? ShellSnippets::of : a -> known);
      TextWriter inner = new TextWriter().line("set -eu").raw(ShellSnippets.PREAMBLE)
          .line("ha_dsl_pending=%s", ShellQuote.quote(pendingDirectory));
      if (known != null) {
        inner.raw(INI_WRITE);
      }
      // The run's commands read nothing but their own here-documents: never the rest of this script.
      String runScript = inner.line("{").raw(body).line("} </dev/null").toString();
      String delimiter = Command.hereDocumentDelimiter(runScript);
      Optional<RunRules.OnlyWhilePending> pending = opsOf.apply(run).stream()
          .filter(RunRules.OnlyWhilePending.class::isInstance).map(RunRules.OnlyWhilePending.class::cast).findFirst();
      // A restart with nothing pending is in place: said here, with builtins, instead of starting a shell to say it.
      if (pending.isPresent()) {
        sh.line("if [ -e %s ]; then", ShellQuote.quote(pending.get().file()));
      }
      sh.line("$ha_dsl_timeout sh -s >\"$ha_dsl_out/o\" 2>\"$ha_dsl_out/e\" <<'%s'", delimiter)
          .raw(runScript).line(delimiter)
          .line("ha_dsl_rc=$?")
          .line("ha_dsl_report %d \"$ha_dsl_rc\"", i)
          .line(stopAtFailure ? "[ \"$ha_dsl_rc\" -eq 0 ] || exit 0" : ":");
      if (pending.isPresent()) {
        sh.line("else").line("  printf '%%s run %d exit 0 at - in-place\\n' %s", i, token).line("fi");
      }
    }
    if (!readAfter.isEmpty()) {
      sh.raw(readScript(readAfter, token)); // reached only when every run succeeded
    }
    Duration whole = perRun.multipliedBy(runs.size()).plusSeconds(30);
    ExecResult result = shell.executeScript(host, sh.toString(), whole);
    lastOutput = result.stdout();
    List<Result> results = parse(runs, token, result.stdout(), perRun);
    if (results.size() < runs.size() && (results.isEmpty() || results.get(results.size() - 1).result().succeeded())) {
      // The script itself stopped (connection lost, killed): the first run without a report failed.
      Plan.Run lost = runs.get(results.size());
      results.add(new Result(lost, result.timedOut() ? result : ImmutableExecResult.builder().from(result)
          .exitCode(result.exitCode() == 0 ? 255 : result.exitCode()).stdout("").build(), Duration.ZERO));
    }
    return results;
  }

  /** Writes stdin as the INI file's new content the way crudini replaces a file (see the class comment). */
  private static final String INI_WRITE = String.join("\n",
      "ha_dsl_ini_write() {",
      "  ha_dsl_real=$(readlink -f -- \"$1\")",
      "  ha_dsl_tmp=$(mktemp \"$ha_dsl_real.XXXXXX\")",
      "  if cat > \"$ha_dsl_tmp\" && chmod --reference=\"$ha_dsl_real\" \"$ha_dsl_tmp\" \\",
      "      && { [ \"$(id -u)\" != 0 ] || chown --reference=\"$ha_dsl_real\" \"$ha_dsl_tmp\"; } \\",
      "      && mv -f \"$ha_dsl_tmp\" \"$ha_dsl_real\"; then",
      "    return 0",
      "  fi",
      "  rm -f \"$ha_dsl_tmp\"",
      "  return 1",
      "}",
      "");

  /** Each run's report: its exit code, when it ended (its time: since the previous report), its output. */
  private static List<Result> parse(List<Plan.Run> runs, String token, String stdout, Duration perRun) {
    List<Result> results = new ArrayList<>();
    List<String> lines = stdout.lines().toList();
    long previous = -1;
    int at = 0;
    while (at < lines.size()) {
      String[] header = lines.get(at++).split(" ");
      if (!header[0].equals(token)) {
        continue;
      }
      if (header.length == 3 && header[1].equals("start")) {
        previous = nanos(header[2]);
        continue;
      }
      if (header.length != 8 || !header[1].equals("run")) {
        continue;
      }
      int exit = Integer.parseInt(header[4]);
      Duration took = Duration.ZERO;
      if (!header[6].equals("-")) { // "-": said without a process, in no time
        long ended = nanos(header[6]);
        took = previous < 0 || ended < previous ? Duration.ZERO : Duration.ofNanos(ended - previous);
        previous = ended;
      }
      String out = "";
      String err = "";
      if (header[7].equals("in-place")) {
        out = Command.IN_PLACE + "\n";
      } else if (header[7].equals("output")) {
        StringBuilder base64 = new StringBuilder();
        while (at < lines.size() && !lines.get(at).equals(token + " stderr")) {
          base64.append(lines.get(at++));
        }
        out = decode(base64);
        at++;
        base64.setLength(0);
        while (at < lines.size() && !lines.get(at).startsWith(token + " ")) {
          base64.append(lines.get(at++));
        }
        err = decode(base64);
      }
      // timeout(1) says 124 when it stopped the run; a run alone reports that as a timeout too.
      ExecResult result = exit == 124 && took.compareTo(perRun) >= 0 ? ExecResult.timedOut(out, err)
          : ExecResult.inPlaceWhenReported(ExecResult.of(exit, out, err));
      results.add(new Result(runs.get(Integer.parseInt(header[2])), result, took));
    }
    return results;
  }

  /** A time in nanoseconds from date(1); -1 where date has no %N (busybox), and the runs' times are then zero. */
  private static long nanos(String text) {
    return text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() < 19 + 1
        ? Long.parseLong(text) : -1;
  }

  private static String decode(StringBuilder base64) {
    return new String(Base64.getMimeDecoder().decode(base64.toString()), StandardCharsets.UTF_8);
  }

  private static String token() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "ha-dsl-" + HexFormat.of().formatHex(bytes);
  }
}
