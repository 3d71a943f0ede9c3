#!/usr/bin/env bash
# Demo farm: three instances of the sample application on loopback (HTTP 8081-8083, Actuator 18081-18083) behind
# HAProxy on http://localhost:8080, round-robin and without stickiness, so every request may land on another
# instance and only the shared sessions keep the cart and the login. Ctrl-C stops everything it started.
#
#   scripts/demo.sh              start the farm and wait (Ctrl-C stops it)
#   scripts/demo.sh kill N       kill -9 instance N (1, 2 or 3) of the running farm: a crash
#   scripts/demo.sh start N      start instance N again; it joins and takes its share of the sessions
#   scripts/demo.sh stop         stop the running farm from another terminal (as Ctrl-C does)
#
# HAProxy (Debian's haproxy) is installed with apt-get when it is missing. The sample's executable jar is built
# when it is missing (DEMO_REBUILD=1 builds it again); it carries the JVM flags Ignite needs in its manifest.
#
# Ports and places, each from an environment variable, so that a test (DemoFarmIT) can run a farm elsewhere:
#   DEMO_PORT_BASE           load balancer port; instance N listens on DEMO_PORT_BASE+N, its Actuator on
#                            DEMO_PORT_BASE+N+10000 (default 8080: 8080, 8081-8083, 18081-18083)
#   DEMO_DISCOVERY_PORT      first Ignite discovery port of the farm, 10 are used (default 47500)
#   DEMO_COMMUNICATION_PORT  first Ignite communication port (default 47100)
#   DEMO_STATE_DIR           process ids, logs and the HAProxy configuration (default target/demo)
#   DEMO_JVM_OPTS            JVM options of every instance (default -Xmx384m)
#   DEMO_START_TIMEOUT       seconds an instance may take to become ready (default 240)
# kill, start and stop read the running farm's settings from its state directory; only DEMO_STATE_DIR must match.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

state=${DEMO_STATE_DIR:-target/demo}
mkdir -p "$state"
state=$(cd "$state" && pwd)
instances=3

die() {
  echo "demo: $*" >&2
  exit 1
}

