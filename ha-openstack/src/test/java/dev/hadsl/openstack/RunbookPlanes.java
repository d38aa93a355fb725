package dev.hadsl.openstack;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.CorosyncDialect;
import dev.hadsl.qpid.QpidCluster;
import java.util.ArrayList;
import java.util.List;

/** The runbook's control plane on N nodes, fenced through IPMI, with either messaging variant. */
final class RunbookPlanes {
  static final String DB_PASSWORD = "db-secret-1";
  static final String TOKEN = "admin-token-2";
  static final String HACLUSTER = "hacluster-secret-3";
  static final String IPMI = "ipmi-secret-4";
  static final String METADATA = "metadata-secret-5";
  static final String SERVICE_PASSWORD = "service-secret-7";
  static final String HORIZON_KEY = "horizon-key-'6\\";

  private RunbookPlanes() {}

  static List<Host> nodes(int count) {
    List<Host> nodes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      nodes.add(Host.of("node" + i, "192.168.122." + (100 + i) + "/24"));
    }
    return nodes;
  }

  static ControlPlane.Builder builder(int nodeCount) {
    ControlPlane.Builder plane = ControlPlane.builder()
        .addAllControlNodes(nodes(nodeCount))
        .floatingIp(FloatingIp.of("192.168.122.200/24"))
        .databaseStorage(SharedStorage.nfs("192.168.122.1:/srv/mysql"))
        .addSingleHostServices(ControlPlane.NOVA_CONSOLEAUTH, ControlPlane.NEUTRON_L2_AGENT)
        .horizonSsl(HorizonSsl.of("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key"))
        .haclusterPassword(Secret.of(HACLUSTER))
        .metadataProxySecret(Secret.of(METADATA))
        .horizonSecretKey(Secret.of(HORIZON_KEY))
        .keystone(KeystoneAdmin.token(Secret.of(TOKEN)));
    for (String project : List.of("keystone", "glance", "nova", "cinder", "neutron", "heat")) {
      plane.databasePassword(project, Secret.of(DB_PASSWORD));
    }
    for (String project : List.of("glance", "nova", "cinder", "neutron", "heat", "ceilometer")) {
      plane.servicePassword(project, Secret.of(SERVICE_PASSWORD));
    }
    for (Host node : nodes(nodeCount)) {
      String last = node.address().text().substring(node.address().text().lastIndexOf('.') + 1);
      plane.addFencingDevice(Primitive.fenceIpmilan("fence-" + node.name(), node.name(), "192.168.124." + last,
          "admin", Secret.of(IPMI)));
    }
    return plane;
  }

  static ControlPlane inGroup(int nodeCount) {
    return builder(nodeCount).build();
  }

  /** Qpid in the group on the runbook's own platform, RHEL 6.5 (TLS in Apache: HAProxy 1.4 has none). */
  static ControlPlane rhel65(int nodeCount) {
    return builder(nodeCount).platform(Platform.RHEL_6_5).horizonSsl(horizonSsl(Platform.RHEL_6_5)).build();
  }

  static QpidCluster qpidCluster() {
    return QpidCluster.builder().name("openstack-qpid")
        .addMembers(Host.of("qpid1", "192.168.122.111/24"), Host.of("qpid2", "192.168.122.112/24"))
        .build();
  }

  /**
   * A user-defined platform: EL9's cluster stack with a Qpid 0.18 the site builds itself, the one way the clustered
   * Qpid meets Corosync 2/3 (EL9's own Qpid, 1.39, has no cluster module).
   */
  static final Platform EL9_WITH_QPID_0_18 = Platform.builder().from(Platform.EL9).name("EL9 with Qpid 0.18")
      .qpid(dev.hadsl.core.Version.of("0.18")).build();

  /** Qpid clustered, on the runbook's RHEL 6.5 (Corosync 1) or on {@link #EL9_WITH_QPID_0_18} (Corosync 2/3). */
  static ControlPlane clusteredQpid(int nodeCount, CorosyncDialect dialect) {
    Platform platform = dialect == CorosyncDialect.COROSYNC_1 ? Platform.RHEL_6_5 : EL9_WITH_QPID_0_18;
    return builder(nodeCount).platform(platform).horizonSsl(horizonSsl(platform))
        .messaging(Messaging.cluster(qpidCluster())).build();
  }

  /** Horizon's TLS where the platform's HAProxy can end it, else in Apache. */
  static HorizonSsl horizonSsl(Platform platform) {
    return platform.haproxyTerminatesTls()
        ? HorizonSsl.of("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key")
        : HorizonSsl.apache("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key");
  }
}
