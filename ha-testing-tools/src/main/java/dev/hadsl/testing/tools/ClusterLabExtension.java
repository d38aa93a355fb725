package dev.hadsl.testing.tools;

import com.google.common.collect.ImmutableList;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.hadsl.core.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh {@link ClusterLab} for every test method, torn down afterwards even when the test fails:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClusterLabExtension LAB = ClusterLabExtension.withNodes(
 *     Host.of("node1", "192.168.122.101/24"), Host.of("node2", "192.168.122.102/24"));
 *
 * @Test
 * void groupMovesWhenItsNodeCrashes(ClusterLab lab) { ... lab.crash("node1"); ... }
 * }</pre>
 *
 * Needs root (skipped locally without it, a failure under CI). The lab's files live in a directory of their own,
 * deleted after a passing test and kept, with its path printed, after a failing one.
 */
public final class ClusterLabExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final ImmutableList<Host> hosts;
  private Path directory;
  private ClusterLab lab;

  private ClusterLabExtension(List<Host> hosts) {
    Objects.requireNonNull(hosts, "hosts must not be null");
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("hosts: a cluster lab needs at least one node");
    }
    this.hosts = ImmutableList.copyOf(hosts);
  }

  /** A lab of these nodes (each with a prefix, all in one subnet, e.g. {@code 192.168.122.101/24}). */
  public static ClusterLabExtension withNodes(List<Host> hosts) {
    return new ClusterLabExtension(hosts);
  }

  /** A lab of these nodes. */
  public static ClusterLabExtension withNodes(Host... hosts) {
    return new ClusterLabExtension(List.of(hosts));
  }

  /** The nodes every lab of this extension has. */
  public ImmutableList<Host> hosts() {
    return hosts;
  }

  /** The running lab of the current test. */
  public ClusterLab lab() {
    if (lab == null) {
      throw new IllegalStateException("no cluster lab is running: lab() is for use inside a test method");
    }
    return lab;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    directory = Files.createTempDirectory("ha-dsl-lab-");
    lab = ClusterLab.start(directory, hosts);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    boolean labRan = lab != null;
    try {
      if (labRan) {
        lab.close();
      }
    } finally {
      lab = null;
      Path files = directory;
      directory = null;
      if (labRan && context.getExecutionException().isPresent()) {
        System.err.println("cluster lab files of the failed test " + context.getDisplayName() + " kept in " + files);
      } else if (files != null) {
        MoreFiles.deleteRecursively(files, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ClusterLab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return lab();
  }
}
