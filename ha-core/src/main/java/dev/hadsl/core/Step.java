package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.immutables.value.Value;

/** One unit of a plan: a stable id, where it runs, what it is for, and the artifact it carries out. */
@Value.Immutable
public abstract class Step {
  // Ids embed host names (up to 253 characters, any case), so they allow both cases and room for a prefix; they are
  // never file names (notifications are, and those stay short and lower-case).
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,511}");
  private static final Pattern NOTIFICATION = Pattern.compile("[a-z0-9][a-z0-9@._-]{0,127}");

  /**
   * Where pending notifications are kept on a host: one empty file per name. They live on the host, not in the
   * runner, so a restart owed by an apply that was interrupted after the edit is still done by the next apply.
   */
  public static final String PENDING_DIRECTORY = "/var/lib/ha-dsl/pending";

  /**
   * The notification name for a service or resource name: the name itself when it is one already (lower case, the
   * usual case: {@code httpd}, {@code openstack-nova-api}), else a lower-case form made safe for a file name and
   * suffixed with a hash of the original, so {@code NOVA} and {@code nova} stay two notifications. Plans derive
   * notifications from user-given service names through this, so every name {@code build()} accepts plans.
   */
  public static String notificationFor(String name) {
    if (NOTIFICATION.matcher(name).matches()) {
      return name;
    }
    String safe = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9@._-]", "_");
    String hash = com.google.common.hash.Hashing.sha256().hashString(name, java.nio.charset.StandardCharsets.UTF_8)
        .toString().substring(0, 12);
    return "n" + safe.substring(0, Math.min(safe.length(), 100)) + "-" + hash;
  }

  /** Stable and unique within a plan, e.g. {@code pacemaker.resource.vip}; lower case, digits, '.', '_', ':', '-'. */
  public abstract String id();

  /** The host or hosts the step runs on. */
  public abstract Target target();

  /** What the step is for, one line, shown in dry runs and progress reports. */
  public abstract String description();

  /** The command, file or INI edit the step carries out. */
  public abstract Artifact artifact();

  /**
   * Names this step raises on its host when it changed something (never when it found its state already in place),
   * e.g. the service that reads the file it edited. Each stays pending on the host until a step that runs
   * {@link #whenNotified() when notified} of it has run.
   */
  public abstract ImmutableSet<String> notifies();

  /**
   * When present, the step runs only while this name is pending on its host, and clears it once it ran: a restart
   * that happens only after a change. With nothing pending it reports "already in place".
   */
  public abstract Optional<String> whenNotified();

  /**
   * What a step's runs must wait for before they start. Every engine keeps each host's runs in plan order; this says
   * whether a run must also wait for other hosts.
   */
  public enum Wait {
    /**
     * Every run of every earlier step, on every host: the plan's order, a barrier. The default: a step that reads or
     * changes another host's state (forms the cluster, installs the CIB, moves the database, talks to the floating
     * IP) needs everything before it done.
     */
    EVERY_HOST,
    /**
     * Only the earlier runs on its own host, and everything the latest {@link #EVERY_HOST} step before it waited
     * for (and that step itself): a step that touches nothing but its own host (a package, a local file, an INI
     * edit, a local service). Between barriers such runs flow per host, and an engine may send them as one batch.
     */
    OWN_HOST
  }

  /** What the step's runs wait for: the plan's order unless the step only touches its own host. */
  @Value.Default
  public Wait waitsFor() {
    return Wait.EVERY_HOST;
  }

  /** A step with no notifications. */
  public static Step of(String id, Target target, String description, Artifact artifact) {
    return builder().id(id).target(target).description(description).artifact(artifact).build();
  }

  /**
   * A step with no notifications that touches only its own host ({@link Wait#OWN_HOST}): it waits for nothing on
   * other hosts beyond what the latest barrier before it waited for.
   */
  public static Step onOwnHost(String id, Target target, String description, Artifact artifact) {
    return builder().id(id).target(target).description(description).artifact(artifact).waitsFor(Wait.OWN_HOST)
        .build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The file that marks {@code name} pending on a host. */
  public static String pendingFile(String name) {
    return PENDING_DIRECTORY + "/" + name;
  }

  /** Builds a {@link Step}. */
  public static class Builder extends ImmutableStep.Builder {}

  /** Rejects a malformed id, a description that is not one non-blank line, and malformed notification names. */
  @Value.Check
  protected void validate() {
    checkArgument(ID.matcher(id()).matches(),
        "step id '%s' must be 1-512 characters of A-Z, a-z, 0-9, '.', '_', ':', '-', starting with a letter or digit",
        Checks.printable(id()));
    checkArgument(!description().isBlank() && description().indexOf('\n') < 0 && description().indexOf('\0') < 0,
        "step '%s': the description must be one non-blank line", id());
    Stream.concat(notifies().stream(), whenNotified().stream()).forEach(name -> checkArgument(
        NOTIFICATION.matcher(name).matches(), "step '%s': notification '%s' must be 1-128 characters of a-z, 0-9,"
            + " '@', '.', '_', '-', starting with a letter or digit", id(), Checks.printable(name)));
  }

  @Override
  public String toString() {
    return id() + " on " + target() + ": " + Redaction.redact(description(), artifact().allSecrets()) + " ["
        + artifact().display() + "]";
  }
}
