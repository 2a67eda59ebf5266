#!/usr/bin/env python3
"""Packet generators of netns/hostile.sh: one function per case, run by name with a count.

    hostile.py CASE COUNT [SECONDS]

Builds COUNT frames up front (random.Random with a fixed seed per case: every run sends the same
bytes), then sends them on IFACE through an AF_PACKET socket, spread over SECONDS (default 10), and
prints "sent N" last. The console case talks to the console socket instead of a port.

Environment: IFACE (default eth0); DST_MAC (the router's MAC on that link); SRC_MAC (the sending
port's own MAC); SPIS (comma-separated hex, the router's inbound ESP SPIs, esp case); REPLAY_PCAP
(captured ESP frames from the real peer, esp case); CONSOLE_SOCKET (console case).
"""
import array
import errno
import os
import random
import socket
import struct
import sys
import time

ROUTER_WAN = "192.168.1.1"   # yamaha01 lan2
WAN1 = "192.168.1.2"         # the WAN attacker's own address
PEER = "192.168.2.1"         # yamaha02 lan2, the IPsec peer
ROUTER_LAN = "192.168.100.1"  # yamaha01 bridge1


# --- wire helpers: plain bytes, fast enough for tens of thousands of frames -----------------------
def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(array.array("H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return socket.htons(~s & 0xFFFF)


def ip_bytes(a):
    return socket.inet_aton(a)


def mac_bytes(m):
    return bytes(int(x, 16) for x in m.split(":"))


def ipv4(src, dst, proto, payload, ttl=64, ident=None, frag=0, options=b"", tos=0, rng=None,
         ihl=None, total=None, checksum=None, version=4):
    """An IPv4 header (good checksum unless given) and payload; ihl/total/version override the truth."""
    hl = 20 + len(options)
    ihl = hl // 4 if ihl is None else ihl
    total = hl + len(payload) if total is None else total
    ident = (rng.getrandbits(16) if rng else 0) if ident is None else ident
    h = struct.pack("!BBHHHBBH4s4s", (version << 4) | (ihl & 0xF), tos, total & 0xFFFF, ident, frag,
                    ttl, proto, 0, ip_bytes(src), ip_bytes(dst)) + options
    c = csum(h) if checksum is None else checksum
    h = h[:10] + struct.pack("!H", c) + h[12:]
    return h + payload


def pseudo(src, dst, proto, length):
    return ip_bytes(src) + ip_bytes(dst) + struct.pack("!BBH", 0, proto, length)


def udp(src, dst, sport, dport, payload, length=None):
    n = 8 + len(payload)
    length = n if length is None else length
    h = struct.pack("!HHHH", sport, dport, length & 0xFFFF, 0)
    c = csum(pseudo(src, dst, 17, n) + h + payload) or 0xFFFF
    return h[:6] + struct.pack("!H", c) + payload


def tcp_syn(src, dst, sport, dport, seq):
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, 0x02, 64240, 0, 0)
    c = csum(pseudo(src, dst, 6, len(h)) + h)
    return h[:16] + struct.pack("!H", c) + h[18:]


def icmp_echo(ident, seq, payload=b"hostile"):
    h = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + payload
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def eth(payload, ethertype=0x0800, dst=None, src=None):
    dst = mac_bytes(dst or os.environ["DST_MAC"])
    src = mac_bytes(src or os.environ["SRC_MAC"]) if not isinstance(src, bytes) else src
    return dst + src + struct.pack("!H", ethertype) + payload


def ip_frame(src, dst, proto, payload, **kw):
    return eth(ipv4(src, dst, proto, payload, **kw))


def udp_frame(src, dst, sport, dport, payload, **kw):
    return ip_frame(src, dst, 17, udp(src, dst, sport, dport, payload), **kw)


def rand_mac(rng):
    b = bytearray(rng.getrandbits(8) for _ in range(6))
    b[0] = (b[0] & 0xFC) | 0x02   # unicast, locally administered
    return bytes(b)


def mutate(rng, data):
    """A byte-level mutation: flips, truncation, or growth."""
    data = bytearray(data)
    pick = rng.random()
    if pick < 0.4 and data:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.getrandbits(8)
    elif pick < 0.7 and data:
        data = data[:rng.randrange(len(data))]
    else:
        data += bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64)))
    return bytes(data)


