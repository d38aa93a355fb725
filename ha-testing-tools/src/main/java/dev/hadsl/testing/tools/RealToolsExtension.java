package dev.hadsl.testing.tools;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Checks the tools named by {@link RequiresTools} on the test class (and its enclosing classes) and method before each
 * test; see {@link RealTools#require} for what a missing tool does.
 */
public final class RealToolsExtension implements BeforeEachCallback {
  /** Used by JUnit through {@link RequiresTools}. */
  public RealToolsExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    Set<String> tools = new LinkedHashSet<>();
    for (ExtensionContext current = context; current != null; current = current.getParent().orElse(null)) {
      current.getElement().flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresTools.class))
          .ifPresent(annotation -> tools.addAll(Set.of(annotation.value())));
    }
    tools.forEach(RealTools::require);
  }
}
