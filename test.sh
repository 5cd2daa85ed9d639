#!/usr/bin/env bash
# Runs every test: unit, PostgreSQL, gRPC/TLS, browser, and (as root) the network
# namespace and strongSwan interop tests. Tests that need root or missing tools are
# skipped with a printed reason.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ]; then bash .ci/install-deps.sh; fi
exec mvn -B -ntp verify "$@"
