#!/usr/bin/env python3
"""List HAProxy's sample-fetch and ACL keywords from a source tree at a git revision.

Reads a (bare) git repository with `git grep` / `git show`; nothing is checked out or compiled.

Rule: a keyword is the leading string literal of an element of the keyword array of a
`struct sample_fetch_kw_list NAME = {ILH, { {"kw", ...}, ... }}` or
`struct acl_kw_list NAME = {ILH, { {"kw", ...}, ... }}` initializer (1.4: `= {{ },{ {"kw", ...}, ... }}`),
i.e. a `{` at brace depth 3 of the initializer whose first token is a string literal.
Comments are stripped first.  For every keyword the script records
  * the preprocessor conditions (#if/#ifdef/#ifndef/#elif/#else) enclosing the entry in its file, and
  * the Makefile build option(s) (ifneq ($(USE_X),) blocks) under which the file's object is built
    ("always" when the object is in the unconditional OBJS list).
A "profile" (set of build options + preprocessor facts) decides which keywords a given build has;
a condition the profile cannot evaluate is reported, never silently guessed.

Usage:
  extract.py REPO REV [--profile NAME] [--kind smp|acl|all] [--annotate] [--makefile-only]
    REPO      bare git dir (e.g. /work/.mirror/haproxy+haproxy/repo)
    REV       tag or commit
    --profile all       : every keyword found, no filtering (default)
              debian26  : Debian 12 haproxy 2.6.12 build (OPENSSL 3.0, LUA, PCRE2, SLZ, PROMEX, OT, SYSTEMD, linux)
              distro    : typical distribution build (OPENSSL >= 1.1.1, LUA, PCRE2, ZLIB, PROMEX, SYSTEMD, linux);
                          no 51DEGREES/WURFL/DEVICEATLAS/QUIC
    --kind    which arrays: smp, acl, cnv (converters), or all (default) = union of fetch and ACL keywords
    --annotate print "kw<TAB>kind<TAB>file:line<TAB>build-option<TAB>conditions<TAB>in-profile"
"""
import argparse
import bisect
import re
import subprocess
import sys

# ---------------------------------------------------------------- git helpers


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True,
                          text=True, errors="replace").stdout


def files_with_arrays(repo, rev):
    out = subprocess.run(["git", "--git-dir", repo, "grep", "-l", "-E",
                          r"struct[[:space:]]+(sample_fetch_kw_list|acl_kw_list|sample_conv_kw_list)[[:space:]]+[A-Za-z_0-9]+[[:space:]]*=",
                          rev, "--", "*.c"], capture_output=True, text=True).stdout
    return sorted(line.split(":", 1)[1] for line in out.splitlines() if line)


# ---------------------------------------------------------------- C text handling


