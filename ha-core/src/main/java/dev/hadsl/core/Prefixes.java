package dev.hadsl.core;

import static com.google.common.base.Preconditions.checkArgument;

/** Prefix-length parsing and masks shared by the CIDR-shaped values. */
final class Prefixes {
  private Prefixes() {}

  static int parse(String whole, String prefixText) {
    checkArgument(prefixText.matches("[0-9]{1,2}"), "'%s': prefix '%s' is not a number from 0 to 32", whole,
        prefixText);
    int prefix = Integer.parseInt(prefixText);
    check(whole, prefix);
    return prefix;
  }

  static void check(String whole, int prefix) {
    checkArgument(prefix >= 0 && prefix <= 32, "'%s': prefix %s is not from 0 to 32", whole, prefix);
  }

  static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }
}
