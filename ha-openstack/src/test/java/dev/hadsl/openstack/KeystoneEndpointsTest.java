package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the rendered endpoint commands with the real sh and awk against stand-in {@code keystone} and {@code openstack}
 * programs that print Havana-format tables and record every call, so the lookup, the deletes and the create are
 * checked end to end, quoting included.
 */
class KeystoneEndpointsTest {
  private static final Host LOCAL = Host.of("localhost", "127.0.0.1");

  private static final String FAKE_KEYSTONE = """
      #!/bin/sh
      printf '%s\\n' "token=$OS_SERVICE_TOKEN endpoint=$OS_SERVICE_ENDPOINT $*" >> "$CALLS"
      case "$1" in
        service-get)
          echo '+----------+----------------------------------+'
          echo '| Property |              Value               |'
          echo '+----------+----------------------------------+'
          echo '|    id    | 5f1c0de0000000000000000000000nov |'
          echo '|   name   |               nova               |'
          echo '+----------+----------------------------------+' ;;
        endpoint-list)
          echo '+------+-----------+---------------------+---------------------+---------------------+----------------------------------+'
          echo '|  id  |   region  |      publicurl      |     internalurl     |       adminurl      |            service_id            |'
          echo '+------+-----------+---------------------+---------------------+---------------------+----------------------------------+'
          echo '| old1 | RegionOne | http://node1:8774/v2 | http://node1:8774/v2 | http://node1:8774/v2 | 5f1c0de0000000000000000000000nov |'
          echo '| glc1 | RegionOne | http://node1:9292    | http://node1:9292    | http://node1:9292    | 0000000000000000000000000glance1 |'
          echo '| old2 | RegionTwo | http://node2:8774/v2 | http://node2:8774/v2 | http://node2:8774/v2 | 5f1c0de0000000000000000000000nov |'
          echo '+------+-----------+---------------------+---------------------+---------------------+----------------------------------+' ;;
      esac
      """;

  private static final String FAKE_OPENSTACK = """
      #!/bin/sh
      printf '%s\\n' "auth=$OS_AUTH_TYPE token=$OS_TOKEN endpoint=$OS_ENDPOINT $*" >> "$CALLS"
      if [ "$1 $2" = "endpoint list" ]; then printf 'e1\\ne2\\n'; fi
      """;

  private static List<String> run(Command command, Path dir, String program, String script) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fake = Files.writeString(bin.resolve(program), script);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path calls = dir.resolve("calls");
    Files.writeString(calls, "");
    // Same argv, run with the stand-in first on PATH and a file to record calls in.
    Command withFakes = Command.builder().addArgv("env", "PATH=" + bin + ":" + System.getenv("PATH"), "CALLS=" + calls)
        .addAllArgv(command.argv()).putAllEnvironment(command.environment()).addAllSecrets(command.secrets()).build();
    ExecResult result = LocalExecutor.builder().build().execute(LOCAL, withFakes);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return Files.readAllLines(calls);
  }

  @Test
  void keystoneCliLooksUpDeletesEveryOldEndpointOfTheServiceAndCreatesOne(@TempDir Path dir) throws Exception {
    Command nova = KeystoneEndpoints.commands(RunbookPlanes.inGroup(3)).stream()
        .filter(c -> c.argv().get(4).equals("nova")).findFirst().orElseThrow();

    List<String> calls = run(nova, dir, "keystone", FAKE_KEYSTONE);

    String auth = "token=" + RunbookPlanes.TOKEN + " endpoint=http://192.168.122.200:35357/v2.0 ";
    assertThat(calls).containsExactly(
        auth + "service-get nova",
        auth + "endpoint-list",
        auth + "endpoint-delete old1",
        auth + "endpoint-delete old2",
        auth + "endpoint-create --region RegionOne --service-id 5f1c0de0000000000000000000000nov"
            + " --publicurl http://192.168.122.200:8774/v2/%(tenant_id)s"
            + " --internalurl http://192.168.122.200:8774/v2/%(tenant_id)s"
            + " --adminurl http://192.168.122.200:8774/v2/%(tenant_id)s");
  }

  @Test
  void openstackCliDeletesAndCreatesOneEndpointPerInterface(@TempDir Path dir) throws Exception {
    ControlPlane plane = RunbookPlanes.builder(2)
        .keystone(KeystoneAdmin.token(Secret.of(RunbookPlanes.TOKEN), EndpointDialect.OPENSTACK_CLI)).build();
    Command keystone = KeystoneEndpoints.commands(plane).get(0);

    List<String> calls = run(keystone, dir, "openstack", FAKE_OPENSTACK);

    String auth = "auth=admin_token token=" + RunbookPlanes.TOKEN + " endpoint=http://192.168.122.200:35357/v3 ";
    assertThat(calls).containsExactly(
        auth + "endpoint list --service keystone -f value -c ID",
        auth + "endpoint delete e1",
        auth + "endpoint delete e2",
        auth + "endpoint create --region RegionOne keystone public http://192.168.122.200:5000/v2.0",
        auth + "endpoint create --region RegionOne keystone internal http://192.168.122.200:5000/v2.0",
        auth + "endpoint create --region RegionOne keystone admin http://192.168.122.200:35357/v2.0");
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
