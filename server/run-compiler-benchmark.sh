#!/bin/bash
# Topology compiler scale benchmark: full mesh of N gateways (default 1000), then +1 incrementally.
# Usage: server/run-compiler-benchmark.sh [N] [rounds]   (the last of the rounds is printed; earlier ones warm up)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -q -B -o -pl server -am test-compile dependency:build-classpath -Dmdep.outputFile=target/compiler-bench.classpath >&2
exec java -Xmx4g -cp "server/target/test-classes:server/target/classes:$(cat server/target/compiler-bench.classpath)" \
    io.gatewise.server.topology.compiler.CompilerBenchmark "$@"
