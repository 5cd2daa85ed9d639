#!/bin/bash
# RIGHT_HOOK for ../shared/interop/perf-ike.sh, used by bench/run-ike.sh: starts the
# Gatewise IKE responder (io.gatewise.bench.IkeBenchResponder) in ns right, pinned to
# the CPU the harness gives charon as responder (1), and writes its PID where
# teardown.sh (state/*.pid) and RIGHT_PIDFILE find it.
# Needs BENCH_CP (class path), BENCH_OUT (log folder); BENCH_IKE/BENCH_ESP, WARMUP, JAVA_OPTS,
# RESPONDER_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=...jfr,settings=profile) optional.
set -eu
PIDFILE=$INTEROP_WORK/state/gatewise-bench.pid
# BENCH_BACKEND=datapath (default): the real agent (run --config) with the userspace
# datapath; recording: IkeService alone with the in-memory recording IpsecBackend
AGENT_ARGS=""
[ "${BENCH_BACKEND:-datapath}" = datapath ] && AGENT_ARGS="--agent-config $BENCH_OUT/agent-config.json"
PIN=(); [ "$(nproc)" -ge 2 ] && PIN=(taskset -c 1)
ip netns exec right "${PIN[@]}" java ${JAVA_OPTS:--Xmx512m} ${RESPONDER_JAVA_OPTS:-} -Dlogback.configurationFile=gatewise-agent-logback.xml \
    -Djava.io.tmpdir="$BENCH_OUT/tmp" -cp "$BENCH_CP" io.gatewise.bench.IkeBenchResponder \
    --local 192.0.2.2 --pool 198.18.0.0/16 --ike "${BENCH_IKE:-aes128-sha1-modp2048}" \
    --esp "${BENCH_ESP:-aes128-sha1-modp2048}" --local-ts 10.2.0.0/24 --remote-ts 10.100.0.0/16 \
    --warmup "${WARMUP:-0}" $AGENT_ARGS > "$BENCH_OUT/agent-responder.log" 2>&1 &
echo $! > "$PIDFILE"
# perf-ike waits for UDP 500 too (RIGHT_WAIT), which the responder binds after its warm-up
for _ in $(seq 1 1200); do
    grep -q READY "$BENCH_OUT/agent-responder.log" 2>/dev/null \
        && [ -n "$(ip netns exec right ss -Hlun 'sport = :500')" ] && exit 0
    sleep 0.1
done
echo "responder did not start:" >&2; cat "$BENCH_OUT/agent-responder.log" >&2; exit 1
