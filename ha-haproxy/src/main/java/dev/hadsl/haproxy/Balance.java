package dev.hadsl.haproxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.Optional;
import org.immutables.value.Value;

/** A load-balancing algorithm, optionally with its argument ({@code url_param NAME}, {@code hdr(NAME)}). */
@Value.Immutable
public abstract class Balance {
  /** Algorithm keyword to the mode it needs (empty: any) . */
  private static final ImmutableMap<String, Optional<Mode>> ALGORITHMS = ImmutableMap.<String, Optional<Mode>>builder()
      .put("roundrobin", Optional.empty())
      .put("static-rr", Optional.empty())
      .put("leastconn", Optional.empty())
      .put("first", Optional.empty())
      .put("source", Optional.empty())
      .put("random", Optional.empty())
      .put("uri", Optional.of(Mode.HTTP))
      .put("url_param", Optional.of(Mode.HTTP))
      .put("hdr", Optional.of(Mode.HTTP))
      .put("rdp-cookie", Optional.of(Mode.TCP))
      .build();

  /** The algorithm keyword, e.g. {@code roundrobin}. */
  @Value.Parameter
  public abstract String algorithm();

  /** The argument of {@code url_param} or {@code hdr}; absent for the others. */
  @Value.Parameter
  public abstract Optional<String> argument();

  /** Each server in turn, by weight. */
  public static Balance roundRobin() {
    return ImmutableBalance.of("roundrobin", Optional.empty());
  }

  /** The server with the fewest connections: for long sessions. */
  public static Balance leastConn() {
    return ImmutableBalance.of("leastconn", Optional.empty());
  }

  /** Same client address, same server: for services that keep per-client state. */
  public static Balance source() {
    return ImmutableBalance.of("source", Optional.empty());
  }

  /** Always the first server with free slots: active/passive through the balancer. */
  public static Balance first() {
    return ImmutableBalance.of("first", Optional.empty());
  }

  /** An algorithm without argument, by keyword. */
  public static Balance of(String algorithm) {
    return ImmutableBalance.of(algorithm, Optional.empty());
  }

  /** By the value of a URL query parameter (HTTP mode). */
  public static Balance urlParam(String parameter) {
    return ImmutableBalance.of("url_param", Optional.of(parameter));
  }

  /** By the value of a request header (HTTP mode). */
  public static Balance header(String header) {
    return ImmutableBalance.of("hdr", Optional.of(header));
  }

  /** Rejects unknown algorithms, a missing or surplus argument and a malformed argument. */
  @Value.Check
  protected void validate() {
    checkArgument(ALGORITHMS.containsKey(algorithm()), "balance algorithm '%s' is not one of %s", algorithm(),
        String.join(", ", ALGORITHMS.keySet()));
    boolean needsArgument = algorithm().equals("url_param") || algorithm().equals("hdr");
    checkArgument(needsArgument == argument().isPresent(), "balance %s %s an argument", algorithm(),
        needsArgument ? "needs" : "takes no");
    argument().ifPresent(a -> checkArgument(a.matches("[A-Za-z0-9_.-]+"),
        "balance %s: argument '%s' may only contain letters, digits, '-', '_' and '.'", algorithm(), a));
  }

  /** The mode the algorithm works in only; empty when it works in any. */
  public Optional<Mode> requiredMode() {
    return ALGORITHMS.get(algorithm());
  }

  String render() {
    if (algorithm().equals("hdr")) {
      return "balance hdr(" + argument().orElseThrow() + ")";
    }
    return "balance " + algorithm() + argument().map(a -> " " + a).orElse("");
  }

  /** Starts a builder, e.g. to change a default ({@code builder().from(value)} copies one first). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Balance}. */
  public static class Builder extends ImmutableBalance.Builder {}
}
