package dev.hadsl.testing.tools;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real tools a test class or method needs, e.g. {@code @RequiresTools({"haproxy", "crm_verify"})}. Before each
 * test {@link RealToolsExtension} looks them up (PATH plus the sbin directories): a missing tool skips the test
 * locally, with a message naming the install script, and fails it under CI ({@code CI=true}), so a build can never
 * go green by skipping the real checks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RealToolsExtension.class)
public @interface RequiresTools {
  /** Tool names as found on PATH ({@code haproxy}) or absolute paths. */
  String[] value();
}
