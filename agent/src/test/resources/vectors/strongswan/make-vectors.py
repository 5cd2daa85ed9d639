#!/usr/bin/env python3
"""make-vectors.py <scenario-name> <capture.pcapng> <charon.log>

Turns one strongSwan-vs-strongSwan capture of the interop harness into golden vectors
for the ISAKMP codec tests (agent/src/test/.../ike/codec/StrongSwanGoldenVectorTest):

  <scenario-name>/NN.hex         the ISAKMP message of frame NN as sent (the 4-byte
                                 non-ESP marker of UDP 4500 removed), lowercase hex
  <scenario-name>/NN.plain.hex   for encrypted messages: the decrypted body (payload
                                 chain plus strongSwan's padding)
  <scenario-name>/kat.json       the known answers extract-keys.py found in the log

Decryption follows RFC 2409 Appendix B: phase 1 starts from the logged initial IV and
chains on the last cipher block of the previous message; every phase 2 / informational
exchange starts from hash(last phase-1 cipher block | message id). Only the AES-CBC
proposals the harness uses are handled. The keys come from an ephemeral test run.

Regenerate (as root, holding the harness lock), e.g.:
  flock /tmp/gatewise-interop.lock env INTEROP_WORK=$PWD/target/interop KEEP=0 \
      RIGHT_EXTERNAL=1 RIGHT_HOOK=$H/examples/right-hook-strongswan.sh $H/run-scenario.sh psk-main
  python3 make-vectors.py psk-main target/interop/results/psk-main/psk-main.pcapng \
      target/interop/results/psk-main/left-charon.log
"""
import hashlib, json, os, subprocess, sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HARNESS = os.environ.get('HARNESS', '/work/shared/interop')
HASHES = {'PRF_HMAC_SHA1': hashlib.sha1, 'PRF_HMAC_SHA2_256': hashlib.sha256,
          'PRF_HMAC_SHA2_384': hashlib.sha384, 'PRF_HMAC_SHA2_512': hashlib.sha512}


def frames(pcap):
    out = subprocess.run(['tshark', '-r', pcap, '-Y', 'isakmp', '-T', 'fields', '-e', 'frame.number',
                          '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'udp.payload'],
                         check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        num, sport, dport, payload = line.split('\t')
        data = bytes.fromhex(payload)
        if (sport == '4500' or dport == '4500') and data[:4] == b'\0\0\0\0':
            data = data[4:]
        yield int(num), data


def decrypt(key, iv, body):
    d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return d.update(body) + d.finalize()


def main():
    name, pcap, log = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = os.path.join(here, name)
    os.makedirs(outdir, exist_ok=True)
    kat = json.loads(subprocess.run(['python3', f'{HARNESS}/extract-keys.py', '--kat', '--pcap', pcap, log],
                                    check=True, capture_output=True, text=True).stdout)
    with open(os.path.join(outdir, 'kat.json'), 'w') as f:
        json.dump(kat, f, indent=1, sort_keys=True)
    sa = kat[0]
    ka = bytes.fromhex(sa['ka'])
    hashf = HASHES[[p for p in sa['ike_proposal'].split('/') if p.startswith('PRF_')][0]]
    phase1_iv = bytes.fromhex(sa['initial_iv'])
    phase1_last = None
    chains = {}                                   # message id -> next IV
    for num, msg in frames(pcap):
        with open(os.path.join(outdir, f'{num:02d}.hex'), 'w') as f:
            f.write(msg.hex() + '\n')
        if not msg[19] & 1:                       # E flag clear
            continue
        mid = msg[20:24]
        body = msg[28:]
        if mid == b'\0\0\0\0':
            iv = phase1_iv
            phase1_iv = body[-16:]
            phase1_last = body[-16:]
        else:
            iv = chains.get(mid) or hashf(phase1_last + mid).digest()[:16]
            chains[mid] = body[-16:]
        with open(os.path.join(outdir, f'{num:02d}.plain.hex'), 'w') as f:
            f.write(decrypt(ka, iv, body).hex() + '\n')


if __name__ == '__main__':
    main()
