package dev.hadsl.core;

import java.util.ArrayList;
import java.util.List;

/** Installs packages, unless every one is installed already (asked of rpm or dpkg, which are fast and offline). */
public enum PackageManager {
  YUM("yum"),
  DNF("dnf"),
  APT("apt-get");

  private final String program;

  PackageManager(String program) {
    this.program = program;
  }

  public Command install(List<String> packages) {
    List<String> argv = new ArrayList<>(List.of(program, "install", "-y"));
    argv.addAll(packages);
    List<String> check = new ArrayList<>();
    if (this == APT) {
      check.addAll(List.of("sh", "-c", "for p; do [ \"$(dpkg-query -W -f='${Status}' \"$p\" 2>/dev/null)\""
          + " = 'install ok installed' ] || exit 1; done", "sh"));
    } else {
      // rpm -q exits with the number of packages not installed.
      check.addAll(List.of("rpm", "-q", "--quiet"));
    }
    check.addAll(packages);
    return Command.builder().addAllArgv(argv).unless(Command.of(check)).build();
  }
}
