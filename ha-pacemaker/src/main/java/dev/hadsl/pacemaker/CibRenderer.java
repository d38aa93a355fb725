package dev.hadsl.pacemaker;

import dev.hadsl.core.TextWriter;
import java.util.Map;

/**
 * Renders a cluster natively as CIB XML, deterministic to the byte: ids of attribute sets and operations are derived
 * the way pcs derives them, so a native render and a pcs-built CIB describe the same thing with the same ids.
 */
public final class CibRenderer {
  /** The schema written to {@code validate-with}: Pacemaker 2.1's. */
  public static final String SCHEMA = "pacemaker-3.9";

  private CibRenderer() {}

  /**
   * A whole CIB ({@code <cib>} with configuration and empty status), for crm_verify and crm_simulate. Nodes are left
   * out, as in a fresh {@code pcs cluster cib}: offline, a listed node without status counts as unclean.
   */
  public static String render(Cluster cluster) {
    TextWriter xml = new TextWriter();
    xml.line("<cib validate-with=\"%s\" admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\">", SCHEMA).indent();
    configuration(xml, cluster);
    xml.line("<status/>").outdent().line("</cib>");
    return xml.toString();
  }

  private static void configuration(TextWriter xml, Cluster cluster) {
    xml.line("<configuration>").indent();
    xml.line("<crm_config>").indent();
    nvset(xml, "cluster_property_set", CibIds.PROPERTY_SET, cluster.effectiveProperties());
    xml.outdent().line("</crm_config>");
    xml.line("<nodes/>");
    resources(xml, cluster);
    constraints(xml, cluster);
    defaults(xml, cluster);
    xml.outdent().line("</configuration>");
  }

  /** The {@code <resources>} section: fencing devices first, then the resources in model order. */
  static String renderResources(Cluster cluster) {
    TextWriter xml = new TextWriter();
    resources(xml, cluster);
    return xml.toString();
  }

  /** The {@code <constraints>} section. */
  static String renderConstraints(Cluster cluster) {
    TextWriter xml = new TextWriter();
    constraints(xml, cluster);
    return xml.toString();
  }

  /**
   * What the model owns outside resources and constraints, as a {@code <configuration>} fragment for
   * {@code cibadmin --modify}: its properties in {@code cib-bootstrap-options} and its resource and operation defaults.
   * Modify merges by element and id, so every other property and default stays as it is.
   */
  static String renderOwnedSettings(Cluster cluster) {
    TextWriter xml = new TextWriter();
    xml.line("<configuration>").indent();
    xml.line("<crm_config>").indent();
    nvset(xml, "cluster_property_set", CibIds.PROPERTY_SET, cluster.effectiveProperties());
    xml.outdent().line("</crm_config>");
    defaults(xml, cluster);
    xml.outdent().line("</configuration>");
    return xml.toString();
  }

  private static void resources(TextWriter xml, Cluster cluster) {
    xml.line("<resources>").indent();
    cluster.fencingDevices().forEach(device -> primitive(xml, device));
    cluster.resources().forEach(resource -> resource(xml, resource));
    xml.outdent().line("</resources>");
  }

  private static void constraints(TextWriter xml, Cluster cluster) {
    xml.line("<constraints>").indent();
    cluster.constraints().forEach(constraint -> constraint(xml, constraint));
    xml.outdent().line("</constraints>");
  }

  private static void defaults(TextWriter xml, Cluster cluster) {
    if (!cluster.resourceDefaults().isEmpty()) {
      xml.line("<rsc_defaults>").indent();
      nvset(xml, "meta_attributes", CibIds.RESOURCE_DEFAULTS, cluster.resourceDefaults());
      xml.outdent().line("</rsc_defaults>");
    }
    if (!cluster.operationDefaults().isEmpty()) {
      xml.line("<op_defaults>").indent();
      nvset(xml, "meta_attributes", CibIds.OPERATION_DEFAULTS, cluster.operationDefaults());
      xml.outdent().line("</op_defaults>");
    }
  }

