package dev.hadsl.pacemaker;

import java.util.List;

/** A placement or ordering rule between resources: {@link Colocation}, {@link Order}, {@link Location}. */
public sealed interface Constraint permits Colocation, Order, Location {
  /** The constraint's id in the CIB, unique across constraints. */
  String id();

  /** The resource ids it names, to check they exist. */
  List<String> resourceIds();
}
