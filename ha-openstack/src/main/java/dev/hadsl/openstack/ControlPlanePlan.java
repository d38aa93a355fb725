package dev.hadsl.openstack;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.IniEdit;
import dev.hadsl.core.InitSystem;
import dev.hadsl.core.PackageManager;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.Step;
import dev.hadsl.core.Target;
import dev.hadsl.haproxy.Global;
import dev.hadsl.haproxy.SeamlessReload;
import dev.hadsl.pacemaker.CibInstall;
import dev.hadsl.pacemaker.Cluster;
import dev.hadsl.pacemaker.PcsRenderer;
import dev.hadsl.pacemaker.observed.MembershipChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The control plane as one plan, in the runbook's order: cluster packages and pcsd; services Pacemaker will own taken
 * away from init; API services moved to node addresses (and restarted there) and HAProxy configured; the cluster set up
 * and configured in one push ({@link CibInstall}), each component's steps around it (the database moved or formed,
 * grants) and on its own hosts (the Qpid cluster); Horizon; every config repointed at the floating IP and the services
 * restarted; finally the Keystone endpoints re-created.
 *
 * <p>Every step converges: it checks the state it wants before acting, and a step that finds it in place changes
 * nothing. Restarts are notified: an edit that changed a file notifies the services that read it
 * ({@link ConfigReaders}), and a restart step runs only while it is notified, so a second apply restarts nothing.
 */
final class ControlPlanePlan {
  /** The services the plan restarts on compute nodes after their edits. */
  private static final List<String> COMPUTE_SERVICES = List.of("openstack-nova-compute", "neutron-openvswitch-agent");

  private static final String HAPROXY_CFG = "/etc/haproxy/haproxy.cfg";
  /** Where HAProxy's init script (Debian, RHEL 6) and its systemd unit (EL9) keep the pid file; /run on current ones. */
  private static final String HAPROXY_PID_FILE = "/var/run/haproxy.pid";

  private ControlPlanePlan() {}

  static Plan render(ControlPlane plane, MembershipChange membership) {
    Plan.Builder plan = Plan.builder();
    clusterPrerequisites(plane, plan);
    releaseClusterServices(plane, plan);
    listenOnNodeAddresses(plane, plan);
    haproxy(plane, plan);
    pacemaker(plane, membership, plan);
    plane.components().forEach(component -> component.addStepsOfItsOwnHosts(plane, plan));
    horizon(plane, plan);
    repointAtFloatingIp(plane, plan);
    restartWithNewConfig(plane, plan);
    keystoneEndpoints(plane, plan);
    return plan.build();
  }

  /** Packages, and where pcs has pcsd, the hacluster password pcs logs in with and pcsd itself. */
  private static void clusterPrerequisites(ControlPlane plane, Plan.Builder plan) {
    Target eachControl = Target.each(plane.controlNodes());
    InitSystem init = plane.platform().initSystem();
    plan.addStep(Step.onOwnHost("cluster.packages", eachControl, "install Pacemaker, pcs and HAProxy",
        plane.platform().packageManager().install(packages(plane))));
    if (plane.platform().packageManager() == PackageManager.APT) {
      plan.addStep(Step.onOwnHost("cluster.corosync-placeholder", eachControl,
          "set aside the corosync.conf Debian's package ships, which pcs takes for an existing cluster",
          debianCorosyncPlaceholderAside()));
    }
    if (!plane.platform().pacemaker().pcsd()) {
      return;
    }
    Secret password = plane.haclusterPassword().orElseThrow();
    plan.addStep(Step.onOwnHost("cluster.hacluster-password", eachControl,
        "set the hacluster password pcs logs in with",
        Command.builder().addArgv("chpasswd")
            .stdinWithSecret("hacluster:" + password.reveal() + "\n", password)
            .unless(passwordAlreadySet("hacluster", password))
            .build()));
    // pcs 0.11's pcsd hands part of its work to pcsd-ruby. systemd starts it with pcsd (Requires=), a SysV init
    // script does not start what its header names as Required-Start: start it first.
    List<String> daemons = plane.platform().pacemaker().pcs().atLeast("0.11") && init != InitSystem.SYSTEMD
        ? List.of("pcsd-ruby", "pcsd") : List.of("pcsd");
    for (String daemon : daemons) {
      plan.addStep(Step.onOwnHost("cluster." + daemon + "-start", eachControl, "start " + daemon, init.start(daemon)));
      plan.addStep(Step.onOwnHost("cluster." + daemon + "-enable", eachControl, "start " + daemon + " at boot",
          init.enable(daemon)));
    }
  }