  private static void resource(TextWriter xml, Resource resource) {
    if (resource instanceof Primitive primitive) {
      primitive(xml, primitive);
    } else if (resource instanceof Group group) {
      xml.line("<group id=\"%s\">", group.id()).indent();
      group.members().forEach(member -> primitive(xml, member));
      nvset(xml, "meta_attributes", CibIds.metaAttributes(group.id()), group.metaAttributes());
      xml.outdent().line("</group>");
    } else if (resource instanceof Clone clone) {
      xml.line("<clone id=\"%s\">", clone.id()).indent();
      resource(xml, clone.child());
      nvset(xml, "meta_attributes", CibIds.metaAttributes(clone.id()), clone.effectiveMetaAttributes());
      xml.outdent().line("</clone>");
    } else {
      throw new IllegalArgumentException("unknown resource kind: " + resource);
    }
  }

  private static void primitive(TextWriter xml, Primitive primitive) {
    Agent agent = primitive.agent();
    xml.line("<primitive id=\"%s\" class=\"%s\"%s type=\"%s\">", primitive.id(), agent.standard(),
        agent.provider().map(p -> " provider=\"" + p + "\"").orElse(""), escape(agent.type())).indent();
    nvset(xml, "instance_attributes", CibIds.instanceAttributes(primitive.id()), primitive.instanceAttributes());
    nvset(xml, "meta_attributes", CibIds.metaAttributes(primitive.id()), primitive.metaAttributes());
    xml.line("<operations>").indent();
    for (Operation op : primitive.effectiveOperations()) {
      xml.line("<op id=\"%s\" name=\"%s\" interval=\"%s\"%s%s%s/>", op.idFor(primitive.id()), op.name(),
          Ids.time(op.interval()), op.timeout().map(t -> " timeout=\"" + Ids.time(t) + "\"").orElse(""),
          op.role().map(r -> " role=\"" + r + "\"").orElse(""),
          op.onFail().map(f -> " on-fail=\"" + f + "\"").orElse(""));
    }
    xml.outdent().line("</operations>");
    xml.outdent().line("</primitive>");
  }

  private static void constraint(TextWriter xml, Constraint constraint) {
    if (constraint instanceof Colocation c) {
      // Once either side has a role, both are written, the unnamed one as Started (its meaning), as pcs writes it.
      boolean roles = c.resourceRole().isPresent() || c.withResourceRole().isPresent();
      xml.line("<rsc_colocation id=\"%s\" rsc=\"%s\"%s with-rsc=\"%s\"%s score=\"%s\"/>", c.id(), c.resource(),
          roles ? " rsc-role=\"" + c.resourceRole().orElse("Started") + "\"" : "", c.withResource(),
          roles ? " with-rsc-role=\"" + c.withResourceRole().orElse("Started") + "\"" : "", c.score());
    } else if (constraint instanceof Order o) {
      xml.line("<rsc_order id=\"%s\" first=\"%s\" first-action=\"%s\" then=\"%s\" then-action=\"%s\" kind=\"%s\"/>",
          o.id(), o.first(), o.firstAction(), o.then(), o.thenAction(), o.kind().text());
    } else if (constraint instanceof Location l) {
      xml.line("<rsc_location id=\"%s\" rsc=\"%s\" node=\"%s\" score=\"%s\"/>", l.id(), l.resource(),
          escape(l.node()), l.score());
    } else {
      throw new IllegalArgumentException("unknown constraint kind: " + constraint);
    }
  }

  private static void nvset(TextWriter xml, String element, String id, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    xml.line("<%s id=\"%s\">", element, id).indent();
    values.forEach((name, value) -> xml.line("<nvpair id=\"%s\" name=\"%s\" value=\"%s\"/>",
        CibIds.nvpair(id, name), escape(name), escape(value)));
    xml.outdent().line("</%s>", element);
  }

  /** XML attribute escaping: the one place text enters the CIB. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\t' -> out.append("&#9;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
