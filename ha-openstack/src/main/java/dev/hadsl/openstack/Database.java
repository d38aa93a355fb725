package dev.hadsl.openstack;

/**
 * Where the cloud's MySQL-compatible database runs and how it survives a node: active/passive on shared storage
 * (the runbook's), or a Galera cluster on every control node. Services always reach it on the floating IP.
 */
public sealed interface Database extends PlaneComponent permits SharedStorageDatabase, GaleraDatabase {
  /** The runbook's: one MySQL in the group, its data on storage mounted where the group runs. */
  static Database sharedStorage(SharedStorage storage) {
    return SharedStorageDatabase.of(storage);
  }

  /** MariaDB with Galera on every control node under {@code ocf:heartbeat:galera}, HAProxy sending writes to one. */
  static Database galera() {
    return GaleraDatabase.onEveryControlNode();
  }
}
