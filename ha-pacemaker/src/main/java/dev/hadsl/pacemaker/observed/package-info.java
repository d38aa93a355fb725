/**
 * What a running cluster has, read without changing anything, and how it differs from the model. Kept apart from
 * rendering: renderers stay pure functions of the model; a plan for a cluster that already runs is the model's plan
 * plus the steps {@link dev.hadsl.pacemaker.observed.MembershipChange} derives from the difference.
 */
package dev.hadsl.pacemaker.observed;