  /**
   * Debian's corosync package installs a placeholder {@code /etc/corosync/corosync.conf} (cluster "debian", one
   * node), and {@code pcs cluster setup} refuses nodes that have a corosync.conf ("cluster configuration files have
   * been found", pcsd remote.rb cluster_configuration_exists). Only the file exactly as the package shipped it (its
   * md5 equals the package's conffile sum) is moved aside, to corosync.conf.dpkg-default; an edited one is a real
   * cluster's and stays, so pcs refuses as it should.
   */
  private static Command debianCorosyncPlaceholderAside() {
    String unmodified = "f=/etc/corosync/corosync.conf; " + PcsRenderer.DEBIAN_PLACEHOLDER_CONDITION;
    return Command.builder()
        .addArgv("sh", "-c", "set -e; " + unmodified + "; mv \"$f\" \"$f.dpkg-default\"")
        .unless(Command.of("sh", "-c", "! { " + unmodified + "; }"))
        .build();
  }

  /**
   * True when {@code user}'s password already is the model's: the password is hashed with the salt of the shadow entry
   * and compared. It reaches the check in the environment, never as an argument; Python's crypt is the libc crypt(3)
   * chpasswd hashed with, and is on every RHEL (yum needs it).
   */
  private static Command passwordAlreadySet(String user, Secret password) {
    String python = String.join("\n",
        "import crypt, os, sys",
        "password = os.environ['HA_DSL_PASSWORD']",
        "for line in open('/etc/shadow'):",
        "    fields = line.rstrip('\\n').split(':')",
        "    if fields[0] == sys.argv[1]:",
        "        sys.exit(0 if len(fields[1]) > 2 and crypt.crypt(password, fields[1]) == fields[1] else 1)",
        "sys.exit(1)");
    return Command.builder()
        .addArgv("sh", "-c", "for py in python3 python; do if command -v \"$py\" >/dev/null 2>&1; then"
            + " exec \"$py\" -W ignore -c \"$1\" \"$2\"; fi; done; exit 1", "sh", python, user)
        .secretEnvironment("HA_DSL_PASSWORD", password)
        .build();
  }

  /** Services Pacemaker will own stop starting at boot, and stop now unless the cluster runs them already. */
  private static void releaseClusterServices(ControlPlane plane, Plan.Builder plan) {
    Target eachControl = Target.each(plane.controlNodes());
    InitSystem init = plane.platform().initSystem();
    for (String service : ControlPlaneCluster.clusterManagedServices(plane)) {
      plan.addStep(Step.onOwnHost("cluster.release." + service + ".disable", eachControl,
          "do not start " + service + " at boot: Pacemaker owns it", init.disable(service)));
      plan.addStep(Step.onOwnHost("cluster.release." + service + ".stop", eachControl,
          "stop " + service + " outside the cluster, unless the cluster already runs", releaseStop(init, service)));
    }
  }

