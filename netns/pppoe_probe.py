#!/usr/bin/env python3
"""A PPPoE client made of scapy's encoders and decoders, to prove an access concentrator (the UML
one of uml-pppoe-ac.sh, or pppoe_ac.py) before SoftRTX's own client talks to it.

Runs one session on --iface: discovery (PADI/PADO/PADR/PADS), LCP both ways, PAP or CHAP-MD5,
IPCP (address and DNS from the AC's Nak), ICMP echoes through the session, an LCP echo, then LCP
Terminate and PADT. Prints one line per step and `probe: N passed, M failed`; exits 1 on a failure.
"""
import argparse
import hashlib
import os
import select
import sys
import time

from scapy.all import conf, get_if_hwaddr
from scapy.layers.inet import ICMP, IP
from scapy.layers.l2 import Ether
from scapy.layers.ppp import (PPP, PPP_CHAP, PPP_CHAP_ChallengeResponse, PPP_IPCP,
                              PPP_IPCP_Option_DNS1, PPP_IPCP_Option_IPAddress,
                              PPP_LCP_Configure, PPP_LCP_Echo, PPP_LCP_Magic_Number_Option,
                              PPP_LCP_MRU_Option, PPP_LCP_Terminate, PPP_PAP_Request, PPP_PAP_Response,
                              PPPoE, PPPoED, PPPoED_Tags, PPPoETag)

ETH_DISCOVERY, ETH_SESSION = 0x8863, 0x8864
PADI, PADO, PADR, PADS, PADT = 0x09, 0x07, 0x19, 0x65, 0xA7
TAG_SERVICE_NAME, TAG_AC_NAME, TAG_HOST_UNIQ, TAG_AC_COOKIE = 0x0101, 0x0102, 0x0103, 0x0104
LCP, PAP, CHAP, IPCP, IPV4 = 0xC021, 0xC023, 0xC223, 0x8021, 0x0021
CONF_REQ, CONF_ACK, CONF_NAK, CONF_REJ, TERM_REQ, TERM_ACK = 1, 2, 3, 4, 5, 6
ECHO_REQ, ECHO_REP = 9, 10
# By type, not by scapy class: PPP_IPCP_Option_DNS1 is a subclass of PPP_IPCP_Option_IPAddress.
IPCP_ADDRESS, IPCP_DNS1 = 3, 129
LCP_MRU, LCP_AUTH = 1, 3


class ProbeFailed(Exception):
    pass


