package dev.hadsl.examples;

import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.FloatingIp;
import dev.hadsl.core.Host;
import dev.hadsl.core.Plan;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.DryRunRenderer;
import dev.hadsl.core.exec.Executors;
import dev.hadsl.core.exec.PlanPreview;
import dev.hadsl.pacemaker.observed.ObservedCluster;
import dev.hadsl.core.exec.PlanRunner;
import dev.hadsl.core.exec.ProgressLine;
import dev.hadsl.core.exec.SshExecutor;
import dev.hadsl.core.exec.SshOptions;
import dev.hadsl.core.exec.StepFailedException;
import dev.hadsl.core.export.ScriptExporter;
import dev.hadsl.core.exec.Executor;
import dev.hadsl.openstack.ControlPlane;
import dev.hadsl.openstack.NodeMaintenance;
import dev.hadsl.openstack.ControlPlaneDiagramRenderer;
import dev.hadsl.openstack.Report;
import dev.hadsl.openstack.ReportRenderer;
import dev.hadsl.openstack.HaproxyPlacement;
import dev.hadsl.openstack.HorizonSsl;
import dev.hadsl.openstack.KeystoneAdmin;
import dev.hadsl.openstack.Messaging;
import dev.hadsl.openstack.QpidClusterMessaging;
import dev.hadsl.openstack.Platform;
import dev.hadsl.openstack.SharedStorage;
import dev.hadsl.pacemaker.CibInstall;
import dev.hadsl.pacemaker.CibRenderer;
import dev.hadsl.pacemaker.Primitive;
import dev.hadsl.qpid.QpidCluster;
import dev.hadsl.qpid.QpidClusterPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders the runbook's deployment: three control nodes {@code node1}-{@code node3} at 192.168.122.101-103, two compute
 * nodes at .121-.122, floating
 * IP 192.168.122.200/24, MySQL on NFS, Qpid clustered on two nodes of its own (or in the group), every Havana API
 * behind HAProxy, Horizon over TLS, fencing through each node's IPMI.
 */
public final class RunbookExample {
  /** Command-line choices. */
  public record Options(Path out, boolean qpidInGroup, Platform platform, boolean pcsForce, boolean haproxyClone,
      Optional<Apply> apply, boolean report) {
    /** These choices with the report page written. */
    public Options(Path out, boolean qpidInGroup, Platform platform, boolean pcsForce, boolean haproxyClone,
        Optional<Apply> apply) {
      this(out, qpidInGroup, platform, pcsForce, haproxyClone, apply, true);
    }

    /** The runbook's platform (RHEL 6.5) with Qpid clustered, as the runbook has it. */
    public static Options defaults(Path out) {
      return new Options(out, false, Platform.RHEL_6_5, false, false, Optional.empty());
    }
  }

  /** The platforms {@code --platform} knows, by name. */
  static final Map<String, Platform> PLATFORMS = Map.of("rhel6.5", Platform.RHEL_6_5, "el9", Platform.EL9);

  /**
   * Applying the plan over SSH: as {@code user} with {@code key} (else ssh's own defaults), at most {@code parallel}
   * hosts at once; {@code resume} keeps a journal in DIR/journal and skips what an earlier apply completed.
   */
  public record Apply(Optional<Path> key, String user, int port, List<String> sshOptions, int parallel,
      boolean resume, boolean preview, Optional<Maintenance> maintenance) {
    /** An apply (not a preview). */
    public Apply(Optional<Path> key, String user, int port, List<String> sshOptions, int parallel, boolean resume) {
      this(key, user, port, sshOptions, parallel, resume, false, Optional.empty());
    }

    /** An apply or a preview of the plan, no maintenance. */
    public Apply(Optional<Path> key, String user, int port, List<String> sshOptions, int parallel, boolean resume,
        boolean preview) {
      this(key, user, port, sshOptions, parallel, resume, preview, Optional.empty());
    }
  }

  /** Instead of the plan: drain {@code node} for maintenance ({@code drain}), or bring it back. */
  public record Maintenance(String node, boolean drain) {}

