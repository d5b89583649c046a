#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and NATS with JetStream (127.0.0.1:4222) are running for
# Sapien's tests: starts them when they are installed, installs them from Debian packages when not.
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port name
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  echo "sapien: $2 did not come up on 127.0.0.1:$1" >&2
  return 1
}

apt_install() {
  [ "$(id -u)" = 0 ] || { echo "sapien: need root to install $*" >&2; return 1; }
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_postgres() {
  port_open 5432 && return 0
  echo "sapien: PostgreSQL is not running; starting it" >&2
  command -v pg_ctlcluster >/dev/null || apt_install postgresql || return 1
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ -z "$version" ]; then echo "sapien: no PostgreSQL cluster found" >&2; return 1; fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_port 5432 PostgreSQL
}

ensure_nats() {
  port_open 4222 && return 0
  echo "sapien: NATS is not running; starting it with JetStream" >&2
  [ -x /usr/sbin/nats-server ] || apt_install nats-server || return 1
  mkdir -p /var/lib/nats-server /var/log
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_port 4222 NATS
}

ensure_postgres && ensure_nats
