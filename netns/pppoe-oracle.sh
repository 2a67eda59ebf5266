#!/usr/bin/env bash
# SoftRTX's PPPoE client (`softrtx run`, netns/pppoe-branch.conf) against an access concentrator no
# one here wrote: rp-pppoe's pppoe-server and pppd inside User-Mode Linux (netns/uml-pppoe-ac.sh).
#
#   pc (udhcpc, wget) ─ lan1 [router: softrtx run] lan2 ─ rt0 [wire: br0] ac0 ─ [AC: UML pppd] ─ 10.65.0.2
#
# The wire namespace bridges the router's lan2 to the AC's client veth (ac0), which the AC script
# makes and removes: restarting the AC leaves the router's port in place, as unplugging an ISP
# would.
#
# Checks (TAP-style "ok - ..." lines, then "N passed, M failed"; exits 1 on any failure), with PAP:
# `show status pp 1` Connected with a 10.64.0.x address, peer 10.64.0.1 and DNS 10.64.0.53 from
# IPCP; the PC (a DHCP lease from the router) pings 10.65.0.2 and fetches a file over TCP from it,
# which sees the connection come from the IPCP address (NAT); pppd's log has the login, our address
# and no LCP error; tshark decodes PPPoE discovery and session, LCP, PAP and IPCP on the cable with
# no malformed frame (a truncated LCP frame must be flagged, so the check can fail). The AC is
# restarted under the router: LCP echoes find it gone, always-on reconnects by itself and the PC pings
# again. A wrong password is refused with a log line and retried with a growing hold-off (a handful
# of PADIs in 45 s, little CPU). Then CHAP: Connected, ping, TCP through NAT, pppd's log, tshark, and
# SIGTERM ends the session with a PADT.
#
# SOFTRTX_BIN: a built softrtx (default: `swift build` here). SOFTRTX_NETNS_PREFIX: prefix of the
# namespaces (default srtp-). PPPOE_USER / PPPOE_PASSWORD: the login (default softrtx /
# softrtx-secret, the AC script's own defaults). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
source netns/checks.sh

P=${SOFTRTX_NETNS_PREFIX:-srtp-}
WORK=$(mktemp -d /tmp/softrtx-pppoe.XXXXXX)
export UML_AC_PREFIX=${P}ac-
UPSTREAM=${P}ac-upstream
source netns/pppoe-topology.sh

log_count() { grep -cF "$1" "$WORK/router.log" || true; }
log_lines() { wc -l <"$WORK/router.log"; }
# pp_log_since LINE: the router's PP[01] and PPPOE[01] log lines after line LINE.
pp_log_since() { tail -n +"$(($1 + 1))" "$WORK/router.log" | grep -E "PPPOE\[01\]|PP\[01\]" | indent || true; }

# capture_start NAME: tcpdump on the router's cable (rt0, which outlives AC restarts) to NAME.pcap.
capture_start() {
    exec ip netns exec "${P}wire" tcpdump -i rt0 -nn --immediate-mode -U -w "$WORK/$1.pcap" 2>"$WORK/$1.tcpdump" &
    CAPTURE=$!
    until grep -q "listening on" "$WORK/$1.tcpdump" 2>/dev/null; do
        kill -0 $CAPTURE 2>/dev/null || { cat "$WORK/$1.tcpdump" >&2; exit 1; }
        sleep 0.1
    done
}
capture_stop() {
    sleep 0.5   # the last frames reach the file
    kill -TERM $CAPTURE
    wait $CAPTURE 2>/dev/null || true
    CAPTURE=""
}

