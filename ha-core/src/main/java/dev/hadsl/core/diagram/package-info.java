/**
 * Diagrams: DOT quoting (the one place a user string enters a Graphviz graph) and SVG through the real {@code dot},
 * run by an executor. Knows Graphviz's syntax, never what is drawn.
 */
package dev.hadsl.core.diagram;
