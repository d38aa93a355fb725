package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.export.ScriptExporter;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.QpidCluster;
import dev.hadsl.testing.tools.Certificates;
import dev.hadsl.testing.tools.RealTools;
import dev.hadsl.testing.tools.RequiresTools;
import dev.hadsl.testing.tools.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A property over generated models: whatever {@code build()} accepts, {@code plan()} plans, every renderer and the
 * exporter render, and every artifact passes its real checker ({@code crm_verify}, {@code haproxy -c -dW},
 * {@code sh -n}). Models come from a seeded generator (printed, so a failure reproduces) that varies node counts,
 * host names (upper case, dotted, long), compute nodes, single-host services with user-given LSB names (upper case,
 * dots), HAProxy placement, Qpid in the group or clustered, platform and Corosync token. A model {@code build()}
 * refuses is counted, not checked: the refusal is the other half of the contract, tested elsewhere.
 */
@RequiresTools({"crm_verify", "haproxy"})
class GeneratedModelsTest {
  private static final int MODELS = 60;
  private static final long SEED = 20261206L;
  private static final String NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String NAME_REST = NAME_START + "0123456789-";

  private static String label(Random random, int maxLength) {
    StringBuilder label = new StringBuilder().append(NAME_START.charAt(random.nextInt(NAME_START.length())));
    int length = 1 + random.nextInt(maxLength);
    for (int i = 1; i < length; i++) {
      label.append(NAME_REST.charAt(random.nextInt(NAME_REST.length())));
    }
    // A label does not end with a hyphen.
    return label.charAt(label.length() - 1) == '-' ? label.append('x').toString() : label.toString();
  }

  private static String hostName(Random random) {
    return random.nextInt(4) == 0 ? label(random, 12) + ".example." + label(random, 5) : label(random, 20);
  }

  private static ControlPlane.Builder model(Random random, int addressBase) {
    Platform platform = List.of(Platform.RHEL_6_5, Platform.EL9, Platform.DEBIAN_12_LAB).get(random.nextInt(3));
    boolean rhel = platform == Platform.RHEL_6_5;
    int controlCount = 2 + random.nextInt(4);
    List<Host> control = new ArrayList<>();
    for (int i = 0; i < controlCount; i++) {
      control.add(Host.of(hostName(random), "192.168.122." + (addressBase + i) + "/24"));
    }
    ControlPlane.Builder plane = ControlPlane.builder().platform(platform).addAllControlNodes(control)
        .floatingIp(FloatingIp.of("192.168.122.250/24"))
        // Every kind of database where it can exist (Galera: a platform with it, three nodes or more).
        .database(platform.galera().isPresent() && controlCount >= 3 && random.nextBoolean()
            ? GaleraDatabase.builder().clusterName(label(random, 10)).build()
            : Database.sharedStorage(random.nextBoolean() ? SharedStorage.nfs("192.168.122.1:/srv/" + label(random, 8))
                : SharedStorage.blockDevice("/dev/sd" + "bcd".charAt(random.nextInt(3)), "ext4")))
        .keystone(KeystoneAdmin.token(Secret.of("token-" + random.nextInt())))
        .metadataProxySecret(Secret.of("metadata-" + random.nextInt()))
        .horizonSecretKey(Secret.of("horizon-" + random.nextInt()))
        .haproxyPlacement(random.nextBoolean() ? HaproxyPlacement.CLONE : HaproxyPlacement.IN_GROUP);
    plane.horizonSsl(platform.haproxyTerminatesTls() && random.nextBoolean()
        ? HorizonSsl.of("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key")
        : HorizonSsl.apache("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key"));
    if (platform.pacemaker().pcsd()) {
      plane.haclusterPassword(Secret.of("hacluster-" + random.nextInt()));
      if (random.nextBoolean()) {
        plane.corosyncToken(Duration.ofMillis(300 + random.nextInt(5000)));
      }
    }
    for (int i = 0, computes = random.nextInt(4); i < computes; i++) {
      plane.addComputeNode(Host.of(random.nextInt(10) == 0 ? "qpid1" : hostName(random),
          "192.168.122." + (addressBase + 10 + i) + "/24"));
    }
    if (random.nextBoolean()) {
      plane.addSingleHostServices(ControlPlane.NOVA_CONSOLEAUTH);
    }
    // The neutron agents as the library requires them (each after what it needs): a prefix of the chain.
    List<Primitive> neutron = List.of(ControlPlane.NEUTRON_L2_AGENT, ControlPlane.NEUTRON_L3_AGENT,
        ControlPlane.NEUTRON_DHCP_AGENT, ControlPlane.NEUTRON_METADATA_AGENT);
    plane.addAllSingleHostServices(neutron.subList(0, random.nextInt(neutron.size() + 1)));
    for (int i = 0, custom = random.nextInt(3); i < custom; i++) {
      String type = List.of("NOVA", "My.Service", "svc_" + label(random, 6), label(random, 10)).get(random.nextInt(4));
      plane.addSingleHostServices(Primitive.lsb("custom" + i, type));
    }
    if (platform.rabbitmq().isPresent() && random.nextBoolean()) {
      Secret password = Secret.of("rabbit-" + random.nextInt());
      Secret cookie = Secret.of("COOKIE0123456789ABCD" + label(random, 20).replaceAll("[^A-Za-z0-9]", "x"));
      plane.messaging(controlCount >= 3 && random.nextBoolean() ? Messaging.rabbitMq(password, cookie)
          : Messaging.rabbitMqInGroup(password));
    }
    if (rhel && random.nextBoolean()) {
      plane.messaging(Messaging.cluster(QpidCluster.builder().name("openstack-qpid")
          .addMembers(Host.of("qpid1", "192.168.122.240/24"), Host.of("qpid2", "192.168.122.241/24"))
          .initSystem(platform.initSystem()).packageManager(platform.packageManager()).build()));
    }
    for (String project : List.of("keystone", "glance", "nova", "cinder", "neutron", "heat")) {
      plane.databasePassword(project, Secret.of("db-" + project + "-" + random.nextInt()));
    }
    for (String project : List.of("glance", "nova", "cinder", "neutron", "heat", "ceilometer")) {
      plane.servicePassword(project, Secret.of("service-" + project + "-" + random.nextInt()));
    }
    for (int i = 0; i < control.size(); i++) {
      plane.addFencingDevice(Primitive.fenceIpmilan("fence-" + i, control.get(i).name(),
          "192.168.124." + (addressBase + i), "admin", Secret.of("ipmi-" + random.nextInt())));
    }
    return plane;
  }

