#!/usr/bin/env python3
"""Keep the packets an address sent: the attacker's side of a recorded
attack, to replay from a lab device (tcpreplay has no filter of its own).

    pcap_keep_src.py IN.pcap OUT.pcap IPV4-ADDRESS

Classic pcap with Ethernet frames (DLT 1) only; exits 65 on anything else.
"""
import ipaddress
import struct
import sys


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 64
    src = ipaddress.IPv4Address(sys.argv[3]).packed
    with open(sys.argv[1], "rb") as f, open(sys.argv[2], "wb") as out:
        head = f.read(24)
        magic = head[:4]
        order = {b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">"}.get(magic)
        if order is None or struct.unpack(order + "I", head[20:24])[0] != 1:
            print(f"{sys.argv[1]}: not a classic Ethernet pcap", file=sys.stderr)
            return 65
        out.write(head)
        kept = 0
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            caplen = struct.unpack(order + "I", rec[8:12])[0]
            frame = f.read(caplen)
            if len(frame) < caplen:
                print(f"{sys.argv[1]}: cut in a record", file=sys.stderr)
                return 65
            if frame[12:14] == b"\x08\x00" and frame[26:30] == src:
                out.write(rec + frame)
                kept += 1
    print(kept)
    return 0


sys.exit(main())
