package dev.hadsl.openstack;

import dev.hadsl.core.InitSystem;
import dev.hadsl.core.PackageManager;
import dev.hadsl.core.Version;
import dev.hadsl.pacemaker.MysqlOptions;
import dev.hadsl.pacemaker.PacemakerStack;
import dev.hadsl.qpid.CorosyncDialect;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What the control nodes run, by version: the cluster stack, HAProxy, Qpid, the init system and package manager. The
 * renderers ask it what the target accepts, and a {@link ControlPlane} that asks for something its platform lacks is
 * refused, naming the feature and the version. Two presets: the runbook's {@link #RHEL_6_5} and the modern
 * {@link #EL9}; define another with {@link #builder()}.
 */
@Value.Immutable
public abstract class Platform {
  /** Debian 12's galera-4 (26.4.23-0+deb12u1 on the lab machine, dpkg -l; bookworm's MariaDB is 10.11). */
  static final String DEBIAN_12_GALERA = "26.4.23";
  /** Debian 12's rabbitmq-server (3.10.8-1.1+deb12u1 on the lab machine, dpkg -l). */
  static final String DEBIAN_12_RABBITMQ = "3.10.8";
  /**
   * EL9's galera package, which mariadb-server-galera (MariaDB 10.5) requires ("Requires: galera >= 26.4.3",
   * mariadb.spec, openela-main/mariadb el9, imports/el9/mariadb-10.5.22-1.el9_2; galera 26.4.14-1.el9_2).
   */
  static final String EL9_GALERA = "26.4.14";

  /**
   * The runbook's platform, RHEL 6.5 with RDO Havana: pcs 0.9.90 on CMAN (no pcsd), Pacemaker 1.1.10, fence-agents
   * 3.1.5, HAProxy 1.4.24, Qpid C++ 0.14 (with its Corosync cluster module), SysV init, yum, MySQL 5.1 as
   * {@code mysqld}.
   */
  public static final Platform RHEL_6_5 = builder().name("RHEL 6.5").pacemaker(PacemakerStack.RHEL_6_5)
      .haproxy(Version.of("1.4.24")).qpid(Version.of("0.14")).initSystem(InitSystem.SYSV)
      .packageManager(PackageManager.YUM).mysqlService("mysqld").mysql(MysqlOptions.rhel6()).build();

  /**
   * A coherent modern platform, EL9 (RHEL 9.2 and its rebuilds): pcs 0.11.4, Pacemaker 2.1.5, Corosync 3.1.7,
   * HAProxy 2.4.17, systemd (so the services Pacemaker owns are {@code systemd:} resources: EL7 and later ship no init
   * scripts for them), dnf, MariaDB as {@code mariadb}. Its Qpid is the last C++ broker, 1.39.0, which has no cluster
   * module: the clustered Qpid variant is refused here.
   */
  public static final Platform EL9 = builder().name("EL9").pacemaker(PacemakerStack.EL9)
      .haproxy(Version.of("2.4.17")).qpid(Version.of("1.39.0")).initSystem(InitSystem.SYSTEMD)
      .packageManager(PackageManager.DNF).mysqlService("mariadb").mysql(MysqlOptions.el9())
      .galera(Version.of(EL9_GALERA)).build();

  /**
   * The lab's platform: Debian 12 as the test machine has it, run in namespaces without systemd (SysV init scripts
   * through {@code service}, {@code lsb:} resources), apt, MariaDB as {@code mariadb} in Debian's paths; pcs 0.11.5
   * with pcsd, Pacemaker 2.1.5, Corosync 3.1.7, fence-agents 4.12.1, HAProxy 2.6.12. Debian has no Qpid C++ broker.
   */
  public static final Platform DEBIAN_12_LAB = builder().name("Debian 12 (lab)")
      .pacemaker(PacemakerStack.builder().pcs(Version.of("0.11.5")).pacemaker(Version.of("2.1.5"))
          .corosync(Version.of("3.1.7")).fenceAgents(Version.of("4.12.1")).build())
      .haproxy(Version.of("2.6.12")).initSystem(InitSystem.DEBIAN_SYSV).packageManager(PackageManager.APT)
      .mysqlService("mariadb").mysql(MysqlOptions.debian()).galera(Version.of(DEBIAN_12_GALERA))
      .rabbitmq(Version.of(DEBIAN_12_RABBITMQ)).build();

  /**
   * The last Qpid C++ release with the Corosync-based cluster module ({@code qpid-cpp-server-cluster}): 0.18. The
   * module was removed before 0.20 was branched (apache/qpid 798cebf0e4, svn r1371647, "Remove cluster (prerequisite
   * for QPID-4178)", 2012-08-10): 0.18 still has src/qpid/cluster, 0.20 has none. (README-HA.txt at 0.22 says "up to
   * version 0.20"; the code is what runs.) Red Hat's MRG shipped qpid-cpp-server-cluster up to 0.18.
   */
  static final String LAST_QPID_WITH_CLUSTER = "0.18";
  /** TLS binds in HAProxy: 1.5 (haproxy/haproxy 6e159299f1, v1.5-dev12). */
  static final String HAPROXY_TLS = "1.5";

  /** A name for messages and generated headers: "RHEL 6.5". */
  public abstract String name();

  /** The cluster stack: pcs, Pacemaker, Corosync (or CMAN) and fence-agents versions. */
  public abstract PacemakerStack pacemaker();

  /** The HAProxy version; below 1.5 it cannot terminate TLS. */
  public abstract Version haproxy();

  /** The Qpid C++ broker's version; absent when the platform has none. */
  public abstract Optional<Version> qpid();

  /**
   * The Galera replication library (wsrep provider) the platform's packages ship for its MariaDB; absent when it
   * has none (RHEL 6.5: MySQL 5.1, no Galera in the distribution).
   */
  public abstract Optional<Version> galera();

  /**
   * The RabbitMQ server the platform's packages ship, with Pacemaker's {@code ocf:heartbeat:rabbitmq-cluster} agent
   * beside it (resource-agents 3.9.7 and later); absent when it has none: RHEL 6.5 (EPEL's 3.1.5 exists, but its
   * resource-agents 3.9.5 predates the agent: ClusterLabs/resource-agents e2a8ce35cb, "High: introducing rabbitmq
   * clustering agent", first tagged v3.9.7rc1) and EL9 (RHEL 9's own repositories have no rabbitmq-server: RDO takes
   * it from the CentOS Messaging SIG; a platform built with {@code rabbitmq(...)} says so).
   */
  public abstract Optional<Version> rabbitmq();

  /** How services are started, and so which resource class Pacemaker runs them as. */
  public abstract InitSystem initSystem();

  /** The package manager that installs the cluster stack, HAProxy and friends. */
  public abstract PackageManager packageManager();

  /** The init name of the database service Pacemaker takes over ({@code mysqld} on RHEL 6, {@code mariadb} on EL9). */
  public abstract String mysqlService();

  /** The database's layout, as {@code ocf:heartbeat:mysql} is told it. */
  public abstract MysqlOptions mysql();

  /** Starts a builder for a platform other than the presets. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Platform}. */
  public static class Builder extends ImmutablePlatform.Builder {}

  /** Whether HAProxy itself can terminate TLS. */
  public boolean haproxyTerminatesTls() {
    return haproxy().atLeast(HAPROXY_TLS);
  }

  /** Whether the clustered Qpid variant (Corosync cluster module) exists here. */
  public boolean qpidCluster() {
    return qpid().map(v -> v.atMost(LAST_QPID_WITH_CLUSTER)).orElse(false);
  }

  /** The Corosync the Qpid cluster's nodes run: the cluster stack's. */
  public CorosyncDialect corosyncDialect() {
    return pacemaker().corosync().major() == 1 ? CorosyncDialect.COROSYNC_1 : CorosyncDialect.COROSYNC_2_3;
  }

  /** Rejects a {@link #mysqlService()} that is not a service name. */
  @Value.Check
  protected void validate() {
    if (!mysqlService().matches("[A-Za-z0-9_.@-]+")) {
      throw new IllegalArgumentException("platform '" + name() + "': mysqlService '" + mysqlService()
          + "' is not a service name");
    }
  }

  @Override
  public String toString() {
    return name() + " (" + pacemaker() + ", HAProxy " + haproxy() + qpid().map(v -> ", Qpid " + v).orElse("") + ", "
        + initSystem() + ", " + packageManager() + ")";
  }
}
