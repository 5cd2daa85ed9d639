#!/bin/bash
# Builds agent + bench (no tests) and writes bench/target/bench.classpath; prints it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -q -B -pl bench -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2
echo "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/bench.classpath")"