# --- the checks ------------------------------------------------------------------------------
OUTER=none
# connected SECONDS: `show status pp 1` says Connected, with a 10.64.0.x address and peer 10.64.0.1.
connected() {
    local deadline=$((SECONDS + $1)) out
    until out=$(console "show status pp 1") && grep -q "Current PPPoE session status is Connected." <<<"$out"; do
        ((SECONDS < deadline)) || { echo "$out" | indent; return 1; }
        sleep 0.5
    done
    echo "$out" | indent
    local line
    line=$(grep "PP IP Address Local:" <<<"$out")
    [[ $line =~ Local:\ (10\.64\.0\.[0-9]+),\ Remote:\ 10\.64\.0\.1$ ]] || return 1
    OUTER=${BASH_REMATCH[1]}
}
dns_from_ipcp() {
    local out
    out=$(console "show status dns")
    grep "Upstream servers" <<<"$out" | indent
    # pppd answers a secondary DNS request with its one ms-dns too: IPCP gives 10.64.0.53 twice.
    grep -qE "^Upstream servers: 10.64.0.53( 10.64.0.53)?$" <<<"$out"
}

cat >"$WORK/udhcpc.script" <<'SCRIPT'
#!/bin/sh
# busybox udhcpc hook: apply the lease it got.
case "$1" in
    deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/$mask" dev "$interface"
        [ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface"
        echo "$ip $dns" >"$(dirname "$0")/lease" ;;
esac
exit 0
SCRIPT
chmod +x "$WORK/udhcpc.script"
PC=none
lease() {
    in_ns pc busybox udhcpc -i eth0 -f -q -n -t 6 -T 2 -s "$WORK/udhcpc.script" >"$WORK/pc.dhcp" 2>&1 || {
        indent <"$WORK/pc.dhcp"; return 1; }
    local dns
    read -r PC dns <"$WORK/lease"
    echo "# pc leased $PC (DNS $dns)"
    [[ $PC == 192.168.10.* && $dns == 192.168.10.1 ]]
}

# pings_within SECONDS DEST: the PC reaches DEST within SECONDS, then 3 of 3 replies.
pings_within() {
    local deadline=$((SECONDS + $1))
    until in_ns pc ping -c 1 -W 1 "$2" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || { echo "# no reply from $2 in $1 s"; return 1; }
    done
    in_ns pc ping -c 3 -W 2 "$2" | indent
    [[ ${PIPESTATUS[0]} == 0 ]]
}

# A file on the upstream host, fetched by the PC over HTTP: larger than the PP's MTU many times over.
mkdir -p "$WORK/www"
head -c 300000 /dev/urandom >"$WORK/www/blob"
WANT=$(sha256sum <"$WORK/www/blob")
# http_server: python's http.server on 10.65.0.2:8080 in the AC's upstream namespace (which the AC
# script makes, and empties on stop), logging each request with the client's address.
http_server() {
    exec ip netns exec "$UPSTREAM" python3 -m http.server 8080 --bind 10.65.0.2 --directory "$WORK/www" \
        >>"$WORK/http.log" 2>&1 &
    disown   # the AC's stop ends it, with its namespace
    local tries
    for tries in $(seq 50); do
        ip netns exec "$UPSTREAM" ss -ltn 2>/dev/null | grep -q '10.65.0.2:8080' && return 0
        sleep 0.1
    done
    return 1
}
tcp_through_nat() {
    in_ns pc timeout 20 busybox wget -q -O "$WORK/got" http://10.65.0.2:8080/blob || return 1
    local got client
    got=$(sha256sum <"$WORK/got")
    client=$(grep -ao '^[0-9.]* - - .*"GET /blob' "$WORK/http.log" | awk '{print $1}' | tail -1)
    echo "# wget fetched $(stat -c %s "$WORK/got") bytes from 10.65.0.2; the server saw the connection from $client"
    [[ $got == "$WANT" && $client == "$OUTER" ]]
}
nat_session() {
    local out
    out=$(console "show nat descriptor address")
    grep -F "$PC" <<<"$out" | head -3 | indent
    grep -qF "$PC" <<<"$out"
}

# pppd's log on the AC: AUTH's login and our address, and no LCP trouble.
# pppd_login pap|chap: pppd's debug log has our login (PAP: its own success line; CHAP: our Response
# under our name, and its Success) and the address it gave us.
pppd_login() {
    "$AC" log >"$WORK/pppd.log"
    grep -E "PAP peer authentication|CHAP (Response|Success)|remote IP address" "$WORK/pppd.log" | indent
    case $1 in
        pap) grep -q "PAP peer authentication succeeded for $PPPOE_USER" "$WORK/pppd.log" ;;
        chap) grep -q "rcvd \[CHAP Response id=.*name = \"$PPPOE_USER\"\]" "$WORK/pppd.log" \
                  && grep -q "sent \[CHAP Success id=.*\"Access granted\"\]" "$WORK/pppd.log" ;;
    esac && grep -q "remote IP address $OUTER\$" "$WORK/pppd.log"
}
LCP_TROUBLE='\[LCP (ConfRej|CodeRej|ProtRej)|LCP: timeout|looped back|No response to .* echo-requests|Protocol-Reject'
pppd_no_lcp_errors() {
    if grep -E "$LCP_TROUBLE" "$WORK/pppd.log" | indent | grep -q .; then return 1; fi
    grep -E "\[LCP (ConfReq|ConfAck)" "$WORK/pppd.log" | head -4 | indent
    return 0
}

