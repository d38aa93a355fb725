package dev.hadsl.core;

import com.google.common.collect.ImmutableList;

/** What a step does on a host: run a {@link Command}, write a {@link ConfigFile} or apply an {@link IniEdit}. */
public interface Artifact {
  /** The secrets this artifact carries, to be masked wherever it is shown. */
  ImmutableList<Secret> secrets();

  /** Every secret to mask when anything about this artifact is shown (a command's unless-check included). */
  default ImmutableList<Secret> allSecrets() {
    return secrets();
  }

  /** A one-line, human description with every secret masked. */
  String display();

  /** Double dispatch, so executors handle each kind without casts. */
  <R> R accept(ArtifactVisitor<R> visitor);
}
