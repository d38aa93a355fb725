package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.ArtifactVisitor;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.ShellQuote;
import dev.hadsl.core.Step;
import dev.hadsl.core.TextWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Each artifact as POSIX {@code sh} text, shared by the script exporter, the SSH executor and the journal's keys. Every user string goes
 * through {@link ShellQuote}; file content goes through a quoted here-document whose delimiter is chosen not to occur
 * as a line of the content, so nothing in it is expanded.
 */
public final class ShellSnippets {
  /**
   * Shell functions every snippet may call, defined once before the snippets: {@code ha_dsl_in_place} says a step
   * found its state already in place (the {@link Command#IN_PLACE} line, which executors read) and records it in
   * {@code ha_dsl_changed}, which scripts read to decide whether a step's notifications are raised.
   */
  public static final String PREAMBLE = preamble(true);

  private static final String IN_PLACE = "ha_dsl_in_place";

  private ShellSnippets() {}

  /** The preamble; without {@code trackChanges} it only prints the line (a script with no notifications). */
  public static String preamble(boolean trackChanges) {
    return "ha_dsl_in_place() { echo " + ShellQuote.quote(Command.IN_PLACE) + (trackChanges ? "; ha_dsl_changed=no" : "")
        + "; }\n";
  }

  /** The artifact as shell text that prints {@link Command#IN_PLACE} (via {@code ha_dsl_in_place}) when in place. */
  public static String of(Artifact artifact) {
    return artifact.accept(new ArtifactVisitor<String>() {
      @Override
      public String command(Command command) {
        return literalDollarDirective(command) + command.toShell(IN_PLACE) + "\n";
      }

      @Override
      public String file(ConfigFile file) {
        return writeFile(file);
      }

      @Override
      public String iniEdit(IniEdit edit) {
        Command command = edit.toCommand();
        return literalDollarDirective(command) + command.toShell(IN_PLACE) + "\n";
      }
    });
  }

  /**
   * An argument like {@code sh -c 'printf %s "$1"'} is single-quoted on purpose: the inner shell expands it. Say so to
   * shellcheck, which otherwise reports SC2016 for every such line; and a value ending in a backslash before a quoted
   * quote ({@code 'a\'\''b'}) is literal too, which shellcheck questions as SC1003.
   */
  private static String literalDollarDirective(Command command) {
    List<String> values = Stream.of(command.argv().stream(), command.environment().values().stream(),
            command.unless().map(Command::argv).orElse(ImmutableList.of()).stream(),
            command.unless().map(c -> c.environment().values()).orElse(ImmutableList.of()).stream())
        .flatMap(s -> s).toList();
    List<String> codes = new ArrayList<>();
    if (values.stream().anyMatch(argument -> argument.contains("$") || argument.contains("`"))) {
      codes.add("SC2016");
    }
    if (values.stream().anyMatch(argument -> argument.contains("\\"))) {
      codes.add("SC1003");
    }
    return codes.isEmpty() ? "" : "# shellcheck disable=" + String.join(",", codes)
        + " # quoted on purpose: for the inner shell, or literal\n";
  }

  /**
   * One run's {@link RunRules operations} in shell form, as the exported scripts and the batches run them. The guard
   * (journal or pending notification) opens an {@code if} that the end of the run closes; the pending directory is the
   * script's {@code $ha_dsl_pending}, the journal its {@code $ha_dsl_journal} and {@code ha_dsl_done}. {@code act}
   * gives the shell of the artifact, {@link #of} unless the caller already knows its outcome.
   */
  public static String run(Step step, List<RunRules.Op> ops, Function<Artifact, String> act) {
    TextWriter sh = new TextWriter();
    String closing = "";
    for (RunRules.Op op : ops) {
      if (op instanceof RunRules.UnlessJournaled unless) {
        sh.line("if ha_dsl_done %s; then", ShellQuote.quote(unless.entry()))
            .line("  echo '    already done (journal)'")
            .line("else");
        closing = "fi";
      } else if (op instanceof RunRules.OnlyWhilePending pending) {
        sh.line("if [ -e %s ]; then", pendingFile(pending.name()));
        closing = "else\n  ha_dsl_in_place\nfi";
      } else if (op instanceof RunRules.Act a) {
        if (!step.notifies().isEmpty()) {
          sh.line("ha_dsl_changed=yes");
        }
        sh.raw(act.apply(a.artifact()));
      } else if (op instanceof RunRules.RaiseIfChanged raise) {
        sh.line("if [ \"$ha_dsl_changed\" = yes ]; then")
            .line("  mkdir -p \"$ha_dsl_pending\" && chmod 0700 \"$ha_dsl_pending\"")
            .line("  (cd \"$ha_dsl_pending\" && touch -- %s)", ShellQuote.join(raise.names()))
            .line("fi");
      } else if (op instanceof RunRules.ClearPending clear) {
        sh.line("rm -f %s", pendingFile(clear.name()));
      } else if (op instanceof RunRules.Record record) {
        sh.line("printf '%%s\\n' %s >> \"$ha_dsl_journal\"", ShellQuote.quote(record.entry()));
      }
    }
    if (!closing.isEmpty()) {
      sh.raw(closing + "\n");
    }
    return sh.toString();
  }

  private static String pendingFile(String name) {
    return "\"$ha_dsl_pending\"/" + ShellQuote.quote(name);
  }

  private static String writeFile(ConfigFile file) {
    String path = ShellQuote.quote(file.path());
    String directory = ShellQuote.quote(file.path().substring(0, Math.max(1, file.path().lastIndexOf('/'))));
    String name = file.path().substring(file.path().lastIndexOf('/') + 1);
    // mktemp: an unpredictable name, created 0600, so the content is never readable before its own chmod.
    String temp = "\"$ha_dsl_tmp\"";
    StringBuilder sh = new StringBuilder();
    sh.append("mkdir -p ").append(directory).append('\n');
    sh.append("ha_dsl_tmp=$(mktemp ").append(ShellQuote.quote(file.path().substring(0, file.path().lastIndexOf('/'))
        + "/." + name + ".XXXXXX")).append(")\n");
    if (!file.content().isEmpty()) {
      String delimiter = Command.hereDocumentDelimiter(file.content());
      sh.append("cat > ").append(temp).append(" <<'").append(delimiter).append("'\n")
          .append(file.content())
          .append(delimiter).append('\n');
    }
    sh.append("chmod ").append(file.modeOctal()).append(' ').append(temp).append('\n');
    file.owner().ifPresent(owner -> sh.append("chown ").append(ShellQuote.quote(owner)).append(' ').append(temp)
        .append('\n'));
    // Already in place when the content, the mode and the ownership are those the new file would have.
    sh.append("if [ -f ").append(path).append(" ] && cmp -s ").append(temp).append(' ').append(path)
        .append(" && [ \"$(stat -c %a:%U:%G ").append(path).append(")\" = \"$(stat -c %a:%U:%G ").append(temp)
        .append(")\" ]; then\n")
        .append("  rm -f ").append(temp).append('\n')
        .append("  ").append(IN_PLACE).append('\n')
        .append("else\n")
        .append("  mv -f ").append(temp).append(' ').append(path).append('\n')
        .append("fi\n");
    return sh.toString();
  }

}
