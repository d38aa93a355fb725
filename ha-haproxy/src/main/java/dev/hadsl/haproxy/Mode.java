package dev.hadsl.haproxy;

/** A proxy's mode. */
public enum Mode {
  /** Layer 7: HAProxy parses HTTP, can add headers, route and check by HTTP. */
  HTTP("http"),
  /** Layer 4: bytes are passed through unparsed. */
  TCP("tcp");

  private final String keyword;

  Mode(String keyword) {
    this.keyword = keyword;
  }

  /** The word after {@code mode} in haproxy.cfg. */
  public String keyword() {
    return keyword;
  }
}
