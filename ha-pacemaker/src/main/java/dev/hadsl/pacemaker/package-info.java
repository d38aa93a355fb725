/** The Pacemaker cluster as values, rendered to pcs commands and CIB XML, with crm_simulate failover queries. */
@HaStyle
package dev.hadsl.pacemaker;

import dev.hadsl.core.HaStyle;
