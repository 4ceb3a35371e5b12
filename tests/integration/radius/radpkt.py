#!/usr/bin/env python3
"""A RADIUS client for what radclient cannot do: send the very same
datagram again from the same socket (a retransmission, RFC 5080 section
2.2.2), run a command between the two, send from any loopback address,
or leave the Message-Authenticator out.

    radpkt.py [options] HOST:PORT SECRET NAME=VALUE...

Each send prints one line, "N CODE HEX" (N from 1, CODE the reply's
name, HEX the whole reply) or "N none" when nothing came back in time,
then the reply's attributes as "N Name=value". A reply whose Response
Authenticator or Message-Authenticator is wrong is printed with the code
"bad-authenticator". The exit status is 0 whatever the answers.
"""
import argparse
import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys

CODES = {1: "Access-Request", 2: "Access-Accept", 3: "Access-Reject",
         4: "Accounting-Request", 5: "Accounting-Response",
         40: "Disconnect-Request", 41: "Disconnect-ACK",
         42: "Disconnect-NAK"}

# name: (type, kind); 3GPP vendor attributes are ("3gpp", subtype)
ATTRS = {
    "User-Name": (1, "str"),
    "NAS-IP-Address": (4, "ip"),
    "Framed-IP-Address": (8, "ip"),
    "Reply-Message": (18, "str"),
    "Class": (25, "str"),
    "Session-Timeout": (27, "int"),
    "Called-Station-Id": (30, "str"),
    "Calling-Station-Id": (31, "str"),
    "Acct-Status-Type": (40, "int"),
    "Acct-Input-Octets": (42, "int"),
    "Acct-Output-Octets": (43, "int"),
    "Acct-Session-Id": (44, "str"),
    "Acct-Input-Gigawords": (52, "int"),
    "Acct-Output-Gigawords": (53, "int"),
    "Message-Authenticator": (80, "hex"),
    "Acct-Interim-Interval": (85, "int"),
    "Error-Cause": (101, "int"),
    "3GPP-IMSI": (("3gpp", 1), "str"),
    "3GPP-IMEISV": (("3gpp", 20), "str"),
}
BY_TYPE = {t: (n, k) for n, (t, k) in ATTRS.items()}
STATUS = {"Start": 1, "Stop": 2, "Interim-Update": 3}
VENDOR_3GPP = 10415
MSGAUTH = 80


def encode_value(kind, text):
    if kind == "str":
        return text.encode()
    if kind == "ip":
        return socket.inet_aton(text)
    if kind == "int":
        return struct.pack("!I", STATUS.get(text) or int(text, 0))
    return bytes.fromhex(text[2:] if text.startswith("0x") else text)


def encode_attr(name, text):
    typ, kind = ATTRS[name]
    value = encode_value(kind, text)
    if isinstance(typ, tuple):
        sub = bytes([typ[1], len(value) + 2]) + value
        value = struct.pack("!I", VENDOR_3GPP) + sub
        typ = 26
    return bytes([typ, len(value) + 2]) + value


def decode_attrs(body):
    out = []
    while len(body) >= 2:
        typ, ln = body[0], body[1]
        if ln < 2 or ln > len(body):
            out.append(("malformed", body.hex()))
            break
        value = body[2:ln]
        body = body[ln:]
        if typ == 26 and len(value) > 6 and \
                struct.unpack("!I", value[:4])[0] == VENDOR_3GPP:
            name, kind = BY_TYPE.get(("3gpp", value[4]),
                                     ("3GPP-%d" % value[4], "hex"))
            value = value[6:]
        else:
            name, kind = BY_TYPE.get(typ, ("Attr-%d" % typ, "hex"))
        if kind == "str":
            text = value.decode(errors="replace")
        elif kind == "ip" and len(value) == 4:
            text = socket.inet_ntoa(value)
        elif kind == "int" and len(value) == 4:
            text = str(struct.unpack("!I", value)[0])
        else:
            text = "0x" + value.hex()
        out.append((name, text))
    return out


def build(code, ident, secret, attrs, msgauth):
    body = b"".join(encode_attr(n, v) for n, v in attrs)
    if code == 4:
        # Accounting-Request: the authenticator is a hash of the packet.
        hdr = struct.pack("!BBH", code, ident, 20 + len(body))
        auth = hashlib.md5(hdr + bytes(16) + body + secret).digest()
        return hdr + auth + body
    auth = os.urandom(16)
    if msgauth:
        body += bytes([MSGAUTH, 18]) + bytes(16)
    pkt = struct.pack("!BBH", code, ident, 20 + len(body)) + auth + body
    if msgauth:
        mac = hmac.new(secret, pkt, hashlib.md5).digest()
        pkt = pkt[:-16] + mac
    return pkt


def reply_ok(reply, request, secret):
    """The Response Authenticator, and the Message-Authenticator if any."""
    want = hashlib.md5(reply[:4] + request[4:20] + reply[20:] +
                       secret).digest()
    if not hmac.compare_digest(want, reply[4:20]):
        return False
    pos = 20
    while pos + 2 <= len(reply):
        typ, ln = reply[pos], reply[pos + 1]
        if ln < 2:
            return False
        if typ == MSGAUTH and ln == 18:
            # As FreeRADIUS signs it: an Accounting-Response's MAC sees
            # zeros where the others see the Request Authenticator.
            vector = bytes(16) if reply[0] == 5 else request[4:20]
            zeroed = (reply[:4] + vector + reply[20:pos + 2] +
                      bytes(16) + reply[pos + 18:])
            mac = hmac.new(secret, zeroed, hashlib.md5).digest()
            return hmac.compare_digest(mac, reply[pos + 2:pos + 18])
        pos += ln
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default="127.0.0.1")
    ap.add_argument("--code", default="access", choices=("access", "acct"))
    ap.add_argument("--no-ma", action="store_true",
                    help="no Message-Authenticator in an Access-Request")
    ap.add_argument("--send", type=int, default=1,
                    help="send the same datagram this many times")
    ap.add_argument("--between", help="shell command run between sends")
    ap.add_argument("--timeout", type=float, default=1.0)
    ap.add_argument("server")
    ap.add_argument("secret")
    ap.add_argument("attrs", nargs="*")
    a = ap.parse_args()
    host, port = a.server.rsplit(":", 1)
    secret = a.secret.encode()
    attrs = [x.split("=", 1) for x in a.attrs]
    code = 1 if a.code == "access" else 4
    pkt = build(code, os.urandom(1)[0], secret, attrs, not a.no_ma)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.src, 0))
    s.settimeout(a.timeout)
    for n in range(1, a.send + 1):
        if n > 1 and a.between:
            subprocess.run(a.between, shell=True, check=False)
        s.sendto(pkt, (host, int(port)))
        try:
            reply = s.recv(4096)
        except socket.timeout:
            print("%d none" % n)
            continue
        name = CODES.get(reply[0], str(reply[0]))
        if len(reply) < 20 or reply[1] != pkt[1] or \
                not reply_ok(reply, pkt, secret):
            name = "bad-authenticator"
        print("%d %s %s" % (n, name, reply.hex()))
        for k, v in decode_attrs(reply[20:]):
            print("%d %s=%s" % (n, k, v))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
