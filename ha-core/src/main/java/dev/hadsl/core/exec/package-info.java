/**
 * The executor SPI and its implementations: dry run and recording, local processes, SSH, and script
 * export. Knows artifacts and plans, never a product.
 */
@HaStyle
package dev.hadsl.core.exec;

import dev.hadsl.core.HaStyle;