  /**
   * Every API service listens on its node's own address, and is restarted there now, not only at the end: HAProxy
   * (started by Pacemaker below) binds the floating IP on these ports and fails while a service listens on 0.0.0.0.
   */
  private static void listenOnNodeAddresses(ControlPlane plane, Plan.Builder plan) {
    Set<String> restarted = readersRestarted(plane);
    for (Host node : plane.controlNodes()) {
      for (IniEdit edit : ConfigEdits.listenEdits(plane, node)) {
        plan.addStep(notifying(Step.builder().id("openstack.listen." + node.name() + "." + iniId(edit))
            .target(Target.host(node)).description("listen on " + node.address() + ": " + edit.key()).artifact(edit),
            plane, edit.file(), restarted));
      }
      if (plane.horizon()) {
        plan.addStep(notifying(Step.builder().id("openstack.listen." + node.name() + ".httpd").target(Target.host(node))
            .description("Apache listens on " + node.address() + ":80, leaving the floating IP to HAProxy")
            .artifact(ConfigEdits.httpdListen(node)), plane, ConfigEdits.HTTPD_CONF, restarted));
      }
      plane.horizonSsl().filter(ssl -> ssl.termination() == HorizonSsl.Termination.APACHE).ifPresent(ssl ->
          plan.addStep(notifying(Step.builder().id("openstack.listen." + node.name() + ".httpd-ssl")
              .target(Target.host(node))
              .description("Apache ends Horizon's TLS on " + node.address() + ":443, leaving the floating IP to"
                  + " HAProxy")
              .artifact(ConfigFile.of(ssl.apacheSslConf(), ApacheSsl.sslConf(node, ssl))), plane,
              ssl.apacheSslConf(), restarted)));
    }
    addRestarts(plane, plan, "openstack.rebind.", "on its node address");
  }

  /** haproxy.cfg and Horizon's certificate bundle; a change reloads HAProxy through Pacemaker later. */
  private static void haproxy(ControlPlane plane, Plan.Builder plan) {
    Target eachControl = Target.each(plane.controlNodes());
    if (plane.haproxyPlacement() == HaproxyPlacement.CLONE) {
      // Every HAProxy copy binds the floating IP, which only one node holds.
      plan.addStep(Step.onOwnHost("haproxy.nonlocal-bind", eachControl,
          "let HAProxy bind the floating IP it does not hold",
          Command.builder().addArgv("sysctl", "-w", "net.ipv4.ip_nonlocal_bind=1")
              .unless(Command.of("sh", "-c", "[ \"$(sysctl -n net.ipv4.ip_nonlocal_bind)\" = 1 ]")).build()));
      plan.addStep(Step.onOwnHost("haproxy.nonlocal-bind-persist", eachControl, "keep ip_nonlocal_bind across reboots",
          IniEdit.set("/etc/sysctl.conf", "", "net.ipv4.ip_nonlocal_bind", "1")));
    }
    plan.addStep(Step.builder().id("haproxy.config").target(eachControl).waitsFor(Step.Wait.OWN_HOST)
        .description("write haproxy.cfg")
        .artifact(ConfigFile.of(HAPROXY_CFG, plane.haproxy().render()))
        .addNotifies(ControlPlaneCluster.HAPROXY).build());
    plane.horizonSsl().ifPresent(ssl -> plan.addStep(Step.builder().id("haproxy.horizon-pem").target(eachControl)
        .waitsFor(Step.Wait.OWN_HOST)
        .description("combine Horizon's certificate and key for HAProxy")
        .artifact(Command.builder()
            // Both must be regular files (a directory given as the certificate would leave a bundle of the key
            // alone), and the bundle is replaced whole: HAProxy never reads a half-written one.
            .addArgv("sh", "-c", "umask 077 && for f in \"$1\" \"$2\"; do [ -f \"$f\" ] || { echo \"ha-dsl: $f is"
                + " not a regular file\" >&2; exit 1; }; done && cat \"$1\" \"$2\" > \"$3.new\" && mv -f \"$3.new\""
                + " \"$3\"", "sh", ssl.certificate(), ssl.privateKey(), ssl.haproxyPem())
            .unless(Command.of("sh", "-c", "[ -f \"$3\" ] && cat \"$1\" \"$2\" | cmp -s - \"$3\"", "sh",
                ssl.certificate(), ssl.privateKey(), ssl.haproxyPem()))
            .build())
        .addNotifies(ControlPlaneCluster.HAPROXY).build()));
  }

