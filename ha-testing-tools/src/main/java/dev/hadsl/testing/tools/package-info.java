/**
 * Test fixtures: {@link dev.hadsl.testing.tools.RequiresTools} (real tools located, skipped locally or failed under
 * CI when missing), {@link dev.hadsl.testing.tools.ClusterLab} and
 * {@link dev.hadsl.testing.tools.ClusterLabExtension} (cluster nodes in Linux namespaces on this machine),
 * {@link dev.hadsl.testing.tools.PrivateSshd}, {@link dev.hadsl.testing.tools.CommandLineWatcher}.
 */
package dev.hadsl.testing.tools;
