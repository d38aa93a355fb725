package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Checks;
import org.immutables.value.Value;

/**
 * TLS for Horizon, with the certificate and key on every control node; plain HTTP on the floating IP is redirected to
 * HTTPS. Terminated by HAProxy on the floating IP ({@link #of}: the two combined into the PEM HAProxy reads), or, where
 * HAProxy has no TLS (1.4, RHEL 6), by Apache's mod_ssl on each node with HAProxy passing port 443 through in
 * {@code mode tcp} ({@link #apache}).
 */
@Value.Immutable
public abstract class HorizonSsl {
  /** Where TLS ends. */
  public enum Termination {
    /** HAProxy 1.5+ on the floating IP; Horizon learns the scheme from {@code X-Forwarded-Proto}. */
    HAPROXY,
    /** Apache mod_ssl on each node's own address, port 443; HAProxy balances the TLS connections by source. */
    APACHE
  }

  /** Path of the PEM certificate on every control node. */
  public abstract String certificate();

  /** Path of the PEM private key on every control node. */
  public abstract String privateKey();

  /** Certificate + key in one file, as HAProxy's {@code crt} wants it. */
  @Value.Default
  public String haproxyPem() {
    return "/etc/haproxy/horizon.pem";
  }

  /** Where TLS ends; {@link Termination#HAPROXY} unless set. */
  @Value.Default
  public Termination termination() {
    return Termination.HAPROXY;
  }

  /** Where Apache reads its TLS settings when it terminates TLS (mod_ssl's own file, replaced whole). */
  @Value.Default
  public String apacheSslConf() {
    return "/etc/httpd/conf.d/ssl.conf";
  }

  /** TLS terminated by HAProxy on the floating IP. */
  public static HorizonSsl of(String certificate, String privateKey) {
    return builder().certificate(certificate).privateKey(privateKey).build();
  }

  /** TLS terminated by Apache mod_ssl on each control node, HAProxy passing 443 through (HAProxy 1.4). */
  public static HorizonSsl apache(String certificate, String privateKey) {
    return builder().certificate(certificate).privateKey(privateKey).termination(Termination.APACHE).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HorizonSsl}. */
  public static class Builder extends ImmutableHorizonSsl.Builder {}

  /**
   * Rejects paths that are not absolute or hold spaces or quotes, a PEM bundle path equal to the certificate or key,
   * and a certificate path equal to the key's.
   */
  @Value.Check
  protected void validate() {
    for (String path : new String[] {certificate(), privateKey(), haproxyPem(), apacheSslConf()}) {
      checkArgument(path.matches("/[^\\s\"'#\\\\]+"), "Horizon SSL path '%s' must be absolute, without spaces or quotes",
          path);
      // The one path rule of the library: '/etc/../etc/shadow' names /etc/shadow, which the bundle would copy.
      Checks.absolutePath("Horizon SSL path", path);
    }
    // The bundle is written from the two: a bundle path equal to either would truncate it before it is read.
    checkArgument(!haproxyPem().equals(certificate()) && !haproxyPem().equals(privateKey()),
        "Horizon SSL: haproxyPem '%s' must differ from the certificate and the key, which it is combined from",
        haproxyPem());
    checkArgument(!certificate().equals(privateKey()), "Horizon SSL: certificate and private key are both '%s'; they"
        + " are two files (the bundle would hold the key twice and no certificate)", certificate());
  }
}