# tshark: count frames of capture NAME matching FILTER; -1 if tshark fails (a bad filter counts nothing).
# TCP sequence analysis is off: the capture point is the router's cable, and the AC (pppd on a pty in
# UML) loses segments of a fast download before they reach it, which tshark would flag as
# out-of-order retransmissions (expert warnings) though no frame there is wrong. tcp_gaps counts them.
count() {
    local out
    out=$(tshark -r "$WORK/$1.pcap" -o tcp.analyze_sequence_numbers:FALSE -Y "$2" 2>/dev/null) || { echo -1; return; }
    [[ -z $out ]] && echo 0 || wc -l <<<"$out"
}
no_malformed() {
    local n
    n=$(count "$1" '_ws.malformed || _ws.expert.severity >= warning')
    echo "# $1.pcap: $(count "$1" frame) frames, $n malformed or with an expert warning; $(tcp_gaps "$1")"
    [[ $n == 0 ]]
}
tcp_gaps() {
    local from_ac to_ac
    from_ac=$(tshark -r "$WORK/$1.pcap" -Y "tcp.analysis.lost_segment && eth.src == 02:00:00:00:64:01" 2>/dev/null | wc -l)
    to_ac=$(tshark -r "$WORK/$1.pcap" -Y "tcp.analysis.lost_segment && eth.dst == 02:00:00:00:64:01" 2>/dev/null | wc -l)
    echo "TCP segments missing before the cable: $from_ac from the AC, $to_ac from the router"
}
decodes() {   # decodes NAME PROTOCOL...: each protocol is in the capture
    local name=$1 proto n line=""
    shift
    for proto in "$@"; do
        n=$(count "$name" "$proto")
        line+="$proto $n, "
        ((n > 0)) || { echo "# $name.pcap: $line"; return 1; }
    done
    echo "# $name.pcap: ${line%, }"
}

# The malformed check can fail: an LCP Configure-Request whose length runs past the frame.
python3 - "$WORK/bad.pcap" <<'EOF'
import sys
from scapy.all import Ether, Raw, wrpcap
from scapy.layers.ppp import PPP, PPPoE
wrpcap(sys.argv[1], [Ether(dst="02:00:00:00:64:01", src="02:00:00:00:00:01", type=0x8864) / PPPoE(sessionid=1)
                     / PPP(proto=0xC021) / Raw(b"\x01\x01\x00\x20\x01\x04")])
EOF
flags_bad() { ! no_malformed bad >/dev/null; }
check "tshark flags a truncated LCP frame (the malformed check can fail)" flags_bad