class Probe:
    def __init__(self, args):
        self.args = args
        self.sock = conf.L2socket(iface=args.iface)
        self.mac = get_if_hwaddr(args.iface)
        self.ac_mac = None
        self.session = 0
        self.magic = int.from_bytes(os.urandom(4), "big") or 1
        self.host_uniq = os.urandom(4)
        self.next_id = 1
        self.passed = 0
        self.failed = 0
        self.echo_requests_answered = 0

    # --- transcript ------------------------------------------------------------------------------
    def check(self, ok, what):
        if ok:
            self.passed += 1
            print(f"ok: {what}")
        else:
            self.failed += 1
            print(f"FAIL: {what}")
        return ok

    def require(self, ok, what):
        if not self.check(ok, what):
            raise ProbeFailed(what)

    # --- frames ----------------------------------------------------------------------------------
    def ident(self):
        self.next_id = self.next_id % 255 + 1
        return self.next_id

    def send_discovery(self, code, tags, session=0):
        dst = "ff:ff:ff:ff:ff:ff" if code == PADI else self.ac_mac
        frame = (Ether(src=self.mac, dst=dst, type=ETH_DISCOVERY) / PPPoED(code=code, sessionid=session)
                 / PPPoED_Tags(tag_list=[PPPoETag(tag_type=t, tag_value=v) for t, v in tags]))
        self.sock.send(frame)

    def send_ppp(self, proto, payload):
        self.sock.send(Ether(src=self.mac, dst=self.ac_mac, type=ETH_SESSION)
                       / PPPoE(sessionid=self.session) / PPP(proto=proto) / payload)

    def frames(self, timeout):
        """Frames for us until timeout; LCP Echo-Requests are answered on the way, as a client must."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.sock], [], [], left)
            if not ready:
                return
            frame = self.sock.recv()
            if frame is None or Ether not in frame or frame[Ether].src == self.mac:
                continue
            if frame[Ether].dst not in (self.mac, "ff:ff:ff:ff:ff:ff"):
                continue
            if frame.type == ETH_SESSION and PPP_LCP_Echo in frame and frame[PPP_LCP_Echo].code == ECHO_REQ:
                self.send_ppp(LCP, PPP_LCP_Echo(code=ECHO_REP, id=frame[PPP_LCP_Echo].id,
                                                magic_number=self.magic, data=frame[PPP_LCP_Echo].data))
                self.echo_requests_answered += 1
                continue
            yield frame

    def session_frames(self, timeout, proto):
        for frame in self.frames(timeout):
            if frame.type == ETH_DISCOVERY and PPPoED in frame and frame[PPPoED].code == PADT:
                raise ProbeFailed("the AC sent PADT")
            if (frame.type == ETH_SESSION and PPPoE in frame and frame[PPPoE].sessionid == self.session
                    and PPP in frame and frame[PPP].proto == proto):
                yield frame

    # --- steps -----------------------------------------------------------------------------------
    def discovery(self):
        for _ in range(3):
            self.send_discovery(PADI, [(TAG_SERVICE_NAME, b""), (TAG_HOST_UNIQ, self.host_uniq)])
            pado = next((f for f in self.frames(2) if PPPoED in f and f[PPPoED].code == PADO), None)
            if pado:
                break
        self.require(pado is not None, "PADI answered by a PADO")
        tags = {t.tag_type: t.tag_value for t in pado[PPPoED_Tags].tag_list}
        self.ac_mac = pado[Ether].src
        ac_name = tags.get(TAG_AC_NAME, b"").decode(errors="replace")
        print(f"    PADO from {self.ac_mac}: AC-Name {ac_name!r}, AC-Cookie {len(tags.get(TAG_AC_COOKIE, b''))} bytes")
        self.check(tags.get(TAG_HOST_UNIQ) == self.host_uniq, "PADO echoes our Host-Uniq")
        if self.args.ac_name:
            self.check(ac_name == self.args.ac_name, f"AC-Name is {self.args.ac_name}")
        request = [(TAG_SERVICE_NAME, b""), (TAG_HOST_UNIQ, self.host_uniq)]
        if TAG_AC_COOKIE in tags:
            request.append((TAG_AC_COOKIE, tags[TAG_AC_COOKIE]))
        for _ in range(3):
            self.send_discovery(PADR, request)
            pads = next((f for f in self.frames(2) if PPPoED in f and f[PPPoED].code == PADS), None)
            if pads:
                break
        self.require(pads is not None and pads[PPPoED].sessionid != 0, "PADR answered by a PADS with a session id")
        self.session = pads[PPPoED].sessionid
        print(f"    session 0x{self.session:04x}")

    def lcp(self):
        ours = [PPP_LCP_MRU_Option(max_recv_unit=self.args.mru), PPP_LCP_Magic_Number_Option(magic_number=self.magic)]
        our_id, acked, peer_acked, auth, peer_mru = self.ident(), False, False, None, None
        self.send_ppp(LCP, PPP_LCP_Configure(code=CONF_REQ, id=our_id, options=ours))
        deadline, last_sent = time.monotonic() + 15, time.monotonic()
        while not (acked and peer_acked) and time.monotonic() < deadline:
            if not acked and time.monotonic() - last_sent > 3:
                self.send_ppp(LCP, PPP_LCP_Configure(code=CONF_REQ, id=our_id, options=ours))
                last_sent = time.monotonic()
            for frame in self.session_frames(1, LCP):
                if PPP_LCP_Configure not in frame:
                    continue
                conf_ = frame[PPP_LCP_Configure]
                if conf_.code == CONF_REQ:
                    for option in conf_.options:
                        raw = bytes(option)
                        if option.type == LCP_AUTH:
                            auth = (int.from_bytes(raw[2:4], "big"), raw[4:])
                        elif option.type == LCP_MRU:
                            peer_mru = int.from_bytes(raw[2:4], "big")
                    self.send_ppp(LCP, PPP_LCP_Configure(code=CONF_ACK, id=conf_.id, options=conf_.options))
                    peer_acked = True
                elif conf_.code == CONF_ACK and conf_.id == our_id:
                    acked = True
                elif conf_.code in (CONF_NAK, CONF_REJ) and conf_.id == our_id:
                    # Our MRU is negotiable; the magic number is not worth fighting for: drop what is refused.
                    refused = {o.type for o in conf_.options}
                    ours = [o for o in ours if o.type not in refused]
                    our_id = self.ident()
                    self.send_ppp(LCP, PPP_LCP_Configure(code=CONF_REQ, id=our_id, options=ours))
                    last_sent = time.monotonic()
                break
        self.require(acked and peer_acked, "LCP opened (both Configure-Requests acked)")
        print(f"    AC's MRU {peer_mru}, Auth-Protocol {auth[0]:#06x}{(' ' + auth[1].hex()) if auth and auth[1] else ''}"
              if auth else f"    AC's MRU {peer_mru}, no Auth-Protocol")
        if self.args.expect_mru:
            self.check(peer_mru == self.args.expect_mru, f"AC asks for MRU {self.args.expect_mru}")
        wanted = (PAP, b"") if self.args.auth == "pap" else (CHAP, b"\x05")
        self.require(auth == wanted, f"AC asks for {self.args.auth.upper()}{'-MD5' if self.args.auth == 'chap' else ''}")

    def authenticate(self):
        user, password = self.args.user.encode(), self.args.password.encode()
        if self.args.auth == "pap":
            ident = self.ident()
            for _ in range(3):
                self.send_ppp(PAP, PPP_PAP_Request(id=ident, username=user, password=password))
                reply = next((f for f in self.session_frames(3, PAP) if PPP_PAP_Response in f
                              and f[PPP_PAP_Response].id == ident), None)
                if reply:
                    break
            self.require(reply is not None, "PAP Authenticate-Request answered")
            message = reply[PPP_PAP_Response].message
            accepted = reply[PPP_PAP_Response].code == 2
            print(f"    PAP Authenticate-{'Ack' if accepted else 'Nak'} (message {message!r})")
            return accepted
        challenge = next((f for f in self.session_frames(10, CHAP) if PPP_CHAP_ChallengeResponse in f
                          and f[PPP_CHAP_ChallengeResponse].code == 1), None)
        self.require(challenge is not None, "CHAP Challenge received")
        c = challenge[PPP_CHAP_ChallengeResponse]
        print(f"    challenge id {c.id}, {len(c.value)} bytes, name {c.optional_name!r}")
        if self.args.ac_name:
            self.check(c.optional_name == self.args.ac_name.encode(), f"CHAP name is {self.args.ac_name}")
        digest = hashlib.md5(bytes([c.id]) + password + c.value).digest()
        self.send_ppp(CHAP, PPP_CHAP_ChallengeResponse(code=2, id=c.id, value=digest, optional_name=user))
        result = next((f for f in self.session_frames(5, CHAP) if PPP_CHAP in f and f[PPP_CHAP].code in (3, 4)), None)
        self.require(result is not None, "CHAP Response answered")
        accepted = result[PPP_CHAP].code == 3
        print(f"    CHAP {'Success' if accepted else 'Failure'} (message {result[PPP_CHAP].data!r})")
        return accepted

    def rejected(self):
        """After a refused login the AC ends the link: LCP Terminate-Request (acked here), then PADT."""
        term_req = padt = False
        for frame in self.frames(10):
            if frame.type == ETH_DISCOVERY and PPPoED in frame and frame[PPPoED].code == PADT:
                padt = True
                break
            if PPP_LCP_Terminate in frame and frame[PPP_LCP_Terminate].code == TERM_REQ:
                term_req = True
                self.send_ppp(LCP, PPP_LCP_Terminate(code=TERM_ACK, id=frame[PPP_LCP_Terminate].id))
        self.check(term_req, "AC sends LCP Terminate-Request after the refused login")
        self.check(padt, "AC sends PADT after the refused login")
        self.session = 0

    def ipcp(self):
        address, dns, peer_address = "0.0.0.0", "0.0.0.0", None
        our_id, acked, peer_acked = self.ident(), False, False

        def request():
            options = [PPP_IPCP_Option_IPAddress(data=address)]
            if dns is not None:
                options.append(PPP_IPCP_Option_DNS1(data=dns))
            self.send_ppp(IPCP, PPP_IPCP(code=CONF_REQ, id=our_id, options=options))

        request()
        deadline, last_sent = time.monotonic() + 15, time.monotonic()
        while not (acked and peer_acked) and time.monotonic() < deadline:
            if not acked and time.monotonic() - last_sent > 3:
                request()
                last_sent = time.monotonic()
            for frame in self.session_frames(1, IPCP):
                p = frame[PPP_IPCP]
                if p.code == CONF_REQ:
                    for option in p.options:
                        if option.type == IPCP_ADDRESS:
                            peer_address = option.data
                    self.send_ppp(IPCP, PPP_IPCP(code=CONF_ACK, id=p.id, options=p.options))
                    peer_acked = True
                elif p.code == CONF_NAK and p.id == our_id:
                    for option in p.options:
                        if option.type == IPCP_ADDRESS:
                            address = option.data
                        elif option.type == IPCP_DNS1:
                            dns = option.data
                    our_id = self.ident()
                    request()
                    last_sent = time.monotonic()
                elif p.code == CONF_REJ and p.id == our_id:
                    if any(o.type == IPCP_DNS1 for o in p.options):
                        dns = None
                    our_id = self.ident()
                    request()
                    last_sent = time.monotonic()
                elif p.code == CONF_ACK and p.id == our_id:
                    acked = True
                break
        self.require(acked and peer_acked, "IPCP opened")
        print(f"    address {address}, DNS {dns}, AC {peer_address}")
        self.address, self.peer_address = address, peer_address
        if self.args.expect_address:
            self.check(address == self.args.expect_address, f"address is {self.args.expect_address}")
        if self.args.expect_dns:
            self.check(dns == self.args.expect_dns, f"DNS is {self.args.expect_dns}")
        if self.args.expect_peer:
            self.check(peer_address == self.args.expect_peer, f"AC's address is {self.args.expect_peer}")

    def ping(self, target):
        ident = int.from_bytes(os.urandom(2), "big")
        for seq in range(1, 4):
            self.send_ppp(IPV4, IP(src=self.address, dst=target, ttl=64) / ICMP(type=8, id=ident, seq=seq)
                          / b"softrtx-pppoe-probe")
            for frame in self.session_frames(2, IPV4):
                if (IP in frame and ICMP in frame and frame[IP].src == target and frame[IP].dst == self.address
                        and frame[ICMP].type == 0 and frame[ICMP].id == ident and frame[ICMP].seq == seq):
                    return self.check(True, f"ICMP echo to {target} answered through the session (seq {seq}, ttl {frame[IP].ttl})")
        return self.check(False, f"ICMP echo to {target} answered through the session")

    def lcp_echo(self):
        ident = self.ident()
        self.send_ppp(LCP, PPP_LCP_Echo(code=ECHO_REQ, id=ident, magic_number=self.magic, data=b"probe"))
        reply = next((f for f in self.session_frames(3, LCP) if PPP_LCP_Echo in f
                      and f[PPP_LCP_Echo].code == ECHO_REP and f[PPP_LCP_Echo].id == ident), None)
        self.check(reply is not None, "LCP Echo-Request answered by an Echo-Reply")

    def terminate(self):
        ident = self.ident()
        self.send_ppp(LCP, PPP_LCP_Terminate(code=TERM_REQ, id=ident, data=b"probe done"))
        ack = next((f for f in self.session_frames(3, LCP) if PPP_LCP_Terminate in f
                    and f[PPP_LCP_Terminate].code == TERM_ACK and f[PPP_LCP_Terminate].id == ident), None)
        self.check(ack is not None, "LCP Terminate-Request answered by a Terminate-Ack")
        self.send_discovery(PADT, [], session=self.session)
        print(f"    PADT sent for session 0x{self.session:04x}")

    def run(self):
        try:
            self.discovery()
            self.lcp()
            accepted = self.authenticate()
            if self.args.expect_reject:
                self.require(not accepted, f"{self.args.auth.upper()} login refused, as expected")
                self.rejected()
                raise ProbeFailed("done: the login was refused")
            self.require(accepted, f"{self.args.auth.upper()} login accepted")
            self.ipcp()
            for target in self.args.ping:
                self.ping(target)
            self.lcp_echo()
            if self.args.hold:
                # Stay up so the AC's own LCP Echo-Requests come and are answered.
                for _ in self.session_frames(self.args.hold, IPV4):
                    pass
                self.check(self.echo_requests_answered > 0,
                           f"AC's LCP Echo-Requests answered during {self.args.hold} s ({self.echo_requests_answered})")
            self.terminate()
        except ProbeFailed as failure:
            print(f"    {failure}" if self.args.expect_reject else f"    stopped: {failure}")
            if self.session:
                self.send_discovery(PADT, [], session=self.session)
        print(f"probe: {self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iface", default="wan0")
    parser.add_argument("--auth", choices=["pap", "chap"], default="pap")
    parser.add_argument("--user", default="softrtx")
    parser.add_argument("--password", default="softrtx-secret")
    parser.add_argument("--mru", type=int, default=1492, help="the MRU this client asks for")
    parser.add_argument("--ac-name", default="uml-ac", help="expected AC-Name (empty: any)")
    parser.add_argument("--expect-mru", type=int, default=1454)
    parser.add_argument("--expect-address", default="10.64.0.10")
    parser.add_argument("--expect-dns", default="10.64.0.53")
    parser.add_argument("--expect-peer", default="10.64.0.1")
    parser.add_argument("--ping", action="append", default=None,
                        help="address to ping through the session (repeatable; default 10.64.0.1 and 10.65.0.2)")
    parser.add_argument("--expect-reject", action="store_true",
                        help="the AC must refuse this login (a wrong password) and end the link")
    parser.add_argument("--hold", type=float, default=0, help="seconds to stay up answering the AC's LCP echoes")
    args = parser.parse_args()
    if args.ping is None:
        args.ping = ["10.64.0.1", "10.65.0.2"]
    conf.verb = 0
    sys.exit(Probe(args).run())


if __name__ == "__main__":
    main()
