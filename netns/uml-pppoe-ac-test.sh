#!/usr/bin/env bash
# Proves uml-pppoe-ac.sh with a client no one here wrote either: pppoe_probe.py (scapy) logs in
# with PAP and with CHAP-MD5, gets 10.64.0.10 and DNS 10.64.0.53, pings the AC and the upstream
# host through the session, answers the AC's LCP echoes, and ends with Terminate and PADT; a wrong
# password is refused. tshark reads the client-side capture (no malformed frame, every stage seen).
# Also: start and stop are idempotent, a client namespace that already exists is left in place,
# and stop leaves nothing behind. Prints "N passed, M failed"; exits 1 on a failure. Run as root.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
AC="$HERE/uml-pppoe-ac.sh"
export UML_AC_PREFIX=${UML_AC_PREFIX:-umlt-}
export UML_AC_STATE=${UML_AC_STATE:-/tmp/uml-pppoe-ac-test}
export LCP_ECHO_INTERVAL=4
P=$UML_AC_PREFIX
WORK=$(mktemp -d /tmp/uml-pppoe-ac-test.XXXXXX)
passed=0 failed=0
capture_pid=

check() {   # check "what" command...
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok: $what"; else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

cleanup() {
    [[ -z $capture_pid ]] || kill "$capture_pid" 2>/dev/null
    "$AC" stop
    ip netns delete "${P}mine" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- what a run needs ---------------------------------------------------------------------------
command -v linux.uml >/dev/null && command -v pppoe-server >/dev/null && command -v modprobe >/dev/null \
    && command -v busybox >/dev/null || "$AC" install
if ! command -v tshark >/dev/null || ! command -v tcpdump >/dev/null; then
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tshark tcpdump >/dev/null
fi
python3 -c 'import scapy' 2>/dev/null || python3 -m pip install -q scapy

in_client() { ip netns exec "${CLIENT_NS:-${P}client}" "$@"; }
probe() { in_client python3 "$HERE/pppoe_probe.py" --iface "${CLIENT_IF:-wan0}" "$@" > "$WORK/probe.txt" 2>&1; local rc=$?; sed 's/^/    | /' "$WORK/probe.txt"; return $rc; }
capture_start() {
    in_client tcpdump -U -Z root -i "${CLIENT_IF:-wan0}" -w "$WORK/$1.pcap" 2>/dev/null &
    capture_pid=$!
    sleep 1
}
capture_stop() { sleep 1; kill "$capture_pid"; wait "$capture_pid" 2>/dev/null; capture_pid=; }
count() {   # frames of capture $1 that match filter $2; -1 when tshark fails (a bad filter counts nothing)
    local out
    out=$(tshark -r "$WORK/$1.pcap" -Y "$2" 2>/dev/null) || { echo -1; return; }
    [[ -z $out ]] && echo 0 || wc -l <<< "$out"
}
no_malformed() { [[ $(count "$1" '_ws.malformed || _ws.expert.severity >= warning') == 0 ]]; }
seen() { [[ $(count "$1" "$2") -gt 0 ]]; }
nothing_left() {
    ! ip netns list | awk '{print $1}' | grep -q "^$P" && [[ ! -e $UML_AC_STATE ]] \
        && ! pgrep -f "uml_dir=$UML_AC_STATE/" >/dev/null
}

# The malformed check can fail: an LCP Configure-Request whose length runs past the frame.
python3 - "$WORK/bad.pcap" <<'EOF'
import sys
from scapy.all import Ether, Raw, wrpcap
from scapy.layers.ppp import PPP, PPPoE
wrpcap(sys.argv[1], [Ether(dst="02:00:00:00:64:01", src="02:00:00:00:00:01", type=0x8864) / PPPoE(sessionid=1)
                     / PPP(proto=0xC021) / Raw(b"\x01\x01\x00\x20\x01\x04")])
EOF
flags_bad() { ! no_malformed bad; }
check "tshark flags a truncated LCP frame (the malformed check can fail)" flags_bad

# A start that fails (here on its configuration) leaves nothing behind.
bad_start() { ! AUTH=bogus "$AC" start 2>/dev/null && nothing_left; }
check "AUTH=bogus: start fails and leaves nothing" bad_start

# --- PAP ----------------------------------------------------------------------------------------
t0=$SECONDS
check "start (AUTH=pap)" env AUTH=pap "$AC" start
echo "    UML booted and pppoe-server up in $((SECONDS - t0)) s"
check "a second start finds it running" bash -c "'$AC' start | grep -q 'already running'"
check "status" "$AC" status
capture_start pap
check "probe: PAP login, address, DNS, pings, LCP echoes, Terminate, PADT" probe --auth pap --hold 9
check "probe: a wrong PAP password is refused" probe --auth pap --password wrong --expect-reject
capture_stop
check "tshark: no malformed frame and no expert warning in the PAP capture" no_malformed pap
discovery_seen() { local c; for c in 0x09 0x07 0x19 0x65 0xa7; do seen pap "pppoe.code == $c" || return 1; done; }
check "tshark: PADI, PADO, PADR, PADS and PADT" discovery_seen
codes() { tshark -r "$WORK/$1.pcap" -Y "$2" -T fields -e "$2.code" 2>/dev/null | sort -u | tr -d '\n'; }
pap_codes() { [[ $(codes pap pap) == 123 ]]; }
check "tshark: PAP Authenticate-Request, -Ack and -Nak" pap_codes
check "tshark: IPCP Nak with 10.64.0.10 and DNS 10.64.0.53" seen pap 'ppp.code == 3 && ipcp.opt.ip_address == 10.64.0.10 && ipcp.opt.pri_dns_address == 10.64.0.53'
check "tshark: echo reply from 10.65.0.2 inside PPPoE" seen pap 'pppoes && icmp.type == 0 && ip.src == 10.65.0.2 && ip.dst == 10.64.0.10'
check "log: pppd gave the client 10.64.0.10" bash -c "'$AC' log | grep -q 'remote IP address 10.64.0.10'"
pppd_client() { "$AC" pppd-client > "$WORK/pppd-client.txt" 2>&1; local rc=$?; sed 's/^/    | /' "$WORK/pppd-client.txt"; return $rc; }
pppd_client_up() { pppd_client && grep -q '^--- ip-up: ppp0 local 10.64.0.1[0-9] remote 10.64.0.1 dns 10.64.0.53$' "$WORK/pppd-client.txt"; }
check "pppd's own PPPoE client (second UML, PAP): address, DNS, ping 10.65.0.2 answered" pppd_client_up

# --- CHAP ---------------------------------------------------------------------------------------
check "restart (AUTH=chap)" env AUTH=chap "$AC" restart
capture_start chap
check "probe: CHAP-MD5 login, address, DNS, pings, LCP echoes, Terminate, PADT" probe --auth chap --hold 9
check "probe: a wrong CHAP secret is refused" probe --auth chap --password wrong --expect-reject
capture_stop
check "tshark: no malformed frame and no expert warning in the CHAP capture" no_malformed chap
chap_codes() { [[ $(codes chap chap) == 1234 ]]; }
check "tshark: CHAP Challenge, Response, Success and Failure" chap_codes
check "tshark: echo reply from 10.65.0.2 inside PPPoE" seen chap 'pppoes && icmp.type == 0 && ip.src == 10.65.0.2'
check "pppd's own PPPoE client (second UML, CHAP): address, DNS, ping 10.65.0.2 answered" pppd_client_up
wrong_pppd_client() { ! PPPOE_PASSWORD=wrong pppd_client && grep -q 'CHAP authentication failed' "$WORK/pppd-client.txt"; }
check "pppd's client with a wrong CHAP secret is refused" wrong_pppd_client
check "stop" "$AC" stop
check "a second stop is quiet" "$AC" stop
check "nothing left: namespaces, state folder, UML processes" nothing_left

# --- a client namespace that is already there --------------------------------------------------
ip netns add "${P}mine"
check "start with CLIENT_NS=${P}mine CLIENT_IF=pppoe-wan" env CLIENT_NS="${P}mine" CLIENT_IF=pppoe-wan "$AC" start
probe_mine() { CLIENT_NS="${P}mine" CLIENT_IF=pppoe-wan probe --auth pap; }
check "probe from ${P}mine" probe_mine
check "stop" "$AC" stop
check "${P}mine is still there, without pppoe-wan" bash -c "ip netns list | grep -q '^${P}mine' && ! ip -n '${P}mine' link show pppoe-wan 2>/dev/null"
ip netns delete "${P}mine"
check "nothing left" nothing_left

echo "$passed passed, $failed failed"
((failed == 0))