# --- PAP -------------------------------------------------------------------------------------
t0=$SECONDS
check "the AC starts (AUTH=pap), its client veth bridged to the router's lan2" ac_up pap start
router_config "$PPPOE_PASSWORD"
capture_start pap
check "softrtx run starts with netns/pppoe-branch.conf" start_router
check "PAP: show status pp 1 is Connected, local 10.64.0.x, remote 10.64.0.1 (within 30 s)" connected 30
echo "# connected $((SECONDS - t0)) s after the AC was started"
check "PAP: show status dns: the upstream server is 10.64.0.53, from IPCP" dns_from_ipcp
check "the PC gets a lease from the router with udhcpc (router as DNS)" lease
check "PAP: the PC pings 10.65.0.2 through the PPPoE session" pings_within 10 10.65.0.2
check "an HTTP server runs on 10.65.0.2 (the AC's upstream host)" http_server
check "PAP: the PC fetches 300 kB over TCP; the server sees the IPCP address ($OUTER)" tcp_through_nat
check "PAP: show nat descriptor address has the PC's session" nat_session
check "PAP: pppd logs the PAP login and remote IP address $OUTER" pppd_login pap
check "PAP: pppd logs no LCP error (ConfRej, CodeRej, ProtRej, timeout, echo failure)" pppd_no_lcp_errors

# --- the AC goes away and comes back ---------------------------------------------------------
mark=$(log_lines)
downs=$(log_count "PPPOE[01] Disconnected")
ups=$(log_count "PP[01] PPP/IPCP up")
t0=$SECONDS
check "the AC restarts (uml-pppoe-ac.sh restart), the router's port untouched" ac_up pap restart
noticed() {
    local deadline=$((SECONDS + 30))
    until (($(log_count "PPPOE[01] Disconnected") > downs)); do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
    echo "# noticed $((SECONDS - t0)) s after the restart began"
}
reconnected() {
    local deadline=$((SECONDS + 60))
    until (($(log_count "PP[01] PPP/IPCP up") > ups)); do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
    echo "# reconnected $((SECONDS - t0)) s after the restart began"
    connected 5
}
check "the router notices the AC is gone (a new PPPOE[01] Disconnected line within 30 s)" noticed
check "pp always-on reconnects by itself (a new PP[01] PPP/IPCP up within 60 s)" reconnected
pp_log_since "$mark"
check "after the reconnect the PC pings 10.65.0.2 again" pings_within 20 10.65.0.2
capture_stop
check "tshark: no malformed frame and no expert warning in the PAP capture" no_malformed pap
check "tshark: the PAP capture decodes pppoed, pppoes, lcp, pap, ipcp (and icmp inside)" \
    decodes pap pppoed pppoes lcp pap ipcp "pppoes && icmp"
pap_discovery() { decodes pap "pppoe.code == 0x09" "pppoe.code == 0x07" "pppoe.code == 0x19" "pppoe.code == 0x65" "pppoe.code == 0xa7"; }
check "tshark: PADI, PADO, PADR, PADS and PADT (the router's, on losing the AC)" pap_discovery
check "tshark: IPCP Ack of our address and DNS 10.64.0.53" decodes pap \
    "ipcp && ppp.code == 2 && ipcp.opt.pri_dns_address == 10.64.0.53"
# Disconnect cleanly, so that the AC's pppd ends the session now rather than on missed echoes.
disconnects() { console "disconnect pp 1" >/dev/null && sleep 1 && console "show status pp 1" | indent && \
    console "show status pp 1" | grep -q "Disconnected (disconnect pp)"; }
check "disconnect pp 1: the router hangs up" disconnects
check "softrtx run stops on SIGTERM with exit 0" stop_router

