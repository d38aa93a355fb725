package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/**
 * A Keystone catalog entry: the service name and type as registered, and URL templates where {@code {host}} becomes
 * the floating IP. Templates keep Keystone's own placeholders such as {@code %(tenant_id)s}.
 */
@Value.Immutable
public abstract class KeystoneEndpoint {
  /** The service name as registered in Keystone, e.g. {@code nova}. */
  public abstract String serviceName();

  /** The service type as registered in Keystone, e.g. {@code compute}. */
  public abstract String serviceType();

  /** URL template of the public interface. */
  public abstract String publicUrl();

  /** URL template of the internal interface. */
  public abstract String internalUrl();

  /** URL template of the admin interface. */
  public abstract String adminUrl();

  /** One URL for all three interfaces. */
  public static KeystoneEndpoint of(String name, String type, String url) {
    return of(name, type, url, url, url);
  }

  /** One URL template per interface. */
  public static KeystoneEndpoint of(String name, String type, String publicUrl, String internalUrl, String adminUrl) {
    return ImmutableKeystoneEndpoint.builder().serviceName(name).serviceType(type).publicUrl(publicUrl)
        .internalUrl(internalUrl).adminUrl(adminUrl).build();
  }

  /** Rejects malformed service names and types, and URLs that do not start with {@code http(s)://{host}:}. */
  @Value.Check
  protected void validate() {
    checkArgument(serviceName().matches("[a-z][a-z0-9_-]*"), "keystone service name '%s' is not valid", serviceName());
    checkArgument(serviceType().matches("[a-z][a-z0-9_-]*"), "keystone service type '%s' is not valid", serviceType());
    for (String url : new String[] {publicUrl(), internalUrl(), adminUrl()}) {
      checkArgument(url.startsWith("http://{host}:") || url.startsWith("https://{host}:"),
          "keystone endpoint '%s': URL '%s' must start with http://{host}:PORT", serviceName(), url);
    }
  }

  /** The three URLs for {@code host}. */
  String url(String template, String host) {
    return template.replace("{host}", host);
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link KeystoneEndpoint}. */
  public static class Builder extends ImmutableKeystoneEndpoint.Builder {}
}
