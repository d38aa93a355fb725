package dev.hadsl.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Checks;
import java.util.Optional;
import org.immutables.value.Value;

/** Where MySQL's data lives: storage that is mounted on one node at a time (NFS export or a block device). */
@Value.Immutable
public abstract class SharedStorage {
  /** {@code server:/export} for NFS, or a block device path. */
  public abstract String device();

  /** The file system type passed to mount, e.g. {@code nfs} or {@code ext4}. */
  public abstract String fstype();

  /** Mount options, e.g. {@code vers=3} for NFS. */
  public abstract Optional<String> options();

  /** An NFS export, e.g. {@code 192.168.122.1:/srv/mysql}. */
  public static SharedStorage nfs(String export) {
    return ImmutableSharedStorage.builder().device(export).fstype("nfs").build();
  }

  /** A block device seen by every node (SAN LUN, DRBD), mounted by one at a time. */
  public static SharedStorage blockDevice(String device, String fstype) {
    return ImmutableSharedStorage.builder().device(device).fstype(fstype).build();
  }

  /** The same storage with mount options. */
  public SharedStorage withOptions(String options) {
    return ImmutableSharedStorage.builder().from(this).options(options).build();
  }

  /**
   * Rejects an NFS export that is not {@code server:/path}, a block device outside {@code /dev}, and malformed file
   * system types or mount options.
   */
  @Value.Check
  protected void validate() {
    if (fstype().startsWith("nfs")) {
      checkArgument(device().matches("[A-Za-z0-9.-]+:/[^\\s]*"), "NFS export '%s' is not server:/path", device());
      // The export's path follows the library's one path rule: 'srv:/../etc' is not the export it looks like.
      Checks.absolutePath("NFS export path", device().substring(device().indexOf(':') + 1));
    } else {
      checkArgument(device().matches("/dev/[^\\s]+"), "block device '%s' is not a /dev path", device());
      Checks.absolutePath("block device", device());
    }
    checkArgument(fstype().matches("[a-z0-9]{1,32}"), "file system type '%s' is not valid (1-32 of a-z, 0-9)",
        fstype().length() > 40 ? fstype().substring(0, 40) + "..." : fstype());
    options().ifPresent(o -> checkArgument(o.matches("[A-Za-z0-9_=,.:/-]+"), "mount options '%s' are not valid", o));
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SharedStorage}. */
  public static class Builder extends ImmutableSharedStorage.Builder {}
}