  /** The cluster formed, started and enabled at boot, then configured in one push. */
  private static void pacemaker(ControlPlane plane, MembershipChange membership, Plan.Builder plan) {
    List<Host> control = plane.controlNodes();
    Target oneControl = Target.oneOf(control);
    plane.components().forEach(component -> component.addStepsBeforeClusterForms(plane, plan));
    Cluster cluster = plane.cluster();
    PcsRenderer pcs = pcsRenderer(plane);
    // A cluster whose membership is the model's converges through the day-one steps: each finds its work done.
    if (membership.dayOne() || membership.isEmpty()) {
      formCluster(plane, cluster, pcs, plan);
    } else {
      changeMembership(plane, cluster, pcs, membership, plan);
    }
    // On each node with its own check, rather than 'pcs cluster enable --all', which one node cannot check for all.
    for (String service : pcs.clusterServices()) {
      plan.addStep(Step.onOwnHost("pacemaker.enable." + service, Target.each(control), "start " + service + " at boot",
          plane.platform().initSystem().enable(service)));
    }
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
    plane.components().forEach(component -> component.addStepsAfterClusterConfigured(plane, plan));
    // A changed haproxy.cfg or certificate bundle reaches each node's HAProxy as a reload: the file checked, then a
    // new process that takes over the listening sockets and lets the old one finish its connections (haproxy -x
    // -sf; see haproxyReload). Pacemaker's monitor reads the same pid file. A restart of the clone through Pacemaker would
    // restart the group after it too (it is ordered after the clone): every client cut off for a backend list.
    plan.addStep(Step.builder().id("haproxy.reload").target(Target.each(control)).waitsFor(Step.Wait.OWN_HOST)
        .description("reload HAProxy with its new configuration where it runs")
        .artifact(haproxyReload(plane))
        .whenNotified(ControlPlaneCluster.HAPROXY).build());
  }

  /**
   * Reloads HAProxy where it runs with older files than the plan's: skipped where it does not run, and where its pid
   * file (written by the init script or unit at each start and reload) is newer than haproxy.cfg and Horizon's
   * bundle, i.e. it started after they were written (a group that moved while they changed): its copy read them.
   * Under systemd the unit's master-worker reload is seamless by itself; an init script's reload ({@code -sf} alone)
   * refuses connections while it runs (a node added under load saw one refused API request in the lab), so where
   * the HAProxy passes its listeners on, the reload is {@link SeamlessReload}'s, with the init script's paths.
   */
  private static Command haproxyReload(ControlPlane plane) {
    InitSystem init = plane.platform().initSystem();
    Global global = plane.haproxy().global();
    Command reload = init == InitSystem.SYSTEMD || !global.exposeListeners()
        ? init.reloadIfRunning(ControlPlaneCluster.HAPROXY)
        : SeamlessReload.command(HAPROXY_CFG, HAPROXY_PID_FILE, global.statsSocket().get());
    List<String> check = new ArrayList<>(List.of("sh", "-c", "! " + init.runningCondition() + " && exit 0; pid=$2;"
        + " shift 2; for f; do [ \"$pid\" -nt \"$f\" ] || exit 1; done", "sh", ControlPlaneCluster.HAPROXY,
        HAPROXY_PID_FILE, HAPROXY_CFG));
    plane.horizonSsl().ifPresent(ssl -> check.add(ssl.haproxyPem()));
    return Command.builder().from(reload).unless(Command.of(check)).build();
  }

  /** Day one: the cluster formed from its nodes and started (on CMAN each node forms its own, elsewhere pcsd). */
  private static void formCluster(ControlPlane plane, Cluster cluster, PcsRenderer pcs, Plan.Builder plan) {
    List<Host> control = plane.controlNodes();
    Target oneControl = Target.oneOf(control);
    // On CMAN each node writes its own cluster.conf and starts; elsewhere pcsd does it all from one node.
    List<Command> nodeForm = pcs.nodeFormCommands(cluster);
    for (int i = 0; i < nodeForm.size(); i++) {
      plan.addStep(Step.of(String.format(Locale.ROOT, "pacemaker.node-setup.%02d", i + 1), Target.each(control),
          "set up the cluster on each node (" + (i + 1) + "/" + nodeForm.size() + ")", nodeForm.get(i)));
    }
    // pcs drives the services through systemd, or RHEL's service + chkconfig (pcs/lib/services.py
    // get_service_manager, pcs 0.10+; pcs 0.9 utils.py is_systemctl, else service + chkconfig). Debian without
    // systemd has neither (no chkconfig; systemctl may be installed with no systemd to talk to): there each node
    // starts Corosync, then Pacemaker, through its init scripts, and one node waits for all.
    boolean pcsStartsNodes = plane.platform().initSystem() != InitSystem.DEBIAN_SYSV;
    List<Command> form = pcs.formCommands(cluster, plane.haclusterPassword(), pcsStartsNodes);
    int setupSteps = form.size() + (pcsStartsNodes ? 0 : 1);
    for (int i = 0; i < form.size(); i++) {
      plan.addStep(setupStep(oneControl, i + 1, setupSteps, form.get(i)));
    }
    if (!pcsStartsNodes) {
      for (String service : pcs.clusterServices()) {
        // Each node starts its own daemons after pcs set the cluster up; the membership wait below meets them all.
        plan.addStep(Step.onOwnHost("pacemaker.start." + service, Target.each(control), "start " + service,
            plane.platform().initSystem().start(service)));
      }
      plan.addStep(setupStep(oneControl, setupSteps, setupSteps, pcs.membershipWaitCommand(cluster)));
    }
  }

