package dev.hadsl.core.exec;

import static com.google.common.base.Preconditions.checkArgument;

import dev.hadsl.core.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret key a journal's fingerprints are computed with. A journal line says "this step ran with this exact text";
 * the text holds the step's secrets (a changed password must re-run its step), so an unkeyed hash of it lets anyone
 * who reads the journal test password guesses offline. Keyed (HMAC-SHA256 with 32 random bytes), the line reveals
 * nothing without the key, and the key lives only where the journal's owner keeps it: a 0600 file beside the runner's
 * journals, or inside the exported scripts, which hold the secrets themselves anyway.
 */
public final class JournalKey {
  /** The file {@link #inDirectory(Path)} keeps the key in. */
  public static final String FILE_NAME = ".journal-key";

  private static final int LENGTH = 32;

  private final byte[] key;

  private JournalKey(byte[] key) {
    this.key = key.clone();
  }

  /** A fresh random key. */
  public static JournalKey random() {
    byte[] key = new byte[LENGTH];
    new SecureRandom().nextBytes(key);
    return new JournalKey(key);
  }

  /** A key the caller keeps itself (at least 16 bytes), e.g. to render the same scripts twice. */
  public static JournalKey of(byte[] key) {
    checkArgument(key != null && key.length >= 16, "a journal key needs at least 16 bytes");
    return new JournalKey(key);
  }

  /**
   * The key kept in {@code directory/.journal-key}, created (32 random bytes, 0600) when missing. A key file that is
   * a symbolic link, not a regular file, readable or writable by others, or of the wrong size is refused: whoever
   * could plant or read it could forge or test the journal's lines.
   */
  public static JournalKey inDirectory(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      JournalKey created = random();
      PrivateFiles.requirePrivateFile(file, "journal key"); // created empty and 0600, then filled
      Files.write(file, created.key, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      return created;
    }
    PrivateFiles.requireExistingPrivateFile(file, "journal key");
    byte[] key = Files.readAllBytes(file);
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("journal key " + file + " has " + key.length + " bytes, not " + LENGTH
          + ": remove it and its journals to start afresh");
    }
    return new JournalKey(key);
  }

  /** The step id and the HMAC-SHA256 of the run's rendered form (its shell text, secrets included), in hex. */
  public String fingerprint(Plan.Run run) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] text = ShellSnippets.of(run.step().artifact()).getBytes(StandardCharsets.UTF_8);
      return run.step().id() + " " + HexFormat.of().formatHex(mac.doFinal(text));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  @Override
  public String toString() {
    return "JournalKey(****)";
  }
}
