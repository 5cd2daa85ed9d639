#!/bin/bash
# bench/run-ike.sh [N] [runs]  -- IKEv1 negotiation rate, as root.
#
# N concurrent Main Mode (PSK) + Quick Mode (ESP, PFS) negotiations from N source
# addresses 198.18.x.y against ONE responder at 192.0.2.2 in the strongSwan interop
# harness's namespaces (../shared/interop, always under flock /tmp/gatewise-interop.lock),
# each kind measured <runs> times (default 3) and reported as the median:
#
#   (a) harness    ../shared/interop/perf-ike.sh N burst yes: charon initiators (CPU 0),
#                  IKE aes128-sha1-modp2048, ESP aes128-sha1-modp2048; rate from a capture
#                  (first MM1 -> last QM3). Responder: charon, then the Gatewise agent
#                  (RIGHT_EXTERNAL=1, RIGHT_HOOK=bench/ike-right-hook.sh).
#   (b) driver     bench's IkeLoadDriver (N Gatewise initiators on one event loop in ns
#                  left, CPU 0) for MODP-2048 and ECP-256 (IKE and PFS group alike),
#                  against charon and against the agent; rate on the driver's clock
#                  (initiations posted -> last CHILD SA up). perf-ike.sh only knows MODP-2048.
#                  Before the measured round the driver runs an UNMEASURED warm-up round of
#                  WARM_ROUND (default 8000) negotiations over UDP against the same responder
#                  (batches from WARM_POOL (1000) more addresses, each batch terminated with
#                  Deletes before the next), then waits SETTLE (default 2) seconds and until
#                  the responder is idle (at most 2% of a CPU over 0.5 s, i.e. one clock tick; at most IDLE_MAX = 30 s):
#                  the steady state of a long-running gateway, for charon and the agent alike
#                  (WARM_ROUND=0 measures a fresh responder).
#
# Both responders are pinned to CPU 1. The agent responder (bench/ike-right-hook.sh) is
# io.gatewise.bench.IkeBenchResponder: with BENCH_BACKEND=datapath (default) the real agent
# started as in production (WARMUP=0: no in-memory warm-up in its JVM; WARMUP=K adds K
# in-memory negotiations first, which pollute the JIT's type profiles with test doubles)
# (gatewise-agent run --config, one RESPOND tunnel for 198.18.0.0/16: IKE on UDP 500, the
# userspace ESP datapath on TUN gwbench0 + UDP 4500 installs every SA and policy), or with
# BENCH_BACKEND=recording the IkeService alone with the in-memory RecordingIpsecBackend.
# Responder CPU per negotiation = its utime+stime over the negotiations (driver: from the
# moment the warmed-up driver starts; harness: perf-ike.sh's window) / N, for the
# whole run. Results: bench/target/ike/results.txt; raw output in bench/target/ike/.
# A harness run whose capture saw fewer than 90% of the negotiations (tshark started
# late on a loaded machine) gets no rate ("-"); its CPU figure still counts.
# Env: SKIP_HARNESS=1, SKIP_DRIVER=1, IKE_GROUPS="modp2048 ecp256", WARMUP, DRIVER_WARMUP (the driver's own
#      in-memory JIT warm-up, default 1500), WARM_ROUND, WARM_POOL, SETTLE, IDLE_MAX, JAVA_OPTS,
#      CHARON_SHORT_DH=0 (charon with its default full-length MODP exponents),
#      RESPONDER_JAVA_OPTS (e.g. a JFR recording of the agent responder),
#      INTEROP_HARNESS (default ../shared/interop next to the repository).
# The machine has 2 cores shared by everything here: numbers move with the load.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
N=${1:-200}
RUNS=${2:-3}
W=$HERE/target/ike
HARNESS=${INTEROP_HARNESS:-$ROOT/../shared/interop}
[ -d "$HARNESS" ] || HARNESS=$ROOT/../../shared/interop
[ -f "$HARNESS/perf-ike.sh" ] || { echo "no interop harness at $HARNESS"; exit 2; }
HARNESS=$(cd "$HARNESS" && pwd)
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)"; exit 2; }
for t in ip java python3 taskset tshark flock; do command -v $t >/dev/null || { echo "missing $t"; exit 2; }; done
IKE_GROUPS=${IKE_GROUPS:-modp2048 ecp256}
mkdir -p "$W/tmp"
CP=$("$HERE/build-classpath.sh") || { echo "build failed"; exit 2; }
# snapshot this repository's classes and jars: a rebuild during the run must not change them
rm -rf "$W/cp"; mkdir -p "$W/cp"
SNAP=""
for e in $(echo "$CP" | tr ':' ' '); do
    case $e in
        "$ROOT"/*) d=$W/cp/$(echo "${e#"$ROOT"/}" | tr '/' '_'); cp -r "$e" "$d"; SNAP=$SNAP:$d ;;
        *) SNAP=$SNAP:$e ;;
    esac
done
CP=${SNAP#:}
export BENCH_CP=$CP BENCH_OUT=$W WARMUP=${WARMUP:-0} JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
# WARM_ROUND 8000: with 2000 (the former default) the agent's JIT had not converged on its one
# CPU: C2 compiled flat out through the whole warm-up round and then did 0.2-1.3 s of first
# tier-4 compilations inside the measured round (bench/RESULTS.md, 2026-11-27 14:00).
export DRIVER_WARMUP=${DRIVER_WARMUP:-1500} WARM_ROUND=${WARM_ROUND:-8000} SETTLE=${SETTLE:-2} IDLE_MAX=${IDLE_MAX:-30}
# The warm-up round's batches come from WARM_POOL more addresses (default 1000, or N if more),
# terminated (Delete) after each batch so that the next one is fresh again. The responder
# reaches all initiator addresses through one next hop (192.0.2.1, left's wan0), so they need
# no neighbour entries of their own (the kernel's gc_thresh3, 1024, used to cap N + WARM_POOL
# at 1000 and N at 1000 with no warm-up round).
WARM_POOL=${WARM_POOL:-$((N > 1000 ? N : 1000))}
[ "$WARM_POOL" = 0 ] && WARM_ROUND=0
export WARM_POOL
export INTEROP_WORK=$ROOT/target/interop-bench HARNESS
LOCK=/tmp/gatewise-interop.lock
PIDFILE=$INTEROP_WORK/state/gatewise-bench.pid
# The agent's MODP private exponents are short (RFC 3526 section 8: 320 bits for
# MODP-2048); charon's are full length unless told otherwise. Same work for both by
# default; CHARON_SHORT_DH=0 measures charon as shipped.
CHARON_EXTRA=""
[ "${CHARON_SHORT_DH:-1}" = 1 ] && CHARON_EXTRA=$HARNESS/conf/perf/short-dh-exponent.conf
export N W HERE PIDFILE CP CHARON_EXTRA

# per-thread CPU ticks of a process: "tid comm utime+stime" lines (where the responder's CPU goes)
threads_cpu() { for t in /proc/$1/task/*; do [ -r "$t/stat" ] && echo "${t##*/} $(tr ' ' '_' < "$t/comm") $(sed 's/.*) //' "$t/stat" | awk '{print $12+$13}')"; done 2>/dev/null; }
cpu_s() { [ -n "${1:-}" ] && [ -r /proc/$1/stat ] && awk -v hz="$(getconf CLK_TCK)" '{print ($14+$15)/hz}' /proc/$1/stat || echo 0; }
load() { cut -d' ' -f1 /proc/loadavg; }

