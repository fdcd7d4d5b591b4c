#!/usr/bin/env bash
# One command for the benchmarks: benchmarks/run.sh quick   (a few seconds per case, a smoke run)
#                                  benchmarks/run.sh full    (the published numbers, about 10 minutes on 2 cores)
# Installs the library and the test support (the storm's stand-in for Plain) from this checkout, builds the JMH jar,
# runs every case next to its baseline with -prof gc, prints the ratio table, then runs the error storm and the
# virtual-thread requests (Java 21+; skipped, saying so, on 17).
# Needs a JDK 17+ and Maven; talks only to loopback. The JVM is $JAVA_HOME's when set (e.g. JAVA_HOME=<a JDK 25>).
set -euo pipefail
mode="${1:-quick}"
here="$(cd "$(dirname "$0")" && pwd)"
java=java
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
case "$mode" in
  quick) jmh=(-f 1 -wi 1 -w 1s -i 2 -r 1s); requests=100000 ;;
  full) jmh=(-f 3 -wi 3 -w 1s -i 6 -r 1s); requests=1000000 ;;
  *) echo "usage: benchmarks/run.sh quick|full" >&2; exit 2 ;;
esac
(cd "$here/.." && mvn -q -B -f parent/pom.xml install && mvn -q -B -f test-support/pom.xml -DskipTests install \
  && mvn -q -B -DskipTests install)
cd "$here"
mvn -q -B package
mkdir -p target
"$java" -jar target/benchmarks.jar "${jmh[@]}" -jvmArgs "-Xms1g -Xmx1g" -prof gc \
  -rf json -rff target/jmh.json LoggingPathBenchmark | tee target/jmh.txt
echo
"$java" -cp target/benchmarks.jar io.github.plainlogback.bench.Ratios target/jmh.json target/ratios.md
echo
# The Java agent's logging path: the same appender attached by -javaagent (its forks) or configured in XML.
mkdir -p target/agent
cp "$here"/../target/plain-logback-appender-*-all.jar target/agent/plain-logback-appender-all.jar
"$java" -jar target/benchmarks.jar "${jmh[@]}" -jvmArgs "-Xms1g -Xmx1g" -prof gc \
  -rf json -rff target/jmh-agent.json AgentPathBenchmark | tee target/jmh-agent.txt
echo
"$java" -Xms512m -Xmx512m -cp target/benchmarks.jar io.github.plainlogback.bench.ErrorStorm target/storm.md
echo
rm -rf target/storm-spool && mkdir -m 700 target/storm-spool
"$java" -Xms512m -Xmx512m -Dstorm.spool="$here/target/storm-spool" -cp target/benchmarks.jar \
  io.github.plainlogback.bench.ErrorStorm target/storm-spool.md
echo
# Requests on virtual threads: retained heap and time against Logback alone, 2 forks per side (Java 21+).
"$java" -cp target/benchmarks.jar io.github.plainlogback.bench.VirtualThreadRequests "$requests" target/virtual.md 2
