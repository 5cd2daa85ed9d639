#!/bin/bash
# run-one.sh <scenario> <vector.json>: one known-answer run. Call it through generate.sh,
# which holds /tmp/gatewise-interop.lock around it (the harness namespaces are shared).
#
# 1. the harness runs the scenario with strongSwan on BOTH ends (run-scenario.sh without
#    RIGHT_EXTERNAL): tunnel up, ping, capture, keys logged at level 4, kat-left.json;
# 2. a second capture records left terminating the IKE SA: the Delete Informational
#    exchanges (HASH(1) with a fresh message id) for the CHILD and the ISAKMP SA;
# 3. extract-keys.py --kat --pcap on the right charon's log too (the responder's view);
# 4. kat-wire.py merges both key files and every ISAKMP message into the vector file.
set -u
SC=$1 OUT=$2
H=$INTEROP_HARNESS W=$INTEROP_WORK
HERE=$(cd "$(dirname "$0")" && pwd)
ENV=""
IFS=: read -ra DIRS <<< "$SCENARIO_DIRS"
for d in "${DIRS[@]}"; do [ -f "$d/$SC.env" ] && ENV=$d/$SC.env && break; done
[ -n "$ENV" ] || { echo "scenario $SC not found in $SCENARIO_DIRS" >&2; exit 1; }
IKE=$(grep -o 'IKE=[^ ]*' "$ENV" | head -1 | cut -d= -f2)
DESC=$(sed -n '1s/^# *//p' "$ENV")
R=$W/results/$SC

finish() { bash "$H/teardown.sh" >/dev/null 2>&1; }
trap finish EXIT

KEEP=1 bash "$H/run-scenario.sh" "$SC" || { echo "FAILED: $SC (see $R)" >&2; exit 1; }
bash "$H/capture.sh" start right wan0 "$SC-close" >/dev/null || exit 1
STRONGSWAN_CONF=$W/state/left/strongswan.conf swanctl --terminate --ike "$IKE" --timeout 10 \
    > "$R/terminate.txt" 2>&1
bash "$H/capture.sh" stop "$SC-close" >/dev/null
cp "$W/captures/$SC-close.pcapng" "$R/"
cp "$W/state/right/charon.log" "$R/right-charon.log"
python3 "$H/extract-keys.py" --kat --pcap "$R/$SC.pcapng" "$R/right-charon.log" > "$R/kat-right.json"

LEFT_SW=$(cd "$(dirname "$ENV")" && HARNESS=$H SC_DIR=$PWD && CONF= LEFT_CONF= && source "$ENV" \
    && realpath -m "${LEFT_CONF:-$CONF/left}")/swanctl.conf
PSK=()
grep -Eq '^[[:space:]]*auth[[:space:]]*=[[:space:]]*psk' "$LEFT_SW" && PSK=(--psk interop-test-psk-0123456789)
python3 "$HERE/kat-wire.py" --name "$SC" --description "$DESC" "${PSK[@]}" \
    --strongswan "strongSwan $(dpkg-query -W -f='${Version}' strongswan-charon 2>/dev/null) charon on both ends" \
    --left "$R/kat-left.json" --right "$R/kat-right.json" --out "$OUT" \
    "$R/$SC.pcapng" "$R/$SC-close.pcapng"
