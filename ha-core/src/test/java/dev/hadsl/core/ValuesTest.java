package dev.hadsl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {
  @Test
  void parsesDottedQuadAndComparesNumerically() {
    assertThat(Ipv4Address.of("192.168.122.101").bits()).isEqualTo(0xc0a87a65);
    assertThat(Ipv4Address.ofBits(0xc0a87a65)).isEqualTo(Ipv4Address.of("192.168.122.101"));
    assertThat(Ipv4Address.of("10.0.0.9")).isLessThan(Ipv4Address.of("10.0.0.10"));
    assertThat(Ipv4Address.of("239.192.0.1").isMulticast()).isTrue();
    assertThat(Ipv4Address.of("127.0.0.2").isLoopback()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "10.11,12.37|IPv4 address '10.11,12.37' is not four decimal octets separated by dots",
    "1.2.3|IPv4 address '1.2.3' is not four decimal octets separated by dots",
    "01.2.3.4|IPv4 address '01.2.3.4' is not four decimal octets separated by dots",
    "1.2.3.256|IPv4 address '1.2.3.256': octet 256 is above 255",
  })
  void refusesMalformedAddresses(String text, String message) {
    assertThatThrownBy(() -> Ipv4Address.of(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void networkContainsItsAddressesOnly() {
    Ipv4Network network = Ipv4Network.of("192.168.122.0/24");
    assertThat(network.contains(Ipv4Address.of("192.168.122.200"))).isTrue();
    assertThat(network.contains(Ipv4Address.of("192.168.123.1"))).isFalse();
    assertThat(network.netmask()).hasToString("255.255.255.0");
    assertThat(Ipv4Network.of("0.0.0.0/0").contains(Ipv4Address.of("8.8.8.8"))).isTrue();
    assertThat(Ipv4Network.containing(Ipv4Address.of("192.168.122.101"), 24)).isEqualTo(network);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "192.168.122.5/24|IPv4 network '192.168.122.5/24' has host bits set; the network is 192.168.122.0/24",
    "192.168.122.0/33|'192.168.122.0/33': prefix 33 is not from 0 to 32",
    "192.168.122.0/x|'192.168.122.0/x': prefix 'x' is not a number from 0 to 32",
    "192.168.122.0|IPv4 network '192.168.122.0' is not in address/prefix form",
  })
  void refusesMalformedNetworks(String text, String message) {
    assertThatThrownBy(() -> Ipv4Network.of(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void portsAreOneTo65535() {
    assertThat(Port.of(65535).number()).isEqualTo(65535);
    assertThatThrownBy(() -> Port.of(0)).hasMessage("port 0 is not from 1 to 65535");
    assertThatThrownBy(() -> Port.of(99999)).hasMessage("port 99999 is not from 1 to 65535");
  }

  @Test
  void hostKnowsItsNetworkWhenGivenAPrefix() {
    Host node = Host.of("node1", "192.168.122.101/24");
    assertThat(node.network()).contains(Ipv4Network.of("192.168.122.0/24"));
    assertThat(Host.of("node1", "192.168.122.101").network()).isEmpty();
    assertThat(node).hasToString("node1 (192.168.122.101/24)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "node_1|192.168.122.101|host name 'node_1' is not a valid host name (letters, digits, inner hyphens, dot-separated labels)",
    "-node|192.168.122.101|host name '-node' is not a valid host name (letters, digits, inner hyphens, dot-separated labels)",
    "node1|192.168.122.101/40|'192.168.122.101/40': prefix 40 is not from 0 to 32",
    "node1|192.168.122|IPv4 address '192.168.122' is not four decimal octets separated by dots",
  })
  void refusesBadHosts(String name, String address, String message) {
    assertThatThrownBy(() -> Host.of(name, address)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void floatingIpParsesCidrAndNic() {
    FloatingIp vip = FloatingIp.builder().from(FloatingIp.of("192.168.122.200/24")).nic("eth0").build();
    assertThat(vip.network()).isEqualTo(Ipv4Network.of("192.168.122.0/24"));
    assertThat(vip).hasToString("192.168.122.200/24 on eth0");
    assertThat(FloatingIp.of("10.0.0.7/32").network()).hasToString("10.0.0.7/32");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "192.168.122.200|floating IP '192.168.122.200' is not in address/prefix form, e.g. 192.168.122.200/24",
    "192.168.122.0/24|floating IP '192.168.122.0/24' is the network address of its subnet",
    "192.168.122.255/24|floating IP '192.168.122.255/24' is the broadcast address of its subnet",
    "192.168.122.4/31|floating IP '192.168.122.4/31': a /31 network has no room for a floating address beside the nodes",
  })
  void refusesBadFloatingIps(String text, String message) {
    assertThatThrownBy(() -> FloatingIp.of(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void refusesBadNicName() {
    assertThatThrownBy(() -> FloatingIp.builder().address(Ipv4Address.of("10.0.0.5")).prefix(24).nic("eth0; reboot")
        .build()).hasMessage("floating IP '10.0.0.5': NIC 'eth0; reboot' is not a valid interface name");
  }

  @Test
  void secretNeverPrintsItsValue() {
    Secret secret = Secret.of("s3cr3t");
    assertThat(secret).hasToString("******");
    assertThat(secret.reveal()).isEqualTo("s3cr3t");
    assertThat(secret).isEqualTo(Secret.of("s3cr3t")).isNotEqualTo(Secret.of("other"));
    assertThatThrownBy(() -> Secret.of("")).hasMessage("a secret must not be empty");
    assertThatThrownBy(() -> Secret.fromEnvironment("HA_DSL_SURELY_UNSET_VARIABLE"))
        .hasMessage("environment variable 'HA_DSL_SURELY_UNSET_VARIABLE' is not set or empty");
  }

  @Test
  void validationExceptionListsEveryProblem() {
    ValidationException e = new ValidationException("cluster 'c'", java.util.List.of("a is wrong", "b is wrong"));
    assertThat(e).hasMessage("cluster 'c': 2 problems\n  - a is wrong\n  - b is wrong");
    assertThat(e.problems()).containsExactly("a is wrong", "b is wrong");
    assertThat(new ValidationException("x", java.util.List.of("one"))).hasMessage("x: one");
  }

  @Test
  void aHostOnItsSubnetsNetworkOrBroadcastAddressIsNamedInAPlainSentence() {
    assertThatThrownBy(() -> Host.of("n1", "10.0.0.0/24")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host 'n1': address 10.0.0.0/24 is the network address of its subnet, not a host address");
    assertThatThrownBy(() -> Host.of("n1", "10.0.0.3/30")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host 'n1': address 10.0.0.3/30 is the broadcast address of its subnet, not a host address");
  }
}
