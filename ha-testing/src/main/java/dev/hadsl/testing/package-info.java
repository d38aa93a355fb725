/**
 * Testing support for users of ha-dsl: {@link dev.hadsl.testing.HaAssertions} (AssertJ entry points over plans,
 * clusters and HAProxy configurations, judged by the real tools); the fixtures — {@code @RequiresTools}, the
 * {@code ClusterLab} and its JUnit 5 extension — are in {@code dev.hadsl.testing.tools}.
 */
package dev.hadsl.testing;
