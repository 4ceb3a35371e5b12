#!/usr/bin/env python3
"""Seeds for fuzz_detect: streams of the decoder's seed packets (each a
link byte then the packet), framed as fuzz_detect reads them: link byte,
2-byte length, 2-byte time step in ms, packet. Run from the repository:

    tests/fuzz/gen_detect_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "corpus", "decode")
OUT = os.path.join(HERE, "corpus", "detect")


def frame(seed, step_ms):
    return bytes([seed[0]]) + struct.pack(">HH", len(seed) - 1, step_ms) + seed[1:]


def main():
    seeds = []
    for name in sorted(os.listdir(SRC)):
        with open(os.path.join(SRC, name), "rb") as f:
            data = f.read()
        if data:
            seeds.append(data)
    os.makedirs(OUT, exist_ok=True)
    # each seed repeated (a flow, a flood), then all of them in turn
    for i, s in enumerate(seeds):
        stream = b"".join(frame(s, step) for step in (0, 1, 1, 1000, 0, 0))
        with open(os.path.join(OUT, f"repeat-{i:02d}"), "wb") as f:
            f.write(stream)
    stream = b"".join(frame(s, 250) for s in seeds * 3)
    with open(os.path.join(OUT, "all"), "wb") as f:
        f.write(stream)


main()
