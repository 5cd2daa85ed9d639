#!/bin/bash
# bench/run-iperf.sh [seconds]  -- TCP throughput through tunnels, as root.
#
#   (a) plain veth                      198.51.100.1 -> 198.51.100.2
#   (b) strongSwan kernel-libipsec      AES-128-CBC/HMAC-SHA1-96, ESP in UDP 4500
#       (the shared interop harness, perf-iperf.sh psk-main, under its flock)
#   (c) Gatewise agent <-> agent        AES-128-CBC/HMAC-SHA1-96, ESP in UDP 4500
#   (d) Gatewise agent <-> agent        AES-128-GCM-16, ESP in UDP 4500
#
# iperf3 TCP with 1 and 4 streams for <seconds> (default 10) each, ping RTT, CPU of the
# tunnel processes (100% = one core), ratios c/b, d/b, d/a. Namespaces gwbench-a/-b
# (own veth, 198.51.100.0/24 outer, 10.91.1.0/24 and 10.91.2.0/24 inner) are removed
# on exit. Results: bench/target/iperf/results.txt.
# Env: SKIP_STRONGSWAN=1, QUEUES=n (datapath pipelines, default 1), JAVA_OPTS,
#      INTEROP_HARNESS (default ../shared/interop next to the repository).
# The machine has 2 cores shared by everything here: numbers move with the load.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
T=${1:-10}
W=$HERE/target/iperf
A=gwbench-a
B=gwbench-b
QUEUES=${QUEUES:-1}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
HARNESS=${INTEROP_HARNESS:-$ROOT/../shared/interop}
[ -d "$HARNESS" ] || HARNESS=$ROOT/../../shared/interop
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, TUN)"; exit 2; }
for t in ip iperf3 ping python3 java; do command -v $t >/dev/null || { echo "missing $t"; exit 2; }; done
mkdir -p "$W/tmp"
CP=$("$HERE/build-classpath.sh") || { echo "build failed"; exit 2; }
PIDS=()

cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
    sleep 0.5
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null; done
    ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null
}
trap cleanup EXIT

setup() {
    ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null
    for ns in $A $B; do
        ip netns add $ns && ip -n $ns link set lo up
        ip netns exec $ns sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    done
    ip link add wan0 netns $A type veth peer name wan0 netns $B
    local ns wan lan
    for x in "$A 198.51.100.1 10.91.1.1" "$B 198.51.100.2 10.91.2.1"; do
        set -- $x; ns=$1; wan=$2; lan=$3
        ip -n $ns addr add $wan/24 dev wan0 && ip -n $ns link set wan0 up
        ip -n $ns link add lan0 type veth peer name lan0p
        ip -n $ns addr add $lan/24 dev lan0 && ip -n $ns link set lan0 up && ip -n $ns link set lan0p up
    done
}

cpu_s() { [ -n "${1:-}" ] && [ -r /proc/$1/stat ] && awk -v hz="$(getconf CLK_TCK)" '{print ($14+$15)/hz}' /proc/$1/stat || echo 0; }

# agent <ns> <name> <args...>: starts a static-key datapath, waits for READY, sets $APID
agent() {
    local ns=$1 name=$2; shift 2
    ip netns exec $ns java $JAVA_OPTS -Djava.io.tmpdir="$W/tmp" -Djna.tmpdir="$W/tmp" -cp "$CP" \
        io.gatewise.agent.datapath.StaticTunnelMain "$@" queues=$QUEUES > "$W/$name.log" 2>&1 &
    APID=$!
    PIDS+=($APID)
    for _ in $(seq 1 100); do grep -q READY "$W/$name.log" 2>/dev/null && return 0; sleep 0.1; done
    echo "agent $name did not start:"; cat "$W/$name.log"; return 1
}

agents() { # enc integ
    agent $A a local=198.51.100.1 remote=198.51.100.2 out=1001 in=2001 lnet=10.91.1.0/24 rnet=10.91.2.0/24 \
        enc=$1 integ=$2 transport=udp || return 1
    PA=$APID
    agent $B b local=198.51.100.2 remote=198.51.100.1 out=2001 in=1001 lnet=10.91.2.0/24 rnet=10.91.1.0/24 \
        enc=$1 integ=$2 transport=udp || return 1
    PB=$APID
    # warm up the JIT and the path before measuring
    ip netns exec $A ping -c 3 -i 0.2 -W 2 -I 10.91.1.1 10.91.2.1 >/dev/null || return 1
    ip netns exec $A iperf3 -c 10.91.2.1 -B 10.91.1.1 -t 3 >/dev/null 2>&1
}

stop_agents() { kill $PA $PB 2>/dev/null; wait $PA $PB 2>/dev/null; }

rtt() { # ns src dst -> avg ms
    ip netns exec $1 ping -q -c 20 -i 0.05 -W 2 -I $2 $3 2>/dev/null | awk -F/ '/^rtt|^round-trip/ {print $5}'
}

