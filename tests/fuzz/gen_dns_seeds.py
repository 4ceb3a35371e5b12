#!/usr/bin/env python3
"""Write the seed corpus for fuzz_dns: DNS responses as RFC 1035 section 4
describes them (compression pointers included), each after the byte that
picks fuzz_dns's question (bit 0 AAAA, bits 1-2 the name, bit 7 a wrong
id). Written independently of dns_wire.c so that a seed checks the parser.

usage: gen_dns_seeds.py [OUTDIR]   (default: corpus/dns next to this file)
"""
import ipaddress
import os
import struct
import sys

# fuzz_dns's names[], in its order
WWW, APP, GONE, V6 = 0, 1, 2, 3
NAMES = ["www.example.com", "app.example.com", "gone.example.com",
         "v6.example.com"]
A, NS, CNAME, SOA, AAAA, OPT = 1, 2, 5, 6, 28, 41
IN = 1
QR, TC, RD, RA = 0x8000, 0x0200, 0x0100, 0x0080
RESPONSE = QR | RD | RA
QNAME = 12  # the question's name follows the header


def pick(name, qtype, wrong_id=False):
    return bytes([(qtype == AAAA) | NAMES.index(name) << 1 |
                  (0x80 if wrong_id else 0)])


def labels(dotted):
    return b"".join(bytes([len(x)]) + x.encode() for x in dotted.split(".")
                    if x)


def name(dotted):
    return labels(dotted) + b"\0"


def ptr(off, prefix=""):
    return labels(prefix) + struct.pack(">H", 0xc000 | off)


def header(flags, qd, an, ns=0, ar=0, mid=0x2b3c):
    return struct.pack(">HHHHHH", mid, flags, qd, an, ns, ar)


def question(qname, qtype):
    return name(qname) + struct.pack(">HH", qtype, IN)


def rr(owner, rtype, ttl, rdata, rclass=IN):
    return owner + struct.pack(">HHIH", rtype, rclass, ttl,
                               len(rdata)) + rdata


def ip(text):
    return ipaddress.ip_address(text).packed


def a_compressed():
    """www.example.com A: owners point at the question, the NS names
    into it (example.com at offset 16)."""
    return (header(RESPONSE, 1, 2, 1) + question(NAMES[WWW], A) +
            rr(ptr(QNAME), A, 300, ip("93.184.216.34")) +
            rr(ptr(QNAME), A, 120, ip("192.0.2.7")) +
            rr(ptr(QNAME + 4), NS, 86400, ptr(QNAME + 4, "ns1")))


def aaaa():
    return (header(RESPONSE, 1, 2) + question(NAMES[V6], AAAA) +
            rr(ptr(QNAME), AAAA, 600, ip("2001:db8::1")) +
            rr(ptr(QNAME), AAAA, 900, ip("2001:db8::2")))


def cname_chain():
    """app -> edge.cdn.example.net -> e1.cdn.example.net -> A, the later
    owners compressed into the first CNAME's data; an unrelated A."""
    head = header(RESPONSE, 1, 4) + question(NAMES[APP], A)
    first = rr(ptr(QNAME), CNAME, 600, name("edge.cdn.example.net"))
    edge = len(head) + len(first) - len(name("edge.cdn.example.net"))
    return (head + first +
            rr(ptr(edge), CNAME, 60, ptr(edge + 5, "e1")) +
            rr(name("unrelated.example.org"), A, 5, ip("203.0.113.9")) +
            rr(ptr(edge + 5, "e1"), A, 300, ip("198.51.100.1")))


def nxdomain():
    """gone.example.com: NXDOMAIN with the zone's SOA (example.com at
    offset 17)."""
    soa = (ptr(QNAME + 5, "ns") + ptr(QNAME + 5, "hostmaster") +
           struct.pack(">IIIII", 2026110101, 7200, 900, 1209600, 300))
    return (header(RESPONSE | 3, 1, 0, 1) + question(NAMES[GONE], A) +
            rr(ptr(QNAME + 5), SOA, 300, soa))


def servfail():
    return header(RESPONSE | 2, 1, 0) + question(NAMES[WWW], A)


def truncated():
    return (header(RESPONSE | TC, 1, 1) + question(NAMES[WWW], A) +
            rr(ptr(QNAME), A, 30, ip("192.0.2.1")))


def edns():
    """An answer with the OPT record a server adds to an EDNS query."""
    return (header(RESPONSE, 1, 1, 0, 1) + question(NAMES[WWW], A) +
            rr(ptr(QNAME), A, 300, ip("192.0.2.1")) +
            rr(b"\0", OPT, 0, b"", rclass=1232))


def many():
    """70 addresses: past the parser's 64."""
    return (header(RESPONSE, 1, 70) + question(NAMES[WWW], A) +
            b"".join(rr(ptr(QNAME), A, 1000 + i,
                        bytes([10, 0, 0, i])) for i in range(70)))


def pointer_loop():
    """An answer's owner that points to itself."""
    head = header(RESPONSE, 1, 1) + question(NAMES[WWW], A)
    return head + rr(ptr(len(head)), A, 300, ip("192.0.2.1"))


SEEDS = {
    "a_compressed": pick(NAMES[WWW], A) + a_compressed(),
    "aaaa": pick(NAMES[V6], AAAA) + aaaa(),
    "cname_chain": pick(NAMES[APP], A) + cname_chain(),
    "nxdomain": pick(NAMES[GONE], A) + nxdomain(),
    "servfail": pick(NAMES[WWW], A) + servfail(),
    "truncated_tc": pick(NAMES[WWW], A) + truncated(),
    "edns_opt": pick(NAMES[WWW], A) + edns(),
    "many_addresses": pick(NAMES[WWW], A) + many(),
    "pointer_loop": pick(NAMES[WWW], A) + pointer_loop(),
    "wrong_id": pick(NAMES[WWW], A, wrong_id=True) + a_compressed(),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus",
                                                             "dns")
    os.makedirs(out, exist_ok=True)
    for seed, data in SEEDS.items():
        with open(os.path.join(out, seed + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
