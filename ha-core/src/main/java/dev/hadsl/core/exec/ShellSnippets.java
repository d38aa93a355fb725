package dev.hadsl.core.exec;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.ArtifactVisitor;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.ShellQuote;
import java.util.stream.Stream;

/**
 * Each artifact as POSIX {@code sh} text, shared by the script exporter and the SSH executor. Every user string goes
 * through {@link ShellQuote}; file content goes through a quoted here-document whose delimiter is chosen not to occur
 * as a line of the content, so nothing in it is expanded.
 */
final class ShellSnippets {
  private ShellSnippets() {}

  static String of(Artifact artifact) {
    return artifact.accept(new ArtifactVisitor<String>() {
      @Override
      public String command(Command command) {
        return literalDollarDirective(command) + command.toShell() + "\n";
      }

      @Override
      public String file(ConfigFile file) {
        return writeFile(file);
      }

      @Override
      public String iniEdit(IniEdit edit) {
        return edit.toCommand().toShell() + "\n";
      }
    });
  }

  /**
   * An argument like {@code sh -c 'printf %s "$1"'} is single-quoted on purpose: the inner shell expands it. Say so to
   * shellcheck, which otherwise reports SC2016 for every such line.
   */
  private static String literalDollarDirective(Command command) {
    boolean literal = Stream.of(command.argv().stream(), command.environment().values().stream(),
            command.unless().map(Command::argv).orElse(ImmutableList.of()).stream(),
            command.unless().map(c -> c.environment().values()).orElse(ImmutableList.of()).stream())
        .flatMap(s -> s)
        .anyMatch(argument -> argument.contains("$") || argument.contains("`"));
    return literal ? "# shellcheck disable=SC2016 # '$' is for the inner shell or literal\n" : "";
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
    sh.append("mv -f ").append(temp).append(' ').append(path).append('\n');
    return sh.toString();
  }

}
