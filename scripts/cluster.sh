#!/usr/bin/env bash
# A local pg_auto_failover cluster for development, tests and the failover benchmark (docs/scale-out.md):
# a monitor and two data nodes (a primary and its synchronous secondary) on local ports under one data directory.
#
#   scripts/cluster.sh            create (first time) and start; prints the multi-host DATABASE_URL
#   scripts/cluster.sh --url      print the URL only
#   scripts/cluster.sh --state    each data node's state as the monitor sees it (primary, secondary, ...)
#   scripts/cluster.sh --start-node node1   start a stopped or killed node again (it rejoins as a secondary)
#   scripts/cluster.sh --stop     stop every process of the cluster (the data stays)
#   scripts/cluster.sh --destroy  stop and delete the data directory
#
# CLUSTER_DIR (default /tmp/flexmarket-cluster), CLUSTER_PORT (default 6000: the monitor; the nodes take the next
# two ports), CLUSTER_DB (default flexmarket). Run as root, the processes run as the `postgres` system user.
# Only the processes started from CLUSTER_DIR are touched: the machine's own PostgreSQL is left alone.
set -euo pipefail

dir=${CLUSTER_DIR:-/tmp/flexmarket-cluster}
port=${CLUSTER_PORT:-6000}
db=${CLUSTER_DB:-flexmarket}
host=127.0.0.1
monitor_port=$port
node_ports=($((port + 1)) $((port + 2)))

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
# The server binaries first: pg_autoctl finds pg_controldata and friends next to the pg_ctl it uses.
export PATH="$pgbin:$PATH"
if ! command -v pg_autoctl >/dev/null; then
  echo "pg_autoctl not found: apt-get install postgresql-15-auto-failover pg-auto-failover-cli" >&2
  exit 3
fi

# Everything runs as the postgres system user when we are root (PostgreSQL refuses to run as root).
as_pg() {
  # pg_autoctl keeps its configuration and state under XDG directories: inside the data directory, so --destroy
  # leaves nothing behind.
  local xdg=(XDG_CONFIG_HOME="$dir/xdg/config" XDG_DATA_HOME="$dir/xdg/data" XDG_RUNTIME_DIR="$dir/xdg/run")
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- env PATH="$pgbin:/usr/bin:/bin" HOME=/var/lib/postgresql "${xdg[@]}" "$@"
  else
    env "${xdg[@]}" "$@"
  fi
}

url() {
  echo "postgres://postgres@$host:${node_ports[0]},$host:${node_ports[1]}/$db?target_session_attrs=read-write"
}

monitor_url="postgres://autoctl_node@$host:$monitor_port/pg_auto_failover?sslmode=disable"

# Starts `pg_autoctl run` for one node in the background (detached: it outlives this script).
start_node() {
  local name=$1
  if as_pg pg_autoctl status --pgdata "$dir/$name" >/dev/null 2>&1; then return; fi
  as_pg setsid nohup pg_autoctl run --pgdata "$dir/$name" >>"$dir/$name.log" 2>&1 </dev/null &
}

wait_for() {
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq 1 "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "timed out after ${seconds}s waiting for $what (logs in $dir/*.log)" >&2
  return 1
}

node_state() { # name → current state as the monitor sees it
  as_pg pg_autoctl show state --pgdata "$dir/monitor" --json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const n=JSON.parse(s).find(x=>x.nodename===process.argv[1]);console.log(n?n.current_group_state:"")})' "$1"
}

is_state() { [ "$(node_state "$1")" = "$2" ]; }

both_in_sync() {
  local a b
  a=$(node_state node1)
  b=$(node_state node2)
  { [ "$a" = primary ] && [ "$b" = secondary ]; } || { [ "$a" = secondary ] && [ "$b" = primary ]; }
}

stop_all() {
  for name in node2 node1 monitor; do
    [ -d "$dir/$name" ] || continue
    as_pg pg_autoctl stop --pgdata "$dir/$name" >/dev/null 2>&1 || true
  done
  for name in node2 node1 monitor; do
    [ -d "$dir/$name" ] || continue
    for _ in $(seq 1 20); do
      as_pg pg_autoctl status --pgdata "$dir/$name" >/dev/null 2>&1 || break
      sleep 0.5
    done
    # A node whose keeper was killed leaves its postmaster behind: stop it by its own pid file.
    if [ -f "$dir/$name/postmaster.pid" ]; then
      as_pg pg_ctl -D "$dir/$name" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  # Whatever is left of this cluster (services orphaned by a killed supervisor) carries our runtime directory in
  # its environment: those processes, and only those, are killed.
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}
    pid=${pid%/environ}
    if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qxF "XDG_RUNTIME_DIR=$dir/xdg/run"; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}

case "${1:-}" in
--state)
  for name in node1 node2; do echo "$name $(node_state "$name")"; done
  exit 0
  ;;
--start-node)
  start_node "$2"
  exit 0
  ;;
--url)
  url
  exit 0
  ;;
--stop)
  stop_all
  echo "cluster stopped ($dir kept)"
  exit 0
  ;;
--destroy)
  stop_all
  rm -rf "$dir"
  echo "cluster destroyed ($dir removed)"
  exit 0
  ;;
"") ;;
*)
  echo "usage: $0 [--url | --state | --start-node <name> | --stop | --destroy]" >&2
  exit 2
  ;;
esac

mkdir -p "$dir/xdg/run"
chmod 700 "$dir/xdg/run"
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$dir"; fi

if [ ! -d "$dir/monitor" ]; then
  as_pg pg_autoctl create monitor --pgdata "$dir/monitor" --pgport "$monitor_port" --hostname "$host" \
    --auth trust --no-ssl --pgctl "$pgbin/pg_ctl" >>"$dir/monitor.log" 2>&1
  # Failover in seconds, not the defaults' tens of seconds (docs/scale-out.md, "Timings").
  cat >>"$dir/monitor/postgresql.auto.conf" <<EOF
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 2000
pgautofailover.health_check_max_retries = 2
pgautofailover.health_check_retry_delay = 1000
pgautofailover.node_considered_unhealthy_timeout = 6000
pgautofailover.primary_demote_timeout = 10000
EOF
fi
start_node monitor
wait_for "the monitor" 30 as_pg psql -h "$host" -p "$monitor_port" -U autoctl_node -d pg_auto_failover -qtAc 'select 1'

for i in 1 2; do
  name=node$i
  if [ ! -d "$dir/$name" ]; then
    # The second node clones the first (pg_basebackup), so the first must be primary before it is created.
    if [ "$i" = 2 ]; then wait_for "node1 to be primary" 60 is_state node1 single; fi
    as_pg pg_autoctl create postgres --pgdata "$dir/$name" --pgport "${node_ports[$((i - 1))]}" --pghost "$host" --listen "$host" \
      --hostname "$host" --name "$name" --dbname "$db" --monitor "$monitor_url" --auth trust --no-ssl \
      --pgctl "$pgbin/pg_ctl" >>"$dir/$name.log" 2>&1
    # Faster detection on the keepers' side too (docs/scale-out.md, "Timings").
    as_pg pg_autoctl config set --pgdata "$dir/$name" timeout.network_partition_timeout 4 >/dev/null
  fi
  start_node "$name"
done
wait_for "a primary and a synchronous secondary" 120 both_in_sync

echo "monitor:   postgres://autoctl_node@$host:$monitor_port/pg_auto_failover (pg_autoctl show state --pgdata $dir/monitor)"
echo "logs:      $dir/{monitor,node1,node2}.log"
echo "DATABASE_URL=$(url)"
