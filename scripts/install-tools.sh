#!/bin/sh
# Installs the real tools the tests use to judge generated output (Debian/Ubuntu, run as root).
# Idempotent: packages already present are skipped, and nothing is done when all are present.
set -eu

# package:command-that-proves-it-is-there
wanted="
pacemaker:pacemakerd
pacemaker-cli-utils:crm_simulate
pcs:pcs
corosync:corosync
haproxy:haproxy
iputils-arping:arping
crudini:crudini
iptables:iptables-restore
shellcheck:shellcheck
openssh-server:sshd
openssh-client:ssh
iproute2:ip
util-linux:unshare
openssl:openssl
python3:python3
e2fsprogs:mkfs.ext4
resource-agents:/usr/lib/ocf/resource.d/heartbeat/IPaddr2
mariadb-server:mariadbd
mariadb-client:mysql
galera-4:/usr/lib/galera/libgalera_smm.so
rsync:rsync
xinetd:xinetd
rabbitmq-server:rabbitmq-server
apache2:apache2
fence-agents:fence_ipmilan
graphviz:dot
chromium:chromium
ansible-core:ansible-playbook
ansible-lint:ansible-lint
"

missing=""
for entry in $wanted; do
  package=${entry%%:*}
  command=${entry#*:}
  if ! PATH="$PATH:/usr/sbin:/sbin" command -v "$command" >/dev/null 2>&1; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "install-tools: every tool is present"
  exit 0
fi

as_root=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
  else
    echo "install-tools: run as root (or install sudo) to install:$missing" >&2
    exit 1
  fi
fi

echo "install-tools: installing$missing"
$as_root apt-get update -qq
# Installing must not start services on this machine (mariadb's postinst would): tests start their own, privately.
no_start=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  no_start=yes
  printf '#!/bin/sh\n# install-tools: no service starts while packages install\nexit 101\n' | $as_root tee /usr/sbin/policy-rc.d >/dev/null
  $as_root chmod 0755 /usr/sbin/policy-rc.d
fi
# shellcheck disable=SC2086  # word splitting of the package list is intended
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
if [ -n "$no_start" ]; then
  $as_root rm -f /usr/sbin/policy-rc.d
fi
