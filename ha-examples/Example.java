// A two-node control plane in a single-file Java program. Run it against the library jar:
//   java -cp ha-examples/target/ha-examples.jar ha-examples/Example.java
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.openstack.Catalog;
import dev.hadsl.openstack.ControlPlane;
import dev.hadsl.openstack.KeystoneAdmin;
import dev.hadsl.openstack.SharedStorage;
import dev.hadsl.pacemaker.CibRenderer;
import java.util.List;

public class Example {
  public static void main(String[] args) {
    ControlPlane plane = ControlPlane.builder()
        .name("lab")
        .addControlNodes(Host.of("ctl1", "10.0.0.11/24"), Host.of("ctl2", "10.0.0.12/24"))
        .floatingIp(FloatingIp.of("10.0.0.10/24"))
        .databaseStorage(SharedStorage.blockDevice("/dev/drbd0", "ext4"))
        .addSingleHostService(ControlPlane.NOVA_CONSOLEAUTH)
        .apiServices(List.of(Catalog.KEYSTONE_PUBLIC, Catalog.KEYSTONE_ADMIN, Catalog.GLANCE_API, Catalog.NOVA_API))
        .horizon(false)
        .disableFencing("lab machines without power control")
        .haclusterPassword(Secret.of("lab-hacluster"))
        .keystone(KeystoneAdmin.token(Secret.of("lab-token")))
        .databasePassword("keystone", Secret.of("lab-db"))
        .databasePassword("glance", Secret.of("lab-db"))
        .databasePassword("nova", Secret.of("lab-db"))
        .servicePassword("glance", Secret.of("lab-service"))
        .servicePassword("nova", Secret.of("lab-service"))
        .build();

    System.out.println(DryRunRenderer.render(plane.plan()));
    System.out.println("---- /etc/haproxy/haproxy.cfg");
    System.out.print(plane.haproxy().render());
    System.out.println("---- CIB");
    System.out.print(CibRenderer.render(plane.cluster()));
  }
}
