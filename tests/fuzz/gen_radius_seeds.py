#!/usr/bin/env python3
"""Write the seed corpus for fuzz_radius: RADIUS packets as RFC 2865, 2866,
3579 and 5176 describe them, with their authenticators and
Message-Authenticators computed here with hashlib and hmac, independently of
radius_pkt.c, so that a seed also checks the codec. The first three are the
packets printed in RFC 2865 section 7.

usage: gen_radius_seeds.py [OUTDIR]   (default: corpus/radius next to this
file)
"""
import hashlib
import hmac
import os
import struct
import sys

SECRET = b"fuzz-secret"  # the secret fuzz_radius verifies with
VENDOR_3GPP = 10415
MSGAUTH = 80
REPLIES = {2, 3, 5, 11, 41, 42, 44, 45}
SIGNED_REQUESTS = {4, 40, 43}

RFC_TELNET_REQ = bytes.fromhex(
    "01000038 0f403f94 73978057 bd83d5cb 98f4227a 01066e65 6d6f0212"
    "0dbe708d 93d413ce 3196e43f 782a0aee 0406c0a8 01100506 00000003"
    .replace(" ", ""))
RFC_TELNET_ACCEPT = bytes.fromhex(
    "02000026 86fe220e 7624ba2a 1005f6bf 9b55e0b2 06060000 00010f06"
    "00000000 0e06c0a8 0103".replace(" ", ""))
RFC_CHAP_REQ = bytes.fromhex(
    "01010047 2aee86f0 8d0d5596 9ca5978e 0d3367a2 0108666c 6f707379"
    "031316e9 7557c316 185895f2 93ff6344 07727504 06c0a801 10050600"
    "00001406 06000000 02070600 000001".replace(" ", ""))

REQ_AUTH = bytes(range(0x40, 0x50))


def attr(t, value):
    assert len(value) <= 253
    return struct.pack("BB", t, len(value) + 2) + value


def u32(t, v):
    return attr(t, struct.pack(">I", v))


def vsa(subs, vendor=VENDOR_3GPP):
    """One Vendor-Specific holding the (subtype, value) pairs."""
    body = b"".join(struct.pack("BB", st, len(v) + 2) + v for st, v in subs)
    return attr(26, struct.pack(">I", vendor) + body)


def packet(code, ident, attrs, auth=None, req_auth=None, msgauth=False,
           secret=SECRET):
    """A packet as a peer sends it: the Message-Authenticator first when
    asked for, computed with the authenticator field as the verifier sees
    it; then the authenticator the code calls for."""
    if code in SIGNED_REQUESTS:
        hdr_auth = bytes(16)
    elif code in REPLIES:
        hdr_auth = req_auth
    else:
        hdr_auth = auth
    body = b"".join(attrs)
    if msgauth:
        body = attr(MSGAUTH, bytes(16)) + body
    length = 20 + len(body)
    pkt = struct.pack(">BBH", code, ident, length) + hdr_auth + body
    if msgauth:
        mac = hmac.new(secret, pkt, hashlib.md5).digest()
        pkt = pkt[:22] + mac + pkt[38:]
    if code in REPLIES or code in SIGNED_REQUESTS:
        a = hashlib.md5(pkt + secret).digest()
        pkt = pkt[:4] + a + pkt[20:]
    return pkt


def all_3gpp():
    uli = bytes([130, 0x62, 0xf2, 0x10, 0x30, 0x39, 0x62, 0xf2, 0x10,
                 0x01, 0x23, 0x45, 0x67])
    return [
        vsa([(1, b"001010123456789")]),
        vsa([(2, struct.pack(">I", 0xdeadbeef))]),
        vsa([(8, b"00101")]),
        vsa([(10, b"5")]),
        vsa([(20, b"3520990012345601")]),
        vsa([(21, b"\x06")]),
        vsa([(22, uli)]),
    ]


def seeds():
    s = {}
    s["rfc2865_telnet_request"] = RFC_TELNET_REQ
    s["rfc2865_telnet_accept"] = RFC_TELNET_ACCEPT
    s["rfc2865_chap_request"] = RFC_CHAP_REQ
    s["access_request_3gpp"] = packet(
        1, 3, [attr(1, b"001010123456789"), attr(4, bytes([10, 0, 0, 1])),
               attr(30, b"iot.apn")] + all_3gpp(),
        auth=REQ_AUTH, msgauth=True)
    s["access_reject_msgauth"] = packet(
        3, 3, [attr(18, b"unknown SIM")], req_auth=REQ_AUTH, msgauth=True)
    s["accounting_start"] = packet(
        4, 9, [u32(40, 1), attr(44, b"5f3c-0001"), u32(8, 0x0a400007),
               attr(1, b"001010123456789"),
               vsa([(1, b"001010123456789"), (21, b"\x06"),
                    (2, b"\x00\x00\x00\x07")])])
    s["accounting_stop"] = packet(
        4, 10, [u32(40, 2), attr(44, b"5f3c-0001"), u32(46, 3600),
                u32(42, 123456), u32(43, 654321), u32(52, 1), u32(49, 1)],
        msgauth=True)
    s["accounting_response"] = packet(5, 10, [], req_auth=REQ_AUTH)
    s["disconnect_request"] = packet(
        40, 200, [attr(1, b"001010123456789"), attr(44, b"5f3c-0001")],
        msgauth=True)
    s["disconnect_nak_error_cause"] = packet(
        42, 200, [u32(101, 503)], req_auth=REQ_AUTH, msgauth=True)
    s["coa_request"] = packet(
        43, 201, [attr(44, b"5f3c-0001"), u32(27, 3600),
                  vsa([(1, b"x")], vendor=9)])
    s["status_server"] = packet(12, 77, [attr(32, b"nas1")], auth=REQ_AUTH,
                                msgauth=True)
    s["trailing_bytes"] = RFC_TELNET_ACCEPT + b"\x01\x05abc\xff"
    s["bad_3gpp_values"] = packet(
        1, 4, [vsa([(1, b"00a0"), (2, b"\x01\x02\x03"), (8, b"0010"),
                    (10, b"g"), (20, b"352"), (21, b"\x06\x00"),
                    (22, b"\x82")])], auth=REQ_AUTH)
    dup = packet(1, 5, [attr(80, bytes(16))], auth=REQ_AUTH, msgauth=True)
    s["bad_msgauth_dup"] = dup
    bad_vsa = packet(1, 6, [vsa([(1, b"1")])], auth=REQ_AUTH)
    s["bad_3gpp_sublen"] = bad_vsa[:27] + b"\x09" + bad_vsa[28:]
    return s


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "corpus", "radius")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
