package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/**
 * TLS for Horizon, terminated by HAProxy on the floating IP: the certificate and key on every control node, combined
 * into the PEM HAProxy reads; plain HTTP is redirected to HTTPS.
 */
@Value.Immutable
public abstract class HorizonSsl {
  public abstract String certificate();

  public abstract String privateKey();

  /** Certificate + key in one file, as HAProxy's {@code crt} wants it. */
  @Value.Default
  public String haproxyPem() {
    return "/etc/haproxy/horizon.pem";
  }

  public static HorizonSsl of(String certificate, String privateKey) {
    return ImmutableHorizonSsl.builder().certificate(certificate).privateKey(privateKey).build();
  }

  @Value.Check
  protected void validate() {
    for (String path : new String[] {certificate(), privateKey(), haproxyPem()}) {
      checkArgument(path.matches("/[^\\s\"'#\\\\]+"), "Horizon SSL path '%s' must be absolute, without spaces or quotes",
          path);
    }
  }
}
