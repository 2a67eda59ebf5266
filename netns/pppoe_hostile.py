#!/usr/bin/env python3
"""Frame generators of netns/pppoe-hostile.sh: an attacker on the PPPoE client's cable.

    pppoe_hostile.py CASE COUNT [SECONDS]

Builds COUNT frames up front (random.Random seeded with the case's name: every run sends the same
bytes), sends them on IFACE through an AF_PACKET socket spread over SECONDS (default 10), and prints
"sent N" last. Plain bytes rather than scapy packets per frame: scapy builds a few thousand frames a
second, too slow for these rates; scapy (its PPP layers) builds the LCP templates and checks them.

Environment: IFACE (the cable's end the attacker sends on); ROUTER_MAC (the client's MAC); AC_MAC
(the real access concentrator's MAC, spoofed by the session cases); SESSION_ID (the live session's
id, decimal); SNIFF=1 (pado-discovery: also answer each PADI seen on IFACE, at once, with offers from
fake ACs that echo its Host-Uniq and never answer a PADR).
"""
import errno
import functools
import os
import random
import socket
import struct
import sys
import threading
import time

DISCOVERY, SESSION = 0x8863, 0x8864
PADI, PADO, PADR, PADS, PADT = 0x09, 0x07, 0x19, 0x65, 0xA7
LCP, IPCP = 0xC021, 0x8021
# Tag types (RFC 2516 appendix A).
SERVICE_NAME, AC_NAME, HOST_UNIQ, AC_COOKIE, RELAY_ID = 0x0101, 0x0102, 0x0103, 0x0104, 0x0110


def mac_bytes(m):
    return bytes(int(x, 16) for x in m.split(":"))


def rand_mac(rng):
    b = bytearray(rng.getrandbits(8) for _ in range(6))
    b[0] = (b[0] & 0xFC) | 0x02   # unicast, locally administered
    return bytes(b)


def rand_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def tag(t, value):
    return struct.pack("!HH", t, len(value)) + value


def pppoe(code, session, payload, length=None, vertype=0x11):
    n = len(payload) if length is None else length
    return struct.pack("!BBHH", vertype, code, session, n & 0xFFFF) + payload


def eth(dst, src, ethertype, payload):
    return dst + src + struct.pack("!H", ethertype) + payload


def control(code, ident, data, length=None):
    """An LCP/IPCP packet: code, identifier, length, data (length overridable)."""
    n = 4 + len(data) if length is None else length
    return struct.pack("!BBH", code, ident, n & 0xFFFF) + data


def session_frame(src, session, proto, body, length=None):
    payload = struct.pack("!H", proto) + body
    return eth(ROUTER, src, SESSION, pppoe(0, session, payload, length))


ROUTER = b""
AC = b""


# --- case 1: offers from thousands of fake ACs ------------------------------------------------------
def fake_pado(rng, host_uniq=None):
    """A PADO from a random MAC: a well-formed one, or one with a bad, oversized or truncated tag."""
    src = rand_mac(rng)
    name = b"fake-ac-%d" % rng.randrange(100000)
    hu = host_uniq if host_uniq is not None else rand_bytes(rng, rng.choice((4, 8, 12)))
    tags = tag(SERVICE_NAME, b"") + tag(AC_NAME, name) + tag(HOST_UNIQ, hu) + tag(AC_COOKIE, rand_bytes(rng, 20))
    if host_uniq is not None:
        return eth(ROUTER, src, DISCOVERY, pppoe(PADO, 0, tags))
    pick = rng.random()
    if pick < 0.3:     # well formed, a Host-Uniq we never sent
        body = pppoe(PADO, 0, tags)
    elif pick < 0.45:  # a tag whose length runs past the payload
        body = pppoe(PADO, 0, tags + struct.pack("!HH", AC_COOKIE, 1400) + rand_bytes(rng, 10))
    elif pick < 0.55:  # a tag header cut short
        body = pppoe(PADO, 0, tags + b"\x01")
    elif pick < 0.7:   # PPPoE LENGTH beyond the frame
        body = pppoe(PADO, 0, tags, length=len(tags) + rng.randint(1, 3000))
    elif pick < 0.8:   # truncated inside the PPPoE header
        body = pppoe(PADO, 0, tags)[:rng.randint(0, 5)]
    elif pick < 0.88:  # oversized: hundreds of tags filling the frame
        many = b"".join(tag(rng.choice((0x0105, 0x0120, 0x0202, 0x1234)), rand_bytes(rng, rng.randint(0, 20)))
                        for _ in range(60))
        body = pppoe(PADO, 0, (tags + many)[:1480])
    elif pick < 0.94:  # bad version/type, or a code that is not discovery's
        body = pppoe(rng.choice((PADO, 0x42)), 0, tags, vertype=rng.choice((0x11, 0x21, 0x12, 0x00)))
    else:              # a PADO with a session id, broadcast
        return eth(b"\xff" * 6, src, DISCOVERY, pppoe(PADO, rng.getrandbits(16), tags))
    return eth(ROUTER, src, DISCOVERY, body)


