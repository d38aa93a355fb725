package dev.hadsl.core;

/** One method per kind of {@link Artifact}. */
public interface ArtifactVisitor<R> {
  R command(Command command);

  R file(ConfigFile file);

  R iniEdit(IniEdit edit);
}
