package dev.hadsl.testing;

import dev.hadsl.core.Plan;
import dev.hadsl.core.SecretAudit;
import dev.hadsl.core.Step;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Plan}; see {@link HaAssertions#assertThat(Plan)}. */
public final class PlanAssert extends AbstractAssert<PlanAssert, Plan> {
  PlanAssert(Plan actual) {
    super(actual, PlanAssert.class);
  }

  /**
   * No command of the plan (nor its guard) carries a secret of the plan in its argument vector, where
   * {@code /proc/<pid>/cmdline} would show it to every local user. The failure names step and argument, never the
   * secret.
   */
  public PlanAssert hasNoSecretsInArgv() {
    isNotNull();
    List<String> leaks = SecretAudit.commandLineLeaks(actual);
    if (!leaks.isEmpty()) {
      failWithMessage("expected no secret on a command line, but found %d:%n  %s", leaks.size(),
          String.join(System.lineSeparator() + "  ", leaks));
    }
    return this;
  }

  /** The plan has a step with this id. */
  public PlanAssert hasStep(String id) {
    isNotNull();
    if (actual.steps().stream().map(Step::id).noneMatch(id::equals)) {
      failWithMessage("expected a step '%s' among the plan's %d steps", id, actual.steps().size());
    }
    return this;
  }

  /** The plan touches exactly these hosts, by name, in any order. */
  public PlanAssert runsOnExactly(String... hostNames) {
    isNotNull();
    List<String> actualHosts = actual.hosts().stream().map(host -> host.name()).sorted().toList();
    List<String> expected = List.of(hostNames).stream().sorted().toList();
    if (!actualHosts.equals(expected)) {
      failWithMessage("expected the plan to run on %s but it runs on %s", expected, actualHosts);
    }
    return this;
  }
}