  @Test
  void everyModelBuildAcceptsPlansRendersAndPassesTheRealTools(@TempDir Path dir) throws Exception {
    Random random = new Random(SEED);
    Path pem = Certificates.selfSigned(dir);
    int built = 0;
    List<String> refusals = new ArrayList<>();
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (int model = 0; model < MODELS; model++) {
      ControlPlane plane;
      try {
        plane = model(random, 10 + 20 * (model % 10)).build();
      } catch (IllegalArgumentException | NullPointerException e) {
        refusals.add(e.getMessage().lines().findFirst().orElse(""));
        continue;
      }
      built++;
      plane.components().forEach(component -> kinds.add(component.getClass().getSimpleName()
          .replaceFirst("^Immutable", "")));
      String label = "model " + model + " (seed " + SEED + ")";
      Plan plan = plane.plan();
      assertThat(plan.steps()).as(label).isNotEmpty();
      assertThat(DryRunRenderer.render(plan)).as(label).isNotBlank();

      ExecResult cib = RealTools.run("crm_verify", "-V", "-x",
          TempFiles.write(dir, "cib.xml", CibRenderer.render(plane.cluster())).toString());
      assertThat(cib.exitCode()).as("%s: crm_verify\n%s", label, cib.stderr()).isZero();

      Path config = TempFiles.write(dir, "haproxy.cfg",
          plane.haproxy().render().replace("/etc/haproxy/horizon.pem", pem.toString()));
      ExecResult haproxy = RealTools.run("haproxy", "-c", "-dW", "-f", config.toString());
      assertThat(haproxy.exitCode()).as("%s: haproxy -c\n%s%s", label, haproxy.stdout(), haproxy.stderr()).isZero();

      for (Map.Entry<String, String> script : ScriptExporter.render(plan).entrySet()) {
        Path file = TempFiles.write(dir, "apply.sh", script.getValue());
        ExecResult parsed = RealTools.run("sh", "-n", file.toString());
        assertThat(parsed.exitCode()).as("%s: sh -n for %s\n%s", label, script.getKey(), parsed.stderr()).isZero();
      }
      Path out = dir.resolve("export-" + model);
      ScriptExporter.create().export(plan, out);
      assertThat(Files.list(out).filter(Files::isDirectory).count()).as(label).isEqualTo(plan.hosts().size());
    }
    System.out.printf("generated models: %d, %d built and checked (components: %s), %d refused at build (e.g. %s)%n",
        MODELS, built, kinds, refusals.size(), refusals.stream().distinct().limit(3).toList());
    assertThat(kinds).as("every kind of component was generated and checked").containsExactlyInAnyOrder(
        "SharedStorageDatabase", "GaleraDatabase", "QpidInGroup", "QpidClusterMessaging", "RabbitMqMessaging",
        "RabbitMqInGroup");
    assertThat(built).as("the generator mostly makes valid models; refusals: %s", refusals)
        .isGreaterThanOrEqualTo(MODELS / 2);
  }
}
