#!/bin/bash
# JMH: ESP encrypt+decrypt per algorithm for 64-byte, 1400-byte and 64 KiB payloads, one
# thread. Prints MB/s (payload bytes through seal+open per second). Extra args go to JMH,
# e.g. bench/run-jmh.sh -p suite=AES_GCM_16_128 -f 1 -wi 2 -i 3
# bench/run-jmh.sh EcdhBenchmark [JMH args]: ECDH agreement, µs/op (JMH's own table).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CP=$("$HERE/build-classpath.sh")
OUT="$HERE/target/jmh.json"
mkdir -p "$HERE/target/tmp"
if [ "${1:-}" = EcdhBenchmark ]; then
    shift
    exec java -Djava.io.tmpdir="$HERE/target/tmp" -cp "$CP" org.openjdk.jmh.Main EcdhBenchmark \
        -rf json -rff "$HERE/target/jmh-ecdh.json" "$@"
fi
java -Djava.io.tmpdir="$HERE/target/tmp" -cp "$CP" org.openjdk.jmh.Main EspBenchmark -rf json -rff "$OUT" "$@"
python3 - "$OUT" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print("\n%-32s %10s %10s %10s   (MB/s, encrypt+decrypt, 1 thread; %d CPUs shared)" % ("suite", "64 B", "1400 B", "64 KiB", __import__('os').cpu_count()))
table = {}
for r in rows:
    p = r["params"]; ops = r["primaryMetric"]["score"]
    table.setdefault(p["suite"], {})[int(p["size"])] = ops * int(p["size"]) / 1e6
for s, v in table.items():
    print("%-32s %10.1f %10.1f %10.1f" % (s, v.get(64, 0), v.get(1400, 0), v.get(65536, 0)))
PY