: > "$W/results.txt"
echo "# run-ike N=$N runs=$RUNS, agent backend ${BENCH_BACKEND:-datapath}, $(date -u +%FT%TZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)," \
    "charon extra conf: ${CHARON_EXTRA:-none}, agent in-memory warm-up $WARMUP," \
    "driver: unmeasured warm-up round of $WARM_ROUND negotiations over UDP (batches of $WARM_POOL, deleted after each) + ${SETTLE} s settle + until the responder is idle (at most ${IDLE_MAX} s) before each measured round, for both responders" \
    | tee -a "$W/results.txt"

# one line per measurement: method group responder rate cpu_ms done/N load
record() { echo "$*" >> "$W/raw.txt"; printf '  %-8s %-8s %-9s %8s /s  %6s ms/neg  %s done  load %s\n' "$@"; }
: > "$W/raw.txt"

harness_run() { # responder(charon|agent) run#
    local out=$W/perf-ike-$1-$2.txt
    if [ "$1" = agent ]; then
        flock -w 1800 $LOCK env RIGHT_EXTERNAL=1 RIGHT_HOOK="$HERE/ike-right-hook.sh" RIGHT_PIDFILE="$PIDFILE" \
            RIGHT_WAIT=180 BENCH_IKE=aes128-sha1-modp2048 BENCH_ESP=aes128-sha1-modp2048 \
            bash "$HARNESS/perf-ike.sh" "$N" burst yes > "$out" 2>&1
    else
        flock -w 1800 $LOCK env BENCH_RIGHT_EXTRA="$CHARON_EXTRA" bash "$HARNESS/perf-ike.sh" "$N" burst yes \
            > "$out" 2>&1
    fi
    python3 - "$out" "$N" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rate = re.search(r"=> ([\d.]+) MM\+QM negotiations/s", t)
cpu = re.search(r"=> ([\d.]+) ms per negotiation", t)
done = re.search(r"left: (\d+) CHILD_SAs installed", t)
seen = re.search(r"negotiations complete in capture: (\d+)", t)
n = int(sys.argv[2])
if rate and (not seen or int(seen.group(1)) < 0.9 * n):
    rate = None     # the capture missed most of the run (tshark started late): no rate
load = re.search(r"load before: ([\d.]+)", t)
print(rate.group(1) if rate else "-", cpu.group(1) if cpu else "-", done.group(1) if done else "0",
      load.group(1) if load else "-")
PY
}

