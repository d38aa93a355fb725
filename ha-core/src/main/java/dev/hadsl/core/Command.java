package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A program to run, as an argument vector (never a pre-joined string). An optional {@code unless} check makes it
 * idempotent: when the check exits 0 the command is skipped ({@code iptables -C ... || iptables -I ...}).
 */
@Value.Immutable
public abstract class Command implements Artifact {
  public abstract ImmutableList<String> argv();

  /** Skip this command when that one succeeds. */
  public abstract Optional<Command> unless();

  @Override
  public abstract ImmutableList<Secret> secrets();

  public static Command of(String... argv) {
    return builder().addArgv(argv).build();
  }

  public static Command of(List<String> argv) {
    return builder().addAllArgv(argv).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Command}. */
  public static class Builder extends ImmutableCommand.Builder {}

  @Value.Check
  protected void validate() {
    checkArgument(!argv().isEmpty(), "command: the argument vector is empty");
    checkArgument(!argv().get(0).isEmpty(), "command: the program name is empty");
    for (String argument : argv()) {
      checkArgument(argument.indexOf('\0') < 0, "command '%s': an argument contains a NUL character",
          Redaction.redact(Checks.printable(argv().get(0)), secrets()));
    }
    unless().ifPresent(check -> checkArgument(check.unless().isEmpty(),
        "command '%s': its unless-check must not have an unless-check of its own", argv().get(0)));
  }

  /** All secrets, including those of the unless-check. */
  public ImmutableList<Secret> allSecrets() {
    return ImmutableList.<Secret>builder()
        .addAll(secrets())
        .addAll(unless().map(Command::secrets).orElse(ImmutableList.of()))
        .build();
  }

  /** The command as one shell line, with its unless-check; secrets are NOT masked: for scripts, not for humans. */
  public String toShell() {
    String line = ShellQuote.join(argv());
    return unless().map(check -> ShellQuote.join(check.argv()) + " || " + line).orElse(line);
  }

  @Override
  public String display() {
    // Mask each argument before quoting: a secret inside a quoted argument is no longer a substring of the line.
    ImmutableList<Secret> secrets = allSecrets();
    String line = ShellQuote.join(Redaction.redactEach(argv(), secrets));
    String shown = unless()
        .map(check -> ShellQuote.join(Redaction.redactEach(check.argv(), secrets)) + " || " + line)
        .orElse(line);
    return Redaction.redact(shown, secrets);
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
