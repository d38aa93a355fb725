package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One key of an INI file set to a value, or deleted when the value is absent. Renders to a {@code crudini} command
 * (the tool behind RDO's {@code openstack-config}) with an unless-check that reads the key back, so a re-run finds
 * it in place and leaves the file untouched.
 */
@Value.Immutable
public abstract class IniEdit implements Artifact {
  /** The start of a test that the key holds a value; crudini fails for a missing file, section or key. */
  private static final String SAME_VALUE = "current=$(crudini --get \"$1\" \"$2\" \"$3\" 2>/dev/null) && [ \"$current\" =";

  /** The INI file's absolute path. */
  public abstract String file();

  /** The section; empty for the keys before any section header (files like qpidd.conf have no sections). */
  public abstract String section();

  /** The key to set or delete. */
  public abstract String key();

  /** The new value; absent means delete the key. */
  public abstract Optional<String> value();

  @Override
  public abstract ImmutableList<Secret> secrets();

  /** Sets {@code key} in {@code [section]} of {@code file} to {@code value}. */
  public static IniEdit set(String file, String section, String key, String value) {
    return builder().file(file).section(section).key(key).value(value).build();
  }

  /** Sets a key whose whole value is a secret (a password). */
  public static IniEdit setSecret(String file, String section, String key, Secret value) {
    return builder().file(file).section(section).key(key).value(value.reveal()).addSecret(value).build();
  }

  /** Deletes {@code key} from {@code [section]} of {@code file}, if it is there. */
  public static IniEdit delete(String file, String section, String key) {
    return builder().file(file).section(section).key(key).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link IniEdit}. */
  public static class Builder extends ImmutableIniEdit.Builder {}

  /**
   * Rejects a relative path, sections, keys and values crudini cannot hold as given, and a secret value without a
   * section.
   */
  @Value.Check
  protected void validate() {
    Checks.absolutePath("INI file", file());
    checkArgument(section().isEmpty() || (!section().isBlank() && section().matches("[^\\[\\]\\n\\r\\x00]+")),
        "INI edit of '%s': section '%s' is blank or contains '[', ']' or a line break", file(),
        Checks.printable(section()));
    // crudini (Python's iniparse) splits a line at the first '=' or ':' and reads '#' or ';' first as a comment: such
    // a key is written, never read back, and appended again on every run.
    // A key starting with '%' is written but not found again (IniEditHostileTest).
    checkArgument(!key().isBlank() && key().matches("[^=:%\\[\\n\\r\\x00]+") && key().strip().equals(key())
            && !key().startsWith("#") && !key().startsWith(";"),
        "INI edit of '%s' [%s]: key '%s' is empty, has surrounding spaces, starts with '#' or ';', or contains '=',"
            + " ':', '%', '[' or a line break", file(), section(), Checks.printable(key()));
    value().ifPresent(value -> checkArgument(value.matches("[^\\n\\r\\x00]*") && value.strip().equals(value),
        "INI edit of '%s' [%s] %s: the value contains a line break or NUL, or has surrounding spaces (crudini"
            + " drops them, so the file would never hold it)", file(), section(), key()));
    // crudini reads "a ;b" back as "a": whitespace then ';' starts an inline comment for it (not for '#').
    value().ifPresent(value -> checkArgument(!value.matches("(?s).*\\s;.*"), "INI edit of '%s' [%s] %s: the value"
        + " has a ';' after a space or tab, where crudini's reader starts an inline comment and cuts the value",
        file(), section(), key()));
    checkArgument(secrets().isEmpty() || (!section().isEmpty() && value().map(v -> v.strip().equals(v)).orElse(true)),
        "INI edit of '%s' [%s] %s: a value holding a secret is merged through stdin, which needs a section and no"
            + " surrounding spaces", file(), section(), key());
  }

  /**
   * The equivalent crudini command: {@code crudini --set FILE SECTION KEY VALUE}; when the value holds a secret,
   * {@code crudini --merge FILE} fed {@code [SECTION] KEY = VALUE} on stdin, so the secret is never an argument. Its
   * unless-check reads the key back with {@code crudini --get} and skips the edit when the file already says so (a
   * secret value is compared from the environment, never from an argument), so a re-run leaves the file untouched.
   */
  public Command toCommand() {
    if (value().isEmpty()) {
      return Command.builder().addArgv("crudini", "--del", file(), section(), key())
          .unless(Command.of("sh", "-c", "! crudini --get \"$1\" \"$2\" \"$3\" >/dev/null 2>&1", "sh", file(),
              section(), key()))
          .build();
    }
    String value = value().get();
    if (!secrets().isEmpty()) {
      return Command.builder().addArgv("crudini", "--merge", file())
          .stdin("[" + section() + "]\n" + key() + " = " + value + "\n").addAllSecrets(secrets())
          .unless(Command.builder().addArgv("sh", "-c", SAME_VALUE + " \"$HA_DSL_INI_VALUE\" ]", "sh", file(), section(),
              key()).putEnvironment("HA_DSL_INI_VALUE", value).addAllSecrets(secrets()).build())
          .build();
    }
    return Command.builder().addArgv("crudini", "--set", file(), section(), key(), value)
        .unless(Command.of("sh", "-c", SAME_VALUE + " \"$4\" ]", "sh", file(), section(), key(), value))
        .build();
  }

  @Override
  public String display() {
    if (value().isPresent() && !secrets().isEmpty()) {
      return "crudini --merge " + ShellQuote.quote(file()) + " <<stdin ([" + section() + "] " + key() + " = "
          + Redaction.redact(value().get(), secrets()) + ")";
    }
    // The unless-check (read the key back with crudini --get) is the same for every edit: shown once in the docs,
    // not on every line of a dry run.
    return Command.builder().from(toCommand()).unless(Optional.empty()).build().display();
  }

  @Override
  public <R> R accept(ArtifactVisitor<R> visitor) {
    return visitor.iniEdit(this);
  }

  @Override
  public String toString() {
    return display();
  }
}
