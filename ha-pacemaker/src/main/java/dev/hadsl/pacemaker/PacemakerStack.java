package dev.hadsl.pacemaker;

import dev.hadsl.core.Version;
import org.immutables.value.Value;

/**
 * The cluster software a target runs, by version: what the renderers may use is asked of it ("does this pcs have
 * {@code --no-default-ops}?") rather than of a named dialect. Every gate below cites where the feature first
 * appeared.
 */
@Value.Immutable
public abstract class PacemakerStack {
  /** RHEL 6.5, the runbook's: pcs 0.9.90 on CMAN (Corosync 1.4), Pacemaker 1.1.10, fence-agents 3.1.5. */
  public static final PacemakerStack RHEL_6_5 = builder().pcs(Version.of("0.9.90")).pacemaker(Version.of("1.1.10"))
      .corosync(Version.of("1.4.1")).fenceAgents(Version.of("3.1.5")).build();
  /** EL9 (RHEL 9.2 and its rebuilds): pcs 0.11.4, Pacemaker 2.1.5, Corosync 3.1.7, fence-agents 4.10. */
  public static final PacemakerStack EL9 = builder().pcs(Version.of("0.11.4")).pacemaker(Version.of("2.1.5"))
      .corosync(Version.of("3.1.7")).fenceAgents(Version.of("4.10.0")).build();

  /** The pcs version: which commands and options the renderers may use. */
  public abstract Version pcs();

  /** The Pacemaker version. */
  public abstract Version pacemaker();

  /** The Corosync version; 1.x means CMAN runs the membership. */
  public abstract Version corosync();

  /** The fence-agents version, which decides the fence parameter names. */
  public abstract Version fenceAgents();

  /**
   * Whether CMAN runs the membership (RHEL 6): Pacemaker on Corosync 1 there is started through {@code cman}, whose
   * {@code /etc/cluster/cluster.conf} pcs writes with {@code ccs}, one node at a time.
   */
  @Value.Default
  public boolean cman() {
    return corosync().major() == 1;
  }

  /**
   * Whether pcsd runs on the nodes, so one node can authenticate to all and configure them. RHEL 6.5's pcs 0.9.90
   * shipped without it; pcsd and {@code pcs cluster auth} from one node came with RHEL 6.6's pcs 0.9.123 (Red Hat,
   * "Configuring the Red Hat High Availability Add-On with Pacemaker" for RHEL 6, appendix A.2, "Cluster Creation in
   * Red Hat Enterprise Linux Release 6.5 and Red Hat Enterprise Linux Release 6.6"; RHSA-2015:0990 updates pcsd
   * in pcs-0.9.123-9.el6_6). Override for a build that differs.
   */
  @Value.Default
  public boolean pcsd() {
    return pcs().atLeast("0.9.123");
  }

  /** Starts a builder for a stack other than the presets. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PacemakerStack}. */
  public static class Builder extends ImmutablePacemakerStack.Builder {}

  /**
   * {@code pcs host auth} and {@code pcs cluster setup NAME NODE addr=IP} (Corosync 3 / knet), positional
   * {@code clone}/{@code promotable}: pcs 0.10.1, the first 0.10 release (ClusterLabs/pcs CHANGELOG.md, "[0.10.1] -
   * 2018-11-23"; commits eb89daf437 "new command pcs host auth", cf99d9c5c3 "switch to new cluster setup", 6324a59020
   * "replace 'resource master' with 'resource promotable'").
   */
  public boolean pcs010() {
    return pcs().atLeast("0.10.1");
  }

  /**
   * {@code resource create --no-default-ops}: pcs 0.9.107 (ClusterLabs/pcs commit fe64e46a89, "When creating a
   * resource, automatically set default options"; absent from 0.9.90's getopt list, pcs/pcs.py:64). Without it pcs adds only a 60 s monitor when none is given (0.9.90 resource.py:296-306).
   */
  public boolean noDefaultOps() {
    return pcs().atLeast("0.9.107");
  }

