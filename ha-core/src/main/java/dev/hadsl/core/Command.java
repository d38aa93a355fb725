package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A program to run, as an argument vector (never a pre-joined string). An optional {@code unless} check makes it
 * idempotent: when the check exits 0 the command is skipped ({@code iptables -C ... || iptables -I ...}).
 *
 * <p>Secrets never travel in the argument vector, which every local user can read in {@code /proc/PID/cmdline}. They
 * go on {@link #stdin()}, in the {@link #environment()} (readable only by the process's owner) or in a file of mode
 * 0600 ({@link ConfigFile}); every executor feeds these channels the same way. The argument vector is deliberately
 * not matched against the secrets at build time: a weak but legal password ({@code admin}, equal to a user name)
 * would refuse harmless arguments such as {@code username=admin}. {@link SecretAudit#commandLineLeaks} checks a
 * plan rendered with distinctive secrets instead.
 */
@Value.Immutable
public abstract class Command implements Artifact {
  /**
   * The line a command prints last on standard output to say that it found its state already in place and changed
   * nothing. Executors then report the step as skipped ("already in place"), exactly as when an unless-check holds.
   * Commands that check for themselves (the Pacemaker install, the Keystone endpoints, saving the firewall) print it;
   * the rendered form of a command with an unless-check prints it when the check holds.
   */
  public static final String IN_PLACE = "ha-dsl: already in place";

  /**
   * The environment variable a self-checking script reads to decide without acting: set to {@code yes}, it exits 0
   * where it would find everything in place and 1 (saying what it would change) where it would act.
   */
  public static final String CHECK_ONLY_VARIABLE = "HA_DSL_CHECK_ONLY";

  /** A shell condition, true in a script run in check-only mode ({@link #CHECK_ONLY_VARIABLE}). */
  public static final String CHECK_ONLY_CONDITION = "[ \"${" + CHECK_ONLY_VARIABLE + ":-no}\" = yes ]";

  private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The program and its arguments, never joined or re-split by a shell. */
  public abstract ImmutableList<String> argv();

  /** Text fed to the program's standard input; ends with a newline (it travels as a here-document in scripts). */
  public abstract Optional<String> stdin();

  /** Variables added to the program's environment, in order. */
  public abstract ImmutableMap<String, String> environment();

  /** Skip this command when that one succeeds. */
  public abstract Optional<Command> unless();

  /**
   * For a command that checks for itself (it has no unless-check; it prints {@link #IN_PLACE} when it changed
   * nothing): the same decision made read-only, for a preview. It exits 0 when the command would find its state in
   * place and non-zero when it would act, printing what would change; it changes nothing on the host.
   */
  public abstract Optional<Command> checkOnly();

  /**
   * Whether the command only waits (bounded) for a state other runs bring about, changing nothing itself: a preview
   * reports it as a wait, not as an action, since whether it still has to wait depends on how fast the runs before
   * it take effect.
   */
  @Value.Default
  public boolean waitsOnly() {
    return false;
  }

  /** The secrets on stdin or in the environment, masked wherever the command is shown. */
  @Override
  public abstract ImmutableList<Secret> secrets();

  /** A command with this argument vector and nothing else. */
  public static Command of(String... argv) {
    return of(Arrays.asList(NullValueException.check(argv, "argv")));
  }

  /** A command with this argument vector and nothing else. */
  public static Command of(List<String> argv) {
    NullValueException.check(argv, "argv");
    for (int i = 0; i < argv.size(); i++) {
      NullValueException.check(argv.get(i), "argv[" + i + "]");
    }
    return builder().addAllArgv(argv).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code command}, a script that honours {@link #CHECK_ONLY_VARIABLE}, with its check-only form: the same command
   * with the variable set.
   */
  public static Command selfChecking(Command command) {
    return builder().from(command).checkOnly(builder().from(command).putEnvironment(CHECK_ONLY_VARIABLE, "yes")
        .build()).build();
  }

  /** Builds a {@link Command}. */
  public static class Builder extends ImmutableCommand.Builder {
    /** Feeds {@code text}, which holds {@code secret}, on standard input. */
    public Builder stdinWithSecret(String text, Secret secret) {
      stdin(text);
      addSecret(secret);
      return this;
    }

    /** Puts {@code secret} into the environment variable {@code name}. */
    public Builder secretEnvironment(String name, Secret secret) {
      putEnvironment(name, secret.reveal());
      addSecret(secret);
      return this;
    }
  }

  /**
   * Rejects an empty argument vector or program name, NUL characters, stdin without a final newline, bad environment
   * names and a nested unless-check.
   */
  @Value.Check
  protected void validate() {
    checkArgument(!argv().isEmpty(), "command: the argument vector is empty");
    checkArgument(!argv().get(0).isEmpty(), "command: the program name is empty");
    String program = Checks.printable(argv().get(0));
    for (int i = 0; i < argv().size(); i++) {
      String argument = argv().get(i);
      checkArgument(argument.indexOf('\0') < 0, "command '%s': argument %s contains a NUL character", program, i);
    }
    stdin().ifPresent(text -> checkArgument(text.endsWith("\n") && text.indexOf('\0') < 0,
        "command '%s': stdin must end with a newline and hold no NUL character", program));
    environment().forEach((name, value) -> checkArgument(ENVIRONMENT_NAME.matcher(name).matches()
        && value.indexOf('\0') < 0, "command '%s': environment variable '%s' is not a valid name or its value holds"
        + " a NUL character", program, Checks.printable(name)));
    unless().ifPresent(check -> checkArgument(check.unless().isEmpty() && check.stdin().isEmpty(),
        "command '%s': its unless-check must have neither an unless-check of its own nor stdin", program));
    checkOnly().ifPresent(check -> checkArgument(unless().isEmpty() && check.unless().isEmpty()
        && check.checkOnly().isEmpty(), "command '%s': a read-only check-only form is for a command without an"
        + " unless-check, and has neither of its own", program));
  }

  /** All secrets, including those of the unless-check. */
  @Override
  public ImmutableList<Secret> allSecrets() {
    return ImmutableList.<Secret>builder()
        .addAll(secrets())
        .addAll(unless().map(Command::secrets).orElse(ImmutableList.of()))
        .addAll(checkOnly().map(Command::secrets).orElse(ImmutableList.of()))
        .build();
  }

  /**
   * The command as shell text, with its unless-check: environment as assignments before the program, stdin as a
   * quoted here-document. Secrets are NOT masked (for scripts, not humans), yet none reaches a command line: an
   * assignment prefix and a here-document are handled by the shell itself, not passed as arguments. With an
   * unless-check the text is {@code if CHECK; then echo IN_PLACE; else COMMAND; fi}, so whoever runs it can tell a
   * step that changed nothing from one that ran.
   */
  public String toShell() {
    return toShell("echo " + ShellQuote.quote(IN_PLACE));
  }

  /** As {@link #toShell()}, with {@code inPlace} as the shell text run when the unless-check holds. */
  public String toShell(String inPlace) {
    String line = shellLine(this) + stdin().map(text -> {
      String delimiter = hereDocumentDelimiter(text);
      return " <<'" + delimiter + "'\n" + text + delimiter;
    }).orElse("");
    return unless()
        .map(check -> "if " + shellLine(check) + "; then\n  " + inPlace + "\nelse\n" + line + "\nfi")
        .orElse(line);
  }

  private static String shellLine(Command command) {
    StringBuilder line = new StringBuilder();
    command.environment().forEach((name, value) -> line.append(name).append('=').append(ShellQuote.assignmentValue(value))
        .append(' '));
    return line.append(ShellQuote.join(command.argv())).toString();
  }

  /** A here-document delimiter that is not a line of {@code content}. */
  public static String hereDocumentDelimiter(String content) {
    Set<String> lines = new HashSet<>(content.lines().toList());
    String delimiter = "HA_DSL_EOF";
    for (int suffix = 1; lines.contains(delimiter); suffix++) {
      delimiter = "HA_DSL_EOF_" + suffix;
    }
    return delimiter;
  }

  @Override
  public String display() {
    String line = displayLine(this);
    return unless().map(check -> displayLine(check) + " || " + line).orElse(line);
  }

  private String displayLine(Command command) {
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, String> variable : command.environment().entrySet()) {
      boolean secret = allSecrets().stream().anyMatch(s -> variable.getValue().contains(s.reveal()));
      line.append(variable.getKey()).append('=')
          .append(secret ? Secret.MASK : ShellQuote.quote(variable.getValue())).append(' ');
    }
    line.append(ShellQuote.join(command.argv()));
    command.stdin().ifPresent(text -> {
      long lines = text.chars().filter(c -> c == '\n').count();
      line.append(" <<stdin (").append(lines).append(lines == 1 ? " line" : " lines")
          .append(allSecrets().isEmpty() ? ")" : ", secrets masked)");
    });
    return line.toString();
  }

  @Override
  public <R> R accept(ArtifactVisitor<R> visitor) {
    return visitor.command(this);
  }

  @Override
  public String toString() {
    return display();
  }
}
