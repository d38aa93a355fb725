package dev.hadsl.haproxy;

import dev.hadsl.core.testing.RealTools;
import java.nio.file.Path;

/** A throwaway self-signed certificate + key PEM, made by the real openssl, for TLS binds. */
final class Certificates {
  private Certificates() {}

  static Path selfSigned(Path dir) {
    Path pem = dir.resolve("horizon.pem");
    RealTools.runOk("sh", "-c", "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=horizon.test"
        + " -keyout \"$1\" -out \"$1.crt\" 2>/dev/null && cat \"$1.crt\" >> \"$1\"", "sh", pem.toString());
    return pem;
  }
}
