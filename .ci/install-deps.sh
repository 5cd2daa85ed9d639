#!/usr/bin/env bash
# Installs the Debian packages the test suite needs: a real browser for the UI tests,
# strongSwan as the IKE/ESP interop peer, and the network tools of the namespace tests.
# Idempotent; runs apt-get update only when something is missing. Needs root.
set -euo pipefail
PKGS="chromium chromium-driver strongswan-charon strongswan-swanctl libcharon-extra-plugins
      libstrongswan-standard-plugins strongswan-pki iproute2 nftables procps tshark iperf3
      iputils-ping python3"
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: not root, skipping package installation (tests needing them are skipped)" >&2
    exit 0
fi
missing=()
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
apt-get -q update >/dev/null
apt-get -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    install --no-install-recommends "${missing[@]}" >/dev/null
# Debian may start its own strongSwan service in the host namespace; our tests run their
# own charons inside namespaces and must not share UDP 500 with it.
systemctl stop strongswan-starter strongswan 2>/dev/null || true