# --- sending --------------------------------------------------------------------------------------
def send(frames, seconds):
    """Sends frames on IFACE spread over `seconds` (in 5 ms slices); returns how many went."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    s.bind((os.environ.get("IFACE", "eth0"), 0))
    total = len(frames)
    start = time.monotonic()
    sent = 0
    while sent < total:
        due = min(total, int(total * (time.monotonic() - start) / seconds) + 1)
        while sent < due:
            try:
                s.send(frames[sent])
                sent += 1
            except OSError as e:
                if e.errno not in (errno.ENOBUFS, errno.EAGAIN):
                    raise
                time.sleep(0.001)   # the qdisc is full; give it a moment
        time.sleep(0.005)
    return sent


def wan_source(rng):
    """Mostly the attacker's own address; some spoofed: the IPsec peer, random hosts."""
    r = rng.random()
    if r < 0.7:
        return WAN1
    if r < 0.8:
        return PEER
    return "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randrange(256), rng.randrange(256), rng.randint(1, 254))


# --- 1. ISAKMP structured fuzz --------------------------------------------------------------------
def isakmp(rng, count):
    from scapy.all import conf, fuzz, raw
    from scapy.layers import isakmp as k
    conf.verb = 0
    random.seed(rng.getrandbits(32))   # scapy's fuzz() draws from the random module
    chains = [
        lambda: fuzz(k.ISAKMP()),
        lambda: fuzz(k.ISAKMP()) / fuzz(k.ISAKMP_payload_SA()),
        lambda: fuzz(k.ISAKMP(exch_type=2, next_payload=1)) / k.ISAKMP_payload_SA(
            prop=fuzz(k.ISAKMP_payload_Proposal(trans=fuzz(k.ISAKMP_payload_Transform())))),
        lambda: fuzz(k.ISAKMP(next_payload=4)) / fuzz(k.ISAKMP_payload_KE()) / fuzz(k.ISAKMP_payload_Nonce()),
        lambda: fuzz(k.ISAKMP(next_payload=5)) / fuzz(k.ISAKMP_payload_ID()) / fuzz(k.ISAKMP_payload_Hash()),
        lambda: fuzz(k.ISAKMP(next_payload=11)) / fuzz(k.ISAKMP_payload_Notify()),
        lambda: fuzz(k.ISAKMP(next_payload=12)) / fuzz(k.ISAKMP_payload_Delete()),
        lambda: fuzz(k.ISAKMP(next_payload=13)) / fuzz(k.ISAKMP_payload_VendorID()),
        lambda: fuzz(k.ISAKMP(next_payload=8)) / fuzz(k.ISAKMP_payload_Hash()) / fuzz(k.ISAKMP_payload_SA()),
        # A well-formed Main Mode opening with random cookies: half-open SAs.
        lambda: k.ISAKMP(init_cookie=rng.randbytes(8), exch_type=2) / k.ISAKMP_payload_SA(
            prop=k.ISAKMP_payload_Proposal(trans_nb=1, trans=k.ISAKMP_payload_Transform(transform_count=1, transforms=[
                ("Encryption", "3DES-CBC"), ("Hash", "SHA"), ("Authentication", "PSK"),
                ("GroupDesc", "1024MODPgr"), ("LifeType", "Seconds"), ("LifeDuration", 28800)]))),
    ]
    templates = []
    for i in range(min(count, 1500)):
        try:
            templates.append(raw(rng.choice(chains)()))
        except Exception:
            templates.append(rng.randbytes(rng.randint(0, 200)))
    opening = raw(chains[-1]())
    frames = []
    for i in range(count):
        if rng.random() < 0.05:   # a Main Mode opening "from the peer", new cookies each time
            m = rng.randbytes(8) + opening[8:]
            frames.append(udp_frame(PEER, ROUTER_WAN, 500, 500, m, rng=rng))
            continue
        m = bytearray(rng.choice(templates))
        if len(m) >= 28 and rng.random() < 0.85:   # mostly past the version and flags checks, to go deeper
            m[17] = 0x10
            m[19] &= 0xFE
            m[24:28] = struct.pack("!I", len(m))
        r = rng.random()
        if r < 0.15 and len(m) >= 28:    # the header's length: huge, zero, short, long
            m[24:28] = struct.pack("!I", rng.choice([0, 1, 27, 28, 0xFFFFFFFF, 0x7FFFFFFF, 65535,
                                                       len(m) + rng.randint(1, 4096)]))
        elif r < 0.3 and len(m) > 28:     # a payload's length
            at = 28 + rng.randrange(0, len(m) - 28)
            m[at:at + 4] = struct.pack("!BBH", rng.randrange(256), 0, rng.choice([0, 1, 3, 4, 0xFFFF]))[:len(m) - at]
        elif r < 0.45:
            m = bytearray(m[:rng.randrange(0, max(1, len(m)))])   # truncated
        elif r < 0.6:
            m = bytearray(mutate(rng, m))
        elif r < 0.65:
            m += rng.randbytes(rng.randint(800, 1400 - len(m)) if len(m) < 600 else 0)  # huge (a frame's worth)
        src = wan_source(rng)
        if rng.random() < 0.5:
            frames.append(udp_frame(src, ROUTER_WAN, rng.choice([500, 500, 4500, rng.randint(1024, 65535)]), 500, bytes(m), rng=rng))
        else:
            marker = b"\0\0\0\0" if rng.random() < 0.8 else b""   # non-ESP marker (RFC 3948), or not
            frames.append(udp_frame(src, ROUTER_WAN, rng.choice([4500, 4500, 500, rng.randint(1024, 65535)]), 4500,
                                    marker + bytes(m), rng=rng))
    return frames