# (b): everything below runs while holding the harness lock
driver_run() { # group responder run#
    local g=$1 who=$2 r=$3 out=$W/driver-$1-$2-$3.txt rpid="" c0 c1 l0
    bash "$HARNESS/teardown.sh" >/dev/null 2>&1
    bash "$HARNESS/setup-netns.sh" direct >/dev/null || { echo "- - 0 -"; return; }
    for i in $(seq 1 $((N + WARM_POOL))); do echo "addr add 198.18.$((i / 200)).$((i % 200 + 1))/32 dev wan0"; done \
        | ip -n left -batch -
    # through one next hop: a single neighbour entry for all initiators, whatever N is
    ip -n right route add 198.18.0.0/16 via 192.0.2.1 dev wan0
    if [ "$who" = agent ]; then
        BENCH_IKE=aes128-sha1-$g BENCH_ESP=aes128-sha1-$g bash "$HERE/ike-right-hook.sh" >/dev/null 2>&1
        rpid=$(cat "$PIDFILE" 2>/dev/null)
    else
        mkdir -p "$W/gen-$g"
        cat > "$W/gen-$g/swanctl.conf" <<CONF
connections {
    bench {
        version = 1
        local_addrs  = 192.0.2.2
        remote_addrs = 198.18.0.0/16
        proposals = aes128-sha1-$g
        dpd_delay = 0
        local  { auth = psk }
        remote { auth = psk }
        children { net { local_ts = 10.2.0.0/24
                         remote_ts = 10.100.0.0/16
                         esp_proposals = aes128-sha1-$g } }
    }
}
secrets { ike-any { secret = "interop-bench-psk" } }
CONF
        LOGLEVEL=0 IKE_LOGLEVEL=0 CHARON_CPUS=1 EXTRA_CONF=$CHARON_EXTRA bash "$HARNESS/start-strongswan.sh" right "$W/gen-$g" >/dev/null 2>&1
        rpid=$(cat "$INTEROP_WORK/state/right/run/charon.pid" 2>/dev/null)
    fi
    rm -f "$W/go"
    ip netns exec left taskset -c 0 java $JAVA_OPTS -Djava.io.tmpdir="$W/tmp" \
        -Dlogback.configurationFile=gatewise-agent-logback.xml -Dgatewise.log.level=WARN -cp "$CP" \
        io.gatewise.bench.IkeLoadDriver --remote 192.0.2.2 --n "$N" --ike aes128-sha1-$g \
        --esp aes128-sha1-$g --warmup "$DRIVER_WARMUP" --warm-round "$WARM_ROUND" --warm-pool "$WARM_POOL" --settle "$SETTLE" \
        --timeout 120 --go-file "$W/go" > "$out" 2>&1 &
    local dpid=$!
    for _ in $(seq 1 1800); do grep -q WARM "$out" 2>/dev/null && break; sleep 0.1; done
    # steady state: wait until the responder is idle (its JIT done with the warm-up round's
    # compilations; charon is idle at once), the same rule for both; the waited time is logged
    local idle0 idle1 waited=0
    idle0=$(cpu_s "$rpid")
    while [ "$WARM_ROUND" != 0 ] && [ "$waited" -lt $((IDLE_MAX * 2)) ]; do
        sleep 0.5; waited=$((waited + 1))
        idle1=$(cpu_s "$rpid")
        awk -v a="$idle0" -v b="$idle1" 'BEGIN { exit !(b - a < 0.015) }' && break
        idle0=$idle1
    done
    local idle_note="waited $((waited * 5 / 10)).$((waited * 5 % 10)) s for an idle responder before the measured round"
    # responder CPU only over the negotiations (not the driver's JVM start and warm-up)
    l0=$(load)
    threads_cpu "$rpid" > "$W/threads0"
    c0=$(cpu_s "$rpid")
    touch "$W/go"
    wait $dpid
    c1=$(cpu_s "$rpid")
    threads_cpu "$rpid" > "$W/threads1"
    # the responder's threads by CPU over the measured round (ms), e.g. ike-loop vs C2 CompilerThread
    python3 - "$W/threads0" "$W/threads1" "$(getconf CLK_TCK)" > "$W/driver-$g-$who-$r.threads.txt" <<'PY'
import sys, collections
def rd(f):
    d = {}
    for line in open(f):
        p = line.split()
        if len(p) == 3:
            d[p[0]] = (p[1], int(p[2]))
    return d
a, b, hz = rd(sys.argv[1]), rd(sys.argv[2]), float(sys.argv[3])
by = collections.Counter()
for tid, (comm, t) in b.items():
    by[comm] += t - a.get(tid, (comm, 0))[1]
for comm, t in by.most_common():
    if t > 0:
        print("%8.0f ms  %s" % (1000 * t / hz, comm))
PY
    echo "# $idle_note" >> "$W/driver-$g-$who-$r.threads.txt"
    [ "$who" = agent ] && cp "$W/agent-responder.log" "$W/driver-$g-agent-$r.responder.log"
    bash "$HARNESS/teardown.sh" >/dev/null 2>&1
    python3 - "$out" "$c0" "$c1" "$N" "$l0" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"RESULT done=(\d+) n=\d+ seconds=[\d.]+ rate=([\d.]+)", t)
