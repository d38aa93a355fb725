package dev.hadsl.testing;

import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.testing.tools.RealTools;
import org.assertj.core.api.AbstractAssert;

/** Assertions on an {@link HaproxyConfig}, judged by the installed HAProxy. */
public final class HaproxyConfigAssert extends AbstractAssert<HaproxyConfigAssert, HaproxyConfig> {
  HaproxyConfigAssert(HaproxyConfig actual) {
    super(actual, HaproxyConfigAssert.class);
  }

  /**
   * {@code haproxy -c -dW} (warnings are fatal) accepts the rendered configuration. Certificates and files it names
   * must exist where it says, as on the real host.
   */
  public HaproxyConfigAssert isAcceptedByHaproxy() {
    isNotNull();
    try (WorkDirectory work = WorkDirectory.create("haproxy")) {
      String file = work.writePrivately("haproxy.cfg", actual.render()).toString();
      ExecResult result = RealTools.run("haproxy", "-c", "-dW", "-f", file);
      if (!result.succeeded()) {
        failWithMessage("expected haproxy -c -dW to accept the configuration, but it exited %d:%n%s%n%s",
            result.exitCode(), result.stdout().strip(), result.stderr().strip());
      }
    }
    return this;
  }

  /** The configuration has a frontend, backend or listen section of this name. */
  public HaproxyConfigAssert hasProxy(String name) {
    isNotNull();
    if (actual.proxy(name).isEmpty()) {
      failWithMessage("expected a proxy '%s', but there are %s", name,
          actual.proxies().stream().map(proxy -> proxy.name()).toList());
    }
    return this;
  }
}
