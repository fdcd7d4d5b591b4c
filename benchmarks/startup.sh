#!/usr/bin/env bash
# What the Java agent adds to JVM start-up: benchmarks/startup.sh [runs]   (default 10 runs per case)
# Needs the -all jar (mvn -B -q -DskipTests install at the root) and agent-it's apps built
# (mvn -B -q -f agent-it/pom.xml -DskipTests package). Prints the median and min of each case and the ratio.
#   plain:  agent-it/apps/logback-app, a class-path app that logs one INFO line and exits (wall time, whole JVM);
#           with the agent that first event attaches the appender (its worker thread, OkHttp client, Jackson).
#   boot:   agent-it/apps/boot3, a Spring Boot 3.5 fat jar: "process running for" at "Started BootApp".
set -euo pipefail
runs="${1:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
agent="$(ls "$root"/target/plain-logback-appender-*-all.jar | head -1)"
app="$root/agent-it/apps/logback-app/target"
cp="$app/classes:$(ls "$app"/lib/*.jar | tr '\n' ':')"
cfg="$root/agent-it/tests/src/test/resources/console.xml"
boot="$root/agent-it/apps/boot3/target/boot-app.jar"
export PLAIN_API_KEY=plainApiKey_startup_0123456789 PLAIN_API_URL=http://127.0.0.1:9/graphql/v1

stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.0f ms, min %.0f ms (n=%d)", a[int((NR+1)/2)], a[1], NR}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

plain_run() { # $@: extra JVM options; prints wall ms
  local t0 t1; t0=$(date +%s%N)
  java "$@" -Dlogback.configurationFile="$cfg" -cp "$cp" it.app.LogbackApp info >/dev/null 2>&1
  t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 ))
}
boot_run() { # $@: extra JVM options; prints Boot's "process running for" in ms
  local port log pid line
  port=$(( 20000 + RANDOM % 20000 )); log="$(mktemp)"
  java "$@" -jar "$boot" --server.port="$port" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    line="$(grep -m1 'Started BootApp' "$log" || true)"
    [[ -n "$line" ]] && break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"
  sed -E 's/.*process running for ([0-9.]+).*/\1/' <<<"$line" | awk '{printf "%.0f\n", $1 * 1000}'
}

for case in plain boot; do
  without=(); with=()
  for ((i = 0; i < runs; i++)); do # interleaved, so load changes hit both alike
    without+=("$(${case}_run)")
    with+=("$(${case}_run -javaagent:"$agent")")
  done
  a=$(printf '%s\n' "${without[@]}" | median); b=$(printf '%s\n' "${with[@]}" | median)
  echo "$case without agent: $(printf '%s\n' "${without[@]}" | stats)"
  echo "$case with agent:    $(printf '%s\n' "${with[@]}" | stats)"
  awk -v a="$a" -v b="$b" -v c="$case" 'BEGIN {printf "%s: +%d ms, ratio %.2f\n", c, b - a, b / a}'
done
