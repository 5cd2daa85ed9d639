#!/bin/bash
# generate.sh [scenario ...]: regenerates ../resources/vectors/ikev1/<scenario>.json from
# strongSwan-to-strongSwan runs of the interop harness (see README.md here). Needs root,
# the harness (INTEROP_HARNESS, default ../shared/interop next to the repository) and
# tshark. Each run holds /tmp/gatewise-interop.lock, so it waits for other users.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
export INTEROP_HARNESS=${INTEROP_HARNESS:-$(realpath -m "$ROOT/../shared/interop")}
[ -d "$INTEROP_HARNESS" ] || INTEROP_HARNESS=/work/shared/interop
export INTEROP_WORK=${INTEROP_WORK:-$ROOT/target/interop}
export SCENARIO_DIRS=$INTEROP_HARNESS/conf/scenarios:$HERE/scenarios
OUTDIR=$ROOT/agent/src/test/resources/vectors/ikev1
mkdir -p "$OUTDIR" "$INTEROP_WORK"
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(psk-main psk-main-aes256 psk-aggr cert-main
                                        kat-ecp256 kat-3des kat-ecp384 kat-sha512 kat-md5)
FAILED=0
for sc in "${SCENARIOS[@]}"; do
    echo "== $sc"
    if ! flock /tmp/gatewise-interop.lock bash "$HERE/run-one.sh" "$sc" "$OUTDIR/$sc.json"; then
        FAILED=1
    fi
done
[ "$FAILED" = 0 ] && echo "all vectors written to $OUTDIR" || { echo "some scenarios FAILED" >&2; exit 1; }
