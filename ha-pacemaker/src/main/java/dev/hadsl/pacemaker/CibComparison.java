package dev.hadsl.pacemaker;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** Pacemaker's CRM_SCORE_INFINITY (include/crm/common/scores.h). */
  private static final int INFINITY = 1_000_000;

  private CibComparison() {}

  /** The configuration of {@code cibXml} as comparable lines; equal lines mean the same configuration. */
  public static List<String> describe(String cibXml) {
    List<String> lines = new ArrayList<>();
    walk(configuration(cibXml), "", lines);
    return lines;
  }

  /**
   * The comparable lines of each top-level element of {@code section} ({@code resources} or {@code constraints}),
   * keyed by that element's {@code id} attribute as the XML structure gives it, in document order. Ids come from
   * the element, never from the text of its lines: a description containing {@code id=b} names nothing.
   */
  public static Map<String, List<String>> describeElements(String cibXml, String section) {
    Map<String, List<String>> elements = new LinkedHashMap<>();
    Element configuration = configuration(cibXml);
    for (Node child = configuration.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (!(child instanceof Element sectionElement) || !sectionElement.getTagName().equals(section)) {
        continue;
      }
      for (Node member = sectionElement.getFirstChild(); member != null; member = member.getNextSibling()) {
        if (member instanceof Element element) {
          walk(element, "/configuration/" + section,
              elements.computeIfAbsent(element.getAttribute("id"), id -> new ArrayList<>()));
        }
      }
    }
    return elements;
  }

  /**
   * Attribute sets that, empty, mean nothing to Pacemaker, and that its own tools leave behind: crm_resource
   * --restart (pcs resource restart) sets target-role and deletes it, leaving an empty {@code meta_attributes}.
   */
  private static final Set<String> EMPTY_MEANS_NOTHING = Set.of("meta_attributes", "instance_attributes",
      "utilization");

  private static Element configuration(String cibXml) {
    Element cib;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      javax.xml.parsers.DocumentBuilder parser = factory.newDocumentBuilder();
      // The parse error travels in the exception; the default handler would also print it on stderr.
      parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
          throw e;
        }
      });
      cib = parser
          .parse(new ByteArrayInputStream(cibXml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    } catch (Exception e) {
      throw new IllegalArgumentException("not a CIB: " + e.getMessage(), e);
    }
    if (!cib.getTagName().equals("cib")) {
      throw new IllegalArgumentException("not a CIB: the document element is <" + cib.getTagName() + ">, not <cib>");
    }
    for (Node child = cib.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals("configuration")) {
        return element;
      }
    }
    throw new IllegalArgumentException("not a CIB: <cib> has no <configuration> element");
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
      attributes.put(attribute.getNodeName(), attribute.getNodeName().equals("score")
          ? normalisedScore(attribute.getNodeValue()) : attribute.getNodeValue());
    }
    boolean hasChildElements = false;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      hasChildElements |= child instanceof Element;
    }
    if (EMPTY_MEANS_NOTHING.contains(name) && attributes.isEmpty() && !hasChildElements) {
      return;
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

  /**
   * A score as Pacemaker reads it: {@code +100} is {@code 100}, {@code +INFINITY} is {@code INFINITY}, and a number
   * beyond ±1000000 is ±INFINITY (Pacemaker's char2score, lib/common/scores.c: a leading '+' is accepted and values
   * are clamped to CRM_SCORE_INFINITY). Anything else (a node attribute name in a rule, "red") is kept as written.
   */
  static String normalisedScore(String score) {
    String text = score.strip();
    String unsigned = text.startsWith("+") ? text.substring(1) : text;
    if (unsigned.equalsIgnoreCase("INFINITY")) {
      return "INFINITY";
    }
    if (unsigned.equalsIgnoreCase("-INFINITY")) {
      return "-INFINITY";
    }
    if (!unsigned.matches("-?[0-9]{1,30}")) {
      return score;
    }
    java.math.BigInteger value = new java.math.BigInteger(unsigned);
    if (value.compareTo(java.math.BigInteger.valueOf(INFINITY)) >= 0) {
      return "INFINITY";
    }
    if (value.compareTo(java.math.BigInteger.valueOf(-INFINITY)) <= 0) {
      return "-INFINITY";
    }
    return value.toString();
  }
}
