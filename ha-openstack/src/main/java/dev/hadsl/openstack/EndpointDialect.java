package dev.hadsl.openstack;

/** Which client re-creates Keystone endpoints. */
public enum EndpointDialect {
  /** Havana's {@code keystone} CLI: endpoint-list/endpoint-delete/endpoint-create with service token. */
  KEYSTONE_CLI,
  /** The unified {@code openstack} CLI: endpoint list/delete/create, one endpoint per interface. */
  OPENSTACK_CLI
}
