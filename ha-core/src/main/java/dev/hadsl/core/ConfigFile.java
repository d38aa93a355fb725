package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.immutables.value.Value;

/** A whole file to write: absolute path, text content, mode and optionally owner ({@code user} or {@code user:group}). */
@Value.Immutable
public abstract class ConfigFile implements Artifact {
  /** The file's absolute path on the target. */
  public abstract String path();

  /** The text; empty or ending in a newline, as every config file the library writes. */
  public abstract String content();

  /** Unix permission bits, e.g. {@code 0644}. */
  @Value.Default
  public int mode() {
    return 0644;
  }

  /** The owner, {@code user} or {@code user:group}; absent, the user the plan runs as. */
  public abstract Optional<String> owner();

  @Override
  public abstract ImmutableList<Secret> secrets();

  /** A file of mode 0644 with no owner set and no secrets. */
  public static ConfigFile of(String path, String content) {
    return builder().path(path).content(content).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ConfigFile}. */
  public static class Builder extends ImmutableConfigFile.Builder {}

  /**
   * Rejects a relative path, content without a final newline or with NUL, an invalid mode or owner, and a secret in a
   * file group or others can read.
   */
  @Value.Check
  protected void validate() {
    Checks.absolutePath("file path", path());
    checkArgument(content().isEmpty() || content().endsWith("\n"),
        "file '%s': content must be empty or end with a newline", path());
    checkArgument(content().indexOf('\0') < 0, "file '%s': content contains a NUL character", path());
    checkArgument(mode() >= 0 && mode() <= 07777, "file '%s': mode %s is not from 0000 to 7777 (octal)", path(),
        Integer.toOctalString(mode()));
    checkArgument(secrets().isEmpty() || (mode() & 077) == 0,
        "file '%s': it holds a secret, so its mode must give group and others nothing (e.g. 0600), was %s", path(),
        modeOctal());
    owner().ifPresent(owner -> checkArgument(owner.matches("[a-z_][a-z0-9_-]{0,31}(:[a-z_][a-z0-9_-]{0,31})?"),
        "file '%s': owner '%s' is not user or user:group", path(), Checks.printable(owner)));
  }

  /** The mode as four octal digits. */
  public String modeOctal() {
    return String.format(java.util.Locale.ROOT, "%04o", mode());
  }

  @Override
  public String display() {
    long lines = content().chars().filter(c -> c == '\n').count();
    return Redaction.redact("write " + ShellQuote.quote(path()) + " (mode " + modeOctal()
        + owner().map(o -> ", owner " + o).orElse("") + ", " + lines + " lines)", secrets());
  }

  @Override
  public <R> R accept(ArtifactVisitor<R> visitor) {
    return visitor.file(this);
  }

  @Override
  public String toString() {
    return display();
  }
}