  /**
   * Day two: the cluster runs and its membership differs from the model (or not: then every step is in place). From
   * the acting member: pcs authenticated to every model node again, each node to remove drained (standby, wait until
   * nothing runs there), stopped on its own host and removed; each node to add (or rejoin, after its removal) added;
   * then each node starts its own daemons where pcs cannot, and the acting member waits for every model node.
   */
  private static void changeMembership(ControlPlane plane, Cluster cluster, PcsRenderer pcs,
      MembershipChange membership, Plan.Builder plan) {
    Host acting = membership.acting().orElseThrow();
    Target onActing = Target.host(acting);
    InitSystem init = plane.platform().initSystem();
    boolean pcsStartsNodes = init != InitSystem.DEBIAN_SYSV;
    // A rejoining node's pcsd is new: the token the others keep for it is stale, so it is authenticated again.
    plan.addStep(Step.of("pacemaker.members.auth", onActing, "authenticate pcs to every node of the model",
        pcs.authCommand(cluster, plane.haclusterPassword(), membership.rejoining().isEmpty())));
    List<Host> leaving = new ArrayList<>(membership.removed());
    for (Host node : leaving) {
      plan.addStep(Step.of("pacemaker.members.drain." + node.name(), onActing, "drain " + node.name()
          + " before it leaves: standby, then wait until nothing runs there", pcs.drainCommand(node.name())));
      for (String service : pcs.clusterServices().reverse()) {
        plan.addStep(Step.of("pacemaker.members.stop." + node.name() + "." + service, Target.host(node),
            "stop " + service + " on " + node.name() + ", which leaves the cluster", init.stopIfRunning(service)));
      }
    }
    leaving.addAll(membership.rejoining());
    for (Host node : leaving) {
      plan.addStep(Step.builder().id("pacemaker.members.remove." + node.name()).target(onActing)
          .description("remove " + node.name() + " from the cluster").artifact(pcs.nodeRemoveCommand(node.name()))
          .addNotifies(PcsRenderer.NODELIST_CHANGED).build());
    }
    List<Host> joining = new ArrayList<>(membership.rejoining());
    joining.addAll(membership.added());
    for (Host node : joining) {
      Command add = pcs.nodeAddCommand(node, pcsStartsNodes);
      if (membership.rejoining().contains(node)) {
        // Its removal just before takes it out of corosync.conf: checked beforehand (a preview), it is still listed.
        add = Command.builder().from(add).unless(Optional.empty()).build();
      }
      plan.addStep(Step.builder().id("pacemaker.members.add." + node.name()).target(onActing)
          .description("add " + node.name() + " (" + node.address() + ") to the cluster")
          .artifact(add).addNotifies(PcsRenderer.NODELIST_CHANGED).build());
    }
    if (!pcsStartsNodes) {
      // pcs's removal destroys the node's cluster configuration, which disables its daemons at boot (pcs
      // lib/commands/cluster.py remove_nodes, then 'cluster destroy' there): a rejoining node enables them again,
      // without a check a preview would run before the removal.
      for (Host node : membership.rejoining()) {
        for (String service : pcs.clusterServices()) {
          plan.addStep(Step.onOwnHost("pacemaker.members.enable." + node.name() + "." + service, Target.host(node),
              "start " + service + " at boot on " + node.name() + " again: its removal disabled it",
              Command.builder().from(init.enable(service)).unless(Optional.empty()).build()));
        }
      }
    }
    plan.addStep(Step.builder().id("pacemaker.members.reload").target(onActing)
        .description("every running Corosync reads the new nodelist").artifact(pcs.corosyncReloadCommand())
        .whenNotified(PcsRenderer.NODELIST_CHANGED).build());
    // After the reload, as pcs orders it: Corosync no longer counts the node when Pacemaker forgets it.
    for (Host node : membership.removed()) {
      plan.addStep(Step.of("pacemaker.members.purge." + node.name(), onActing, "Pacemaker forgets " + node.name(),
          pcs.nodePurgeCommand(node.name())));
    }
    if (!pcsStartsNodes) {
      for (String service : pcs.clusterServices()) {
        plan.addStep(Step.onOwnHost("pacemaker.start." + service, Target.each(plane.controlNodes()),
            "start " + service, init.start(service)));
      }
    }
    plan.addStep(Step.of("pacemaker.members.wait", onActing, "wait until every node of the model is a member",
        pcs.membershipWaitCommand(cluster)));
  }

