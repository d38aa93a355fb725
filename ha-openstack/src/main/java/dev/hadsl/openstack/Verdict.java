package dev.hadsl.openstack;

/**
 * What a real tool said about one artifact: {@code crm_verify} of the CIB, {@code haproxy -c} of haproxy.cfg,
 * {@code sh -n} of a host script. A check that could not run says why instead of passing.
 *
 * @param artifact the artifact judged, e.g. {@code pacemaker/cib.xml}
 * @param checker the command that judged it, e.g. {@code crm_verify -x cib.xml -V}
 * @param outcome passed, failed, or not run
 * @param detail the checker's own words (or why it did not run); empty when it had nothing to say
 */
public record Verdict(String artifact, String checker, Outcome outcome, String detail) {
  /** How a check ended. */
  public enum Outcome {
    /** The tool accepted the artifact. */
    PASSED,
    /** The tool refused it. */
    FAILED,
    /** The tool could not judge it here (missing, or the artifact names files only the target has). */
    NOT_RUN
  }
}
