package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.hadsl.core.Port;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A stateless OpenStack API that runs on every control node behind HAProxy: its port, the init script that runs it,
 * the key that makes it listen on the node's own address (so HAProxy can bind the floating IP on the same port), and
 * the HTTP path HAProxy health-checks (absent: a TCP check).
 */
@Value.Immutable
public abstract class ApiService {
  /** HAProxy proxy name and step-id part, e.g. {@code nova-api}. */
  public abstract String name();

  /** The port the service listens on, on each node and on the floating IP. */
  public abstract Port port();

  /** The init script (RHEL service name) to restart after its listen address changes. */
  public abstract String initScript();

  /** Where the listen address is set; absent for services configured another way. */
  public abstract Optional<IniKey> listenAddress();

  /** An HTTP path for {@code option httpchk GET path}; absent means a TCP connect check. */
  public abstract Optional<String> healthCheckPath();

  /** HAProxy mode: HTTP APIs in http mode (X-Forwarded-For, HTTP checks), others in tcp. */
  @Value.Default
  public boolean http() {
    return true;
  }

  /** The Keystone catalog entries that point at this service. */
  public abstract ImmutableList<KeystoneEndpoint> endpoints();

  /** Starts a builder; {@link #http()} defaults to true. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ApiService}. */
  public static class Builder extends ImmutableApiService.Builder {}

  /** Rejects a name that is not lower case letters, digits and '-', a malformed init script or health-check path. */
  @Value.Check
  protected void validate() {
    checkArgument(name().matches("[a-z][a-z0-9-]{0,40}"), "API service name '%s' must be lower case letters,"
        + " digits and '-'", name());
    checkArgument(initScript().matches("[A-Za-z0-9@._-]+"), "API service '%s': init script '%s' is not a service name",
        name(), initScript());
    healthCheckPath().ifPresent(path -> checkArgument(path.startsWith("/") && !path.contains(" "),
        "API service '%s': health-check path '%s' must start with '/' and have no spaces", name(), path));
  }

  @Override
  public String toString() {
    return name() + ":" + port();
  }
}