  private static final String USAGE = """
      Usage: java -jar ha-examples/target/ha-examples.jar [--out DIR] [--qpid cluster|group] [--haproxy group|clone]
                                                          [--platform rhel6.5|el9] [--pcs-force]
                                                          [--apply|--preview|--drain NODE|--undrain NODE
                                                                   [--ssh-key FILE] [--ssh-user USER]
                                                                   [--ssh-port N] [--ssh-option K=V]...
                                                                   [--parallel N] [--resume]]

      Renders the runbook's highly available OpenStack control plane into DIR (default: ha-output):
        plan.txt                        the whole plan, numbered, grouped by host (secrets masked)
        report.html                     one static page: the diagram, where everything runs after each node
                                        fails (crm_simulate), the real tools' verdicts, the plan per host
        diagram.dot, diagram.svg        the control plane as a Graphviz diagram (the SVG through dot)
        pacemaker/cib.xml               the CIB, rendered natively (check with crm_verify -x)
        pacemaker/cib-install/          the native install: section files and install.sh (run: sh install.sh DIR)
        pacemaker/pcs-commands.sh       the same cluster as pcs commands, transactional form
        qpid/iptables.rules             the Qpid cluster's firewall as an iptables-restore file
        hosts/<host>/apply.sh           one POSIX sh script per host
        hosts/<host>/files/<path>       every file the plan writes on that host
        ansible/                        the same plan for Ansible: inventory.yml, playbook.yml, secrets.yml (0600,
                                        for ansible-vault), ansible.cfg; run: cd DIR/ansible && ansible-playbook
                                        playbook.yml (add --check --diff to preview)

      Options:
        --out DIR            where to write (created if missing)
        --qpid cluster       Qpid clustered on its own nodes over Corosync: no message loss (default where the
                             platform's Qpid has the cluster module, 0.18 or older)
        --qpid group         Qpid in the Pacemaker group: simpler, but in-flight messages are lost on failover
                             (default elsewhere)
        --haproxy group      HAProxy last in the Pacemaker group, on the floating IP's node (default, the runbook)
        --haproxy clone      HAProxy cloned on every control node; the group follows it (ip_nonlocal_bind set)
        --platform rhel6.5   the runbook's own platform (default): pcs 0.9.90 on CMAN without pcsd (each node
                             sets itself up), Pacemaker 1.1.10, fence-agents 3.1.5, HAProxy 1.4 (Horizon's TLS
                             in Apache mod_ssl), Qpid 0.14, SysV init, yum
        --platform el9       a modern platform: pcs 0.11 with pcsd, Pacemaker 2.1, Corosync 3, HAProxy 2.4
                             (TLS in HAProxy), systemd: resources, dnf, MariaDB
        --el6                the same as --platform rhel6.5
        --no-report          skip report.html and diagram.svg (they need Graphviz's dot and crm_simulate here)
        --pcs-force          add --force to pcs resource creation (agents not installed where pcs runs)
        --apply              after rendering, apply the plan to the hosts over SSH (every step checks before it
                             acts: a second apply changes nothing); a live progress line shows each host. The
                             hosts are asked first what cluster they have: nodes added to or removed from the model
                             join (pcs cluster node add) or are drained and leave (pcs cluster node remove)
        --preview            instead of applying: ask the hosts what they have (read-only checks only) and print,
                             per host, the runs an apply would carry out and why (secrets masked); nothing changes
        --drain NODE         instead of applying: drain the control node NODE for maintenance (standby, then wait
                             until Pacemaker runs nothing there; the group moves once), from another online member
        --undrain NODE       bring NODE back from maintenance (standby off, then wait until the cluster settled;
                             what moved away stays where it runs)
        --ssh-key FILE       the private key to log in with (default: ssh's own)
        --ssh-user USER      the user to log in as (default: root)
        --ssh-port N         the port sshd listens on (default: 22)
        --ssh-option K=V     an ssh -o option, e.g. UserKnownHostsFile=FILE (repeatable)
        --parallel N         at most N hosts at once (default: all); each step still waits for all hosts
        --resume             keep a journal in DIR/journal: a re-run skips the steps an earlier apply completed
                             and continues at the one that failed
        --help               this text

      Secrets come from HA_DSL_HACLUSTER_PASSWORD, HA_DSL_DB_PASSWORD, HA_DSL_SERVICE_PASSWORD, HA_DSL_KEYSTONE_TOKEN,
      HA_DSL_IPMI_PASSWORD, HA_DSL_METADATA_SECRET and HA_DSL_HORIZON_SECRET_KEY; unset ones get placeholders (the scripts then need
      editing before use).
      """;

