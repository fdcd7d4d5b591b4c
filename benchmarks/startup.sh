#!/usr/bin/env bash
# What the Java agent adds to JVM start-up: benchmarks/startup.sh [runs]   (default 10 runs per case)
# Needs the -all jar (mvn -B -q -DskipTests install at the root) and agent-it's apps built
# (mvn -B -q -f agent-it/pom.xml -DskipTests package). Prints the median and min of each case and the ratio.
#   plain:  agent-it/apps/logback-app, a class-path app that logs one INFO line and exits (wall time and CPU time of
#           the whole JVM): without Plain, with the agent (the first event attaches and starts the appender), and with
#           the appender in logback.xml (the -all jar on the class path), the fair comparison for the agent itself.
#   boot:   agent-it/apps/boot3, a Spring Boot 3.5 fat jar: "process running for" at "Started BootApp".
set -euo pipefail
runs="${1:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
agent="$(ls "$root"/target/plain-logback-appender-*-all.jar | head -1)"
app="$root/agent-it/apps/logback-app/target"
cp="$app/classes:$(ls "$app"/lib/*.jar | tr '\n' ':')"
cp_all="$app/classes:$(ls "$app"/lib-with-all/*.jar | tr '\n' ':')"
cfg="$root/agent-it/tests/src/test/resources/console.xml"
cfg_xml="$root/agent-it/tests/src/test/resources/with-appender.xml"
boot="$root/agent-it/apps/boot3/target/boot-app.jar"
export PLAIN_API_KEY=plainApiKey_startup_0123456789 PLAIN_API_URL=http://127.0.0.1:9/graphql/v1

stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.0f ms, min %.0f ms (n=%d)", a[int((NR+1)/2)], a[1], NR}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

plain_run() { # $1: none|agent|xml; prints "wall_ms cpu_ms"
  local opts=(-Dlogback.configurationFile="$cfg" -cp "$cp") out
  case "$1" in
    agent) opts=(-javaagent:"$agent" "${opts[@]}") ;;
    xml) opts=(-Dlogback.configurationFile="$cfg_xml" -cp "$cp_all") ;;
  esac
  local t; t="$(mktemp)"
  /usr/bin/time -o "$t" -f "%e %U %S" java "${opts[@]}" it.app.LogbackApp info >/dev/null 2>&1
  awk '{printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000}' "$t"; rm -f "$t"
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

col() { awk -v c="$1" '{print $c}'; }
declare -A wall cpu
for ((i = 0; i < runs; i++)); do # interleaved, so load changes hit every case alike
  for v in none agent xml; do
    read -r w c <<<"$(plain_run "$v")"
    wall[$v]+="$w "; cpu[$v]+="$c "
  done
done
for v in none agent xml; do
  echo "plain $v: wall $(tr ' ' '\n' <<<"${wall[$v]}" | grep . | stats); cpu $(tr ' ' '\n' <<<"${cpu[$v]}" | grep . | stats)"
done
ratio() { # $1 $2: cases; wall and cpu median ratios
  local a b c d
  a=$(tr ' ' '\n' <<<"${wall[$1]}" | grep . | median); b=$(tr ' ' '\n' <<<"${wall[$2]}" | grep . | median)
  c=$(tr ' ' '\n' <<<"${cpu[$1]}" | grep . | median); d=$(tr ' ' '\n' <<<"${cpu[$2]}" | grep . | median)
  awk -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v l="$1 vs $2" \
    'BEGIN {printf "plain %s: wall %+d ms (ratio %.2f), cpu %+d ms (ratio %.2f)\n", l, a - b, a / b, c - d, c / d}'
}
ratio agent none
ratio agent xml
ratio xml none

without=(); with=()
for ((i = 0; i < runs; i++)); do
  without+=("$(boot_run)")
  with+=("$(boot_run -javaagent:"$agent")")
done
a=$(printf '%s\n' "${without[@]}" | median); b=$(printf '%s\n' "${with[@]}" | median)
echo "boot without agent: $(printf '%s\n' "${without[@]}" | stats)"
echo "boot with agent:    $(printf '%s\n' "${with[@]}" | stats)"
awk -v a="$a" -v b="$b" 'BEGIN {printf "boot agent vs none: %+d ms, ratio %.2f\n", b - a, b / a}'
