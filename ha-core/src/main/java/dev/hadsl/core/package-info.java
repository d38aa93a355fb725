/** Shared values, artifacts and plans of ha-dsl; knows no product. */
@HaStyle
package dev.hadsl.core;
