package dev.hadsl.core.exec;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/** How to reach hosts with the system {@code ssh} client. */
@Value.Immutable
public abstract class SshOptions {
  /** The remote user; {@code root} unless set. */
  @Value.Default
  public String user() {
    return "root";
  }

  /** The SSH port; 22 unless set. */
  @Value.Default
  public int port() {
    return 22;
  }

  /** The private key ({@code ssh -i}); ssh's own choice when absent. */
  public abstract Optional<Path> identityFile();

  /** Extra {@code -o} options, e.g. {@code StrictHostKeyChecking=yes} or {@code UserKnownHostsFile=...}. */
  public abstract ImmutableList<String> options();

  /**
   * Words run before {@code ssh} itself, e.g. {@code nsenter -t PID -n --} to reach hosts that live in another
   * network namespace (the test lab's); empty by default.
   */
  public abstract ImmutableList<String> launcher();

  /**
   * When present, each host's login is made once and shared by every later step (OpenSSH connection sharing:
   * {@code ControlMaster=auto}, a socket per connection in this directory, created 0700; an existing one must be this
   * user's with mode 0700, so a shared {@code /tmp} is refused rather than used): a step then costs a
   * channel on an open connection instead of a key exchange and a login. The shared connection ends
   * {@link #sharedConnectionIdle()} after its last use, or at {@link SshExecutor#disconnect}.
   */
  public abstract Optional<Path> connectionSharing();

  /** How long a shared connection stays open after its last use. */
  @Value.Default
  public Duration sharedConnectionIdle() {
    return Duration.ofSeconds(60);
  }

  /** How long one step may run before ssh is killed. */
  @Value.Default
  public Duration timeout() {
    return Duration.ofMinutes(10);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SshOptions}. */
  public static class Builder extends ImmutableSshOptions.Builder {}

  /**
   * Rejects an invalid user name, port or option, a non-positive timeout, an idle time under a second and a long or
   * relative sharing directory.
   */
  @Value.Check
  protected void validate() {
    checkArgument(user().matches("[a-z_][a-z0-9_.-]{0,31}"), "ssh user '%s' is not a valid user name", user());
    checkArgument(!timeout().isZero() && !timeout().isNegative(), "ssh timeout must be > 0, was %s", timeout());
    checkArgument(sharedConnectionIdle().getSeconds() >= 1, "ssh shared connection idle time must be >= 1s, was %s",
        sharedConnectionIdle());
    connectionSharing().ifPresent(directory -> checkArgument(directory.isAbsolute()
        && directory.toString().length() <= 60, "ssh connection sharing directory '%s' must be an absolute path of at"
        + " most 60 characters (a socket path is limited to 108)", directory));
    checkArgument(port() >= 1 && port() <= 65535, "ssh port %s is not from 1 to 65535", port());
    for (String option : options()) {
      checkArgument(option.matches("[A-Za-z]+=[^\\n]*"), "ssh option '%s' is not Key=value", option);
    }
  }
}
