package dev.hadsl.core;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashSet;
import java.util.Set;

/** Checks a plan for secrets where they do not belong: in a command's argument vector. */
public final class SecretAudit {
  private SecretAudit() {}

  /**
   * Every argument of every command (unless-checks included) that holds a secret of the plan, as
   * {@code step 'ID': argument N of 'PROGRAM'}; empty when none does. Render the plan with distinctive secrets: a
   * secret such as {@code admin} also "leaks" into {@code username=admin}.
   */
  public static ImmutableList<String> commandLineLeaks(Plan plan) {
    Set<Secret> secrets = new LinkedHashSet<>();
    plan.steps().forEach(step -> secrets.addAll(step.artifact().allSecrets()));
    ImmutableList.Builder<String> leaks = ImmutableList.builder();
    for (Step step : plan.steps()) {
      if (step.artifact() instanceof Command command) {
        check(step, command, secrets, leaks);
        command.unless().ifPresent(check -> check(step, check, secrets, leaks));
      } else if (step.artifact() instanceof IniEdit edit) {
        check(step, edit.toCommand(), secrets, leaks);
      }
    }
    return leaks.build();
  }

  private static void check(Step step, Command command, Set<Secret> secrets, ImmutableList.Builder<String> leaks) {
    for (int i = 0; i < command.argv().size(); i++) {
      String argument = command.argv().get(i);
      if (secrets.stream().anyMatch(secret -> argument.contains(secret.reveal()))) {
        leaks.add("step '" + step.id() + "': argument " + i + " of '" + Checks.printable(command.argv().get(0)) + "'");
      }
    }
  }
}
