package dev.hadsl.examples;

import dev.hadsl.core.Command;
import dev.hadsl.core.Host;
import dev.hadsl.core.Redaction;
import dev.hadsl.core.Secret;
import dev.hadsl.core.exec.ExecResult;
import dev.hadsl.core.exec.Executor;
import dev.hadsl.openstack.ControlPlane;
import dev.hadsl.openstack.Verdict;
import dev.hadsl.openstack.Verdict.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real tools' verdicts on what the example wrote, for the report: {@code crm_verify} on the CIB, {@code haproxy
 * -c} on a control node's haproxy.cfg, {@code sh -n} on every host script. Each runs through an executor on this
 * machine; a tool that is missing, or an artifact that names files only the target has, is reported as not run,
 * never as passed.
 */
final class ArtifactChecks {
  private static final String INSTALL = "not installed here (scripts/install-tools.sh installs it)";
  // haproxy.cfg lines naming a file haproxy -c opens: crt (bind), ca-file (server).
  private static final Pattern FILES = Pattern.compile("\\s(?:crt|ca-file)\\s+(\\S+)");

  private final Executor executor;
  private final Host here;

  ArtifactChecks(Executor executor, Host here) {
    this.executor = executor;
    this.here = here;
  }

  /** Every verdict on the layout in {@code out}, which {@link RunbookExample#render} wrote for {@code plane}. */
  List<Verdict> check(ControlPlane plane, Path out) throws IOException {
    List<Secret> secrets = plane.plan().steps().stream().flatMap(step -> step.artifact().allSecrets().stream())
        .toList();
    List<Verdict> verdicts = new ArrayList<>();
    verdicts.add(judge(secrets, "pacemaker/cib.xml", List.of("crm_verify", "-x", out.resolve("pacemaker/cib.xml").toString(),
        "-V"), "crm_verify -x cib.xml -V"));
    Path config = out.resolve("hosts").resolve(plane.controlNodes().get(0).name()).resolve(
        "files/etc/haproxy/haproxy.cfg");
    String artifact = out.relativize(config).toString();
    if (Files.isRegularFile(config)) {
      List<String> absent = new ArrayList<>();
      Matcher files = FILES.matcher(Files.readString(config));
      while (files.find()) {
        if (!Files.exists(Path.of(files.group(1)))) {
          absent.add(files.group(1));
        }
      }
      if (absent.isEmpty()) {
        verdicts.add(judge(secrets, artifact, List.of("haproxy", "-c", "-dW", "-f", config.toString()),
            "haproxy -c -dW -f haproxy.cfg"));
      } else {
        verdicts.add(new Verdict(artifact, "haproxy -c -dW -f haproxy.cfg", Outcome.NOT_RUN, "names "
            + String.join(", ", absent) + ", which only the target has"));
      }
    }
    try (Stream<Path> hosts = Files.list(out.resolve("hosts"))) {
      for (Path script : hosts.map(host -> host.resolve("apply.sh")).filter(Files::isRegularFile).sorted().toList()) {
        verdicts.add(judge(secrets, out.relativize(script).toString(), List.of("sh", "-n", script.toString()), "sh -n"
            + " apply.sh"));
      }
    }
    return verdicts;
  }

  private Verdict judge(List<Secret> secrets, String artifact, List<String> argv, String shown) {
    Optional<ExecResult> result = run(argv);
    if (result.isEmpty() || result.get().exitCode() == 127) {
      return new Verdict(artifact, shown, Outcome.NOT_RUN, argv.get(0) + " " + INSTALL);
    }
    // A checker may quote what it read; the report never shows a secret.
    String said = Redaction.redact((result.get().stdout().strip() + "\n" + result.get().stderr().strip()).strip(),
        secrets);
    return new Verdict(artifact, shown, result.get().succeeded() ? Outcome.PASSED : Outcome.FAILED,
        said.length() > 2000 ? said.substring(0, 2000) + "..." : said);
  }

  private Optional<ExecResult> run(List<String> argv) {
    try {
      return Optional.of(executor.execute(here, Command.of(argv)));
    } catch (IOException missing) {
      return Optional.empty();
    }
  }
}