def strip_comments(src):
    """Replace comments by spaces, keeping newlines (so line numbers hold) and string literals."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c == "/" and i + 1 < n and src[i + 1] == "*":
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in src[i:j]))
            i = j
        elif c == "/" and i + 1 < n and src[i + 1] == "/":
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c == '"' or c == "'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


ARRAY_RE = re.compile(r"struct\s+(sample_fetch_kw_list|acl_kw_list|sample_conv_kw_list)\s+(\w+)\s*=\s*\{")
STR_RE = re.compile(r'\s*"((?:[^"\\]|\\.)*)"')


def extract_file(text, path):
    """Yield (kind, keyword, line, [conditions]) for every keyword-array entry of one C file."""
    text = strip_comments(text)
    lines = text.split("\n")
    # preprocessor condition stack per line: list of strings like "USE_X" / "!(...)"
    conds_at = []
    stack = []  # each item: [list of previous branch conditions, current condition]
    logical = 0
    i = 0
    cont = ""
    for ln, line in enumerate(lines):
        full = cont + line
        if full.rstrip().endswith("\\"):
            cont = full.rstrip()[:-1] + " "
            conds_at.append(None if cont.lstrip().startswith("#") else [s[1] for s in stack])
            continue
        cont = ""
        m = re.match(r"\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)", full)
        if m:
            d, arg = m.group(1), " ".join(m.group(2).split())
            if d == "ifdef":
                stack.append([[], "defined(%s)" % arg])
            elif d == "ifndef":
                stack.append([[], "!defined(%s)" % arg])
            elif d == "if":
                stack.append([[], arg])
            elif d in ("elif", "else") and stack:
                prev = stack[-1][0] + [stack[-1][1]]
                neg = " && ".join("!(%s)" % p for p in prev)
                stack[-1] = [prev, neg if d == "else" else "%s && (%s)" % (neg, arg)]
            elif d == "endif" and stack:
                stack.pop()
            conds_at.append(None)  # preprocessor line itself
            continue
        conds_at.append([s[1] for s in stack])
    # drop include guards (#ifndef _X_H) -- none in .c files, kept simple.
    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    for m in ARRAY_RE.finditer(text):
        kind = {"sample_fetch_kw_list": "smp", "acl_kw_list": "acl", "sample_conv_kw_list": "cnv"}[m.group(1)]
        pos = m.end()  # just after the opening brace: depth 1
        depth = 1
        while pos < len(text) and depth > 0:
            c = text[pos]
            line_no = bisect.bisect_right(starts, pos) - 1
            if conds_at[line_no] is None:  # skip a preprocessor line
                nl = text.find("\n", pos)
                pos = len(text) if nl < 0 else nl + 1
                continue
            if c == '"':
                sm = STR_RE.match(text, pos)
                pos = sm.end()
                continue
            if c == "{":
                depth += 1
                if depth == 3:
                    sm = STR_RE.match(text, pos + 1)
                    if sm:
                        yield kind, sm.group(1), line_no + 1, conds_at[line_no]
            elif c == "}":
                depth -= 1
            pos += 1


# ---------------------------------------------------------------- Makefile: file -> build option


def makefile_options(repo, rev):
    """Map object path (e.g. 'src/ssl_sample.o') -> list of enclosing Makefile conditions."""
    try:
        mk = git(repo, "show", "%s:Makefile" % rev)
    except subprocess.CalledProcessError:
        return {}
    res = {}
    stack = []
    joined = mk.replace("\\\n", " ")
    for line in joined.split("\n"):
        s = line.strip()
        m = re.match(r"(ifneq|ifeq|ifdef|ifndef)\b(.*)", s)
        if m:
            stack.append("%s %s" % (m.group(1), m.group(2).strip()))
            continue
        if s.startswith("else"):
            if stack:
                stack[-1] = "else-of(%s)" % stack[-1]
            continue
        if s.startswith("endif"):
            if stack:
                stack.pop()
            continue
        if re.match(r"[A-Z_]*OBJS\s*[+:]?=", s):
            for obj in re.findall(r"[\w./$()-]+\.o\b", s):
                res.setdefault(obj, list(stack))
    return res


def build_option(mkopts, path):
    obj = re.sub(r"\.c$", ".o", path)
    if obj not in mkopts:
        return "?not-in-Makefile"
    conds = [c for c in mkopts[obj] if "USE_" in c]
    if not conds:
        return "always"
    opts = []
    for c in conds:
        opts += re.findall(r"USE_\w+", c)
    return "+".join(sorted(set(opts)))


# ---------------------------------------------------------------- profiles

PROFILES = {
    "all": None,
    # Debian 12 haproxy 2.6.12-1+deb12u4: `haproxy -vv` OPTIONS = USE_PCRE2 USE_PCRE2_JIT USE_OPENSSL USE_LUA
    # USE_SLZ USE_SYSTEMD USE_OT USE_PROMEX, TARGET linux-glibc, OpenSSL 3.0.x, no QUIC/51d/WURFL/DA.
    "debian26": {
        "options": {"USE_OPENSSL", "USE_LUA", "USE_PCRE2", "USE_PCRE2_JIT", "USE_SLZ", "USE_SYSTEMD", "USE_OT",
                    "USE_PROMEX", "USE_THREAD", "USE_EPOLL", "USE_POLL", "USE_NS", "USE_TFO", "USE_LINUX_TPROXY",
                    "USE_LINUX_SPLICE", "USE_CPU_AFFINITY", "USE_DL", "USE_RT", "USE_PRCTL", "USE_LIBCRYPT",
                    "USE_CRYPT_H", "USE_GETADDRINFO", "USE_ACCEPT4", "USE_BACKTRACE", "USE_TPROXY", "USE_NETFILTER"},
        "defines": {"TCP_INFO": True, "__linux__": True, "__FreeBSD__": False, "__NetBSD__": False,
                    "__OpenBSD__": False, "__APPLE__": False, "SO_MARK": True, "IP_TOS": True,
                    # OpenSSL 3.0 (see include/haproxy/openssl-compat.h for the HAVE_* derivations)
                    "HA_OPENSSL_VERSION_NUMBER": 0x30000000, "OPENSSL_VERSION_NUMBER": 0x30000000,
                    "HAVE_SSL_EXTRACT_RANDOM": True, "HAVE_SSL_KEYLOG": True, "HAVE_SSL_CLIENT_HELLO_CB": True,
                    "HAVE_SSL_SCTL": True, "HAVE_SSL_CTX_SET_CIPHERSUITES": True,
                    "OPENSSL_NPN_NEGOTIATED": True, "OPENSSL_NO_NEXTPROTONEG": False,
                    "TLSEXT_TYPE_application_layer_protocol_negotiation": True,
                    "SSL_CTRL_SET_TLSEXT_HOSTNAME": True, "OPENSSL_IS_BORINGSSL": False,
                    "LIBRESSL_VERSION_NUMBER": False, "OPENSSL_NO_OCSP": False, "USE_QUIC": False,
                    "SSL_OP_NO_TICKET": True, "HAVE_SSL_0RTT": True, "HAVE_SSL_0RTT_QUIC": False,
                    # 2.3/2.4.0 only: tested but defined nowhere (neither HAProxy nor OpenSSL), see haproxy/haproxy
                    # commit 722180aca "BUILD: make tune.ssl.keylog available again" (replaced by HAVE_SSL_KEYLOG)
                    "HAVE_OPENSSL_KEYLOG": False},
    },
}
# "typical distribution build": the Debian option set plus USE_ZLIB, same OpenSSL 3.0 facts.  RHEL 9's exact
# haproxy-2.4.17 make options were not read here; only USE_OPENSSL (and the OpenSSL version) and the exotic
# USE_51DEGREES/USE_WURFL/USE_DEVICEATLAS change the 2.4/2.6 keyword sets (Lua, PCRE2, zlib, promex, OT register none).
PROFILES["distro"] = {"options": PROFILES["debian26"]["options"] | {"USE_ZLIB"},
                      "defines": dict(PROFILES["debian26"]["defines"])}


class Unknown(Exception):
    pass


def evaluate(cond, profile):
    """Evaluate a C preprocessor condition under a profile; raise Unknown for an unknown macro."""
    opts, defs = profile["options"], profile["defines"]
    expr = cond
    def macro_value(name):
        if name in opts:
            return True
        if name.startswith("USE_"):
            return False
        if name in defs:
            return defs[name]
        raise Unknown(name)
    expr = re.sub(r"defined\s*\(\s*(\w+)\s*\)", lambda m: "D_" + m.group(1), expr)
    expr = re.sub(r"defined\s+(\w+)", lambda m: "D_" + m.group(1), expr)
    expr = expr.replace("&&", " and ").replace("||", " or ")
    expr = re.sub(r"!(?!=)", " not ", expr)
    expr = re.sub(r"\b(0x[0-9a-fA-F]+)[lLuU]+\b", r"\1", expr)
    expr = re.sub(r"\b(\d+)[lLuU]+\b", r"\1", expr)
    env = {}
    for name in set(re.findall(r"\b[A-Za-z_]\w*\b", expr)) - {"and", "or", "not"}:
        if name.startswith("D_"):
            v = macro_value(name[2:])
            env[name] = bool(v)
        else:
            v = macro_value(name)
            env[name] = int(v) if not isinstance(v, bool) else int(v)
    try:
        return bool(eval(expr, {"__builtins__": {}}, env))
    except Exception as e:  # noqa
        raise Unknown("%s (%s)" % (cond, e))


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("rev")
    ap.add_argument("--profile", default="all", choices=sorted(PROFILES))
    ap.add_argument("--kind", default="all", choices=["smp", "acl", "cnv", "all"])
    ap.add_argument("--annotate", action="store_true")
    a = ap.parse_args()
    profile = PROFILES[a.profile]
    mkopts = makefile_options(a.repo, a.rev)
    rows = []
    for path in files_with_arrays(a.repo, a.rev):
        text = git(a.repo, "show", "%s:%s" % (a.rev, path))
        opt = build_option(mkopts, path) if mkopts else "?no-Makefile"
        for kind, kw, line, conds in extract_file(text, path):
            if (a.kind == "all" and kind == "cnv") or (a.kind != "all" and kind != a.kind):
                continue
            inprof, why = True, ""
            if profile is not None:
                if opt not in ("always",):
                    for o in opt.split("+"):
                        if o not in profile["options"]:
                            inprof, why = False, "build option %s off" % o
                for c in conds:
                    if not inprof:
                        break
                    try:
                        if not evaluate(c, profile):
                            inprof, why = False, "#if %s false" % c
                    except Unknown as e:
                        inprof, why = None, "UNKNOWN macro %s" % e
            rows.append((kw, kind, "%s:%d" % (path, line), opt, " && ".join("(%s)" % c if len(conds) > 1 else c for c in conds) or "-", inprof, why))
    unknown = [r for r in rows if r[5] is None]
    if a.annotate:
        for r in sorted(rows):
            print("%s\t%s\t%s\t%s\t%s\t%s" % (r[0], r[1], r[2], r[3], r[4],
                                              "yes" if r[5] else ("UNKNOWN: " + r[6] if r[5] is None else "no: " + r[6])))
    else:
        for kw in sorted({r[0] for r in rows if r[5]}):
            print(kw)
    if unknown:
        print("warning: %d entries with conditions the profile cannot evaluate" % len(unknown), file=sys.stderr)
        for r in unknown:
            print("  %s %s %s" % (r[0], r[2], r[6]), file=sys.stderr)


if __name__ == "__main__":
    main()