c = float(sys.argv[3]) - float(sys.argv[2]); n = int(sys.argv[4])
# c0 = 0: the responder's /proc entry could not be read before the round; no CPU figure then
ok = c > 0 and float(sys.argv[2]) > 0
print(m.group(2) if m else "-", "%.2f" % (1000 * c / n) if ok else "-", m.group(1) if m else "0", sys.argv[5])
PY
}

for r in $(seq 1 "$RUNS"); do
    # alternate the order so that a load trend does not favour one responder
    order="charon agent"; [ $((r % 2)) = 0 ] && order="agent charon"
    if [ "${SKIP_HARNESS:-0}" != 1 ]; then
        for who in $order; do
            record harness modp2048 "$who" $(harness_run "$who" "$r") | tee -a "$W/results.txt"
        done
    fi
    if [ "${SKIP_DRIVER:-0}" != 1 ]; then
        for g in $IKE_GROUPS; do
            for who in $order; do
                set -- $(flock -w 1800 $LOCK bash -c "$(declare -f threads_cpu cpu_s load driver_run); driver_run $g $who $r" 2>/dev/null)
                record driver "$g" "$who" "$@" | tee -a "$W/results.txt"
            done
        done
    fi
done

python3 - "$W/raw.txt" "$N" <<'PY' | tee -a "$W/results.txt"
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 7:
        continue
    rows.setdefault((f[0], f[1]), {}).setdefault(f[2], []).append(f[3:7])
def med(vals):
    v = [float(x) for x in vals if x not in ("-", "")]
    return statistics.median(v) if v else None
def fmt(x, p=1):
    return "-" if x is None else ("%.*f" % (p, x))
print()
import os
if os.environ.get("SKIP_DRIVER", "0") != "1":
    wr = os.environ.get("WARM_ROUND", "0")
    print("IkeLoadDriver rows: steady state, measured after an unmeasured warm-up round of %s negotiations over UDP,"
          " %s s settle and an idle responder, against charon and the agent alike%s" % (wr, os.environ.get("SETTLE", "0"),
          " (WARM_ROUND=0: fresh responder)" if wr == "0" else ""))
print("| initiators | group (IKE + PFS) | responder | negotiations/s, median (runs) | responder CPU ms/negotiation | completed | agent/charon rate |")
print("|---|---|---|---|---|---|---|")
for (method, group), by in rows.items():
    rate = {w: med([r[0] for r in by.get(w, [])]) for w in ("charon", "agent")}
    for who in ("charon", "agent"):
        rs = by.get(who, [])
        if not rs:
            continue
        ratio = ""
        if who == "agent" and rate["agent"] and rate["charon"]:
            ratio = "%.2f" % (rate["agent"] / rate["charon"])
        print("| %s | %s | %s | %s (%s) | %s | %s | %s |" % (
            "charon (perf-ike.sh)" if method == "harness" else "Gatewise (IkeLoadDriver)", group, who,
            fmt(rate[who]), " / ".join(r[0] for r in rs), fmt(med([r[1] for r in rs]), 2),
            " ".join(r[2] for r in rs) + " of " + sys.argv[2], ratio))
PY
flock -w 600 $LOCK bash "$HARNESS/teardown.sh" >/dev/null 2>&1 || true
