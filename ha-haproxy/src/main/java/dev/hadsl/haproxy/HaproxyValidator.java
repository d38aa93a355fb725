package dev.hadsl.haproxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cross-proxy rules of a configuration; each problem names the proxy, the value and the rule. */
final class HaproxyValidator {
  private HaproxyValidator() {}

  static List<String> problems(HaproxyConfig config) {
    List<String> problems = new ArrayList<>();
    Defaults defaults = config.defaults();
    Map<String, Proxy> byName = new HashMap<>();
    List<Map.Entry<Proxy, Bind>> binds = new ArrayList<>();

    checkModeOptions(problems, "defaults", defaults.mode(), defaults.options());
    for (Proxy proxy : config.proxies()) {
      String where = proxy.kind().keyword() + " '" + proxy.name() + "'";
      Proxy previous = byName.putIfAbsent(proxy.name(), proxy);
      if (previous != null) {
        problems.add(where + ": the name is already used by " + previous.kind().keyword() + " '" + previous.name() + "'");
      }
      Mode mode = proxy.effectiveMode(defaults);
      checkShape(problems, where, proxy);
      checkModeOptions(problems, where, mode, proxy.options());
      proxy.balance().flatMap(Balance::requiredMode).filter(m -> m != mode).ifPresent(m ->
          problems.add(where + ": balance " + proxy.balance().orElseThrow().algorithm() + " needs mode " + m.keyword()));
      if (mode != Mode.HTTP && !proxy.httpRequestRules().isEmpty()) {
        problems.add(where + ": http-request rules need mode http, the proxy is mode " + mode.keyword());
      }
      if (mode != Mode.HTTP && proxy.redirectPrefix().isPresent()) {
        problems.add(where + ": a redirect needs mode http, the proxy is mode " + mode.keyword());
      }
      if (mode != Mode.HTTP && proxy.stats().isPresent()) {
        problems.add(where + ": a stats page needs mode http, the proxy is mode " + mode.keyword());
      }
      if (mode != Mode.HTTP && proxy.stickiness().map(Stickiness::needsHttp).orElse(false)) {
        problems.add(where + ": cookie stickiness needs mode http, the proxy is mode " + mode.keyword());
      }
      checkServers(problems, where, proxy);
      checkTimeouts(problems, where, proxy, defaults);
      for (Bind bind : proxy.binds()) {
        for (Map.Entry<Proxy, Bind> earlier : binds) {
          if (earlier.getValue().overlaps(bind)) {
            problems.add(where + ": bind " + bind.endpoint() + " overlaps bind " + earlier.getValue().endpoint()
                + " of " + earlier.getKey().kind().keyword() + " '" + earlier.getKey().name() + "'");
          }
        }
        binds.add(Map.entry(proxy, bind));
      }
    }
    for (Proxy proxy : config.proxies()) {
      proxy.defaultBackend().ifPresent(target -> {
        Proxy backend = byName.get(target);
        String where = proxy.kind().keyword() + " '" + proxy.name() + "'";
        if (backend == null) {
          problems.add(where + ": default_backend '" + target + "' does not exist");
        } else if (!backend.kind().forwards() || backend.kind() == Proxy.Kind.LISTEN) {
          problems.add(where + ": default_backend '" + target + "' is a " + backend.kind().keyword()
              + ", not a backend");
        } else if (backend.effectiveMode(defaults) != proxy.effectiveMode(defaults)) {
          problems.add(where + ": mode " + proxy.effectiveMode(defaults).keyword() + " cannot use backend '" + target
              + "' in mode " + backend.effectiveMode(defaults).keyword());
        }
      });
    }
    return problems;
  }

  private static void checkShape(List<String> problems, String where, Proxy proxy) {
    if (proxy.kind().accepts() && proxy.binds().isEmpty()) {
      problems.add(where + ": needs at least one bind");
    }
    if (!proxy.kind().accepts() && !proxy.binds().isEmpty()) {
      problems.add(where + ": a backend cannot bind");
    }
    if (proxy.kind() == Proxy.Kind.FRONTEND) {
      if (!proxy.servers().isEmpty()) {
        problems.add(where + ": a frontend cannot have servers; give it a default_backend");
      }
      if (proxy.defaultBackend().isEmpty()) {
        problems.add(where + ": a frontend needs a default_backend");
      }
      proxy.balance().ifPresent(b -> problems.add(where + ": a frontend cannot balance; balance in its backend"));
      proxy.stickiness().ifPresent(s -> problems.add(where + ": stickiness belongs in the backend"));
    } else if (proxy.defaultBackend().isPresent()) {
      problems.add(where + ": only a frontend has a default_backend");
    }
    if (proxy.kind() == Proxy.Kind.BACKEND && proxy.servers().isEmpty()) {
      problems.add(where + ": a backend needs at least one server");
    }
    if (proxy.kind() == Proxy.Kind.LISTEN && proxy.servers().isEmpty() && proxy.stats().isEmpty()) {
      problems.add(where + ": a listen section needs servers or a stats page");
    }
  }

  private static void checkModeOptions(List<String> problems, String where, Mode mode, List<ProxyOption> options) {
    Set<String> seen = new HashSet<>();
    for (ProxyOption option : options) {
      if (!seen.add(option.name())) {
        problems.add(where + ": option " + option.name() + " is given twice");
      }
      option.requiredMode().filter(m -> m != mode).ifPresent(m -> problems.add(
          where + ": option " + option.name() + " needs mode " + m.keyword() + ", the proxy is mode " + mode.keyword()));
    }
    long healthChecks = options.stream().filter(ProxyOption::isHealthCheck).count();
    if (healthChecks > 1) {
      problems.add(where + ": only one health-check option may be given, found " + healthChecks);
    }
  }

  private static void checkServers(List<String> problems, String where, Proxy proxy) {
    Set<String> names = new HashSet<>();
    for (Server server : proxy.servers()) {
      if (!names.add(server.name())) {
        problems.add(where + ": server name '" + server.name() + "' is used twice");
      }
    }
    if (!proxy.servers().isEmpty() && !proxy.healthChecked() && !proxy.allowServersWithoutHealthCheck()) {
      List<String> unchecked = proxy.servers().stream().filter(s -> !s.check()).map(Server::name).toList();
      problems.add(where + ": servers " + unchecked + " have no health check, so a dead one keeps getting traffic;"
          + " add 'check' or set allowServersWithoutHealthCheck");
    }
  }

  private static void checkTimeouts(List<String> problems, String where, Proxy proxy, Defaults defaults) {
    Timeouts effective = proxy.effectiveTimeouts(defaults);
    // HAProxy warns (and -dW fails) when a proxy that can use them has no client, connect or server timeout.
    if (proxy.kind().accepts() && effective.client().isEmpty()) {
      problems.add(where + ": no client timeout (in the proxy or in defaults)");
    }
    if (proxy.kind().forwards() && !proxy.servers().isEmpty()) {
      if (effective.connect().isEmpty()) {
        problems.add(where + ": no connect timeout (in the proxy or in defaults)");
      }
      if (effective.server().isEmpty()) {
        problems.add(where + ": no server timeout (in the proxy or in defaults)");
      }
    }
  }
}