  /** Horizon talks to Keystone on the floating IP and, behind TLS, trusts HAProxy's forwarded scheme. */
  private static void horizon(ControlPlane plane, Plan.Builder plan) {
    if (!plane.horizon()) {
      return;
    }
    String vip = plane.floatingIp().address().text();
    horizonSetting(plan, plane, "horizon.openstack-host", "Horizon talks to Keystone on the floating IP",
        "OPENSTACK_HOST", "\"" + vip + "\"");
    plane.horizonSecretKey().ifPresent(key -> plan.addStep(notifying(Step.builder().id("horizon.secret-key")
        .target(Target.each(plane.controlNodes())).description("Horizon signs sessions with the key every node shares")
        .artifact(ConfigEdits.horizonSecretKey(key)), plane, ConfigEdits.HORIZON_SETTINGS, restartedServices(plane))));
    if (plane.horizonSsl().isPresent()) {
      // Only where HAProxy ends TLS: with the header set, Django believes nothing but the header, and behind Apache's
      // own TLS (HAProxy passing TCP through) no one sets it.
      if (plane.horizonSsl().get().termination() == HorizonSsl.Termination.HAPROXY) {
        horizonSetting(plan, plane, "horizon.proxy-ssl-header", "Horizon trusts HAProxy's X-Forwarded-Proto",
            "SECURE_PROXY_SSL_HEADER", "('HTTP_X_FORWARDED_PROTO', 'https')");
      }
      horizonSetting(plan, plane, "horizon.csrf-cookie-secure", "CSRF cookie only over HTTPS", "CSRF_COOKIE_SECURE",
          "True");
      horizonSetting(plan, plane, "horizon.session-cookie-secure", "session cookie only over HTTPS",
          "SESSION_COOKIE_SECURE", "True");
    }
  }

  private static void horizonSetting(Plan.Builder plan, ControlPlane plane, String id, String description,
      String name, String pythonValue) {
    plan.addStep(notifying(Step.builder().id(id).target(Target.each(plane.controlNodes())).description(description)
            .artifact(ConfigEdits.horizonSetting(name, pythonValue)),
        plane, ConfigEdits.HORIZON_SETTINGS, restartedServices(plane)));
  }

