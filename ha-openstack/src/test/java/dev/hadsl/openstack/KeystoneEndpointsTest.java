package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.LocalExecutor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the rendered endpoint commands with the real sh and awk against stand-in {@code keystone} and {@code openstack}
 * programs (src/test/resources/standins: they keep a catalog in files and print Havana-format tables), so the lookup,
 * the deletes, the create and the convergence are checked end to end, quoting included.
 */
class KeystoneEndpointsTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");
  private static final String NOVA_ID = "5f1c0de0000000000000000000000nov";

  /** Runs {@code command} with the stand-in first on PATH and its state in {@code dir}. */
  private static ExecResult run(Command command, Path dir, String program) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    try (InputStream standin = KeystoneEndpointsTest.class.getResourceAsStream("/standins/" + program)) {
      Files.copy(standin, bin.resolve(program), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(bin.resolve(program), PosixFilePermissions.fromString("rwxr-xr-x"));
    Command withStandin = Command.builder().addArgv("env", "PATH=" + bin + ":" + System.getenv("PATH"),
            "KEYSTONE_STANDIN_STATE=" + dir.resolve("state"), "OPENSTACK_STANDIN_STATE=" + dir.resolve("state"))
        .addAllArgv(command.argv()).putAllEnvironment(command.environment()).addAllSecrets(command.secrets()).build();
    return LocalExecutor.builder().build().execute(LOCAL, withStandin);
  }

  private static List<String> calls(Path dir) throws Exception {
    List<String> calls = Files.readAllLines(dir.resolve("state/calls"));
    Files.writeString(dir.resolve("state/calls"), "");
    return calls;
  }

  private static Command endpointOf(ControlPlane plane, String service) {
    return KeystoneEndpoints.commands(plane).stream().filter(c -> c.argv().get(4).equals(service)).findFirst()
        .orElseThrow();
  }

  @Test
  void keystoneCliFindsTheServiceByTypeReplacesItsRegionsEndpointsThenFindsThemInPlace(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("state"));
    // packstack's names: EC2 is registered as nova_ec2; the lookup goes by type.
    Files.writeString(dir.resolve("state/services"), NOVA_ID + " nova compute\n"
        + "00000000000000000000000000000ec2 nova_ec2 ec2\n");
    Files.writeString(dir.resolve("state/endpoints"), String.join("\n",
        "old1 RegionOne http://node1:8774/v2 http://node1:8774/v2 http://node1:8774/v2 " + NOVA_ID,
        "old2 RegionOne http://node2:8774/v2 http://node2:8774/v2 http://node2:8774/v2 " + NOVA_ID,
        "other RegionTwo http://far:8774/v2 http://far:8774/v2 http://far:8774/v2 " + NOVA_ID, ""));
    ControlPlane plane = RunbookPlanes.inGroup(3);

    ExecResult first = run(endpointOf(plane, "nova"), dir, "keystone");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.skipped()).isFalse();
    String auth = "token=" + RunbookPlanes.TOKEN + " endpoint=http://192.168.122.200:35357/v2.0 ";
    String url = "http://192.168.122.200:8774/v2/%(tenant_id)s";
    assertThat(calls(dir)).containsExactly(
        auth + "service-list",
        auth + "endpoint-list",
        auth + "endpoint-delete old1",
        auth + "endpoint-delete old2",
        auth + "endpoint-create --region RegionOne --service-id " + NOVA_ID + " --publicurl " + url
            + " --internalurl " + url + " --adminurl " + url);
    assertThat(Files.readString(dir.resolve("state/endpoints"))).as("another region's endpoint stays")
        .contains("other RegionTwo");

    ExecResult second = run(endpointOf(plane, "nova"), dir, "keystone");
    assertThat(second.skipped()).as("a second run finds the endpoint in place").isTrue();
    assertThat(calls(dir)).containsExactly(auth + "service-list", auth + "endpoint-list");

    assertThat(run(endpointOf(plane, "ec2"), dir, "keystone").exitCode()).as("ec2 found as nova_ec2").isZero();
    ExecResult missing = run(endpointOf(plane, "glance"), dir, "keystone");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("keystone: no service of type image (the glance service) in the catalog");
  }

  @Test
  void openstackCliReplacesTheRegionsEndpointsOnePerInterfaceThenFindsThemInPlace(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/endpoints"), String.join("\n",
        "e1 RegionOne identity public http://node1:5000/v2.0",
        "e2 RegionOne identity admin http://node1:35357/v2.0",
        "e3 RegionTwo identity public http://far:5000/v2.0", ""));
    ControlPlane plane = RunbookPlanes.builder(2)
        .keystone(KeystoneAdmin.token(Secret.of(RunbookPlanes.TOKEN), EndpointDialect.OPENSTACK_CLI)).build();
    Command keystone = KeystoneEndpoints.commands(plane).get(0);

    assertThat(run(keystone, dir, "openstack").exitCode()).isZero();
    String auth = "auth=admin_token token=" + RunbookPlanes.TOKEN + " endpoint=http://192.168.122.200:35357/v3 ";
    assertThat(calls(dir)).containsExactly(
        auth + "endpoint list --service identity --region RegionOne -f value -c ID -c Interface -c URL",
        auth + "endpoint delete e1",
        auth + "endpoint delete e2",
        auth + "endpoint create --region RegionOne identity public http://192.168.122.200:5000/v2.0",
        auth + "endpoint create --region RegionOne identity internal http://192.168.122.200:5000/v2.0",
        auth + "endpoint create --region RegionOne identity admin http://192.168.122.200:35357/v2.0");
    assertThat(Files.readString(dir.resolve("state/endpoints"))).contains("e3 RegionTwo");

    assertThat(run(keystone, dir, "openstack").skipped()).as("a second run finds them in place").isTrue();
    assertThat(calls(dir)).hasSize(1);
  }

  @Test
  void everyChosenServiceWithACatalogEntryGetsOneCommandAndTheTokenIsMasked() {
    List<Command> commands = KeystoneEndpoints.commands(RunbookPlanes.inGroup(3));
    assertThat(commands).extracting(c -> c.argv().get(4))
        .containsExactly("keystone", "glance", "nova", "ec2", "cinder", "neutron", "heat", "heat-cfn", "ceilometer",
            "swift");
    assertThat(commands).allSatisfy(c -> assertThat(c.display()).doesNotContain(RunbookPlanes.TOKEN).contains("******"));
  }
}
