import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.haproxy.Bind;
import dev.hadsl.haproxy.HaproxyConfig;
import dev.hadsl.haproxy.Proxy;
import dev.hadsl.haproxy.Server;
import dev.hadsl.openstack.ControlPlane;
import dev.hadsl.openstack.KeystoneAdmin;
import dev.hadsl.openstack.Platform;
import dev.hadsl.openstack.SharedStorage;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.Group;
import dev.hadsl.pacemaker.Primitive;
import java.util.List;

/** A user's program against the published jars, compiled by UserCompileTest with -Xlint:all -Werror. */
public final class UserProgram {
  private UserProgram() {}

  public static void main(String[] args) {
    List<Host> nodes = List.of(Host.of("node1", "192.168.122.101/24"), Host.of("node2", "192.168.122.102/24"));
    Cluster cluster = Cluster.builder().name("openstack").addAllNodes(nodes).disableFencing("a user's test bed")
        .addResource(Group.of("services", Primitive.ipAddr2("vip", FloatingIp.of("192.168.122.200/24")),
            Primitive.lsb("haproxy")))
        .build();
    HaproxyConfig proxy = HaproxyConfig.builder().addProxy(Proxy.listen("glance-api").addBind(Bind.anyAddress(9292))
        .addServer(Server.of("node1", "192.168.122.101", 9292)).build()).build();
    ControlPlane plane = ControlPlane.builder().addAllControlNodes(nodes)
        .floatingIp(FloatingIp.of("192.168.122.200/24"))
        .databaseStorage(SharedStorage.nfs("192.168.122.1:/srv/mysql"))
        .platform(Platform.EL9)
        .haclusterPassword(Secret.of("example-only"))
        .keystone(KeystoneAdmin.token(Secret.of("example-token")))
        .build();
    Plan plan = plane.plan();
    System.out.println(CibRenderer.render(cluster).length() + proxy.render().length() + plan.steps().size());
    System.out.println(DryRunRenderer.class.getSimpleName());
  }
}
