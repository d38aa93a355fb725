package dev.hadsl.core;

import java.util.ArrayList;
import java.util.List;

/** Installs packages, unless every one is installed already (asked of rpm or dpkg, which are fast and offline). */
public enum PackageManager {
  /** yum, checked with rpm (RHEL 6 and 7). */
  YUM("yum"),
  /** dnf, checked with rpm (EL8 and later). */
  DNF("dnf"),
  /** apt-get, checked with dpkg-query (Debian). */
  APT("apt-get");

  private final String program;

  PackageManager(String program) {
    this.program = program;
  }

  /** Installs {@code packages} non-interactively, unless every one is installed already. */
  public Command install(List<String> packages) {
    List<String> argv = new ArrayList<>(List.of(program, "install", "-y"));
    argv.addAll(packages);
    List<String> check = new ArrayList<>();
    if (this == APT) {
      // One dpkg-query for all (it reads the whole status database each time it starts; it fails when a name is
      // unknown), then each package looked up in its output with builtins.
      check.addAll(List.of("sh", "-c", "out=$(dpkg-query -W -f='${Package} ${Status}\\n' \"$@\" 2>/dev/null) || exit 1;"
          + " nl=$(printf '\\n.'); nl=${nl%.}; for p; do"
          + " case \"$nl$out$nl\" in *\"$nl$p install ok installed$nl\"*) ;; *) exit 1 ;; esac; done", "sh"));
    } else {
      // rpm -q exits with the number of packages not installed.
      check.addAll(List.of("rpm", "-q", "--quiet"));
    }
    check.addAll(packages);
    return Command.builder().addAllArgv(argv).unless(Command.of(check)).build();
  }
}