usage() {
  sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The settings of the farm that runs from this state directory, or of the one about to start.
load_settings() {
  if [ -f "$state/settings" ]; then
    # shellcheck disable=SC1091
    source "$state/settings"
  else
    port_base=${DEMO_PORT_BASE:-8080}
    discovery_port=${DEMO_DISCOVERY_PORT:-47500}
    communication_port=${DEMO_COMMUNICATION_PORT:-47100}
    jvm_opts=${DEMO_JVM_OPTS:--Xmx384m}
  fi
  # the highest port of each: the Actuator ports are 10001-10003 above DEMO_PORT_BASE, and Ignite takes 10 ports
  for setting in DEMO_PORT_BASE:$port_base:55000 DEMO_DISCOVERY_PORT:$discovery_port:65500 \
      DEMO_COMMUNICATION_PORT:$communication_port:65500; do
    IFS=: read -r name value highest <<<"$setting"
    [[ "$value" =~ ^[0-9]+$ ]] && [ "$value" -ge 1024 ] && [ "$value" -le "$highest" ] \
      || die "$name=$value: use a port number from 1024 to $highest"
  done
}

http_port() { echo $((port_base + $1)); }
management_port() { echo $((port_base + $1 + 10000)); }

# Whether the process of a pid file is alive and is the one this farm started (a pid may have been reused since):
# its command line names the state directory (instances, load balancer) or this script (the farm itself).
alive() {
  local pid_file=$1 marker=${2:-$state} pid
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"
}

farm_alive() {
  alive "$state/demo.pid" demo.sh
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

check_instance_number() {
  [[ "${1:-}" =~ ^[1-3]$ ]] || die "instance number '${1:-}': use 1, 2 or 3"
}

# Starts instance N in a session of its own, so that a terminal's Ctrl-C or hang-up does not reach it: this farm
# stops it by its pid.
start_instance() {
  local n=$1
  local pid_file="$state/instance-$n.pid" log="$state/instance-$n.log"
  if alive "$pid_file"; then
    die "instance $n is running already (pid $(cat "$pid_file"))"
  fi
  for port in "$(http_port "$n")" "$(management_port "$n")"; do
    if port_in_use "$port"; then
      die "port $port (instance $n) is in use; stop what uses it or set DEMO_PORT_BASE"
    fi
  done
  rm -f "$pid_file"
  # shellcheck disable=SC2086
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pid_file" \
    java $jvm_opts -Ddemo.state="$state" -jar "$root/$sample_jar" \
    --server.port="$(http_port "$n")" \
    --management.server.port="$(management_port "$n")" \
    --sessiongrid.node.discovery-port="$discovery_port" \
    --sessiongrid.node.communication-port="$communication_port" \
    --sessiongrid.discovery.addresses="127.0.0.1:$discovery_port..$((discovery_port + 9))" \
    >>"$log" 2>&1 </dev/null &
  # stopped by its pid, not as this shell's job (which would report its end, a kill -9 included)
  disown $!
  for _ in $(seq 50); do
    [ -s "$pid_file" ] && break
    sleep 0.1
  done
  echo "instance $n: starting, pid $(cat "$pid_file"), http://127.0.0.1:$(http_port "$n"), log $log"
}

# Waits until instance N is ready for traffic (its node has joined and holds its share), as the load balancer sees it.
await_instance() {
  local n=$1 deadline=$((SECONDS + ${DEMO_START_TIMEOUT:-240}))
  while [ $SECONDS -lt $deadline ]; do
    if ! alive "$state/instance-$n.pid"; then
      tail -n 30 "$state/instance-$n.log" >&2 || true
      die "instance $n ended while starting (log above, in $state/instance-$n.log)"
    fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$(management_port "$n")/actuator/health/readiness" 2>/dev/null; then
      echo "instance $n: ready"
      return 0
    fi
    sleep 1
  done
  die "instance $n not ready within ${DEMO_START_TIMEOUT:-240} s, see $state/instance-$n.log"
}

# Stops the process of a pid file: TERM (a graceful leave), then KILL after a while.
stop_process() {
  local pid_file=$1 name=$2 pid
  alive "$pid_file" || { rm -f "$pid_file"; return 0; }
  pid=$(cat "$pid_file")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 150); do
    alive "$pid_file" || break
    sleep 0.1
  done
  if alive "$pid_file"; then
    echo "$name (pid $pid) did not stop within 15 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  echo "$name stopped"
}

write_haproxy_config() {
  {
    cat <<EOF
# Written by scripts/demo.sh. Round-robin without stickiness: every request may go to another instance.
# Instances going down and up are reported on stderr, in haproxy.log of the state directory.
global
    maxconn 512

defaults
    mode http
    timeout connect 1s
    timeout client 1m
    timeout server 1m
    timeout http-request 10s
    # A connection refused by a crashed instance is tried again on another one.
    retries 2
    option redispatch 1
    # No idle connections to instances kept open: a killed instance's would fail the next request sent on them.
    http-reuse never

frontend demo
    bind 127.0.0.1:$port_base
    default_backend shop

backend shop
    balance roundrobin
    # Traffic only to an instance whose node has joined and holds its share of the sessions.
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
EOF
    for n in $(seq "$instances"); do
      echo "    server shop-$(http_port "$n") 127.0.0.1:$(http_port "$n") check port $(management_port "$n") inter 1s fall 1 rise 1"
    done
  } >"$state/haproxy.cfg"
}

# Sets $haproxy, installing Debian's package when it is missing (its program is in /usr/sbin, often not on PATH).
find_haproxy() {
  haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
  [ -x "$haproxy" ] && return 0
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "demo: HAProxy is missing; installing Debian's haproxy (apt-get install haproxy)"
  { $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy \
    || { $sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy; }; } \
    || die "could not install haproxy; install it with: sudo apt-get install -y haproxy"
  haproxy=/usr/sbin/haproxy
}

# Stops the load balancer and every instance this farm started, by their pids, all at once.
stop_started() {
  stop_process "$state/haproxy.pid" "load balancer" &
  for n in $(seq "$instances"); do
    stop_process "$state/instance-$n.pid" "instance $n" &
  done
  wait
}

stop_all() {
  local status=$1
  trap - INT TERM EXIT
  echo
  echo "demo: stopping"
  stop_started
  rm -f "$state/settings" "$state/demo.pid"
  exit "$status"
}

run() {
  if farm_alive; then
    die "a farm runs from $state already (pid $(cat "$state/demo.pid")); scripts/demo.sh stop stops it"
  fi
  # what a farm that was itself killed left running
  stop_started
  rm -f "$state/settings"
  load_settings
  if port_in_use "$port_base"; then
    die "port $port_base (the load balancer) is in use; stop what uses it or set DEMO_PORT_BASE"
  fi
  if port_in_use "$discovery_port"; then
    die "port $discovery_port is in use: another cluster listens there, which the farm would join; stop it or set DEMO_DISCOVERY_PORT"
  fi
  command -v curl >/dev/null || die "curl is missing; install it with: sudo apt-get install -y curl"
  find_haproxy
  source scripts/lib/sample-jar.sh
  ensure_sample_jar "${DEMO_REBUILD:-}"
  echo "$$" >"$state/demo.pid"
  cat >"$state/settings" <<EOF
port_base=$port_base
discovery_port=$discovery_port
communication_port=$communication_port
jvm_opts='$jvm_opts'
EOF
  trap 'stop_all 0' INT TERM
  trap 'stop_all $?' EXIT

  for n in $(seq "$instances"); do
    start_instance "$n"
  done
  write_haproxy_config
  "$haproxy" -c -q -f "$state/haproxy.cfg" || die "HAProxy refuses $state/haproxy.cfg"
  bash -c 'echo $$ >"$0"; exec "$1" -db -f "$2"' "$state/haproxy.pid" "$haproxy" "$state/haproxy.cfg" \
    >>"$state/haproxy.log" 2>&1 </dev/null &
  disown $!
  for n in $(seq "$instances"); do
    await_instance "$n"
  done
  # the load balancer's next health check (every second) sees them
  sleep 2
  cat <<EOF

Demo farm ready: open http://localhost:$port_base
  Each request goes to the next of the instances on ports $(http_port 1)-$(http_port "$instances"); the page says which served it.
  Sign in as alice / alice-demo or bob / bob-demo, fill the cart, then crash the instance that served you:
    scripts/demo.sh kill N      (N = its port - $port_base)
  and reload: the cart and the login are still there; the cluster panel shows the node leave and the copies rebuilt.
    scripts/demo.sh start N     brings it back
  Actuator: http://127.0.0.1:$(management_port 1)/actuator/sessiongrid, /actuator/sessions?username=alice
  Logs and process ids: $state
  Ctrl-C stops everything.
EOF
  while :; do
    sleep 1 &
    wait $! || true
  done
}

command=${1:-run}
case "$command" in
  run)
    [ $# -le 1 ] || usage
    run
    ;;
  kill)
    check_instance_number "${2:-}"
    farm_alive || die "no farm runs from $state; start it with scripts/demo.sh"
    load_settings
    alive "$state/instance-$2.pid" || die "instance $2 is not running; scripts/demo.sh start $2 starts it"
    kill -KILL "$(cat "$state/instance-$2.pid")"
    rm -f "$state/instance-$2.pid"
    echo "instance $2 (port $(http_port "$2")) killed with SIGKILL"
    ;;
  start)
    check_instance_number "${2:-}"
    farm_alive || die "no farm runs from $state; start it with scripts/demo.sh"
    load_settings
    source scripts/lib/sample-jar.sh
    start_instance "$2"
    await_instance "$2"
    ;;
  stop)
    farm_alive || die "no farm runs from $state"
    kill -TERM "$(cat "$state/demo.pid")"
    while farm_alive; do sleep 0.2; done
    echo "demo: stopped"
    ;;
  *)
    usage
    ;;
esac
