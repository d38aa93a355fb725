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

  /** packstack's catalog (EC2 registered as nova_ec2, found by type), without heat-cfn's cloudformation service. */
  private static final String PACKSTACK_CATALOG_WITHOUT_CFN = String.join("\n",
      "id-keystone keystone identity", "id-glance glance image", NOVA_ID + " nova compute", "id-ec2 nova_ec2 ec2",
      "id-cinder cinder volume", "id-neutron neutron network", "id-heat heat orchestration",
      "id-ceilometer ceilometer metering", "id-swift swift object-store", "");

  @Test
  void keystoneCliHandlesEveryPresentServiceNamesTheMissingOneAndThenFindsAllInPlace(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/services"), PACKSTACK_CATALOG_WITHOUT_CFN);
    Files.writeString(dir.resolve("state/endpoints"), String.join("\n",
        "old1 RegionOne http://node1:8774/v2 http://node1:8774/v2 http://node1:8774/v2 " + NOVA_ID,
        "old2 RegionOne http://node2:8774/v2 http://node2:8774/v2 http://node2:8774/v2 " + NOVA_ID,
        "other RegionTwo http://far:8774/v2 http://far:8774/v2 http://far:8774/v2 " + NOVA_ID, ""));
    Command endpoints = KeystoneEndpoints.command(RunbookPlanes.inGroup(3));

    ExecResult first = run(endpoints, dir, "keystone");

    assertThat(first.exitCode()).as("one service is missing").isNotZero();
    assertThat(first.stderr()).contains(
        "keystone: no service of type cloudformation (the heat-cfn service) in the catalog",
        "not re-created, the service is missing from the catalog: heat-cfn");
    String auth = "token=" + RunbookPlanes.TOKEN + " endpoint=http://192.168.122.200:35357/v2.0 ";
    String url = "http://192.168.122.200:8774/v2/%(tenant_id)s";
    List<String> calls = calls(dir);
    assertThat(calls).containsSubsequence(auth + "service-list", auth + "endpoint-list",
        auth + "endpoint-delete old1", auth + "endpoint-delete old2",
        auth + "endpoint-create --region RegionOne --service-id " + NOVA_ID + " --publicurl " + url
            + " --internalurl " + url + " --adminurl " + url);
    assertThat(calls).filteredOn(call -> call.contains("endpoint-create")).as("every present service").hasSize(9)
        .anyMatch(call -> call.contains("--service-id id-ec2 --publicurl http://192.168.122.200:8773/services/Cloud"));
    String endpointsNow = Files.readString(dir.resolve("state/endpoints"));
    assertThat(endpointsNow).as("another region's endpoint stays").contains("other RegionTwo")
        .doesNotContain("old1", "old2");

    Files.writeString(dir.resolve("state/services"), PACKSTACK_CATALOG_WITHOUT_CFN + "id-cfn heat-cfn cloudformation\n");
    ExecResult second = run(endpoints, dir, "keystone");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.skipped()).isFalse();
    assertThat(calls(dir)).filteredOn(call -> call.contains("endpoint-create") || call.contains("endpoint-delete"))
        .as("only the one that was missing").hasSize(1).allMatch(call -> call.contains("--service-id id-cfn"));

    ExecResult third = run(endpoints, dir, "keystone");
    assertThat(third.skipped()).as("a third run finds every endpoint in place").isTrue();
    assertThat(calls(dir)).containsExactly(auth + "service-list", auth + "endpoint-list");
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
        .keystone(KeystoneAdmin.token(Secret.of(RunbookPlanes.TOKEN), EndpointDialect.OPENSTACK_CLI))
        .apiServices(List.of(Catalog.KEYSTONE_PUBLIC, Catalog.KEYSTONE_ADMIN)).build();
    Command keystone = KeystoneEndpoints.command(plane);

    ExecResult first = run(keystone, dir, "openstack");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
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

    Files.writeString(dir.resolve("state/services"), "image\n");
    ExecResult missing = run(keystone, dir, "openstack");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("openstack: no service of type identity (the keystone service)");
  }

  @Test
  void everyChosenServiceWithACatalogEntryIsInTheOneCommandAndTheTokenIsMasked() {
    ControlPlane plane = RunbookPlanes.inGroup(3);
    assertThat(KeystoneEndpoints.serviceNames(plane))
        .containsExactly("keystone", "glance", "nova", "ec2", "cinder", "neutron", "heat", "heat-cfn", "ceilometer",
            "swift");
    Command command = KeystoneEndpoints.command(plane);
    assertThat(command.argv()).hasSize(4 + 6 * 10);
    assertThat(command.display()).doesNotContain(RunbookPlanes.TOKEN).contains("******");
  }
}