def pado(rng, count):
    return [fake_pado(rng) for _ in range(count)]


def sniff_and_answer(stop, answered):
    """Answers every PADI on IFACE with offers from fake ACs that echo its Host-Uniq (and never a PADS)."""
    rng = random.Random("softrtx-pppoe-hostile-sniffer")
    # ETH_P_ALL, bound with protocol 0: a socket for one protocol on a bridge port sees nothing (the
    # bridge takes the frame first), nor, here, one bound with ETH_P_ALL itself; PACKET_IGNORE_OUTGOING
    # (23) keeps the flood's own frames out.
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.setsockopt(263, 23, 1)
    s.bind((os.environ["IFACE"], 0))
    s.settimeout(0.2)
    while not stop.is_set():
        try:
            frame = s.recv(2048)
        except socket.timeout:
            continue
        if len(frame) < 20 or frame[6:12] != ROUTER or frame[12:14] != b"\x88\x63" or frame[15] != PADI:
            continue
        tags, hu = frame[20:20 + struct.unpack("!H", frame[18:20])[0]], None
        while len(tags) >= 4:
            t, n = struct.unpack("!HH", tags[:4])
            if t == HOST_UNIQ:
                hu = tags[4:4 + n]
            tags = tags[4 + n:]
        if hu is None:
            continue
        for _ in range(20):
            s.send(fake_pado(rng, host_uniq=hu))
        answered.append(hu.hex())


# --- case 2: forged PADTs ----------------------------------------------------------------------------
def padt(rng, count):
    sid = int(os.environ["SESSION_ID"])
    frames = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.4:     # from the AC's MAC, another session
            other = rng.choice([x for x in (rng.getrandbits(16), sid ^ 1, sid + 1, 0) if x != sid])
            frames.append(eth(ROUTER, AC, DISCOVERY, pppoe(PADT, other, b"")))
        elif pick < 0.8:   # the real session id, from another MAC
            frames.append(eth(ROUTER, rand_mac(rng), DISCOVERY, pppoe(PADT, sid, tag(0x0203, b"forged"))))
        else:              # broadcast, the real session id, from another MAC
            frames.append(eth(b"\xff" * 6, rand_mac(rng), DISCOVERY, pppoe(PADT, sid, b"")))
    return frames


# --- case 3: session frames that are not the session's -----------------------------------------------
def session(rng, count):
    sid = int(os.environ["SESSION_ID"])
    frames = []
    for _ in range(count):
        pick = rng.random()
        body = control(9, rng.getrandbits(8), rand_bytes(rng, 4))   # an LCP Echo-Request
        if pick < 0.25:    # another session id, from the AC's MAC
            frames.append(session_frame(AC, rng.choice([x for x in (rng.getrandbits(16), sid + 1, 0) if x != sid]), LCP, body))
        elif pick < 0.4:   # the real session id from another MAC
            frames.append(session_frame(rand_mac(rng), sid, LCP, body))
        elif pick < 0.55:  # PPPoE LENGTH beyond the frame
            frames.append(session_frame(AC, sid, LCP, body, length=len(body) + 2 + rng.randint(1, 3000)))
        elif pick < 0.65:  # truncated PPP: no room for the protocol field
            frames.append(eth(ROUTER, AC, SESSION, pppoe(0, sid, b"\xc0"[:rng.randint(0, 1)])))
        elif pick < 0.75:  # truncated PPPoE header
            frames.append(eth(ROUTER, AC, SESSION, pppoe(0, sid, b"\xc0\x21")[:rng.randint(0, 5)]))
        elif pick < 0.8:   # a session frame with a discovery code
            frames.append(eth(ROUTER, AC, SESSION, pppoe(PADT, sid, struct.pack("!H", LCP) + body)))
        else:              # protocols nobody here speaks (within the Protocol-Reject budget)
            proto = rng.choice((0x0001, 0x0023, 0x002B, 0x0057, 0x80FD, 0x8057, 0xC025, 0xC223, 0x1234, 0xFFFF))
            frames.append(session_frame(AC, sid, proto, rand_bytes(rng, rng.randint(0, 200))))
    return frames


# --- case 4: LCP from the AC's MAC on the real session -----------------------------------------------
def lcp_echo(rng, count):
    sid = int(os.environ["SESSION_ID"])
    return [session_frame(AC, sid, LCP, control(9, i & 0xFF, rand_bytes(rng, 4) + rand_bytes(rng, rng.randint(0, 40))))
            for i in range(count)]


