"""Truncated, garbage and hostile DNS queries at a router's UDP 53 (netns/dns-oracle.sh).

Usage: dns-flood.py TARGET SECONDS. A fixed seed: every run sends the same packets. Prints how many
it sent. Kinds: random bytes; real queries cut short; compression pointers to themselves, forward and
in loops; reserved label types; names past 255 bytes; counts that promise more than the message has;
responses (QR set) sent as queries; records with RDATA lengths that lie.
"""
import random
import socket
import struct
import sys
import time

target, seconds = sys.argv[1], float(sys.argv[2])
rng = random.Random(53)


def query(name=b"\x03www\x07example\x03com\x00", qtype=1, ident=None, flags=0x0100, counts=(1, 0, 0, 0), tail=b""):
    ident = rng.randrange(65536) if ident is None else ident
    return struct.pack("!HHHHHH", ident, flags, *counts) + name + struct.pack("!HH", qtype, 1) + tail


def make():
    kind = rng.randrange(9)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 120)))
    if kind == 1:
        whole = query()
        return whole[: rng.randrange(len(whole))]
    if kind == 2:  # the question's name points at itself
        return query(name=b"\xc0\x0c")
    if kind == 3:  # a pointer forward
        return query(name=b"\xc0\x20") + b"\x00" * 20
    if kind == 4:  # two names pointing at each other inside a record
        return query(counts=(1, 1, 0, 0), tail=b"\xc0\x23\x00\x01\x00\x01\x00\x00\x00\x01\x00\x04\x01\x02\x03\x04\xc0\x1d")
    if kind == 5:  # reserved label types 01 and 10
        return query(name=bytes([rng.choice([0x40, 0x80]) | rng.randrange(64)]) + b"abc\x00")
    if kind == 6:  # a name of 5 x 63 bytes
        return query(name=(b"\x3f" + b"a" * 63) * 5 + b"\x00")
    if kind == 7:  # counts promising 65,535 records
        return query(counts=(1, 65535, 65535, 65535))
    # an answer record whose RDATA length lies
    return query(counts=(1, 1, 0, 0), tail=b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x09\x01\x02\x03\x04")


sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setblocking(False)
sent = 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        sock.sendto(make(), (target, 53))
        sent += 1
    except BlockingIOError:
        time.sleep(0.001)
    if sent % 200 == 0:
        time.sleep(0.002)
print(f"{sent} packets")
