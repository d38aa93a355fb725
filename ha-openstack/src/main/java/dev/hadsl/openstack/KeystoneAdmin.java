package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Secret;
import org.immutables.value.Value;

/** How endpoint changes authenticate: Keystone's admin (service) token, and the region endpoints belong to. */
@Value.Immutable
public abstract class KeystoneAdmin {
  /** Keystone's admin (service) token, {@code admin_token} in keystone.conf. */
  public abstract Secret token();

  /** The region the endpoints are created in; {@code RegionOne} unless set. */
  @Value.Default
  public String region() {
    return "RegionOne";
  }

  /** The client that re-creates the endpoints; Havana's {@code keystone} CLI unless set. */
  @Value.Default
  public EndpointDialect dialect() {
    return EndpointDialect.KEYSTONE_CLI;
  }

  /** Authenticates with {@code token} in {@code RegionOne}, through the {@code keystone} CLI. */
  public static KeystoneAdmin token(Secret token) {
    return ImmutableKeystoneAdmin.builder().token(token).build();
  }

  /** Authenticates with {@code token} in {@code RegionOne}, through the given client. */
  public static KeystoneAdmin token(Secret token, EndpointDialect dialect) {
    return ImmutableKeystoneAdmin.builder().token(token).dialect(dialect).build();
  }

  /** Rejects a region name other than letters, digits, '_' and '-'. */
  @Value.Check
  protected void validate() {
    checkArgument(region().matches("[A-Za-z0-9_-]+"), "keystone region '%s' is not valid", region());
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link KeystoneAdmin}. */
  public static class Builder extends ImmutableKeystoneAdmin.Builder {}
}
