/** The OpenStack service catalog and the ControlPlane DSL that composes Pacemaker, HAProxy and Qpid. */
@HaStyle
package dev.hadsl.openstack;

import dev.hadsl.core.HaStyle;
