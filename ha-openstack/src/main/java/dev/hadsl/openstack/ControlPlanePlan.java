package dev.hadsl.openstack;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.InitSystem;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.pacemaker.CibInstall;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.PcsDialect;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.qpid.QpidClusterPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The control plane as one plan, in the runbook's order: cluster packages and pcsd; services Pacemaker will own taken
 * away from init; API services moved to node addresses (and restarted there) and HAProxy configured; the cluster set up and configured in
 * one push ({@link CibInstall}); the Qpid cluster (when chosen); Horizon; every config repointed at the floating IP and the
 * services restarted; finally the Keystone endpoints re-created.
 */
final class ControlPlanePlan {
  private ControlPlanePlan() {}

  static Plan render(ControlPlane plane) {
    List<Host> control = plane.controlNodes();
    Target eachControl = Target.each(control);
    Target oneControl = Target.oneOf(control);
    InitSystem init = plane.initSystem();
    Plan.Builder plan = Plan.builder();

    plan.addStep(Step.of("cluster.packages", eachControl, "install Pacemaker, pcs and HAProxy",
        plane.packageManager().install(packages(plane))));
    plan.addStep(Step.of("cluster.hacluster-password", eachControl, "set the hacluster password pcs logs in with",
        Command.builder().addArgv("chpasswd")
            .stdinWithSecret("hacluster:" + plane.haclusterPassword().reveal() + "\n", plane.haclusterPassword())
            .build()));
    plan.addStep(Step.of("cluster.pcsd-start", eachControl, "start pcsd", init.start("pcsd")));
    plan.addStep(Step.of("cluster.pcsd-enable", eachControl, "start pcsd at boot", init.enable("pcsd")));
    for (String service : ControlPlaneCluster.clusterManagedServices(plane)) {
      plan.addStep(Step.of("cluster.release." + service + ".disable", eachControl,
          "do not start " + service + " at boot: Pacemaker owns it", init.disable(service)));
      plan.addStep(Step.of("cluster.release." + service + ".stop", eachControl,
          "stop " + service + " outside the cluster, unless the cluster already runs", releaseStop(init, service)));
    }

    for (Host node : control) {
      for (IniEdit edit : ConfigEdits.listenEdits(plane, node)) {
        plan.addStep(Step.of("openstack.listen." + node.name() + "." + iniId(edit), Target.host(node),
            "listen on " + node.address() + ": " + edit.key(), edit));
      }
      if (plane.horizon()) {
        plan.addStep(Step.of("openstack.listen." + node.name() + ".httpd", Target.host(node),
            "Apache listens on " + node.address() + ":80, leaving the floating IP to HAProxy",
            ConfigEdits.httpdListen(node)));
      }
    }
    // Restart now, not only at the end: HAProxy (started by Pacemaker below) binds the floating IP on these ports
    // and fails while a service still listens on 0.0.0.0.
    for (String service : restartedServices(plane)) {
      plan.addStep(Step.of("openstack.rebind." + service, eachControl, "restart " + service + " on its node address",
          init.restart(service)));
    }
    if (plane.haproxyPlacement() == HaproxyPlacement.CLONE) {
      // Every HAProxy copy binds the floating IP, which only one node holds.
      plan.addStep(Step.of("haproxy.nonlocal-bind", eachControl, "let HAProxy bind the floating IP it does not hold",
          Command.of("sysctl", "-w", "net.ipv4.ip_nonlocal_bind=1")));
      plan.addStep(Step.of("haproxy.nonlocal-bind-persist", eachControl, "keep ip_nonlocal_bind across reboots",
          IniEdit.set("/etc/sysctl.conf", "", "net.ipv4.ip_nonlocal_bind", "1")));
    }
    plan.addStep(Step.of("haproxy.config", eachControl, "write haproxy.cfg",
        ConfigFile.of("/etc/haproxy/haproxy.cfg", plane.haproxy().render())));
    plane.horizonSsl().ifPresent(ssl -> plan.addStep(Step.of("haproxy.horizon-pem", eachControl,
        "combine Horizon's certificate and key for HAProxy",
        Command.of("sh", "-c", "umask 077 && cat \"$1\" \"$2\" > \"$3\"", "sh", ssl.certificate(), ssl.privateKey(),
            ssl.haproxyPem()))));

    Cluster cluster = plane.cluster();
    PcsRenderer pcs = pcsRenderer(plane);
    addAll(plan, "pacemaker.setup", oneControl, "set up the cluster",
        pcs.setupCommands(cluster, plane.haclusterPassword()));
    // The native install on every platform: one push that keeps what the model does not own, pushes nothing when
    // the cluster already holds the model (a re-apply), and refuses drift. The pcs transactional form fails on a
    // re-apply ("already exists"), and pcs 0.9.90 (RHEL 6.5) has no 'cib-push --config' at all: it came with pcs
    // 0.9.138 (ClusterLabs/pcs commit 2f0be688c, "Allow scope=configuration in cib commands").
    List<Artifact> install = CibInstall.artifacts(cluster, plane.cibInstallDirectory());
    for (int i = 0; i < install.size(); i++) {
      plan.addStep(Step.of(String.format(Locale.ROOT, "pacemaker.configure.%02d", i + 1), oneControl,
          "configure the cluster in one push, keeping what the model does not own (" + (i + 1) + "/"
              + install.size() + ")", install.get(i)));
    }

    plane.messaging().cluster().ifPresent(qpid ->
        plan.addPlan(QpidClusterPlan.render(qpid, plane.messaging().corosyncDialect())));

    if (plane.horizon()) {
      String vip = plane.floatingIp().address().text();
      plan.addStep(Step.of("horizon.openstack-host", eachControl, "Horizon talks to Keystone on the floating IP",
          ConfigEdits.horizonSetting("OPENSTACK_HOST", "\"" + vip + "\"")));
      if (plane.horizonSsl().isPresent()) {
        plan.addStep(Step.of("horizon.proxy-ssl-header", eachControl, "Horizon trusts HAProxy's X-Forwarded-Proto",
            ConfigEdits.horizonSetting("SECURE_PROXY_SSL_HEADER", "('HTTP_X_FORWARDED_PROTO', 'https')")));
        plan.addStep(Step.of("horizon.csrf-cookie-secure", eachControl, "CSRF cookie only over HTTPS",
            ConfigEdits.horizonSetting("CSRF_COOKIE_SECURE", "True")));
        plan.addStep(Step.of("horizon.session-cookie-secure", eachControl, "session cookie only over HTTPS",
            ConfigEdits.horizonSetting("SESSION_COOKIE_SECURE", "True")));
      }
    }

    for (IniEdit edit : ConfigEdits.controlNodeEdits(plane)) {
      plan.addStep(Step.of("openstack.config." + iniId(edit), eachControl, describe(edit), edit));
    }
    if (!plane.computeNodes().isEmpty()) {
      Target eachCompute = Target.each(plane.computeNodes());
      for (IniEdit edit : ConfigEdits.computeNodeEdits(plane)) {
        plan.addStep(Step.of("openstack.compute-config." + iniId(edit), eachCompute, describe(edit), edit));
      }
      for (String service : List.of("openstack-nova-compute", "neutron-openvswitch-agent")) {
        plan.addStep(Step.of("openstack.compute-restart." + service, eachCompute, "restart " + service,
            init.restart(service)));
      }
    }
    for (String service : restartedServices(plane)) {
      plan.addStep(Step.of("openstack.restart." + service, eachControl, "restart " + service + " with its new config",
          init.restart(service)));
    }

    // Services the cluster runs read the repointed configs too; restart them through Pacemaker, never behind its back.
    for (var singleton : plane.singleHostServices()) {
      plan.addStep(Step.of("pacemaker.restart." + singleton.id(), oneControl,
          "restart " + singleton.id() + " through Pacemaker with its new config",
          Command.of("pcs", "resource", "restart", singleton.id())));
    }

    var endpoints = KeystoneEndpoints.commands(plane);
    for (int i = 0; i < endpoints.size(); i++) {
      String name = endpoints.get(i).argv().get(4);
      plan.addStep(Step.of("keystone.endpoint." + name, oneControl,
          "re-create the " + name + " endpoint on the floating IP (delete, then create)", endpoints.get(i)));
    }
    return plan.build();
  }