# --- 2. L2TPv3 garbage on UDP 1701 ----------------------------------------------------------------
def l2tp_avp(rng):
    kind = rng.random()
    attr = rng.choice([0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 13, 14, 15, 36, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68,
                       rng.randrange(65536)])
    value = rng.randbytes(rng.randint(0, 24))
    flags = rng.choice([0x8000, 0x0000, 0x4000, 0xC000, rng.getrandbits(6) << 10])
    length = 6 + len(value)
    if kind < 0.2:
        length = rng.choice([0, 1, 5, 1023, length + rng.randint(1, 200)])   # truncated or overlong
    vendor = 0 if rng.random() < 0.9 else rng.getrandbits(16)
    return struct.pack("!HHH", flags | (length & 0x3FF), vendor, attr) + value


INJECTED = "192.168.100.77"   # the source of frames smuggled into the bridge in cleartext L2TPv3


def l2tp(rng, count):
    """SESSION_ID, TUNNEL_ID (yamaha01's own, from show status l2tp), PC1_MAC: 2% of the packets are
    cleartext L2TPv3 "from the peer" with the real IDs: Ethernet frames for pc1 and StopCCNs."""
    real_session, real_tunnel = int(os.environ.get("SESSION_ID", "0")), int(os.environ.get("TUNNEL_ID", "0"))
    pc1 = mac_bytes(os.environ.get("PC1_MAC", "ff:ff:ff:ff:ff:ff"))
    forged = bytes.fromhex("020000000077")
    smuggled = [
        pc1 + forged + b"\x08\x00" + ipv4(INJECTED, "192.168.100.10", 1, icmp_echo(0x4242, 1, b"smuggled")),
        b"\xff" * 6 + forged + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + forged + ip_bytes(INJECTED)
        + bytes(6) + ip_bytes("192.168.100.10"),
    ]
    # StopCCN: Message Type 4, Result Code 1, Assigned Control Connection ID (RFC 3931 5.4.1)
    stop_avps = struct.pack("!HHHH", 0x8008, 0, 0, 4) + struct.pack("!HHHH", 0x8008, 0, 1, 1) \
        + struct.pack("!HHHI", 0x800A, 0, 61, rng.getrandbits(32))
    frames = []
    for i in range(count):
        r = rng.random()
        if real_session and r < 0.01:
            payload = struct.pack("!HHI", 0x0003, 0, real_session) + rng.choice(smuggled)
            frames.append(udp_frame(PEER, ROUTER_WAN, 1701, 1701, payload, rng=rng))
            continue
        if real_tunnel and r < 0.02:
            body = struct.pack("!IHH", real_tunnel, rng.randrange(8), rng.randrange(8)) + stop_avps
            frames.append(udp_frame(PEER, ROUTER_WAN, 1701, 1701, struct.pack("!HH", 0xC803, 4 + len(body)) + body,
                                    rng=rng))
            continue
        r = rng.random()
        if r < 0.55:   # control: T, L, S bits, version 3 (or not), Message Type first (or not)
            flags = rng.choice([0xC803, 0xC803, 0xC802, 0x4803, 0x8803, 0xC800, rng.getrandbits(16) | 0x8000])
            avps = b""
            if rng.random() < 0.8:
                avps += struct.pack("!HHHH", 0x8008, 0, 0, rng.choice([1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 16, 20,
                                                                        rng.randrange(65536)]))
            for _ in range(rng.randint(0, 8)):
                avps += l2tp_avp(rng)
            body = struct.pack("!IHH", rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16)) + avps
            length = 4 + len(body)
            if rng.random() < 0.2:
                length = rng.choice([0, 1, 11, 12, length - 1, length + rng.randint(1, 1000), 0xFFFF])
            payload = struct.pack("!HH", flags, length & 0xFFFF) + body
            if rng.random() < 0.15:
                payload = payload[:rng.randrange(len(payload))]    # truncated mid-header or mid-AVP
        else:          # data: T bit clear, reserved, a random session ID (0 sometimes), cookie, frame
            flags = rng.choice([0x0003, 0x0003, 0x0003, 0x0000, rng.getrandbits(16) & 0x7FFF])
            session = rng.choice([0, rng.getrandbits(32), rng.getrandbits(32), rng.getrandbits(16)])
            payload = struct.pack("!HHI", flags, 0, session) + rng.randbytes(rng.randint(0, 120))
            if rng.random() < 0.1:
                payload = payload[:rng.randrange(8)]
        src = wan_source(rng)
        frames.append(udp_frame(src, ROUTER_WAN, rng.choice([1701, 1701, rng.randint(1024, 65535)]), 1701, payload,
                                rng=rng))
    return frames


