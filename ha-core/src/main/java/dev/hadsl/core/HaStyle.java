package dev.hadsl.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of the project: callers only ever see the abstract value type {@code X} and its nested
 * {@code X.Builder}; the generated {@code ImmutableX} stays package-private. Collections are Guava immutable ones
 * and collection adders are singular ({@code addNode}).
 *
 * <p>{@code allowedClasspathAnnotations} names only {@code Override}: without it the generated classes carry
 * {@code @org.immutables.value.Generated}, whose class file users do not have (Immutables is a build-time dependency
 * of ours), and every user compile warns "Cannot find annotation method 'from()'" (UserCompileTest proves it gone).
 * {@code throwForNullPointer} makes a null attribute a {@link NullValueException} that names it.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    depluralize = true,
    depluralizeDictionary = {"address:addresses", "option:options", "alias:aliases", "property:properties"},
    jdkOnly = false,
    allowedClasspathAnnotations = {Override.class},
    throwForNullPointer = NullValueException.class,
    defaults = @Value.Immutable(copy = false, prehash = false))
public @interface HaStyle {}
