#!/usr/bin/env bash
# Failover drill: three sample-app processes on loopback (backups=1) under HTTP load, then a failure; checks that
# every acknowledged update survived and prints sessions lost, acknowledged updates lost, failed requests, the
# longest stall and p99 latency. Exits non-zero if anything acknowledged was lost, a surviving node failed a request,
# or full redundancy did not come back within the scenario's wait.
#
#   scripts/failover-drill.sh [kill|rolling|hang|segment|join|double|all]     (default: all)
#
# join adds a 4th instance under load (nothing may be lost; full redundancy on 4 nodes). double kills two of the three
# at once, more than backups=1 covers: sessions are lost there by design, and it checks instead that the loss is
# reported, that users of lost sessions get errors and never a silent empty session until the reset is counted, that
# every user is served again after the reset delay, and that full redundancy is back once the two are restarted.
# segment pauses one instance past the detection timeout and resumes it: it must heal by itself (a fresh node in the
# same process, nobody restarting it) and serve again within 60 s, with nothing acknowledged lost.
# Each scenario prints the longest stall and p99 per phase (failing over, rejoining, steady) and over the whole run.
#
# DRILL_JVM_OPTS adds JVM options to every instance, DRILL_REJOIN_JVM_OPTS to an instance started again (the joining
# JVM), with {node} replaced by its index, e.g. to record the join:
#   DRILL_REJOIN_JVM_OPTS='-XX:StartFlightRecording=filename=target/failover-drill/rejoin-{node}.jfr,settings=profile'
#
# Ports used: HTTP 8091-8093 (and 8094 for join), Actuator 18091-18093 (18094), discovery 47700+, communication 47300+
# (all on 127.0.0.1), each shifted by DRILL_PORT_OFFSET (default 0), so that two drills, or a drill and another
# build's tests, can share a machine: e.g. DRILL_PORT_OFFSET=3000 beside a build with
# -Dsessiongrid.test.port-offset=3000.
set -euo pipefail
cd "$(dirname "$0")/.."

scenarios="${1:-all}"
# all is every scenario; join joined it after passing on a machine at load average 30 to 60 (docs/operations.md,
# "What a failure costs, measured").
[ "$scenarios" = all ] && scenarios="kill rolling hang double segment join"

source scripts/lib/sample-jar.sh
ensure_sample_jar "${DRILL_REBUILD:-}"
jar=$sample_jar

status=0
for scenario in $scenarios; do
  logs="target/failover-drill/$scenario"
  rm -rf "$logs"
  mkdir -p "$logs"
  echo "=== failover drill: $scenario (logs in $logs)"
  java -Ddrill.portOffset="${DRILL_PORT_OFFSET:-0}" scripts/FailoverDrill.java "$jar" "$scenario" "$logs" || status=1
done
exit $status
