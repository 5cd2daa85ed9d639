#!/bin/bash
# make-ecdsa-pki.sh <dir>: a throwaway EC P-256 test PKI shaped like the Gatewise CA's
# (ECDSA P-256 CA, ecdsa-with-SHA256 signatures, P-256 end-entity keys), written with
# strongSwan's pki tool in the file names the harness stages (pki/make-pki.sh does the
# same for RSA):
#   ca.crt ca.key          "C=XX, O=gatewise-interop, CN=Gatewise Interop ECDSA CA"
#   left.crt left.key      CN and subjectAltName left.interop.test
#   right.crt right.key    CN and subjectAltName right.interop.test
# Always regenerated. Test material only, kept under target/: the known-answer vector
# made from it holds the CA certificate and the SIG/CERT payloads, never a key.
set -e
DIR=${1:?usage: $0 <dir>}
command -v pki >/dev/null || { echo "pki (strongswan-pki) not found" >&2; exit 1; }
mkdir -p "$DIR"
TMP=$(mktemp -d "$DIR/.pki.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
echo 'pki { load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey sha1 sha2 gmp }' > strongswan.conf
export STRONGSWAN_CONF=$TMP/strongswan.conf
P() { pki "$@" 2>/dev/null; }
P --gen --type ecdsa --size 256 --outform pem > ca.key
P --self --ca --lifetime 3650 --in ca.key --type ecdsa \
    --dn "C=XX, O=gatewise-interop, CN=Gatewise Interop ECDSA CA" --outform pem > ca.crt
for h in left right; do
    P --gen --type ecdsa --size 256 --outform pem > $h.key
    P --req --type priv --in $h.key --dn "C=XX, O=gatewise-interop, CN=$h.interop.test" \
        --san $h.interop.test --outform pem > $h.csr
    P --issue --cacert ca.crt --cakey ca.key --type pkcs10 --in $h.csr \
        --lifetime 1825 --flag serverAuth --flag ikeIntermediate --outform pem > $h.crt
    rm $h.csr
done
chmod 600 ./*.key
for f in ca.key ca.crt left.key left.crt right.key right.crt; do
    [ -s "$f" ] || { echo "make-ecdsa-pki: $f not written" >&2; exit 1; }
    mv -f "$f" "$DIR/$f"
done
echo "ECDSA test PKI written to $DIR"