  /** Every config on control and compute nodes pointed at the floating IP and the broker. */
  private static void repointAtFloatingIp(ControlPlane plane, Plan.Builder plan) {
    Set<String> controlReaders = readersRestarted(plane);
    for (IniEdit edit : ConfigEdits.controlNodeEdits(plane)) {
      plan.addStep(notifying(Step.builder().id("openstack.config." + iniId(edit))
          .target(Target.each(plane.controlNodes())).description(describe(edit)).artifact(edit),
          plane, edit.file(), controlReaders));
    }
    if (!plane.computeNodes().isEmpty()) {
      for (IniEdit edit : ConfigEdits.computeNodeEdits(plane)) {
        plan.addStep(notifying(Step.builder().id("openstack.compute-config." + iniId(edit))
            .target(Target.each(plane.computeNodes())).description(describe(edit)).artifact(edit),
            plane, edit.file(), COMPUTE_SERVICES));
      }
      for (Host node : plane.computeNodes()) {
        for (IniEdit edit : ConfigEdits.computeNodeConsoleEdits(plane, node)) {
          plan.addStep(notifying(Step.builder().id("openstack.compute-console." + node.name() + "." + iniId(edit))
              .target(Target.host(node)).description("consoles of " + node.name() + " on " + node.address() + ": "
                  + edit.key()).artifact(edit), plane, edit.file(), COMPUTE_SERVICES));
        }
      }
    }
  }

  /** Every service that read an edited file restarted, the cluster's own through Pacemaker, never behind its back. */
  private static void restartWithNewConfig(ControlPlane plane, Plan.Builder plan) {
    if (!plane.computeNodes().isEmpty()) {
      for (String service : COMPUTE_SERVICES) {
        plan.addStep(Step.builder().id("openstack.compute-restart." + service)
            .target(Target.each(plane.computeNodes())).description("restart " + service + " with its new config")
            .waitsFor(Step.Wait.OWN_HOST)
            .artifact(plane.platform().initSystem().restart(service)).whenNotified(Step.notificationFor(service)).build());
      }
    }
    addRestarts(plane, plan, "openstack.restart.", "with its new config");
    PcsRenderer pcs = pcsRenderer(plane);
    for (var singleton : plane.singleHostServices()) {
      plan.addStep(Step.builder().id("pacemaker.restart." + singleton.id()).target(Target.oneOf(plane.controlNodes()))
          .description("restart " + singleton.id() + " through Pacemaker with its new config")
          .artifact(pcs.restartCommand(singleton.id()))
          .whenNotified(Step.notificationFor(singleton.agent().type())).build());
    }
  }

  private static void addRestarts(ControlPlane plane, Plan.Builder plan, String idPrefix, String why) {
    for (String service : restartedServices(plane)) {
      plan.addStep(Step.builder().id(idPrefix + service).target(Target.each(plane.controlNodes()))
          .description("restart " + service + " " + why).artifact(plane.platform().initSystem().restart(service))
          .waitsFor(Step.Wait.OWN_HOST)
          .whenNotified(Step.notificationFor(service)).build());
    }
  }

  private static void keystoneEndpoints(ControlPlane plane, Plan.Builder plan) {
    if (!KeystoneEndpoints.serviceNames(plane).isEmpty()) {
      plan.addStep(Step.of("keystone.endpoints", Target.oneOf(plane.controlNodes()),
          "re-create the endpoints on the floating IP (delete, then create): "
              + String.join(", ", KeystoneEndpoints.serviceNames(plane)), KeystoneEndpoints.command(plane)));
    }
  }


  /**
   * The config edit {@code step}, notifying on a change every one of {@code services} that reads {@code file}. An edit
   * touches nothing but its own host's files: it waits for no other host ({@link Step.Wait#OWN_HOST}).
   */
  private static Step notifying(Step.Builder step, ControlPlane plane, String file,
      Collection<String> services) {
    return step.waitsFor(Step.Wait.OWN_HOST).addAllNotifies(services.stream()
        .filter(service -> filesReadBy(plane, service).contains(file))
        .map(Step::notificationFor).toList()).build();
  }

  /** What {@link ConfigReaders} knows, plus the file an API service's listen address is set in. */
  private static Set<String> filesReadBy(ControlPlane plane, String service) {
    Set<String> files = new LinkedHashSet<>(ConfigReaders.filesReadBy(service));
    plane.apiServices().stream().filter(api -> api.initScript().equals(service))
        .forEach(api -> api.listenAddress().ifPresent(listen -> files.add(listen.file())));
    if (service.equals("httpd")) {
      plane.horizonSsl().ifPresent(ssl -> files.add(ssl.apacheSslConf()));
    }
    return files;
  }