# --- a wrong password -------------------------------------------------------------------------
router_config "not-$PPPOE_PASSWORD"
capture_start wrong
cpu_ticks() { awk '{print $14 + $15}' "/proc/$ROUTER/stat"; }
refused_lines=$(log_count "RECV PAP Nak")
mark=$(log_lines)
check "softrtx run starts with a wrong password" start_router
ticks0=$(cpu_ticks)
sleep 45
ticks=$(( $(cpu_ticks) - ticks0 ))
capture_stop
pp_log_since "$mark"
refused() { (($(log_count "RECV PAP Nak") > refused_lines)) && grep -q "PPPOE\[01\] Disconnected, cause \[PPP: Authentication failed\]" "$WORK/router.log"; }
check "wrong password: refused, logged (PP[01] RECV PAP Nak, PPPOE[01] Disconnected, cause [PPP: Authentication failed])" refused
padis=$(count wrong "pppoe.code == 0x09")
naks=$(count wrong "pap.code == 3")
echo "# 45 s with a wrong password: $padis PADIs, $naks PAP Naks, $ticks CPU ticks ($(getconf CLK_TCK)/s) in softrtx"
check "wrong password: retried with a hold-off, a handful of PADIs in 45 s (2-8: $padis)" test "$padis" -ge 2 -a "$padis" -le 8
check "wrong password: no busy loop (under 10% of one CPU: $ticks ticks in 45 s)" test "$ticks" -lt $((45 * $(getconf CLK_TCK) / 10))
not_connected() {
    local out
    out=$(console "show status pp 1")
    echo "$out" | indent
    ! grep -q "status is Connected" <<<"$out"
}
check "wrong password: show status pp 1 is not connected" not_connected
pppd_refused() { "$AC" log | grep -q "PAP peer authentication failed for $PPPOE_USER"; }
check "wrong password: pppd logs the refused PAP login" pppd_refused
check "tshark: no malformed frame in the wrong-password capture" no_malformed wrong
check "softrtx run stops on SIGTERM with exit 0" stop_router

# --- CHAP ------------------------------------------------------------------------------------
check "the AC restarts with AUTH=chap" ac_up chap restart
router_config "$PPPOE_PASSWORD"
capture_start chap
check "softrtx run starts with the right password" start_router
check "CHAP: show status pp 1 is Connected, local 10.64.0.x, remote 10.64.0.1 (within 30 s)" connected 30
check "CHAP: show status dns: the upstream server is 10.64.0.53, from IPCP" dns_from_ipcp
check "CHAP: the PC pings 10.65.0.2 through the PPPoE session" pings_within 10 10.65.0.2
check "an HTTP server runs on 10.65.0.2 again" http_server
check "CHAP: the PC fetches 300 kB over TCP; the server sees the IPCP address ($OUTER)" tcp_through_nat
check "CHAP: pppd logs the CHAP login and remote IP address $OUTER" pppd_login chap
check "CHAP: pppd logs no LCP error" pppd_no_lcp_errors
check "softrtx run stops on SIGTERM with exit 0" stop_router
capture_stop
# SIGTERM ends the session with a PADT, so the AC frees it at once rather than after missed echoes.
ac_hung_up() {
    # pppoe-server hands the PADT to pppd's pty helper; on a loaded machine that takes a few seconds.
    local deadline=$((SECONDS + 15))
    until "$AC" log | grep -qE "Modem hangup|Connection terminated"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
    "$AC" log | grep -E "Modem hangup|Connection terminated" | indent
}
check "tshark: SIGTERM sent the AC a PADT" decodes chap "pppoe.code == 0xa7 && eth.dst == 02:00:00:00:64:01"
check "pppd on the AC ends the session (within 15 s, not after missed echoes)" ac_hung_up
check "tshark: no malformed frame and no expert warning in the CHAP capture" no_malformed chap
check "tshark: the CHAP capture decodes pppoed, pppoes, lcp, chap, ipcp (and tcp inside)" \
    decodes chap pppoed pppoes lcp chap ipcp "pppoes && tcp"
chap_codes() { [[ $(tshark -r "$WORK/chap.pcap" -Y chap -T fields -e chap.code 2>/dev/null | sort -u | tr -d '\n') == 123 ]]; }
check "tshark: CHAP Challenge, Response and Success" chap_codes

if ((failed)); then echo "--- router log"; indent <"$WORK/router.log"; fi
echo "$passed passed, $failed failed"
((failed == 0))