  /**
   * {@code pcs cluster cib-push FILE --config}: pcs 0.9.138 (ClusterLabs/pcs commit 2f0be688ce, "Allow
   * scope=configuration in cib commands").
   */
  public boolean cibPushConfig() {
    return pcs().atLeast("0.9.138");
  }

  /**
   * {@code pcs resource [op] defaults update NAME=VALUE}: pcs 0.10.7 (ClusterLabs/pcs commit 88248ab10b, CHANGELOG.md
   * [0.10.7]); before
   * it, {@code pcs resource defaults NAME=VALUE} (0.9.90 usage.py:358-360), which 0.10.7+ still accepts, deprecated.
   */
  public boolean defaultsUpdate() {
    return pcs().atLeast("0.10.7");
  }

  /**
   * {@code pcs stonith create ... --disabled} and {@code pcs stonith enable}: pcs 0.9.156 (ClusterLabs/pcs CHANGELOG.md,
   * [0.9.156]: "Added flags --wait, --disabled, ... into the command pcs stonith create"; commit e584dfebef).
   */
  public boolean stonithCreateDisabled() {
    return pcs().atLeast("0.9.156");
  }

  /**
   * {@code pcs resource restart}: pcs 0.9.136 (ClusterLabs/pcs commit 785931583a, "Added support for 'pcs resource
   * restart'").
   */
  public boolean resourceRestart() {
    return pcs().atLeast("0.9.136");
  }

  /**
   * {@code pcs cluster start --wait}: pcs 0.9.150 (ClusterLabs/pcs commit 5ccd54fe71, "add --wait support to pcs
   * cluster start").
   */
  public boolean clusterStartWait() {
    return pcs().atLeast("0.9.150");
  }

  /**
   * The role names {@code Promoted}/{@code Unpromoted} in the CIB: Pacemaker 2.1.0 (ClusterLabs/pacemaker commit
   * 981ddae8c2, "Feature: scheduler: support OCF 1.1 role names in configuration"); before it only
   * {@code Master}/{@code Slave} (1.1.10: lib/pengine/common.c:371-386).
   */
  public boolean promotedRoleNames() {
    return pacemaker().atLeast("2.1.0");
  }

  /**
   * Whether fence agents take {@code ip}/{@code username}/{@code password} as device parameters: fence-agents 4.1.0
   * (ClusterLabs/fence-agents commit de490e0590, "fencing: Add consistency between command-line and STDIN
   * arguments"; v4.0.25's fence_ipmilan metadata still names only ipaddr/login/passwd). Before it, the old names
   * ({@link FenceAgents}), which later agents still accept as obsolete aliases.
   */
  public boolean modernFenceParameterNames() {
    return fenceAgents().atLeast("4.1.0");
  }

  /** The services that run a node of the cluster, which the plan starts at boot. */
  public java.util.List<String> clusterServices() {
    return cman() ? java.util.List.of("cman", "pacemaker") : java.util.List.of("corosync", "pacemaker");
  }

  /** Rejects pcs 0.10+ on CMAN and Corosync 3 with a pcs older than 0.10.1. */
  @Value.Check
  protected void validate() {
    if (cman() && pcs010()) {
      throw new IllegalArgumentException("pacemaker stack: pcs " + pcs() + " cannot drive CMAN (Corosync " + corosync()
          + "): pcs 0.10 dropped CMAN; use pcs 0.9 or Corosync 2+");
    }
    if (!cman() && corosync().major() >= 3 && !pcs010()) {
      throw new IllegalArgumentException("pacemaker stack: pcs " + pcs() + " cannot set up Corosync " + corosync()
          + ": Corosync 3 (knet) needs pcs 0.10.1 or later");
    }
  }

  @Override
  public String toString() {
    return "pcs " + pcs() + ", Pacemaker " + pacemaker() + ", " + (cman() ? "CMAN/" : "") + "Corosync " + corosync()
        + ", fence-agents " + fenceAgents();
  }
}