  /**
   * Stops a service the cluster will own, but only before the cluster runs: on a re-apply Pacemaker runs it, and
   * stopping it behind Pacemaker's back would take the service down (a running cluster answers cibadmin). cibadmin is
   * asked first: it answers or fails at once (about 30 ms), where an init script's status (MariaDB's pings the
   * server) takes several times that, so a re-apply never asks the service.
   */
  private static Command releaseStop(InitSystem init, String service) {
    return Command.builder().from(init.stopIfRunning(service)).unless(Command.of("sh", "-c",
        "cibadmin --query --scope resources >/dev/null 2>&1 || ! " + init.runningCondition(), "sh", service))
        .build();
  }

  private static Step setupStep(Target target, int number, int of, Command command) {
    return Step.of(String.format(Locale.ROOT, "pacemaker.setup.%02d", number), target,
        "set up the cluster (" + number + "/" + of + ")", command);
  }

  static PcsRenderer pcsRenderer(ControlPlane plane) {
    PcsRenderer pcs = PcsRenderer.of(plane.platform().pacemaker());
    return plane.pcsForce() ? pcs.withForce() : pcs;
  }

  private static List<String> packages(ControlPlane plane) {
    boolean cman = plane.platform().pacemaker().cman();
    List<String> packages = new ArrayList<>(cman ? List.of("pacemaker", "cman", "pcs", "ccs", "resource-agents")
        : List.of("pacemaker", "pcs", "resource-agents"));
    if (!plane.fencingDevices().isEmpty()) {
      // RHEL 6 and Debian pack every agent in one package; EL7 and later split them, fence-agents-all pulling in all.
      packages.add(cman || plane.platform().packageManager() == PackageManager.APT ? "fence-agents"
          : "fence-agents-all");
    }
    packages.add("haproxy");
    plane.components().forEach(component -> packages.addAll(component.packages(plane)));
    // Debian's apache2 carries mod_ssl itself.
    if (plane.horizonSsl().map(ssl -> ssl.termination() == HorizonSsl.Termination.APACHE).orElse(false)
        && plane.platform().packageManager() != PackageManager.APT) {
      packages.add("mod_ssl");
    }
    return packages;
  }

  /** Every service a control-node edit may notify: those restarted through init and those the cluster runs. */
  private static Set<String> readersRestarted(ControlPlane plane) {
    Set<String> services = new LinkedHashSet<>(restartedServices(plane));
    plane.singleHostServices().forEach(singleton -> services.add(singleton.agent().type()));
    return services;
  }

  /**
   * The services restarted through init on every control node after their files change: each API's init script,
   * the projects' other daemons ({@link ConfigReaders#daemonsOf}) and Apache for Horizon; never a service the
   * cluster runs (those restart through Pacemaker).
   */
  private static Set<String> restartedServices(ControlPlane plane) {
    Set<String> services = new LinkedHashSet<>();
    plane.apiServices().forEach(s -> services.add(s.initScript()));
    plane.projects().forEach(project -> services.addAll(ConfigReaders.daemonsOf(project)));
    if (plane.horizon()) {
      services.add("httpd");
    }
    services.removeAll(ControlPlaneCluster.clusterManagedServices(plane));
    return services;
  }

  /**
   * A stable id part for an INI edit: {@code nova.conf.database.connection}; a file whose name does not say its project
   * gets the project's directory in front ({@code nova.api-paste.ini...}, {@code cinder.api-paste.ini...}).
   */
  private static String iniId(IniEdit edit) {
    String[] parts = edit.file().split("/");
    String file = parts[parts.length - 1];
    String directory = parts.length > 2 ? parts[parts.length - 2] : "";
    if (!directory.isEmpty() && !directory.equals("etc") && !file.startsWith(directory)) {
      file = directory + "." + file;
    }
    String raw = file + "." + (edit.section().isEmpty() ? "global" : edit.section()) + "." + edit.key()
        + (edit.value().isEmpty() ? ".delete" : "");
    return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._:-]", "-");
  }

  private static String describe(IniEdit edit) {
    String where = edit.file() + " [" + edit.section() + "] " + edit.key();
    return edit.value().isPresent() ? "set " + where : "remove " + where;
  }
}
