#!/usr/bin/env python3
"""Write the seed corpus for fuzz_ipc: frames as src/common/ipc.h describes
them (u32 type, u32 payload length, payload; big-endian; strings with a u16
length). Written independently of ipc.c so that a seed checks the codec.

usage: gen_ipc_seeds.py [OUTDIR]   (default: corpus/ipc next to this file)
"""
import ipaddress
import os
import struct
import sys

MSG_READY, MSG_SIM_CHANGED, MSG_EVENT, MSG_CONFIG = 1, 2, 3, 4
MSG_DNS_NAMES, MSG_DNS_ANSWER = 10, 11
MSG_TYPE_END = 12  # the first type that is not one


def s(text):
    b = text.encode()
    return struct.pack(">H", len(b)) + b


def frame(mtype, payload):
    return struct.pack(">II", mtype, len(payload)) + payload


def ready(role):
    return frame(MSG_READY, s(role))


def sim_changed(what, iccid):
    return frame(MSG_SIM_CHANGED, struct.pack(">B", what) + s(iccid))


def event(etype, sev, subject, start, end, evidence):
    return frame(MSG_EVENT, s(etype) + struct.pack(">B", sev) + s(subject) +
                 struct.pack(">qq", start, end) + s(evidence))


def cidr(text):
    net = ipaddress.ip_network(text)
    raw = net.network_address.packed.ljust(16, b"\0")
    return struct.pack(">B", net.version) + raw + struct.pack(">B",
                                                               net.prefixlen)


def config(level, body, imp, nets):
    return frame(MSG_CONFIG, struct.pack(">BQQH", level, body, imp, len(nets))
                 + b"".join(cidr(n) for n in nets))


def dns_names(first, last, names):
    return frame(MSG_DNS_NAMES, struct.pack(">BBH", first, last, len(names))
                 + b"".join(s(n) for n in names))


def dns_answer(name, family, ttl, addrs):
    """Addresses of the answer's family only: 4 bytes each for 4, 16 for
    6."""
    raw = b"".join(ipaddress.ip_address(a).packed for a in addrs)
    return frame(MSG_DNS_ANSWER, s(name) + struct.pack(">BIH", family, ttl,
                                                       len(addrs)) + raw)


SEEDS = {
    "ready_api": ready("api"),
    "ready_radius": ready("radius"),
    "sim_changed_upsert": sim_changed(1, "8944100000000000018"),
    "sim_changed_bulk": sim_changed(4, ""),
    "event_scan": event("telnet_scan", 3, "8944100000000000018",
                        1795341600, 1795341660,
                        '{"dst_port":23,"targets":512}'),
    "event_negative_window": event("beacon", 1, "10.64.0.7", -1,
                                   2**63 - 1, "{}"),
    "config_two_nets": config(2, 1 << 20, 512 << 20,
                              ["10.64.0.0/10", "2001:db8:100::/48"]),
    "config_no_nets": config(0, 1024, 1024, []),
    "stream_three_frames": ready("api") + sim_changed(3, "89357110010000000012")
    + config(3, 4096, 8000000, ["192.168.0.0/24"]),
    "truncated_event": event("x", 0, "y", 0, 0, "{}")[:-3],
    "trailing_byte": frame(MSG_READY, s("api") + b"\0"),
    "unknown_type": frame(MSG_TYPE_END, b""),
    "oversized": struct.pack(">II", MSG_EVENT, 65537),
    "bad_sim_change": sim_changed(7, "8944100000000000018"),
    "bad_family": frame(MSG_CONFIG, struct.pack(">BQQH", 0, 1, 1, 1) +
                        b"\x05" + b"\0" * 16 + b"\x08"),
    "dns_names_one_frame": dns_names(1, 1, ["cloud.example.com",
                                            "ntp.example.org"]),
    "dns_names_none": dns_names(1, 1, []),
    "dns_names_two_frames": dns_names(1, 0, ["a.example.com"]) +
    dns_names(0, 1, ["b.example.net", "c.example.org"]),
    "dns_names_longest": dns_names(1, 1, [".".join(["a" * 63] * 3 +
                                                   ["b" * 61])]),
    "dns_answer_v4": dns_answer("cloud.example.com", 4, 90,
                                ["192.0.2.1", "198.51.100.7"]),
    "dns_answer_v6": dns_answer("cloud.example.com", 6, 3600,
                                ["2001:db8::1"]),
    "dns_answer_none": dns_answer("gone.example.com", 4, 30, []),
    "bad_dns_first": dns_names(2, 1, ["a.example.com"]),
    "bad_dns_empty_name": dns_names(1, 1, [""]),
    "bad_dns_family": frame(MSG_DNS_ANSWER, s("a.example.com") +
                            struct.pack(">BIH", 5, 30, 1) + b"\0" * 16),
    "bad_dns_too_many": frame(MSG_DNS_ANSWER, s("a.example.com") +
                              struct.pack(">BIH", 4, 30, 65) +
                              b"\x0a\0\0\x01" * 65),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus",
                                                             "ipc")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
