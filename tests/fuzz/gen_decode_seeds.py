#!/usr/bin/env python3
"""Write the seed corpus for fuzz_decode: crafted packets, each prefixed
with the link byte fuzz_decode reads (0 Ethernet, 1 Linux cooked v1,
2 cooked v2, 3 raw IP). Written independently of decode.c.

usage: gen_decode_seeds.py [OUTDIR]   (default: corpus/decode next to this file)
"""
import os
import struct
import sys

MAC_A = bytes([2, 0, 0, 0, 0, 0x0A])
MAC_B = bytes([2, 0, 0, 0, 0, 0x0B])
V4_A, V4_B = bytes([10, 64, 0, 2]), bytes([203, 0, 113, 9])
V6_A = bytes([0xFD, 0x64] + [0] * 13 + [2])
V6_B = bytes([0x20, 0x01, 0x0D, 0xB8] + [0] * 11 + [9])


def ether(etype, vlans=()):
    out = MAC_B + MAC_A
    for tpid, tci in vlans:
        out += struct.pack(">HH", tpid, tci)
    return out + struct.pack(">H", etype)


def ipv4(proto, payload, frag=0):
    total = 20 + len(payload)
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, 1, frag, 64, proto,
                       0, V4_A, V4_B) + payload


def ipv6(nh, payload):
    return struct.pack(">IHBB16s16s", 0x60000000, len(payload), nh, 64,
                       V6_A, V6_B) + payload


def tcp(flags, seq=0xCB007109, data=b""):
    return struct.pack(">HHIIBBHHH", 40000, 23, seq, 0, 5 << 4, flags, 1024,
                       0, 0) + data


def udp(data=b""):
    return struct.pack(">HHHH", 5353, 5353, 8 + len(data), 0) + data


def icmp(t):
    return struct.pack(">BBHHH", t, 0, 0, 0x42, 1)


def arp(op, target):
    return struct.pack(">HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, MAC_A, V4_A,
                       bytes(6), target)


def sll(etype):
    return struct.pack(">HHH8sH", 0, 1, 6, MAC_A + bytes(2), etype)


def sll2(etype):
    return struct.pack(">HHIHBB8s", etype, 0, 3, 1, 0, 6, MAC_A + bytes(2))


SEEDS = {
    "eth_ipv4_tcp_syn": b"\0" + ether(0x0800) + ipv4(6, tcp(0x02)),
    "eth_ipv4_tcp_data": b"\0" + ether(0x0800) + ipv4(6, tcp(0x18, data=b"GET / HTTP/1.0\r\n\r\n")),
    "eth_qinq_udp": b"\0" + ether(0x0800, ((0x88A8, 100), (0x8100, 7))) + ipv4(17, udp(b"x")),
    "eth_ipv4_fragment": b"\0" + ether(0x0800) + ipv4(6, bytes(16), frag=0x0010),
    "eth_icmp_echo": b"\0" + ether(0x0800) + ipv4(1, icmp(8)),
    "eth_arp_request": b"\0" + ether(0x0806) + arp(1, bytes([10, 64, 0, 99])),
    "eth_ipv6_hbh_tcp": b"\0" + ether(0x86DD) + ipv6(0, bytes([6, 0]) + bytes(6) + tcp(0x12)),
    "eth_lldp": b"\0" + ether(0x88CC) + bytes(30),
    "sll_ipv4_udp": b"\1" + sll(0x0800) + ipv4(17, udp()),
    "sll2_ipv6_icmpv6": b"\2" + sll2(0x86DD) + ipv6(58, icmp(128)),
    "raw_ipv6_fragment": b"\3" + ipv6(44, bytes([17, 0, 0x01, 0x00]) + bytes(4) + bytes(8)),
    "raw_ipv4_tcp": b"\3" + ipv4(6, tcp(0x02)),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus", "decode")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