  /**
   * Stops a service the cluster will own, but only before the cluster runs: on a re-apply Pacemaker runs it, and
   * stopping it behind Pacemaker's back would take the service down (a running cluster answers cibadmin).
   */
  private static Command releaseStop(InitSystem init, String service) {
    return Command.builder().from(init.stopIfRunning(service)).unless(Command.of("sh", "-c",
        "! " + init.runningCondition() + " || cibadmin --query --scope resources >/dev/null 2>&1", "sh", service))
        .build();
  }

  static PcsRenderer pcsRenderer(ControlPlane plane) {
    PcsRenderer pcs = PcsRenderer.of(plane.pcsDialect());
    return plane.pcsForce() ? pcs.withForce() : pcs;
  }

  private static List<String> packages(ControlPlane plane) {
    List<String> packages = new ArrayList<>(plane.pcsDialect() == PcsDialect.PCS_0_9
        ? List.of("pacemaker", "cman", "pcs", "ccs", "resource-agents")
        : List.of("pacemaker", "pcs", "resource-agents"));
    if (!plane.fencingDevices().isEmpty()) {
      packages.add(plane.pcsDialect() == PcsDialect.PCS_0_9 ? "fence-agents" : "fence-agents-all");
    }
    packages.add("haproxy");
    return packages;
  }

  private static Set<String> restartedServices(ControlPlane plane) {
    Set<String> services = new LinkedHashSet<>();
    plane.apiServices().forEach(s -> services.add(s.initScript()));
    if (plane.horizon()) {
      services.add("httpd");
    }
    return services;
  }

  private static void addAll(Plan.Builder plan, String prefix, Target target, String description,
      List<Command> commands) {
    for (int i = 0; i < commands.size(); i++) {
      plan.addStep(Step.of(String.format(Locale.ROOT, "%s.%02d", prefix, i + 1), target,
          description + " (" + (i + 1) + "/" + commands.size() + ")", commands.get(i)));
    }
  }

  /** A stable id part for an INI edit: {@code nova.conf.database.connection}. */
  private static String iniId(IniEdit edit) {
    String file = edit.file().substring(edit.file().lastIndexOf('/') + 1);
    String raw = file + "." + (edit.section().isEmpty() ? "global" : edit.section()) + "." + edit.key()
        + (edit.value().isEmpty() ? ".delete" : "");
    return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._:-]", "-");
  }

  private static String describe(IniEdit edit) {
    String where = edit.file() + " [" + edit.section() + "] " + edit.key();
    return edit.value().isPresent() ? "set " + where : "remove " + where;
  }
}
