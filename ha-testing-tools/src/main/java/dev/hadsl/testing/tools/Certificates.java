package dev.hadsl.testing.tools;

import java.nio.file.Path;

/** A throwaway self-signed certificate + key in one PEM, made by the real openssl (for TLS binds that load it). */
public final class Certificates {
  private Certificates() {}

  /** Writes {@code self-signed.pem} (certificate and key, valid two days) into {@code dir} and returns its path. */
  public static Path selfSigned(Path dir) {
    Path pem = dir.resolve("self-signed.pem");
    RealTools.runOk("sh", "-c", "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ha-dsl.test"
        + " -keyout \"$1\" -out \"$1.crt\" 2>/dev/null && cat \"$1.crt\" >> \"$1\"", "sh", pem.toString());
    return pem;
  }
}
