package dev.hadsl.core;

import java.util.ArrayList;
import java.util.List;

/** Installs packages; installing an installed package succeeds, so the step is idempotent. */
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
    return Command.of(argv);
  }
}