# --- 3. ESP: random SPIs, the real SPIs with a bad ICV, replays ---------------------------------
def esp(rng, count):
    spis = [int(x, 16) for x in os.environ.get("SPIS", "").split(",") if x]
    replay = []
    if os.environ.get("REPLAY_PCAP"):
        from scapy.all import rdpcap, raw
        replay = [raw(p) for p in rdpcap(os.environ["REPLAY_PCAP"])]
    frames = []
    for i in range(count):
        r = rng.random()
        if r < 0.35 or not spis:   # an unknown SPI, a random body (sometimes shorter than a header)
            body = struct.pack("!II", rng.getrandbits(32), rng.getrandbits(32)) + rng.randbytes(rng.choice(
                [0, 1, 7, 16, 28, 44, 60, 64, 100, 1400]))
            if rng.random() < 0.1:
                body = body[:rng.randrange(8)]
            frames.append(ip_frame(wan_source(rng), ROUTER_WAN, 50, body, rng=rng))
        elif r < 0.7 or not replay:   # a real SPI from the real peer, a sequence ahead, a wrong ICV
            body = struct.pack("!II", rng.choice(spis), rng.getrandbits(32) | 1) + rng.randbytes(16) \
                + rng.randbytes(16 * rng.randint(1, 8)) + rng.randbytes(12)
            frames.append(ip_frame(PEER, ROUTER_WAN, 50, body, rng=rng))
        else:                          # the peer's own packets again (as captured on wan1)
            frames.append(rng.choice(replay))
    return frames


