/**
 * Asks Pacemaker's own scheduler ({@code crm_simulate}, offline) where a {@link dev.hadsl.pacemaker.Cluster}'s
 * resources run and where they go when a node fails: the execution side of the model, kept apart from the value
 * types because it runs a tool through an {@link dev.hadsl.core.exec.Executor}.
 */
package dev.hadsl.pacemaker.simulation;
