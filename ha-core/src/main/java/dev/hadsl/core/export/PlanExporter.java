package dev.hadsl.core.export;

import dev.hadsl.core.Plan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a plan for another engine to run: {@link ScriptExporter} (one {@code sh} script per host) or
 * {@link AnsibleExporter} (an inventory and a playbook). Every exporter follows the same run rules as the
 * {@link dev.hadsl.core.exec.PlanRunner} ({@link dev.hadsl.core.exec.RunRules}), owns the directory it writes (nothing
 * planted there is written through; what an earlier export left and this plan no longer has is removed, and named),
 * and writes what holds secrets with mode 0600 or 0700.
 */
public interface PlanExporter {
  /**
   * Writes the export of {@code plan} into {@code directory}, created when missing.
   *
   * @return the entries of an earlier export that were removed because the plan no longer has them
   * @throws IllegalArgumentException when {@code directory} is a symbolic link or not a directory
   */
  List<String> export(Plan plan, Path directory) throws IOException;
}
