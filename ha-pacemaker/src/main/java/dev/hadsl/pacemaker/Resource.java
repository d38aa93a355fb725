package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * Something Pacemaker places: a {@link Primitive}, a {@link Group} or a {@link Clone}. Sealed, so a renderer that
 * handles these three handles every resource.
 */
public sealed interface Resource permits Primitive, Group, Clone {
  /** The resource's id in the CIB, unique across resources. */
  String id();

  /** Meta attributes, e.g. {@code target-role} or {@code interleave}. */
  ImmutableMap<String, String> metaAttributes();

  /** This resource and every resource inside it, outermost first. */
  ImmutableList<Resource> selfAndDescendants();

  /** Every primitive inside (or this one), in start order. */
  ImmutableList<Primitive> primitives();
}
