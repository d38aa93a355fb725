package dev.hadsl.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.IniEdit;
import dev.hadsl.haproxy.Bind;
import dev.hadsl.haproxy.Global;
import dev.hadsl.pacemaker.MysqlOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One path rule for every path the model takes ({@code Checks.absolutePath}): absolute, no empty, '.' or '..'
 * segment, no trailing '/'. A path that names another file than it reads ('/etc/../etc/shadow') is refused at
 * build by every field, with the field named, never followed.
 */
class PathRuleTest {
  private static final List<String> NOT_NORMALISED = List.of("/etc/../etc/shadow", "/etc/./pki/x.pem", "/etc//x.pem",
      "/etc/pki/", "/..", "/.");

  @Test
  void everyPathTheModelTakesRefusesWhatIsNotNormalised() {
    Map<String, Consumer<String>> fields = new LinkedHashMap<>();
    fields.put("Horizon SSL path", path -> HorizonSsl.of(path, "/etc/pki/tls/private/horizon.key"));
    fields.put("Horizon SSL path ", path -> HorizonSsl.of("/etc/pki/tls/certs/horizon.crt", path));
    fields.put("NFS export path", path -> SharedStorage.nfs("srv" + ":" + path));
    fields.put("block device", path -> SharedStorage.blockDevice("/dev" + path, "ext4"));
    fields.put("file path", path -> ConfigFile.of(path, ""));
    fields.put("INI file", path -> IniEdit.set(path, "DEFAULT", "k", "v"));
    fields.put("datadir", path -> MysqlOptions.builder().from(Platform.EL9.mysql()).datadir(path).build());
    fields.put("global chroot", path -> Global.builder().chroot(path).build());
    fields.put("certificate", path -> Bind.ssl(dev.hadsl.core.Ipv4Address.of("127.0.0.1"), 443, path));
    for (Map.Entry<String, Consumer<String>> field : fields.entrySet()) {
      for (String path : NOT_NORMALISED) {
        assertThatThrownBy(() -> field.getValue().accept(path)).as("%s %s", field.getKey(), path)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field.getKey().strip());
      }
    }
    // And what is normalised builds.
    assertThat(HorizonSsl.of("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key").certificate())
        .isEqualTo("/etc/pki/tls/certs/horizon.crt");
    assertThat(SharedStorage.nfs("srv:/srv/mysql").device()).isEqualTo("srv:/srv/mysql");
  }
}