  private RunbookExample() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Parses {@code args}, renders, and applies when asked.
   *
   * @return the exit code: 0 done, 1 a step failed while applying, 2 bad usage or a model the library refuses (its
   *     problems printed as plain lines on {@code err}, never a stack trace, never a secret)
   */
  static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    Optional<Options> options = parse(args, err);
    if (options.isEmpty()) {
      return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2;
    }
    ControlPlane plane;
    List<String> removed;
    try {
      plane = controlPlane(options.get());
      removed = render(plane, options.get().out());
    } catch (IllegalArgumentException | NullPointerException e) {
      // The library's refusals name the field and never the secret; the trace would only bury that sentence.
      err.println("ha-examples: refused: " + e.getMessage());
      return 2;
    }
    if (!removed.isEmpty()) {
      out.println("Removed what an earlier render wrote and this plan no longer has: " + String.join(", ", removed));
    }
    out.printf(Locale.ROOT, "Rendered %d steps on %d hosts into %s (see plan.txt)%n", plane.plan().steps().size(),
        plane.plan().hosts().size(), options.get().out().toAbsolutePath());
    if (options.get().report()) {
      writeReport(plane, options.get().out(), Executors.local(), out, err);
    }
    if (options.get().apply().isPresent()) {
      Apply apply = options.get().apply().get();
      SshExecutor executor = executor(apply);
      // The hosts say what they have; the plan converges that to the model (day one where nothing is there).
      ObservedCluster observed = plane.observe(executor);
      if (apply.maintenance().isPresent()) {
        Maintenance maintenance = apply.maintenance().get();
        NodeMaintenance plans;
        try {
          plans = plane.maintenance(observed, maintenance.node());
        } catch (IllegalArgumentException e) {
          err.println("ha-examples: refused: " + e.getMessage());
          return 2;
        }
        return apply(maintenance.drain() ? plans.drain() : plans.resume(), options.get().out(), apply, executor, out);
      }
      Plan plan;
      try {
        plan = plane.plan(observed);
      } catch (IllegalArgumentException e) {
        err.println("ha-examples: refused: " + e.getMessage());
        return 2;
      }
      plane.membershipChange(observed).describe().forEach(line -> out.println("membership: " + line));
      if (apply.preview()) {
        out.print(PlanPreview.render(PlanPreview.of(executor).preview(plan)));
        return 0;
      }
      return apply(plan, options.get().out(), apply, executor, out);
    }
    return 0;
  }

  /** The SSH executor an apply or a preview logs in with: one login per host, through a private socket. */
  static SshExecutor executor(Apply apply) throws IOException {
    SshOptions.Builder ssh = SshOptions.builder().user(apply.user()).port(apply.port()).addAllOptions(apply.sshOptions())
        // One login per host for the whole apply; the socket directory is private and short (a socket path is
        // limited to 108 bytes).
        .connectionSharing(Files.createTempDirectory(Path.of("/tmp"), "ha-dsl-ssh-"));
    apply.key().ifPresent(ssh::identityFile);
    return Executors.ssh(ssh.build());
  }

  /**
   * Applies {@code plan} over SSH with a live progress line.
   *
   * @return the exit code: 0 when every step is in place, 1 when one failed
   */
  static int apply(Plan plan, Path out, Apply apply, PrintStream progress) throws IOException {
    return apply(plan, out, apply, executor(apply), progress);
  }

  private static int apply(Plan plan, Path out, Apply apply, SshExecutor executor, PrintStream progress)
      throws IOException {
    ProgressLine line = ProgressLine.of(plan, progress, System.console() != null);
    PlanRunner runner = PlanRunner.of(executor).withListener(line)
        .parallel(Math.max(1, Math.min(apply.parallel(), plan.hosts().size())));
    if (apply.resume()) {
      runner = runner.withJournal(out.resolve("journal"));
    }
    try {
      List<PlanRunner.Outcome> outcomes = runner.run(plan);
      long changed = outcomes.stream().filter(o -> !o.result().skipped()).count();
      progress.println();
      progress.printf(Locale.ROOT, "Applied: %d runs, %d changed something, %d already in place%n", outcomes.size(), changed,
          outcomes.size() - changed);
      return 0;
    } catch (StepFailedException e) {
      progress.println();
      progress.println("Stopped at " + e.stepId() + " on " + e.hostName() + ". Fix the cause, then"
          + " run again" + (apply.resume() ? " with --resume: completed steps are skipped." : " (add --resume to"
          + " skip what completed; every step checks the host before it acts either way)."));
      return 1;
    } finally {
      for (Host host : plan.hosts()) {
        executor.disconnect(host);
      }
    }
  }

  static Optional<Options> parse(String[] args, PrintStream err) {
    Path out = Path.of("ha-output");
    Optional<Boolean> inGroup = Optional.empty();
    Platform platform = Platform.RHEL_6_5;
    boolean force = false;
    boolean clone = false;
    boolean apply = false;
    Optional<Path> key = Optional.empty();
    String user = "root";
    int parallel = Integer.MAX_VALUE;
    int port = 22;
    List<String> sshOptions = new ArrayList<>();
    boolean resume = false;
    boolean preview = false;
    Optional<Maintenance> maintenance = Optional.empty();
    boolean report = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          System.out.print(USAGE);
          return Optional.empty();
        }
        case "--out" -> {
          if (i + 1 >= args.length) {
            err.println("--out needs a directory\n\n" + USAGE);
            return Optional.empty();
          }
          out = Path.of(args[++i]);
        }
        case "--qpid" -> {
          String mode = i + 1 < args.length ? args[++i] : "";
          if (!mode.equals("cluster") && !mode.equals("group")) {
            err.println("--qpid takes 'cluster' or 'group', was '" + mode + "'\n\n" + USAGE);
            return Optional.empty();
          }
          inGroup = Optional.of(mode.equals("group"));
        }
        case "--haproxy" -> {
          String mode = i + 1 < args.length ? args[++i] : "";
          if (!mode.equals("group") && !mode.equals("clone")) {
            err.println("--haproxy takes 'group' or 'clone', was '" + mode + "'\n\n" + USAGE);
            return Optional.empty();
          }
          clone = mode.equals("clone");
        }
        case "--el6" -> platform = Platform.RHEL_6_5;
        case "--platform" -> {
          String name = i + 1 < args.length ? args[++i] : "";
          if (!PLATFORMS.containsKey(name)) {
            err.println("--platform takes rhel6.5 or el9, was '" + name + "'\n\n" + USAGE);
            return Optional.empty();
          }
          platform = PLATFORMS.get(name);
        }
        case "--pcs-force" -> force = true;
        case "--no-report" -> report = false;
        case "--apply" -> apply = true;
        case "--preview" -> preview = true;
        case "--drain", "--undrain" -> {
          String option = args[i];
          String node = i + 1 < args.length ? args[++i] : "";
          if (!node.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}") || maintenance.isPresent()) {
            err.println(option + " needs one node name, was '" + node + "'\n\n" + USAGE);
            return Optional.empty();
          }
          maintenance = Optional.of(new Maintenance(node, option.equals("--drain")));
        }
        case "--resume" -> resume = true;
        case "--ssh-key", "--ssh-user", "--ssh-port", "--ssh-option", "--parallel" -> {
          String option = args[i];
          String value = i + 1 < args.length ? args[++i] : "";
          if (option.equals("--ssh-key") && !value.isEmpty()) {
            key = Optional.of(Path.of(value));
          } else if (option.equals("--ssh-user") && value.matches("[a-z_][a-z0-9_.-]{0,31}")) {
            user = value;
          } else if (option.equals("--parallel") && value.matches("[1-9][0-9]{0,3}")) {
            parallel = Integer.parseInt(value);
          } else if (option.equals("--ssh-port") && value.matches("[1-9][0-9]{0,4}")
              && Integer.parseInt(value) <= 65535) {
            port = Integer.parseInt(value);
          } else if (option.equals("--ssh-option") && value.matches("[A-Za-z]+=[^\\n]*")) {
            sshOptions.add(value);
          } else {
            err.println(option + " needs " + switch (option) {
              case "--parallel" -> "a number from 1 to 9999";
              case "--ssh-port" -> "a port from 1 to 65535";
              case "--ssh-option" -> "Key=value";
              case "--ssh-user" -> "a user name";
              default -> "a file";
            } + ", was '" + value + "'\n\n" + USAGE);
            return Optional.empty();
          }
        }
        default -> {
          err.println("unknown option '" + args[i] + "'\n\n" + USAGE);
          return Optional.empty();
        }
      }
    }
    if (maintenance.isPresent() && (apply || preview || resume)) {
      err.println("--drain and --undrain run instead of --apply or --preview\n\n" + USAGE);
      return Optional.empty();
    }
    if (apply && preview) {
      err.println("--apply and --preview exclude each other: a preview changes nothing\n\n" + USAGE);
      return Optional.empty();
    }
    if (preview && resume) {
      err.println("--resume goes with --apply: a preview keeps no journal\n\n" + USAGE);
      return Optional.empty();
    }
    if (!apply && !preview && maintenance.isEmpty() && (resume || key.isPresent() || !user.equals("root") || parallel != Integer.MAX_VALUE || port != 22
        || !sshOptions.isEmpty())) {
      err.println("--ssh-key, --ssh-user, --ssh-port, --ssh-option, --parallel and --resume go with --apply (or"
          + " --preview)\n\n"
          + USAGE);
      return Optional.empty();
    }
    return Optional.of(new Options(out, inGroup.orElse(!platform.qpidCluster()), platform, force, clone,
        apply || preview || maintenance.isPresent() ? Optional.of(new Apply(key, user, port, List.copyOf(sshOptions),
            parallel, resume, preview, maintenance)) : Optional.empty(), report));
  }

  /** The runbook's control plane with the chosen options. */
  public static ControlPlane controlPlane(Options options) {
    List<Host> nodes = List.of(Host.of("node1", "192.168.122.101/24"), Host.of("node2", "192.168.122.102/24"),
        Host.of("node3", "192.168.122.103/24"));
    Secret dbPassword = secret("HA_DSL_DB_PASSWORD", "change-me-db");
    ControlPlane.Builder plane = ControlPlane.builder()
        .addAllControlNodes(nodes)
        // Compute nodes get their nova and neutron agent settings repointed too (Keystone, Glance, Neutron, noVNC,
        // the broker), and their services restarted.
        .addComputeNodes(Host.of("compute1", "192.168.122.121/24"), Host.of("compute2", "192.168.122.122/24"))
        .floatingIp(FloatingIp.of("192.168.122.200/24"))
        .databaseStorage(SharedStorage.nfs("192.168.122.1:/srv/mysql"))
        // The runbook's single-host services, and the neutron agents that must run where the L2 agent does.
        .addSingleHostServices(ControlPlane.NOVA_CONSOLEAUTH, ControlPlane.NEUTRON_L2_AGENT,
            ControlPlane.NEUTRON_L3_AGENT, ControlPlane.NEUTRON_DHCP_AGENT, ControlPlane.NEUTRON_METADATA_AGENT)
        // TLS ends in HAProxy where it can (1.5+), else in Apache on each node (RHEL 6.5's HAProxy 1.4).
        .horizonSsl(options.platform().haproxyTerminatesTls()
            ? HorizonSsl.of("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key")
            : HorizonSsl.apache("/etc/pki/tls/certs/horizon.crt", "/etc/pki/tls/private/horizon.key"))
        .metadataProxySecret(secret("HA_DSL_METADATA_SECRET", "change-me-metadata"))
        .horizonSecretKey(secret("HA_DSL_HORIZON_SECRET_KEY", "change-me-horizon"))
        .keystone(KeystoneAdmin.token(secret("HA_DSL_KEYSTONE_TOKEN", "change-me-token")))
        .platform(options.platform())
        .pcsForce(options.pcsForce())
        .haproxyPlacement(options.haproxyClone() ? HaproxyPlacement.CLONE : HaproxyPlacement.IN_GROUP);
    if (options.platform().pacemaker().pcsd()) {
      plane.haclusterPassword(secret("HA_DSL_HACLUSTER_PASSWORD", "change-me-hacluster"));
    }
    for (String project : List.of("keystone", "glance", "nova", "cinder", "neutron", "heat")) {
      plane.databasePassword(project, dbPassword);
    }
    Secret servicePassword = secret("HA_DSL_SERVICE_PASSWORD", "change-me-service");
    for (String project : List.of("glance", "nova", "cinder", "neutron", "heat", "ceilometer")) {
      plane.servicePassword(project, servicePassword);
    }
    Secret ipmi = secret("HA_DSL_IPMI_PASSWORD", "change-me-ipmi");
    for (Host node : nodes) {
      String last = node.address().text().substring(node.address().text().lastIndexOf('.') + 1);
      plane.addFencingDevice(Primitive.fenceIpmilan("fence-" + node.name(), node.name(), "192.168.124." + last,
          "admin", ipmi));
    }
    if (!options.qpidInGroup()) {
      QpidCluster qpid = QpidCluster.builder().name("openstack-qpid")
          .addMembers(Host.of("qpid1", "192.168.122.111/24"), Host.of("qpid2", "192.168.122.112/24"))
          .initSystem(options.platform().initSystem()).packageManager(options.platform().packageManager())
          .build();
      plane.messaging(Messaging.cluster(qpid));
    }
    return plane.build();
  }

  /**
   * Writes the output layout into {@code out}, which the example owns: a symbolic link where it writes is refused
   * (files carry secrets), and what an earlier render wrote that this plan no longer has is removed.
   *
   * @return what was removed, relative to {@code out}, e.g. {@code [hosts/qpid1, qpid]} after {@code --qpid group}
   */
  public static List<String> render(ControlPlane plane, Path out) throws IOException {
    for (String directory : List.of("", "pacemaker", "pacemaker/cib-install", "qpid", "hosts", "ansible")) {
      if (Files.isSymbolicLink(out.resolve(directory))) {
        throw new IllegalArgumentException("output " + out.resolve(directory) + " is a symbolic link: refused (the"
            + " files written there carry secrets)");
      }
    }
    List<String> removed = new ArrayList<>();
    Files.createDirectories(out.resolve("pacemaker"));
    write(out.resolve("plan.txt"), DryRunRenderer.render(plane.plan()));
    write(out.resolve("diagram.dot"), ControlPlaneDiagramRenderer.render(plane));
    writePrivately(out.resolve("pacemaker/cib.xml"), CibRenderer.render(plane.cluster()), "rw-------");
    writeCibInstall(plane, out.resolve("pacemaker/cib-install"));
    writePrivately(out.resolve("pacemaker/pcs-commands.sh"), pcsScript(plane), "rwx------");
    if (plane.messaging() instanceof QpidClusterMessaging qpid) {
      Files.createDirectories(out.resolve("qpid"));
      write(out.resolve("qpid/iptables.rules"), QpidClusterPlan.restoreFile(qpid.cluster()));
    } else if (Files.exists(out.resolve("qpid/iptables.rules"), LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(out.resolve("qpid/iptables.rules"));
      removed.add("qpid/iptables.rules");
      try (var rest = Files.list(out.resolve("qpid"))) {
        if (rest.findAny().isEmpty()) {
          Files.delete(out.resolve("qpid"));
        }
      }
    }
    for (String host : ScriptExporter.create().export(plane.plan(), out.resolve("hosts"))) {
      removed.add("hosts/" + host);
    }
    for (String file : plane.ansibleExporter().export(plane.plan(), out.resolve("ansible"))) {
      removed.add("ansible/" + file);
    }
    return List.copyOf(removed);
  }

  /**
   * Writes report.html and diagram.svg from what {@link #render} wrote, with the real tools of this machine (dot,
   * crm_simulate and the checkers) run through {@code local}. When a tool is missing, says which and how to install
   * it and writes neither (an earlier render's are removed: a stale page would show another plan).
   *
   * @return whether the report was written
   */
  static boolean writeReport(ControlPlane plane, Path out, Executor local, PrintStream progress, PrintStream err)
      throws IOException {
    Host here = Host.of("localhost", "127.0.0.1");
    Path work = Files.createTempDirectory("ha-dsl-report", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    try {
      Report report = Report.gather(plane, local, here, work, new ArtifactChecks(local, here).check(plane, out));
      write(out.resolve("diagram.svg"), report.diagramSvg());
      write(out.resolve("report.html"), ReportRenderer.render(report));
      progress.println("Wrote report.html (diagram, failover per node, the tools' verdicts, the plan per host)");
      return true;
    } catch (IllegalStateException e) {
      Files.deleteIfExists(out.resolve("diagram.svg"));
      Files.deleteIfExists(out.resolve("report.html"));
      err.println("ha-examples: report.html not written: " + e.getMessage());
      return false;
    } finally {
      try (var files = Files.walk(work)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * The native install as files: the section files (0600: fence passwords) and install.sh, which merges them into a
   * copy of the live CIB and pushes it once, keeping every property the model does not own.
   */
  private static void writeCibInstall(ControlPlane plane, Path directory) throws IOException {
    Files.createDirectories(directory);
    for (Artifact artifact : CibInstall.artifacts(plane.cluster(), directory.toAbsolutePath().toString())) {
      if (artifact instanceof ConfigFile file) {
        writePrivately(directory.resolve(Path.of(file.path()).getFileName()), file.content(), "rw-------");
      }
    }
    write(directory.resolve("install.sh"), "#!/bin/sh\n# Usage: sh install.sh DIRECTORY-HOLDING-THE-SECTION-FILES\n"
        + CibInstall.script());
  }

  /** The cluster's pcs commands as a script for one control node; it carries secrets, so it is mode 0700. */
  static String pcsScript(ControlPlane plane) {
    boolean pcsd = plane.platform().pacemaker().pcsd();
    List<String> lines = new ArrayList<>(List.of("#!/bin/sh",
        "# Generated by ha-dsl: cluster '" + plane.name() + "' as pcs commands for " + plane.platform().name() + " ("
            + plane.platform().pacemaker() + ").",
        pcsd ? "# Run on one control node once pcsd runs on all of them."
            : "# Without pcsd each node sets itself up: run the setup part on every control node, the configuration"
                + " part on one.",
        "# The configuration goes into a CIB file first and only its configuration section is pushed, once: all or"
            + " nothing.",
        "set -eu"));
    if (!pcsd) {
      lines.add("# --- on every control node: ---");
    }
    for (Command command : plane.pcsSetupCommands()) {
      lines.add(command.toShell());
    }
    if (!pcsd) {
      lines.add("# --- on one control node, once every node is a member: ---");
    }
    for (Command command : plane.pcsConfigurationCommands()) {
      lines.add(command.toShell());
    }
    return String.join("\n", lines) + "\n";
  }

  private static Secret secret(String variable, String placeholder) {
    String value = System.getenv(variable);
    return Secret.of(value == null || value.isEmpty() ? placeholder : value);
  }

  /** Creates the file with {@code permissions} from birth (it holds secrets), replacing any earlier one. */
  private static void writePrivately(Path file, String content, String permissions) throws IOException {
    Set<PosixFilePermission> mode = PosixFilePermissions.fromString(permissions);
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
    Files.setPosixFilePermissions(file, mode); // the umask may have narrowed the creation mode
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /** Replaces {@code file}: a link planted there is removed, never written through. */
  private static Path write(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    return Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
  }
}
