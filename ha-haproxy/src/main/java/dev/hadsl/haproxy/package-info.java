/** HAProxy configuration as values, rendered to {@code haproxy.cfg}; knows no OpenStack. */
@HaStyle
package dev.hadsl.haproxy;

import dev.hadsl.core.HaStyle;
