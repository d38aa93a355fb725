package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Set;

/** Resource roles a constraint may name. */
final class Roles {
  private static final Set<String> ROLES = Set.of("Started", "Promoted", "Unpromoted");

  private Roles() {}

  static void check(String constraintId, String role) {
    checkArgument(ROLES.contains(role), "constraint '%s': role '%s' is not Started, Promoted or Unpromoted",
        constraintId, role);
  }
}
