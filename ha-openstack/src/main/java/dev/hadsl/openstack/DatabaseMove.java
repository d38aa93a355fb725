package dev.hadsl.openstack;

import dev.hadsl.core.Command;

/**
 * Moves the first control node's existing MySQL data onto the shared storage, once. Without it Pacemaker would start
 * MySQL on an empty shared directory (the mysql agent initialises a missing database), and the cloud would lose its
 * data. The command checks before it acts and is safe to repeat:
 *
 * <ul>
 *   <li>when the cluster already runs a Filesystem resource it does nothing (the storage is Pacemaker's now; mounting
 *       a block device a second time could corrupt it);
 *   <li>it mounts the storage on a private temporary directory; when it holds the mark of an earlier move it does
 *       nothing ("already in place");
 *   <li>it refuses storage that is not empty and was not filled by a move, a data directory without a database, and
 *       a MySQL that still runs (the copy would be torn);
 *   <li>otherwise it copies with {@code cp -a} (ownership, modes, times, SELinux context), gives the storage's root
 *       the data directory's owner, mode and context, verifies every file by checksum, then leaves the mark.
 * </ul>
 *
 * <p>Positional parameters: {@code $1} data directory, {@code $2} file system type, {@code $3} device or export,
 * {@code $4} mount options (may be empty).
 */
public final class DatabaseMove {
  /** The mark a completed move leaves at the storage's root. */
  public static final String MARK = ".ha-dsl-database-moved";

  private static final String SCRIPT = String.join("\n",
      "set -eu",
      "datadir=$1 fstype=$2 device=$3 options=$4",
      "if cibadmin --query --scope resources 2>/dev/null | grep -q 'type=\"Filesystem\"'; then",
      "  echo 'database move: Pacemaker owns the shared storage; the data moved before'",
      "  echo '" + Command.IN_PLACE + "'",
      "  exit 0",
      "fi",
      // A preview mounts nothing: whether the storage holds the data already is told only by mounting it.
      "if " + Command.CHECK_ONLY_CONDITION + "; then",
      "  echo \"database move: $device is not under Pacemaker yet: the move would mount it and copy $datadir"
          + " unless it holds the mark of a move\"",
      "  exit 1",
      "fi",
      "mnt=$(mktemp -d /tmp/ha-dsl-database.XXXXXX)",
      "sums=$(mktemp /tmp/ha-dsl-database-sums.XXXXXX)",
      "cleanup() { if mountpoint -q \"$mnt\"; then umount \"$mnt\"; fi; rmdir \"$mnt\"; rm -f \"$sums\"; }",
      "trap cleanup EXIT",
      "if [ -n \"$options\" ]; then mount -t \"$fstype\" -o \"$options\" \"$device\" \"$mnt\"; else",
      "  mount -t \"$fstype\" \"$device\" \"$mnt\"; fi",
      "if [ -e \"$mnt/" + MARK + "\" ]; then",
      "  echo 'database move: the shared storage holds the database already'",
      "  echo '" + Command.IN_PLACE + "'",
      "  exit 0",
      "fi",
      "if [ -n \"$(ls -A \"$mnt\" | grep -vx 'lost+found' || true)\" ]; then",
      "  echo \"database move: refused: $device is not empty and holds no mark of a move; check what is on it\" >&2",
      "  exit 3",
      "fi",
      "if [ ! -d \"$datadir/mysql\" ]; then",
      "  echo \"database move: refused: $datadir holds no database (no $datadir/mysql)\" >&2",
      "  exit 3",
      "fi",
      "if [ -S \"$datadir/mysql.sock\" ] || [ -e \"$datadir/$(hostname).pid\" ]; then",
      "  echo \"database move: refused: MySQL still runs on $datadir; stop it first\" >&2",
      "  exit 3",
      "fi",
      "cp -a \"$datadir/.\" \"$mnt/\"",
      "chown --reference=\"$datadir\" \"$mnt\"",
      "chmod --reference=\"$datadir\" \"$mnt\"",
      "if [ -e /sys/fs/selinux/enforce ] && command -v chcon >/dev/null 2>&1; then",
      "  chcon --reference=\"$datadir\" \"$mnt\"",
      "fi",
      "(cd \"$datadir\" && find . -type f -exec md5sum {} +) > \"$sums\"",
      "if ! (cd \"$mnt\" && md5sum --quiet -c \"$sums\"); then",
      "  echo 'database move: the copy differs from the data directory; the mark is not set' >&2",
      "  exit 1",
      "fi",
      "touch \"$mnt/" + MARK + "\"",
      "echo \"database move: $(wc -l < \"$sums\") files copied to $device and verified\"");

  private DatabaseMove() {}

  /** The move onto {@code storage} of {@code plane}'s MySQL data directory. */
  public static Command command(ControlPlane plane, SharedStorage storage) {
    return command(plane.mysql().datadir().orElse("/var/lib/mysql"), storage.fstype(), storage.device(),
        storage.options().orElse(""));
  }

  /** The same move with explicit values (a sandbox, a test). */
  static Command command(String datadir, String fstype, String device, String options) {
    return Command.selfChecking(Command.of("sh", "-c", SCRIPT, "sh", datadir, fstype, device, options));
  }
}
