package dev.hadsl.testing;

import dev.hadsl.core.Plan;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.pacemaker.Cluster;

/**
 * AssertJ entry points for a deployment's parts. Import them statically next to AssertJ's own {@code assertThat}
 * (the more specific overload wins):
 *
 * <pre>{@code
 * assertThat(cluster).isAcceptedByCrmVerify().survivesFailureOf("node1");
 * assertThat(cluster).group("openstack").startsInOrder("vip", "mysql-fs", "mysql");
 * assertThat(haproxyConfig).isAcceptedByHaproxy();
 * assertThat(plan).hasNoSecretsInArgv();
 * }</pre>
 *
 * The checks that ask a real tool ({@code crm_verify}, {@code crm_simulate}, {@code haproxy}) look it up as
 * {@link dev.hadsl.testing.tools.RealTools#require} does: a missing tool skips the test locally, fails it under CI.
 */
public final class HaAssertions {
  private HaAssertions() {}

  /** Assertions on a plan. */
  public static PlanAssert assertThat(Plan actual) {
    return new PlanAssert(actual);
  }

  /** Assertions on a Pacemaker cluster model, judged by Pacemaker's own tools. */
  public static ClusterAssert assertThat(Cluster actual) {
    return new ClusterAssert(actual);
  }

  /** Assertions on an HAProxy configuration, judged by HAProxy itself. */
  public static HaproxyConfigAssert assertThat(HaproxyConfig actual) {
    return new HaproxyConfigAssert(actual);
  }
}
