package dev.hadsl.pacemaker;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parameters of the agents the runbook uses, from their metadata (resource-agents 4.12, fence-agents 4.12,
 * pacemaker-fenced 2.1). crm_verify does not check agent parameters, so the library must; agents not listed here are
 * not checked (pcs checks them against the installed metadata).
 */
final class KnownAgents {
  /**
   * One agent's parameters; {@code aliases} maps an older name the agent still reads to the name it stands for (a
   * required parameter given under its older name is present).
   */
  record Parameters(Set<String> required, Set<String> optional, Map<String, String> aliases) {
    Parameters(Set<String> required, Set<String> optional) {
      this(required, optional, Map.of());
    }

    boolean knows(String name) {
      return required.contains(name) || optional.contains(name) || aliases.containsKey(name);
    }

    /** True when {@code required} is among {@code given}, under its name or an older one. */
    boolean present(String required, Set<String> given) {
      return given.contains(required) || aliases.entrySet().stream()
          .anyMatch(alias -> alias.getValue().equals(required) && given.contains(alias.getKey()));
    }
  }

  /** Fencing parameters Pacemaker itself handles for every stonith device. */
  private static final Set<String> PCMK_FENCING = ImmutableSet.of("pcmk_host_argument", "pcmk_host_map",
      "pcmk_host_list", "pcmk_host_check", "pcmk_delay_max", "pcmk_delay_base", "pcmk_action_limit",
      "pcmk_reboot_action", "pcmk_reboot_timeout", "pcmk_reboot_retries", "pcmk_off_action", "pcmk_off_timeout",
      "pcmk_off_retries", "pcmk_on_action", "pcmk_on_timeout", "pcmk_on_retries", "pcmk_list_action",
      "pcmk_list_timeout", "pcmk_list_retries", "pcmk_monitor_action", "pcmk_monitor_timeout", "pcmk_monitor_retries",
      "pcmk_status_action", "pcmk_status_timeout", "pcmk_status_retries", "priority");

  private static final ImmutableMap<String, Parameters> AGENTS = ImmutableMap.of(
      "ocf:heartbeat:IPaddr2", new Parameters(ImmutableSet.of("ip"), ImmutableSet.of("nic", "cidr_netmask", "broadcast",
          "iflabel", "lvs_support", "lvs_ipv6_addrlabel", "lvs_ipv6_addrlabel_value", "mac", "clusterip_hash",
          "unique_clone_address", "arp_interval", "arp_count", "arp_count_refresh", "arp_bg", "arp_sender",
          "send_arp_opts", "flush_routes", "run_arping", "nodad", "noprefixroute", "preferred_lft",
          "network_namespace")),
      "ocf:heartbeat:Filesystem", new Parameters(ImmutableSet.of("device", "directory", "fstype"), ImmutableSet.of("options",
          "statusfile_prefix", "run_fsck", "fast_stop", "force_clones", "force_unmount")),
      "ocf:heartbeat:mysql", new Parameters(ImmutableSet.of(), ImmutableSet.of("binary", "client_binary", "config", "datadir",
          "user", "group", "log", "pid", "socket", "test_table", "test_user", "test_passwd", "enable_creation",
          "additional_parameters", "replication_user", "replication_passwd", "replication_port",
          "replication_require_ssl", "replication_master_ssl_ca", "replication_master_ssl_cert",
          "replication_master_ssl_key", "max_slave_lag", "evict_outdated_slaves", "reader_attribute")),
      // resource-agents v4.12.0 heartbeat/galera.in meta-data (Debian 12's resource-agents 1:4.12.0-2 prints the same).
      "ocf:heartbeat:galera", new Parameters(ImmutableSet.of("wsrep_cluster_address"), ImmutableSet.of("binary",
          "client_binary", "config", "datadir", "user", "group", "log", "pid", "socket", "enable_creation",
          "additional_parameters", "cluster_host_map", "check_user", "check_passwd", "check_passwd_use_empty",
          "two_node_mode")),
      // resource-agents v4.12.0 heartbeat/rabbitmq-cluster.in meta-data: its one parameter.
      "ocf:heartbeat:rabbitmq-cluster", new Parameters(ImmutableSet.of(), ImmutableSet.of("set_policy")),
      "stonith:fence_ipmilan", new Parameters(ImmutableSet.of("ip"), ImmutableSet.<String>builder().add("username",
          "password", "password_script", "lanplus", "auth", "cipher", "privlvl", "ipport", "method", "hexadecimal_kg",
          "ipmitool_path", "ipmitool_timeout", "login_timeout", "power_timeout", "power_wait", "shell_timeout",
          "delay", "retry_on", "sudo", "verbose", "debug_file", "plug", "timeout", "target")
          .addAll(PCMK_FENCING).build(),
          // fence-agents 4.x still reads RHEL 6's names (its metadata lists them deprecated="1", the new ones
          // obsoletes="..."); RHEL 6's agent reads only these (fence-agents v3.1.5 ipmilan.c get_options_stdin()).
          ImmutableMap.of("ipaddr", "ip", "login", "username", "passwd", "password", "passwd_script",
              "password_script")));

  private KnownAgents() {}

  static Optional<Parameters> of(Agent agent) {
    return Optional.ofNullable(AGENTS.get(agent.toString()));
  }

  /** lsb and systemd services take no parameters at all. */
  static boolean takesNoParameters(Agent agent) {
    return agent.standard().equals("lsb") || agent.standard().equals("systemd") || agent.standard().equals("service");
  }
}
