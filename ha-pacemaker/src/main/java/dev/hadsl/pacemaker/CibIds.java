package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableList;

/** The ids the CIB derives for attribute sets and operations, the way pcs names them. */
final class CibIds {
  static final String PROPERTY_SET = "cib-bootstrap-options";
  static final String RESOURCE_DEFAULTS = "rsc_defaults-meta_attributes";
  static final String OPERATION_DEFAULTS = "op_defaults-meta_attributes";

  private CibIds() {}

  static String instanceAttributes(String resourceId) {
    return resourceId + "-instance_attributes";
  }

  static String metaAttributes(String resourceId) {
    return resourceId + "-meta_attributes";
  }

  static String nvpair(String setId, String name) {
    return setId + "-" + name;
  }

  /** Every derived id of the cluster's resources, for the uniqueness check. */
  static ImmutableList<String> derived(Cluster cluster) {
    ImmutableList.Builder<String> ids = ImmutableList.builder();
    ImmutableList<Primitive> primitives = ImmutableList.<Primitive>builder()
        .addAll(cluster.allResources().stream().filter(Primitive.class::isInstance).map(Primitive.class::cast).toList())
        .addAll(cluster.fencingDevices()).build();
    for (Primitive primitive : primitives) {
      ids.add(instanceAttributes(primitive.id()), metaAttributes(primitive.id()));
      primitive.effectiveOperations().forEach(op -> ids.add(op.idFor(primitive.id())));
    }
    cluster.allResources().stream().filter(r -> !(r instanceof Primitive))
        .forEach(r -> ids.add(metaAttributes(r.id())));
    return ids.build();
  }
}
