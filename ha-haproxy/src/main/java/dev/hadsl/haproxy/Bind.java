package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Checks;
import dev.hadsl.core.Ipv4Address;
import dev.hadsl.core.Port;
import java.util.Optional;
import org.immutables.value.Value;

/** A {@code bind} line: an address (absent: every address) and port, optionally terminating TLS with a certificate. */
@Value.Immutable
public abstract class Bind {
  /** The local address; absent means every address. */
  public abstract Optional<Ipv4Address> address();

  /** The port to listen on. */
  public abstract Port port();

  /** PEM file holding certificate and key; present means {@code ssl crt FILE}. */
  public abstract Optional<String> sslCertificate();

  /** Plain TCP on {@code address:port}. */
  public static Bind of(Ipv4Address address, int port) {
    return builder().address(address).port(Port.of(port)).build();
  }

  /** Plain TCP on {@code address:port}, the address in dotted form. */
  public static Bind of(String address, int port) {
    return of(Ipv4Address.of(address), port);
  }

  /** Every local address. */
  public static Bind anyAddress(int port) {
    return builder().port(Port.of(port)).build();
  }

  /** TLS terminated on {@code address:port} with the certificate and key in {@code certificatePem}. */
  public static Bind ssl(Ipv4Address address, int port, String certificatePem) {
    return builder().address(address).port(Port.of(port)).sslCertificate(certificatePem).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Bind}. */
  public static class Builder extends ImmutableBind.Builder {}

  /** Rejects a certificate path that is not absolute or holds spaces or quotes. */
  @Value.Check
  protected void validate() {
    sslCertificate().ifPresent(path -> checkArgument(path.startsWith("/") && path.matches("[^\\s\"'#\\\\]+"),
        "bind %s: certificate '%s' must be an absolute path without spaces or quotes", endpoint(), path));
    sslCertificate().ifPresent(path -> Checks.absolutePath("bind " + endpoint() + ": certificate", path));
  }

  /** {@code address:port}, or {@code *:port} for every address. */
  public String endpoint() {
    return address().map(Ipv4Address::text).orElse("*") + ":" + port();
  }

  /** Whether two binds would fight over the same socket. */
  boolean overlaps(Bind other) {
    return port().equals(other.port())
        && (address().isEmpty() || other.address().isEmpty() || address().equals(other.address()));
  }

  String render() {
    return "bind " + address().map(Ipv4Address::text).orElse("") + ":" + port()
        + sslCertificate().map(crt -> " ssl crt " + crt).orElse("");
  }
}
