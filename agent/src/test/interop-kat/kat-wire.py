#!/usr/bin/env python3
"""kat-wire.py --name N --description D [--psk P] --left kat-left.json [--right kat-right.json]
                 --out vector.json capture.pcapng [more.pcapng ...]

Builds one known-answer vector file for the agent's IKEv1 key derivation tests from a
strongSwan-to-strongSwan run of the interop harness:

  sas.left / sas.right   extract-keys.py --kat --pcap output for each charon (unchanged)
  messages               every ISAKMP message of the captures, in capture order, as raw
                         bytes: the 4-byte non-ESP marker of UDP 4500 removed, NAT-T
                         keepalives and ESP left out, IKEv1 fragments (payload 132)
                         reassembled into the message they carry

The messages are the inputs the tests need besides the logged secrets: SAi_b (message 1),
g^xi / g^xr and the Phase 1 nonces (clear text), and the encrypted messages whose
decryption with our IVs and Ka, and whose HASH payloads, check our Phase 1 / Phase 2 /
Informational IV and HASH derivations against what strongSwan actually sent.
"""
import argparse, json, struct, subprocess, sys

FRAGMENT = 132


def udp_payloads(pcap):
    out = subprocess.run(['tshark', '-r', pcap, '-T', 'fields', '-e', 'frame.number', '-e', 'ip.src',
                          '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'udp.payload',
                          '-Y', 'udp.port == 500 or udp.port == 4500'],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split('\t')
        if len(f) == 5 and f[4]:
            yield int(f[0]), f[1], int(f[2]), int(f[3]), bytes.fromhex(f[4].replace(':', ''))


def isakmp_messages(pcaps):
    partial = {}                         # (cookies, fragment id) -> {number: data}
    for pcap in pcaps:
        for frame, src, sport, dport, data in udp_payloads(pcap):
            if 4500 in (sport, dport):
                if data == b'\xff':
                    continue             # NAT-T keepalive (RFC 3948 section 2.3)
                if data[:4] != b'\0\0\0\0':
                    continue             # ESP in UDP
                data = data[4:]
            if len(data) < 28:
                continue
            next_payload = data[16]
            if next_payload == FRAGMENT:
                # IKEv1 fragment payload: next(1) reserved(1) length(2) id(2) number(1) flags(1) data
                body = data[28:]
                plen, frag_id, number, flags = struct.unpack('!2xHHBB', body[:8])
                key = (data[:16], frag_id)
                partial.setdefault(key, {})[number] = body[8:plen]
                if flags & 1 and sorted(partial[key]) == list(range(1, number + 1)):
                    parts = partial.pop(key)
                    data = b''.join(parts[n] for n in sorted(parts))
                    yield pcap, frame, src, sport, dport, data, len(parts)
                continue
            yield pcap, frame, src, sport, dport, data, 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', required=True)
    ap.add_argument('--description', required=True)
    ap.add_argument('--psk')
    ap.add_argument('--left', required=True)
    ap.add_argument('--right')
    ap.add_argument('--strongswan', default='')
    ap.add_argument('--out', required=True)
    ap.add_argument('pcaps', nargs='+')
    a = ap.parse_args()
    messages, seen = [], set()
    for pcap, frame, src, sport, dport, data, fragments in isakmp_messages(a.pcaps):
        exchange, flags = data[18], data[19]
        m = {'capture': pcap.rsplit('/', 1)[-1], 'frame': frame, 'src': src, 'sport': sport, 'dport': dport,
             'exchange_type': exchange, 'message_id': data[20:24].hex(), 'encrypted': bool(flags & 1),
             'data': data.hex()}
        if fragments:
            m['fragments'] = fragments
        if data in seen:
            m['retransmission'] = True
        seen.add(data)
        messages.append(m)
    vec = {'name': a.name, 'description': a.description, 'generator': a.strongswan,
           'auth': 'psk' if a.psk else 'signature', 'psk': a.psk,
           'sas': {'left': json.load(open(a.left))}, 'messages': messages}
    if a.right:
        vec['sas']['right'] = json.load(open(a.right))
    for side in vec['sas'].values():
        for sa in side:
            sa.pop('log', None)          # a path on the generating machine
    with open(a.out, 'w') as f:
        json.dump(vec, f, indent=1)
        f.write('\n')
    print('%s: %d messages, %s' % (a.out, len(messages),
          ', '.join('%s %d SA(s)' % (k, len(v)) for k, v in vec['sas'].items())))


main()
