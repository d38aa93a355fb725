package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import org.immutables.value.Value;

/**
 * A Keystone catalog entry: the service name and type as registered, and URL templates where {@code {host}} becomes
 * the floating IP. Templates keep Keystone's own placeholders such as {@code %(tenant_id)s}.
 */
@Value.Immutable
public abstract class KeystoneEndpoint {
  public abstract String serviceName();

  public abstract String serviceType();

  public abstract String publicUrl();

  public abstract String internalUrl();

  public abstract String adminUrl();

  /** One URL for all three interfaces. */
  public static KeystoneEndpoint of(String name, String type, String url) {
    return of(name, type, url, url, url);
  }

  public static KeystoneEndpoint of(String name, String type, String publicUrl, String internalUrl, String adminUrl) {
    return ImmutableKeystoneEndpoint.builder().serviceName(name).serviceType(type).publicUrl(publicUrl)
        .internalUrl(internalUrl).adminUrl(adminUrl).build();
  }

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
}
