package dev.hadsl.testing.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Samples {@code /proc/PID/cmdline} of every process on the machine (the lab's nodes included: their pid namespaces
 * are nested in this one) while an action runs: {@code /proc/*}{@code /cmdline} is world-readable, so whatever a
 * test finds there, any local user could have read.
 */
public final class CommandLineWatcher {
  private CommandLineWatcher() {}

  /** Every distinct command line seen while {@code action} ran (sampling bounded: 10 minutes). */
  public static Set<String> watchWhile(Runnable action) throws InterruptedException {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Thread watcher = new Thread(() -> {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
      while (!Thread.currentThread().isInterrupted() && Instant.now().isBefore(deadline)) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
          processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
            try {
              byte[] cmdline = Files.readAllBytes(p.resolve("cmdline"));
              seen.add(new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
            } catch (IOException | RuntimeException gone) {
              // the process ended between listing and reading
            }
          });
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        try {
          Thread.sleep(5); // leaves the CPU to the action; a process that lives 50 ms is seen
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cmdline-watcher");
    watcher.setDaemon(true);
    watcher.start();
    try {
      action.run();
    } finally {
      watcher.interrupt();
      watcher.join(10_000);
    }
    return new TreeSet<>(seen);
  }
}
