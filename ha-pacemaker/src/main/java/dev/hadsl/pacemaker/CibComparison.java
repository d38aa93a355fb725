package dev.hadsl.pacemaker;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Describes a CIB's configuration as comparable lines: resources (with member order), agents, parameters, meta
 * attributes, operations, properties, defaults and constraints. Ids of attribute sets, nvpairs and operations are
 * normalised away (tools name them differently); resource and constraint ids are kept. Nodes and status are ignored.
 */
public final class CibComparison {
  private static final Set<String> DERIVED_ID_ELEMENTS = Set.of("nvpair", "op", "instance_attributes",
      "meta_attributes", "cluster_property_set");

  private static final Set<String> UNORDERED = Set.of("instance_attributes", "meta_attributes", "operations",
      "cluster_property_set");

  private CibComparison() {}

  /** The configuration of {@code cibXml} as comparable lines; equal lines mean the same configuration. */
  public static List<String> describe(String cibXml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element cib = factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(cibXml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
      Element configuration = (Element) cib.getElementsByTagName("configuration").item(0);
      List<String> lines = new ArrayList<>();
      walk(configuration, "", lines);
      return lines;
    } catch (Exception e) {
      throw new IllegalArgumentException("not a CIB: " + e.getMessage(), e);
    }
  }

  private static void walk(Element element, String path, List<String> lines) {
    String name = element.getTagName();
    if (name.equals("nodes") || name.equals("status")) {
      return;
    }
    String here = path + "/" + name;
    TreeMap<String, String> attributes = new TreeMap<>();
    NamedNodeMap map = element.getAttributes();
    for (int i = 0; i < map.getLength(); i++) {
      Node attribute = map.item(i);
      if (attribute.getNodeName().equals("id") && DERIVED_ID_ELEMENTS.contains(name)) {
        continue;
      }
      attributes.put(attribute.getNodeName(), attribute.getNodeValue());
    }
    boolean hasChildElements = false;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      hasChildElements |= child instanceof Element;
    }
    if (!attributes.isEmpty() || !hasChildElements) {
      lines.add(here + " " + attributes);
    }
    List<String> childLines = new ArrayList<>();
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element childElement) {
        walk(childElement, here + (attributes.containsKey("id") ? "[" + attributes.get("id") + "]" : ""), childLines);
      }
    }
    if (UNORDERED.contains(name)) {
      // The order of attributes in a set and of operations means nothing to Pacemaker (pcs sorts them).
      childLines.sort(null);
    }
    lines.addAll(childLines);
  }
}
