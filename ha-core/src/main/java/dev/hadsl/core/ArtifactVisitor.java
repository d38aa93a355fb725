package dev.hadsl.core;

/** One method per kind of {@link Artifact}. */
public interface ArtifactVisitor<R> {
  /** Visits a command to run. */
  R command(Command command);

  /** Visits a whole file to write. */
  R file(ConfigFile file);

  /** Visits one key of an INI file to set or delete. */
  R iniEdit(IniEdit edit);
}