# --- 4. IPv4 edge cases ---------------------------------------------------------------------------
def ipv4_edges(rng, count):
    frames = []
    options = [
        b"\x07\x07\x04" + b"\0" * 4 + b"\0",                 # record route
        b"\x44\x0c\x05\x00" + b"\0" * 8,                     # timestamp
        b"\x83\x07\x04" + ip_bytes("10.0.0.1") + b"\0",      # loose source route
        b"\x89\x07\x04" + ip_bytes("192.168.100.10") + b"\0",  # strict source route into the LAN
        b"\x94\x04\x00\x00",                                 # router alert
        b"\x01\x01\x01\x00",                                 # NOPs, end
        b"\x07\x00\x00\x00",                                 # option length 0
        b"\x07\x01\x00\x00",                                 # option length 1
        b"\x07\xff\x04\x00",                                 # option length past the header
        b"\x44\x02\x05\x00",                                 # timestamp shorter than itself
        bytes(40),                                           # 40 bytes of EOL
    ]
    for i in range(count):
        kind = i % 10
        src = WAN1 if rng.random() < 0.8 else wan_source(rng)
        ping = icmp_echo(rng.getrandbits(16), i & 0xFFFF)
        data = udp(src, ROUTER_WAN, rng.randint(1024, 65535), rng.choice([7, 53, 500, 1701, 4500, 9]), rng.randbytes(16))
        if kind == 0:    # header length below 5, or past the packet
            frames.append(ip_frame(src, ROUTER_WAN, 1, ping, ihl=rng.choice([0, 1, 2, 3, 4, 15, 14]), rng=rng))
        elif kind == 1:  # total length: past the frame, inside the header, zero
            frames.append(ip_frame(src, ROUTER_WAN, 17, data, rng=rng,
                                   total=rng.choice([0, 1, 19, 20, 27, 200, 1500, 65535])))
        elif kind == 2:  # options, good and malformed
            o = rng.choice(options)
            frames.append(ip_frame(src, ROUTER_WAN, 1, ping, options=o + b"\0" * (-len(o) % 4), rng=rng))
        elif kind == 3:  # bad header checksum
            frames.append(ip_frame(src, ROUTER_WAN, 1, ping, checksum=rng.getrandbits(16) | 1, rng=rng))
        elif kind == 4:  # TTL 0 and 1, to the router and through it
            dst = rng.choice([ROUTER_WAN, "192.168.100.10", "10.9.9.9", ROUTER_LAN])
            frames.append(ip_frame(src, dst, 1, icmp_echo(rng.getrandbits(16), i & 0xFFFF), ttl=rng.choice([0, 1]), rng=rng))
        elif kind == 5:  # protocol 255 and other unknown protocols
            frames.append(ip_frame(src, ROUTER_WAN, rng.choice([255, 255, 0, 2, 41, 47, 89, 132, 253]),
                                   rng.randbytes(rng.randint(0, 64)), rng=rng))
        elif kind == 6:  # not version 4
            frames.append(ip_frame(src, ROUTER_WAN, 1, ping, version=rng.choice([0, 5, 6, 15]), rng=rng))
        elif kind == 7:  # martian sources and odd destinations
            bad = rng.choice(["0.0.0.0", "127.0.0.1", "255.255.255.255", "224.0.0.1", ROUTER_WAN, "192.168.1.255"])
            dst = rng.choice([ROUTER_WAN, "192.168.1.255", "255.255.255.255", "224.0.0.5"])
            frames.append(ip_frame(bad, dst, 1, icmp_echo(1, i & 0xFFFF), rng=rng))
        elif kind == 8:  # truncated frames: less than a header, a header and a cut transport header
            f = ip_frame(src, ROUTER_WAN, rng.choice([1, 6, 17]), rng.randbytes(rng.randint(0, 3)), rng=rng)
            frames.append(f[:rng.randint(14, len(f))])
        else:            # transport garbage: bad UDP/ICMP/TCP checksums and lengths
            proto = rng.choice([1, 6, 17])
            body = bytearray(data if proto == 17 else ping if proto == 1 else rng.randbytes(rng.randint(0, 40)))
            if body:
                body[rng.randrange(len(body))] ^= 0xFF
            frames.append(ip_frame(src, ROUTER_WAN, proto, bytes(body), rng=rng))
    return frames


