/** Qpid made highly available: active/passive under Pacemaker, or a Qpid cluster on Corosync. */
@HaStyle
package dev.hadsl.qpid;

import dev.hadsl.core.HaStyle;