measure() { # label src dst streams pidA pidB
    local label=$1 src=$2 dst=$3 p=$4 pa=${5:-} pb=${6:-} f a0 b0 a1 b1
    f=$W/$label-P$p.json
    a0=$(cpu_s "$pa"); b0=$(cpu_s "$pb")
    ip netns exec $A iperf3 -c $dst -B $src -t $T -P $p -J > "$f" 2>&1
    a1=$(cpu_s "$pa"); b1=$(cpu_s "$pb")
    python3 - "$f" "$label" "$p" "$a0" "$a1" "$b0" "$b1" "${RTT:-}" <<'PY' | tee -a "$W/results.txt"
import json, sys
f, label, p = sys.argv[1:4]
a = [float(x) for x in sys.argv[4:8]]
rtt = sys.argv[8] or "-"
try:
    e = json.load(open(f))["end"]; s = e["sum_sent"]; r = e["sum_received"]
    dur = s["seconds"]
    print("%-10s P=%s %9.1f Mbit/s  retr %6s  rtt %7s ms  cpu tunnel a %5.1f%% b %5.1f%%"
          % (label, p, r["bits_per_second"] / 1e6, s.get("retransmits", "-"), rtt,
             100 * (a[1] - a[0]) / dur, 100 * (a[3] - a[2]) / dur))
except Exception as x:
    print("%-10s P=%s FAILED (%s)" % (label, p, x))
PY
}

: > "$W/results.txt"
echo "# iperf3 TCP ${T}s, $(date -u +%FT%TZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), queues=$QUEUES" \
    | tee -a "$W/results.txt"
setup
ip netns exec $B iperf3 -s > "$W/iperf3-server.log" 2>&1 &
PIDS+=($!)
sleep 0.5

# (a) plain veth
RTT=$(rtt $A 198.51.100.1 198.51.100.2)
for p in 1 4; do measure plain 198.51.100.1 198.51.100.2 $p; done

# (c) Gatewise, AES-128-CBC + HMAC-SHA1-96
if agents AES_CBC_128 HMAC_SHA1_96; then
    RTT=$(rtt $A 10.91.1.1 10.91.2.1)
    for p in 1 4; do measure gw-cbc 10.91.1.1 10.91.2.1 $p $PA $PB; done
    stop_agents
fi
# (d) Gatewise, AES-128-GCM-16
if agents AES_GCM_16_128 -; then
    RTT=$(rtt $A 10.91.1.1 10.91.2.1)
    for p in 1 4; do measure gw-gcm 10.91.1.1 10.91.2.1 $p $PA $PB; done
    stop_agents
fi
cleanup
PIDS=()

# (b) strongSwan kernel-libipsec through the shared harness (fixed namespaces left/right)
if [ "${SKIP_STRONGSWAN:-0}" != 1 ] && [ -f "$HARNESS/perf-iperf.sh" ]; then
    export INTEROP_WORK=$W/interop
    flock -w 900 /tmp/gatewise-interop.lock bash -c '
        KEEP=1 bash "$0/perf-iperf.sh" psk-main "$1" > "$2/strongswan.out" 2>&1
        ip netns exec left ping -q -c 20 -i 0.05 -W 2 -I 10.1.0.1 10.2.0.1 2>/dev/null \
            | awk -F/ "/^rtt|^round-trip/ {print \$5}" > "$2/strongswan.rtt"
        bash "$0/teardown.sh" >/dev/null 2>&1' "$HARNESS" "$T" "$W"
    SRTT=$(cat "$W/strongswan.rtt" 2>/dev/null)
    python3 - "$INTEROP_WORK/results/perf-iperf-psk-main.txt" "$SRTT" <<'PY' | tee -a "$W/results.txt"
import re, sys
rtt = sys.argv[2] or "-"
for line in open(sys.argv[1]):
    m = re.match(r"tunnel\s+P=(\d)\s+sent\s+([\d.]+) Mbit/s\s+received\s+([\d.]+) Mbit/s\s+retransmits\s+(\S+).*charon cpu left\s+([\d.]+)% right\s+([\d.]+)%", line)
    if m:
        print("%-10s P=%s %9.1f Mbit/s  retr %6s  rtt %7s ms  cpu tunnel a %5.1f%% b %5.1f%%"
              % ("strongswan", m.group(1), float(m.group(3)), m.group(4), rtt, float(m.group(5)), float(m.group(6))))
PY
else
    echo "# strongSwan skipped (SKIP_STRONGSWAN=1 or no harness at $HARNESS)" | tee -a "$W/results.txt"
fi

python3 - "$W/results.txt" <<'PY' | tee -a "$W/results.txt"
import re, sys
v = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+P=(\d)\s+([\d.]+) Mbit/s", line)
    if m:
        v[(m.group(1), m.group(2))] = float(m.group(3))
def ratio(x, y, p):
    a, b = v.get((x, p)), v.get((y, p))
    return "%.2f" % (a / b) if a and b else "-"
for p in ("1", "4"):
    print("# P=%s  c/b %s  d/b %s  d/a %s" % (p, ratio("gw-cbc", "strongswan", p), ratio("gw-gcm", "strongswan", p),
                                           ratio("gw-gcm", "plain", p)))
PY
