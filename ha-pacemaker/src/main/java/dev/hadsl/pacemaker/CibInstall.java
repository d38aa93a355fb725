package dev.hadsl.pacemaker;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.hadsl.core.Artifact;
import dev.hadsl.core.Command;
import dev.hadsl.core.ConfigFile;
import dev.hadsl.core.Host;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Installs a cluster's configuration natively into a running cluster, in one atomic push, without removing anything
 * the model does not own.
 *
 * <ul>
 *   <li><b>Replaced</b>: the {@code <resources>} and {@code <constraints>} sections; the model is the whole truth
 *       about them.
 *   <li><b>Merged</b>: the model's cluster properties ({@code stonith-enabled} always among them), resource defaults
 *       and operation defaults, by the ids pcs and Pacemaker give them ({@code cib-bootstrap-options-NAME}, ...).
 *   <li><b>Kept</b>: every other property and default, those Pacemaker maintains itself ({@code dc-version},
 *       {@code cluster-infrastructure}, ...) and those an operator set ({@code maintenance-mode}); the node entries.
 *   <li><b>Refused</b>: an install over drift, i.e. live resources or constraints that differ from what the last
 *       install put there (recorded on the node), unless {@link #force() forced}. Nothing is pushed when the live
 *       configuration already equals the model.
 * </ul>
 *
 * <p>Why this mechanism: replacing the configuration section with a render erases {@code <crm_config>}, so every
 * property the render lacks is gone until the next DC election (Pacemaker's own) or for good (an operator's
 * {@code maintenance-mode}: its services restart). Setting properties one by one on the live cluster instead is not
 * atomic. So the install edits a private copy of the live CIB offline ({@code CIB_file}, the mechanism behind
 * {@code pcs -f}) and pushes that copy's configuration section once, and not at all when nothing changed. It uses
 * only {@code cibadmin}, which every Pacemaker since 1.0 has, so platforms whose pcs lacks
 * {@code cluster cib-push --config} (pcs 0.9.90 of RHEL 6.5) install the same way.
 */
public final class CibInstall {
  /**
   * Properties Pacemaker writes into {@code cib-bootstrap-options} itself: the controller on DC election
   * ({@code dc-version}, {@code cluster-infrastructure}, {@code cluster-name}, {@code have-watchdog}; listed as
   * read-only by {@code pacemaker-controld metadata} and "Pacemaker Explained" 2.1, Cluster Options),
   * {@code crm_resource --refresh} ({@code last-lrm-refresh}) and CMAN-era Pacemaker 1.1
   * ({@code expected-quorum-votes}). Never reported as drift.
   */
  public static final ImmutableSet<String> PACEMAKER_MAINTAINED = ImmutableSet.of("dc-version",
      "cluster-infrastructure", "cluster-name", "have-watchdog", "last-lrm-refresh", "expected-quorum-votes");

  static final String RESOURCES = "resources.xml";
  static final String CONSTRAINTS = "constraints.xml";
  static final String SETTINGS = "owned-settings.xml";
  static final String ALREADY_IN_PLACE = "cib-install: configuration already in place";

  static final String INSTALLED_RESOURCES = "installed-resources.xml";
  static final String INSTALLED_CONSTRAINTS = "installed-constraints.xml";
  /** Exit code of the install script when it refuses because of drift. */
  public static final int DRIFT_EXIT_CODE = 3;
  /** Set to {@code yes} in the install script's environment to stop before the push and only report. */
  static final String CHECK_ONLY_VARIABLE = Command.CHECK_ONLY_VARIABLE;
  /** A line of the check-only form's stdin that starts the next section file: the marker, then its name. */
  private static final String SECTION_MARK = "@@ha-dsl-cib-section ";

  /**
   * The install's read-only form: the section files the plan would write arrive on stdin (they may hold fence
   * passwords: never an argument), go to a private scratch directory with the last install's record, and the install
   * script runs there in check-only mode on a copy of the live CIB. Nothing in {@code directory} or the live CIB
   * changes; the scratch directory is removed.
   */
  private static final String CHECK_ONLY = String.join("\n",
      "set -eu",
      "umask 077",
      "dir=$1 script=$2",
      "work=$(mktemp -d)",
      "trap 'rm -rf \"$work\"' EXIT",
      "awk -v d=\"$work\" -v mark='" + SECTION_MARK + "' 'index($0, mark) == 1 { f = d \"/\" substr($0, length(mark) + 1);"
          + " printf \"\" > f; next } { print > f }'",
      "for f in " + "installed-resources.xml installed-constraints.xml; do",
      "  if [ -e \"$dir/$f\" ]; then cp \"$dir/$f\" \"$work/$f\"; fi",
      "done",
      CHECK_ONLY_VARIABLE + "=yes sh -c \"$script\" sh \"$work\"");

  /** Set to {@code yes} in the install script's environment to install over drift. */
  public static final String FORCE_VARIABLE = "HA_DSL_FORCE";

  // A fixed script: the only outside input is the directory, passed as $1 (and HA_DSL_FORCE), so nothing a user
  // wrote is ever spliced into shell text. umask 077: the CIB copies carry fence passwords.
  //
  // Drift: after each push the script keeps the resources and constraints it installed (installed-*.xml). Next time,
  // live sections that differ from those were changed behind the model's back: refuse, show the diff, unless forced.
  // Without a record, a cluster that already holds resources or constraints is refused the same way.
  private static final String SCRIPT = String.join("\n",
      "set -eu",
      "umask 077",
      "dir=$1",
      "cibadmin --query > \"$dir/live.xml\"",
      // An empty attribute set means nothing to Pacemaker, and its own tools leave them behind: crm_resource
      // --restart (pcs resource restart) sets target-role and deletes it again, leaving <meta_attributes id=.../>
      // (the Galera lab: every apply after a restart refused as drift). Neither drift nor a change to push.
      "sed -i -e '/^[[:space:]]*<\\(meta\\|instance\\)_attributes id=\"[^\"]*\"\\/>$/d' \"$dir/live.xml\"",
      "CIB_file=\"$dir/live.xml\" cibadmin --query --scope configuration > \"$dir/before.xml\"",
      "CIB_file=\"$dir/live.xml\" cibadmin --query --scope resources > \"$dir/live-resources.xml\"",
      "CIB_file=\"$dir/live.xml\" cibadmin --query --scope constraints > \"$dir/live-constraints.xml\"",
      "cleanup() { rm -f \"$dir/live.xml\" \"$dir/before.xml\" \"$dir/configuration.xml\" \"$dir/live-resources.xml\""
          + " \"$dir/live-constraints.xml\"; }",
      "if [ \"${" + FORCE_VARIABLE + ":-no}\" != yes ]; then",
      "  if [ -e \"$dir/" + INSTALLED_RESOURCES + "\" ]; then",
      "    if ! cmp -s \"$dir/" + INSTALLED_RESOURCES + "\" \"$dir/live-resources.xml\" \\",
      "        || ! cmp -s \"$dir/" + INSTALLED_CONSTRAINTS + "\" \"$dir/live-constraints.xml\"; then",
      "      echo 'cib-install: refused: the live resources or constraints changed since the last install (drift);' \\",
      "        'review the diff, then set " + FORCE_VARIABLE + "=yes to install over it' >&2",
      "      diff -u \"$dir/" + INSTALLED_RESOURCES + "\" \"$dir/live-resources.xml\" >&2 || true",
      "      diff -u \"$dir/" + INSTALLED_CONSTRAINTS + "\" \"$dir/live-constraints.xml\" >&2 || true",
      "      cleanup",
      "      exit " + DRIFT_EXIT_CODE,
      "    fi",
      "  elif grep -q 'id=' \"$dir/live-resources.xml\" \"$dir/live-constraints.xml\"; then",
      "    echo 'cib-install: refused: the cluster holds resources or constraints that no install put there' \\",
      "      '(drift); review them, then set " + FORCE_VARIABLE + "=yes to install over them' >&2",
      "    cat \"$dir/live-resources.xml\" \"$dir/live-constraints.xml\" >&2",
      "    cleanup",
      "    exit " + DRIFT_EXIT_CODE,
      "  fi",
      "fi",
      // Constraints go first and come back last: the schema refuses a constraint naming a resource that is gone.
      "CIB_file=\"$dir/live.xml\" cibadmin --replace --scope constraints --xml-text '<constraints/>'",
      "CIB_file=\"$dir/live.xml\" cibadmin --replace --scope resources --xml-file \"$dir/" + RESOURCES + "\"",
      "CIB_file=\"$dir/live.xml\" cibadmin --replace --scope constraints --xml-file \"$dir/" + CONSTRAINTS + "\"",
      "CIB_file=\"$dir/live.xml\" cibadmin --modify --scope configuration --xml-file \"$dir/" + SETTINGS + "\"",
      "CIB_file=\"$dir/live.xml\" cibadmin --query --scope configuration > \"$dir/configuration.xml\"",
      // Check only (a preview, on a scratch directory): say whether a push would change the configuration, and how.
      "if [ \"${" + CHECK_ONLY_VARIABLE + ":-no}\" = yes ]; then",
      "  if cmp -s \"$dir/before.xml\" \"$dir/configuration.xml\"; then cleanup; exit 0; fi",
      "  echo 'cib-install: the push would change the configuration:'",
      "  diff -u \"$dir/before.xml\" \"$dir/configuration.xml\" | sed -e '1,2d' || true",
      "  cleanup",
      "  exit 1",
      "fi",
      "pushed=no",
      "if ! cmp -s \"$dir/before.xml\" \"$dir/configuration.xml\"; then",
      "  cibadmin --replace --scope configuration --xml-file \"$dir/configuration.xml\"",
      "  pushed=yes",
      "fi",
      "CIB_file=\"$dir/live.xml\" cibadmin --query --scope resources > \"$dir/" + INSTALLED_RESOURCES + "\"",
      "CIB_file=\"$dir/live.xml\" cibadmin --query --scope constraints > \"$dir/" + INSTALLED_CONSTRAINTS + "\"",
      "cleanup",
      // Last on stdout, so every executor reports the step as already in place.
      "if [ \"$pushed\" = no ]; then echo '" + ALREADY_IN_PLACE + "'; echo '" + Command.IN_PLACE + "'; fi",
      "");

  private final Executor executor;
  private final Host host;
  private final String directory;
  private final boolean force;

  private CibInstall(Executor executor, Host host, String directory, boolean force) {
    this.executor = executor;
    this.host = host;
    this.directory = directory;
    this.force = force;
  }

  /**
   * The install as plan artifacts: the three section files (mode 0600: fence passwords), then one command that
   * merges them into a copy of the live CIB and pushes it, refusing (exit {@value #DRIFT_EXIT_CODE}) when the live
   * resources or constraints drifted from the last install. {@code directory} is absolute, on the node that installs.
   */
  public static ImmutableList<Artifact> artifacts(Cluster cluster, String directory) {
    return artifacts(cluster, directory, false);
  }

  /** {@link #artifacts(Cluster, String)}, installing over drift when {@code force} is true. */
  public static ImmutableList<Artifact> artifacts(Cluster cluster, String directory, boolean force) {
    checkDirectory(directory);
    Command.Builder install = Command.builder().addArgv("sh", "-c", SCRIPT, "sh", directory);
    if (force) {
      install.putEnvironment(FORCE_VARIABLE, "yes");
    }
    ConfigFile resources = file(directory, RESOURCES, CibRenderer.renderResources(cluster), cluster);
    ConfigFile constraints = file(directory, CONSTRAINTS, CibRenderer.renderConstraints(cluster), cluster);
    ConfigFile settings = file(directory, SETTINGS, CibRenderer.renderOwnedSettings(cluster), cluster);
    StringBuilder sections = new StringBuilder();
    for (ConfigFile section : List.of(resources, constraints, settings)) {
      String content = section.content().endsWith("\n") ? section.content() : section.content() + "\n";
      sections.append(SECTION_MARK).append(section.path().substring(section.path().lastIndexOf('/') + 1)).append('\n')
          .append(content);
    }
    Command.Builder checkOnly = Command.builder().addArgv("sh", "-c", CHECK_ONLY, "sh", directory, SCRIPT)
        .stdin(sections.toString()).addAllSecrets(cluster.secrets());
    if (force) {
      checkOnly.putEnvironment(FORCE_VARIABLE, "yes");
    }
    install.checkOnly(checkOnly.build());
    return ImmutableList.of(resources, constraints, settings, install.build());
  }

  /** The install script alone, for a standalone file: run it as {@code sh install.sh DIRECTORY}. */
  public static String script() {
    return SCRIPT;
  }

  /** Installs through {@code executor} on {@code host}, keeping the section files in {@code directory} there. */
  public static CibInstall using(Executor executor, Host host, String directory) {
    checkDirectory(directory);
    return new CibInstall(executor, host, directory, false);
  }

  /** The same install, but over drift: what the live cluster holds beyond the last install is replaced. */
  public CibInstall force() {
    return new CibInstall(executor, host, directory, true);
  }

  /**
   * What installing {@code cluster} would do, without doing it: the changes from the live configuration to the model,
   * the drift (live changes since the last install, which an install refuses unless forced) and the settings kept
   * without being owned. The "what will change" preview.
   */
  public Report preview(Cluster cluster) {
    String live = run(Command.of("cibadmin", "--query")).stdout();
    return new Report(ConfigurationDiff.between(live, CibRenderer.render(cluster)), drift(live),
        unownedSettings(live, cluster), false);
  }

  /**
   * Reads the live CIB and installs the model unless the live resources or constraints drifted from the last install
   * (then a {@link ConfigurationDriftException} names every drifted element, and nothing is changed), or the install
   * is {@link #force() forced}.
   */
  public Report install(Cluster cluster) {
    Report preview = preview(cluster);
    if (!preview.drift().isEmpty() && !force) {
      throw new ConfigurationDriftException(host, preview.drift());
    }
    ExecResult last = null;
    for (Artifact artifact : artifacts(cluster, directory, force)) {
      last = run(artifact);
    }
    return new Report(preview.changes(), preview.drift(), preview.unowned(),
        !last.stdout().contains(ALREADY_IN_PLACE));
  }

  /**
   * What an install found and did.
   *
   * @param changes from the live configuration to the model (resources and constraints)
   * @param drift from the last install to the live configuration: changes made behind the model's back
   * @param unowned properties and defaults kept without being set by the model
   * @param pushed whether the configuration was pushed (false when it was already in place, or for a preview)
   */
  public record Report(ConfigurationDiff changes, ConfigurationDiff drift, UnownedSettings unowned, boolean pushed) {}

  /** Changes since the last install (its record on the node), or everything when there is no record. */
  private ConfigurationDiff drift(String live) {
    ExecResult installed = run(Command.of("sh", "-c", "if [ -e \"$1/" + INSTALLED_RESOURCES + "\" ]; then cat \"$1/"
        + INSTALLED_RESOURCES + "\" \"$1/" + INSTALLED_CONSTRAINTS + "\"; fi", "sh", directory));
    String previous = "<cib><configuration>" + installed.stdout().replaceAll("<\\?xml[^>]*>", "")
        + "</configuration></cib>";
    return ConfigurationDiff.between(previous, live);
  }

  /**
   * The properties and defaults in {@code liveCib} that {@code cluster} does not set, leaving out the ones Pacemaker
   * maintains itself: what an install keeps although the model does not know it (drift).
   */
  public static UnownedSettings unownedSettings(String liveCib, Cluster cluster) {
    Element configuration = configuration(liveCib);
    Map<String, String> properties = values(configuration, "crm_config", cluster.effectiveProperties().keySet());
    PACEMAKER_MAINTAINED.forEach(properties::remove);
    return new UnownedSettings(ImmutableMap.copyOf(properties),
        ImmutableMap.copyOf(values(configuration, "rsc_defaults", cluster.resourceDefaults().keySet())),
        ImmutableMap.copyOf(values(configuration, "op_defaults", cluster.operationDefaults().keySet())));
  }

  private static Map<String, String> values(Element configuration, String section, Set<String> owned) {
    Map<String, String> values = new LinkedHashMap<>();
    NodeList sections = configuration.getElementsByTagName(section);
    for (int s = 0; s < sections.getLength(); s++) {
      NodeList pairs = ((Element) sections.item(s)).getElementsByTagName("nvpair");
      for (int i = 0; i < pairs.getLength(); i++) {
        Element pair = (Element) pairs.item(i);
        if (!owned.contains(pair.getAttribute("name"))) {
          values.put(pair.getAttribute("name"), pair.getAttribute("value"));
        }
      }
    }
    return values;
  }

  private static Element configuration(String cib) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element root = factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(cib.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
      NodeList configuration = root.getElementsByTagName("configuration");
      checkArgument(configuration.getLength() == 1, "the live CIB has no configuration section");
      return (Element) configuration.item(0);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("the live CIB is not XML: " + e.getMessage(), e);
    }
  }

  private static ConfigFile file(String directory, String name, String content, Cluster cluster) {
    return ConfigFile.builder().path(directory + "/" + name).content(content).mode(0600)
        .addAllSecrets(cluster.secrets()).build();
  }

  private static void checkDirectory(String directory) {
    checkArgument(directory != null && directory.startsWith("/") && !directory.endsWith("/")
        && directory.indexOf('\0') < 0 && directory.indexOf('\n') < 0,
        "CIB install directory '%s' must be an absolute path without a trailing '/'", directory);
  }

  private ExecResult run(Artifact artifact) {
    ExecResult result;
    try {
      result = executor.execute(host, artifact);
    } catch (IOException e) {
      throw new UncheckedIOException("CIB install on " + host.name() + ": " + artifact.display(), e);
    }
    if (!result.succeeded()) {
      throw new IllegalStateException("CIB install on " + host.name() + " failed (exit " + result.exitCode() + "): "
          + artifact.display() + "\n" + result.stderr().strip());
    }
    return result;
  }
}