@functools.lru_cache(maxsize=None)
def lcp_options(mru, magic, auth=None):
    from scapy.layers.ppp import PPP_LCP_Configure, PPP_LCP_MRU_Option, PPP_LCP_Magic_Number_Option, \
        PPP_LCP_Auth_Protocol_Option
    opts = [PPP_LCP_MRU_Option(max_recv_unit=mru), PPP_LCP_Magic_Number_Option(magic_number=magic)]
    if auth:
        opts.append(PPP_LCP_Auth_Protocol_Option(auth_protocol=auth))
    return bytes(PPP_LCP_Configure(code=1, id=0, options=opts))[4:]


MAGICS = tuple(random.Random("softrtx-pppoe-hostile-magic").getrandbits(32) for _ in range(16))


def lcp_conf(rng, count):
    """Configure-Requests asking for changing MRUs and auth, and Naks that contradict each other."""
    sid = int(os.environ["SESSION_ID"])
    frames = []
    for i in range(count):
        pick = rng.random()
        ident = rng.getrandbits(8)
        if pick < 0.4:     # the "AC" asks again and again, each time for something else
            data = lcp_options(rng.choice((64, 576, 1454, 1492, 1500, 9000)), rng.choice(MAGICS),
                               rng.choice((0xC023, 0xC223, 0xC027, 0x1234, None)))
            frames.append(session_frame(AC, sid, LCP, control(1, ident, data)))
        elif pick < 0.75:  # Naks telling us first one MRU, then another, then no magic
            data = lcp_options(rng.choice((64, 1400, 1492, 65535)), rng.choice(MAGICS + (0,)))
            frames.append(session_frame(AC, sid, LCP, control(3, ident, data)))
        elif pick < 0.9:   # Rejects of what we never asked
            frames.append(session_frame(AC, sid, LCP, control(4, ident, lcp_options(1492, 1)[:4] + b"\x0d\x03\x06")))
        else:              # Acks with another identifier or other options
            frames.append(session_frame(AC, sid, LCP, control(2, ident, lcp_options(1454, rng.choice(MAGICS)))))
    return frames


# --- case 5: IPCP garbage on the real session ---------------------------------------------------------
def ipcp(rng, count):
    sid = int(os.environ["SESSION_ID"])
    frames = []
    for _ in range(count):
        pick = rng.random()
        ident = rng.getrandbits(8)
        opts = b"\x03\x06" + rand_bytes(rng, 4) + b"\x81\x06" + rand_bytes(rng, 4)
        if pick < 0.2:     # LENGTH below the header or past the packet
            body = control(rng.choice((1, 2, 3)), ident, opts, length=rng.choice((0, 3, 200, 65535)))
        elif pick < 0.4:   # options shorter than 2 bytes or past the packet
            body = control(rng.choice((1, 3, 4)), ident, rng.choice((b"\x03", b"\x03\x00", b"\x03\x20\x0a\x40", b"\x81\x01")))
        elif pick < 0.55:  # truncated under the 4-byte header
            body = rand_bytes(rng, rng.randint(0, 3))
        elif pick < 0.75:  # Naks, Acks and Rejects that answer nothing we sent (wrong identifier)
            body = control(rng.choice((2, 3, 4)), ident, opts)
        elif pick < 0.9:   # codes IPCP does not have (Code-Reject, within the budget)
            body = control(rng.choice((0, 8, 9, 12, 200, 255)), ident, rand_bytes(rng, rng.randint(0, 30)))
        else:              # random bytes
            body = rand_bytes(rng, rng.randint(4, 120))
        frames.append(session_frame(AC, sid, IPCP, body))
    return frames


# --- sending -------------------------------------------------------------------------------------------
def send(frames, seconds):
    """Sends frames on IFACE spread over `seconds` (in 5 ms slices); returns how many went."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    s.bind((os.environ["IFACE"], 0))
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
                time.sleep(0.001)
        time.sleep(0.005)
    return sent


CASES = {"pado": pado, "pado-discovery": pado, "padt": padt, "session": session, "lcp-echo": lcp_echo,
         "lcp-conf": lcp_conf, "ipcp": ipcp}


def main():
    global ROUTER, AC
    name, count = sys.argv[1], int(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    ROUTER = mac_bytes(os.environ["ROUTER_MAC"])
    AC = mac_bytes(os.environ.get("AC_MAC", "02:00:00:00:64:01"))
    rng = random.Random("softrtx-pppoe-hostile-" + name)
    frames = [f[:1514] for f in CASES[name](rng, count)]
    print("built %d frames" % len(frames), file=sys.stderr, flush=True)
    stop, answered = threading.Event(), []
    sniffer = None
    if os.environ.get("SNIFF") == "1":
        sniffer = threading.Thread(target=sniff_and_answer, args=(stop, answered), daemon=True)
        sniffer.start()
    sent = send(frames, seconds)
    if sniffer:
        stop.set()
        sniffer.join()
        print("answered %d PADIs with 20 offers each echoing their Host-Uniq" % len(answered), file=sys.stderr)
        sent += 20 * len(answered)
    print("sent %d" % sent)


if __name__ == "__main__":
    main()
