package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Secret;
import org.immutables.value.Value;

/** How endpoint changes authenticate: Keystone's admin (service) token, and the region endpoints belong to. */
@Value.Immutable
public abstract class KeystoneAdmin {
  public abstract Secret token();

  @Value.Default
  public String region() {
    return "RegionOne";
  }

  @Value.Default
  public EndpointDialect dialect() {
    return EndpointDialect.KEYSTONE_CLI;
  }

  public static KeystoneAdmin token(Secret token) {
    return ImmutableKeystoneAdmin.builder().token(token).build();
  }

  public static KeystoneAdmin token(Secret token, EndpointDialect dialect) {
    return ImmutableKeystoneAdmin.builder().token(token).dialect(dialect).build();
  }

  @Value.Check
  protected void validate() {
    checkArgument(region().matches("[A-Za-z0-9_-]+"), "keystone region '%s' is not valid", region());
  }
}
