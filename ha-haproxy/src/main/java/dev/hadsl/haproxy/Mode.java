package dev.hadsl.haproxy;

/** A proxy's mode. */
public enum Mode {
  HTTP("http"),
  TCP("tcp");

  private final String keyword;

  Mode(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }
}