# --- 5. fragment trains, never completed; one datagram in 8,000 overlapping pieces --------------
def fragments(rng, count):
    frames = []
    overlap = min(8000, count // 4)
    big = min(4000, count // 8)
    trains = max(1, (count - overlap - big) // 2000)
    per = (count - overlap - big) // trains
    # 1,400-byte pieces of datagrams of up to 64 KB (23 each at every other offset: never whole),
    # 5.6 MB in all: more than a reassembly budget of a few MB holds
    for j in range(big):
        ident, k = 0x6000 + j // 23, j % 23
        frames.append(ip_frame(WAN1, ROUTER_WAN, 17, rng.randbytes(1400), ident=ident, frag=0x2000 | (2 * k * 175)))
    for t in range(trains):
        ident = 0x4000 + t
        proto = rng.choice([1, 17, 50])
        for j in range(per):   # 8 bytes each at offsets 1..per (8-byte units), MF set: no last piece
            off = j + 1 if j else 0
            frames.append(ip_frame(WAN1, ROUTER_WAN, proto, rng.randbytes(8), ident=ident, frag=0x2000 | off))
    # one datagram: overlapping pieces of 8..64 bytes anywhere in its first 2 KB, a last piece among them
    ident = 0x7777
    for j in range(overlap):
        off = rng.randrange(0, 256)
        last = j == overlap // 2
        frames.append(ip_frame(WAN1, ROUTER_WAN, 1, rng.randbytes(8 * rng.randint(1, 8)), ident=ident,
                               frag=(0 if last else 0x2000) | off))
    return frames


# --- 6. ARP from the LAN --------------------------------------------------------------------------
def lan_random_host(rng):
    """A LAN address no real host uses (not .1/.2, the bridges, not the DHCP ranges .10-.20)."""
    return "192.168.100.%d" % rng.randint(21, 254)


def arp(rng, count):
    bcast = b"\xff" * 6
    router = mac_bytes(os.environ["DST_MAC"])
    frames = []
    for i in range(count):
        src = rand_mac(rng)
        hw = src if rng.random() < 0.7 else rand_mac(rng)
        r = rng.random()
        if r < 0.5:    # who-has the router's bridge address, from random LAN senders
            op, psrc, pdst = 1, lan_random_host(rng), ROUTER_LAN
        elif r < 0.7:  # who-has random addresses in the LAN and elsewhere
            op, psrc, pdst = 1, lan_random_host(rng), "192.168.100.%d" % rng.randint(21, 254)
        elif r < 0.85:  # unsolicited replies (poisoning attempts on addresses nobody uses)
            op, psrc, pdst = 2, lan_random_host(rng), ROUTER_LAN
        else:          # random sender addresses from anywhere, odd opcodes
            op = rng.choice([1, 2, 3, 4, 0, 0xFFFF])
            psrc = "%d.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randrange(256))
            pdst = rng.choice([ROUTER_LAN, "192.168.100.%d" % rng.randint(21, 254)])
        body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + hw + ip_bytes(psrc) + bytes(6) + ip_bytes(pdst)
        if rng.random() < 0.05:
            body = body[:rng.randrange(len(body))]            # truncated
        dst = bcast if (op == 1 and rng.random() < 0.8) else router
        frames.append(dst + src + b"\x08\x06" + body)
    return frames


# --- 7. DHCP exhaustion from the LAN ---------------------------------------------------------------
def dhcp(rng, count):
    bcast = b"\xff" * 6
    frames = []
    for i in range(count):
        chaddr = rand_mac(rng)
        xid = rng.getrandbits(32)
        kind = rng.choice([1, 1, 3, 3])   # DISCOVER, REQUEST
        opts = bytes([53, 1, kind])
        if kind == 3:
            opts += bytes([50, 4]) + ip_bytes("192.168.100.%d" % rng.randint(10, 15))
            if rng.random() < 0.5:
                opts += bytes([54, 4]) + ip_bytes(ROUTER_LAN)
        opts += bytes([61, 7, 1]) + chaddr + bytes([55, 3, 1, 3, 6])
        malformed = rng.random() < 0.25
        if malformed:
            m = rng.random()
            if m < 0.2:
                opts = bytes([53, 200, kind])                       # length past the end
            elif m < 0.4:
                opts = opts[:rng.randrange(len(opts))]              # cut mid-option, no end
            elif m < 0.55:
                opts = bytes([12, 255]) + rng.randbytes(255) + opts  # a 255-byte hostname, then the rest
            elif m < 0.7:
                opts = bytes([52, 1, 3]) + opts                     # option overload into sname/file
            elif m < 0.85:
                opts = bytes([53, 0]) + opts                        # message type of length 0
            else:
                opts = rng.randbytes(rng.randint(0, 60))
        bootp = struct.pack("!BBBBIHH4s4s4s4s", 1, 1, 6, 0, xid, 0, 0x8000, bytes(4), bytes(4), bytes(4), bytes(4))
        bootp += chaddr + bytes(10) + bytes(64) + bytes(128) + b"\x63\x82\x53\x63" + opts
        if not malformed:
            bootp += b"\xff"
        if malformed and rng.random() < 0.2:
            bootp = bootp[:rng.randint(0, 240)]                      # truncated, or no magic cookie
        src_ip = "0.0.0.0"
        pkt = ipv4(src_ip, "255.255.255.255", 17, udp(src_ip, "255.255.255.255", 68, 67, bootp), rng=rng)
        frames.append(bcast + chaddr + b"\x08\x00" + pkt)
    return frames


# --- 8. NAT flows from spoofed LAN sources ------------------------------------------------------------
def nat(rng, count):
    dsts = [PEER, WAN1, "10.0.12.1", "10.0.12.2", "10.0.23.1", "10.0.23.2", "192.168.2.2"]
    frames = []
    for i in range(count):
        src = lan_random_host(rng)
        dst = rng.choice(dsts)
        r = rng.random()
        if r < 0.45:
            payload = udp(src, dst, rng.randint(1024, 65535), rng.randint(1, 65535), rng.randbytes(rng.randint(0, 32)))
            proto = 17
        elif r < 0.85:
            payload = tcp_syn(src, dst, rng.randint(1024, 65535), rng.choice([22, 80, 443, rng.randint(1, 65535)]),
                              rng.getrandbits(32))
            proto = 6
        else:
            payload = icmp_echo(rng.getrandbits(16), rng.getrandbits(16))
            proto = 1
        frames.append(eth(ipv4(src, dst, proto, payload, rng=rng), src=rand_mac(rng) if rng.random() < 0.1 else None))
    return frames


# --- 9. filters: spoofed SYN/UDP floods at the WAN address, spoofed-port flows out of the LAN -------
def filters_wan(rng, count):
    """Spoofed SYNs and datagrams to yamaha01's WAN address from anywhere, to any port but the ones its
    static NAT entries take to the router (500, 4500, 1701): no filter of the in list passes them.
    One in 10 names a port the in list rejects (135, 137-139, 445), one in 20 comes from 172.16.0.0/12."""
    frames = []
    for i in range(count):
        src = "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randrange(256), rng.randrange(256), rng.randint(1, 254))
        r = rng.random()
        if r < 0.05:
            src = "172.%d.%d.%d" % (rng.randint(16, 31), rng.randrange(256), rng.randint(1, 254))
        if r < 0.15:
            dport = rng.choice([135, 137, 138, 139, 445])
        else:
            dport = rng.randint(1, 65535)
            while dport in (500, 4500, 1701):
                dport = rng.randint(1, 65535)
        sport = rng.randint(1024, 65535)
        if i % 2 == 0:
            frames.append(ip_frame(src, ROUTER_WAN, 6, tcp_syn(src, ROUTER_WAN, sport, dport, rng.getrandbits(32)), rng=rng))
        else:
            frames.append(udp_frame(src, ROUTER_WAN, sport, dport, rng.randbytes(rng.randint(0, 32)), rng=rng))
    return frames


def filters_lan(rng, count):
    """pc1's own address, random source and destination ports: SYNs and datagrams out to the WAN attacker's
    address (its closed ports answer SYNs with RST, datagrams with a rate-limited port unreachable).
    Each is a new connection of yamaha01's dynamic filters (tcp, udp) and a new NAT session."""
    src = os.environ.get("LAN_SOURCE", "192.168.100.10")
    frames = []
    for i in range(count):
        sport = rng.randint(1024, 65535)
        dport = rng.randint(20000, 30000)
        if i % 2 == 0:
            payload, proto = tcp_syn(src, WAN1, sport, dport, rng.getrandbits(32)), 6
        else:
            payload, proto = udp(src, WAN1, sport, dport, rng.randbytes(rng.randint(0, 32))), 17
        frames.append(eth(ipv4(src, WAN1, proto, payload, rng=rng)))
    return frames


# --- 10. the console socket ------------------------------------------------------------------------
def console(rng, count):
    path = os.environ["CONSOLE_SOCKET"]
    sent = 0

    def connect():
        deadline = time.monotonic() + 10
        while True:   # a full listen backlog says EAGAIN: wait for room, as a blocking client would
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.settimeout(5)
            try:
                c.connect(path)
                return c
            except BlockingIOError:
                c.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def push(data):
        """Writes data, reconnecting when the router closes the connection on garbage."""
        nonlocal sent
        at = 0
        while at < len(data):
            c = connect()
            try:
                while at < len(data):
                    n = c.send(data[at:at + 65536])
                    at += n
                    sent += n
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                pass
            finally:
                c.close()

    # 10 MB of garbage: random bytes; frames with random tags; "L" frames of random bytes (not UTF-8)
    garbage = bytearray()
    while len(garbage) < 10 << 20:
        r = rng.random()
        if r < 0.4:
            garbage += rng.randbytes(65536)
        elif r < 0.7:
            n = rng.randint(0, 4096)
            garbage += bytes([rng.choice(b"LOPX\0\xff")]) + struct.pack("!I", n) + rng.randbytes(n)
        else:
            n = rng.randint(0, 200)
            garbage += b"L" + struct.pack("!I", n) + bytes(rng.randrange(33, 127) if rng.random() < 0.9
                                                          else rng.randrange(256) for _ in range(n))
    push(bytes(garbage))
    # one 1 MB line, framed and raw, and a frame that announces 4 GB
    line = b"show " + b"A" * ((1 << 20) - 5)
    push(b"L" + struct.pack("!I", len(line)) + line)
    push(line + b"\n")
    push(b"L\xff\xff\xff\xff" + rng.randbytes(4096))
    # 200 connections at once, each asking for the L2TP status; all held until every one answered
    conns = []
    for i in range(200):
        try:
            c = connect()
            c.sendall(b"L" + struct.pack("!I", 16) + b"show status l2tp")
            conns.append(c)
        except OSError:
            pass
    answered = refused = 0
    for c in conns:
        got = b""
        try:
            deadline = time.monotonic() + 10
            while b"Session" not in got and time.monotonic() < deadline:
                chunk = c.recv(65536)
                if not chunk:
                    break
                got += chunk
        except OSError:
            pass
        answered += b"Session" in got
        refused += b"sessions are open" in got
    for c in conns:
        c.close()
    print("console: of 200 connections at once %d connected, %d answered, %d told the sessions are all taken, "
          "%d closed or reset" % (len(conns), answered, refused, len(conns) - answered - refused), file=sys.stderr)
    # Idle connections that never send a line: does a fresh client still get an answer?
    idle = []
    for i in range(200):
        try:
            idle.append(connect())
        except OSError:
            break
    time.sleep(3)
    verdict = "no answer"
    try:
        c = connect()
        c.sendall(b"L" + struct.pack("!I", 16) + b"show status l2tp")
        got = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and b"Session" not in got and b"Error" not in got:
            chunk = c.recv(65536)
            if not chunk:
                break
            got += chunk
        verdict = "answered" if b"Session" in got else repr(got[-80:])
        c.close()
    except OSError as e:
        verdict = str(e)
    for c in idle:
        c.close()
    print("console: a fresh client while %d idle connections stay open (3 s): %s" % (len(idle), verdict),
          file=sys.stderr)
    return sent


CASES = {"isakmp": isakmp, "l2tp": l2tp, "esp": esp, "ipv4": ipv4_edges, "fragments": fragments,
         "arp": arp, "dhcp": dhcp, "nat": nat, "filters-wan": filters_wan, "filters-lan": filters_lan}


def main():
    name, count = sys.argv[1], int(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    rng = random.Random("softrtx-hostile-" + name)
    if name == "console":
        print("sent %d" % console(rng, count))
        return
    frames = [f[:1514] for f in CASES[name](rng, count)]   # no frame past the links' MTU
    print("built %d frames" % len(frames), file=sys.stderr, flush=True)
    print("sent %d" % send(frames, seconds))


if __name__ == "__main__":
    main()
