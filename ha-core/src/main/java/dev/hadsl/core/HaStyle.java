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
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    depluralize = true,
    depluralizeDictionary = {"address:addresses", "option:options", "alias:aliases", "property:properties"},
    jdkOnly = false,
    defaults = @Value.Immutable(copy = false, prehash = false))
public @interface HaStyle {}
