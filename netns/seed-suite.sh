#!/usr/bin/env bash
# The seed on real Linux: two `softrtx run` routers in network namespaces, Linux PCs with a
# Debian DHCP client, and a WAN of three Linux routers (Sources/Lab/Seed/wan*.conf). Run as root.
# Prints "ok - ..." / "not ok - ..." per check and "N passed, M failed"; exits 1 on any failure.
#
# The topology, and SOFTRTX_BIN / SOFTRTX_NETNS_PREFIX: netns/topology.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

source netns/checks.sh

source netns/topology.sh

check "yamaha01 starts (softrtx run on lan1, lan2)" start_router yamaha01 1
check "yamaha02 starts (softrtx run on lan1, lan2)" start_router yamaha02 2

# --- WAN reachability (seed step 1) -----------------------------------------------------------
router_pings() {
    local out
    out=$(console "$1" "ping -c 3 $2")
    echo "$out" | sed 's/^/# /'
    grep -q "ttl=252" <<<"$out" && grep -q "3 packets received" <<<"$out"
}
console yamaha01 "ping -c 1 -w 2 192.168.2.1" >/dev/null 2>&1 || true   # ARP on the way
check "yamaha01 pings 192.168.2.1 over three Linux hops (ttl=252)" router_pings yamaha01 192.168.2.1
check "yamaha02 pings 192.168.1.1 over three Linux hops (ttl=252)" router_pings yamaha02 192.168.1.1

# --- DHCP from a real client ------------------------------------------------------------------
cat >"$WORK/udhcpc.script" <<'SCRIPT'
#!/bin/sh
# busybox udhcpc hook: apply the lease it got.
case "$1" in
    deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/$mask" dev "$interface"
        [ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface"
        echo "$ip" >"$(dirname "$0")/lease.$(basename "$(ip netns identify)")" ;;
esac
exit 0
SCRIPT
chmod +x "$WORK/udhcpc.script"

# lease PC LOW HIGH: the PC takes a lease with busybox udhcpc; it must be in .LOW-.HIGH.
lease() {
    rm -f "$WORK/lease.$P$1"
    in_ns "$1" busybox udhcpc -i eth0 -f -q -n -t 6 -T 2 -s "$WORK/udhcpc.script" >"$WORK/$1.dhcp" 2>&1 || {
        sed 's/^/# /' "$WORK/$1.dhcp"; return 1; }
    local ip host
    ip=$(cat "$WORK/lease.$P$1")
    host=${ip##*.}
    echo "# $1 leased $ip"
    [[ $ip == 192.168.100.* ]] && ((host >= $2 && host <= $3))
}
check "pc1 gets a lease from yamaha01's range (.10-.15) with udhcpc" lease pc1 10 15
check "pc2 gets a lease from yamaha02's range (.16-.20) with udhcpc" lease pc2 16 20
PC1=$(cat "$WORK/lease.${P}pc1" 2>/dev/null || echo none)
PC2=$(cat "$WORK/lease.${P}pc2" 2>/dev/null || echo none)

shows() {   # shows ROUTER COMMAND TEXT
    local out
    out=$(console "$1" "$2")
    grep -qF "$3" <<<"$out" || { echo "$out" | sed 's/^/# /'; return 1; }
}
check "yamaha01 show status dhcp lists pc1's lease" shows yamaha01 "show status dhcp" "Leased address: $PC1"
check "yamaha02 show status dhcp lists pc2's lease" shows yamaha02 "show status dhcp" "Leased address: $PC2"

# --- through the NAT --------------------------------------------------------------------------
pc_pings() { in_ns "$1" ping -c 3 -W 2 "$2" | sed 's/^/# /'; [[ ${PIPESTATUS[0]} == 0 ]]; }
in_ns pc1 ping -c 1 -W 2 192.168.2.1 >/dev/null 2>&1 || true
check "pc1 pings 192.168.2.1 through yamaha01's NAT" pc_pings pc1 192.168.2.1
check "yamaha01 show nat descriptor address has pc1's session" shows yamaha01 "show nat descriptor address" "$PC1"
check "pc2 pings 192.168.1.1 through yamaha02's NAT" pc_pings pc2 192.168.1.1
check "yamaha02 show nat descriptor address has pc2's session" shows yamaha02 "show nat descriptor address" "$PC2"

# --- L2TPv3 across the WAN (seed step 2) -----------------------------------------------------
# established ROUTER: `show status l2tp` says tunnel and session are up, within ~40 s.
established() {
    local out tries
    for tries in $(seq 40); do
        out=$(console "$1" "show status l2tp")
        grep -q "Tunnel State: established" <<<"$out" && grep -q "Session State: established" <<<"$out" && return 0
        sleep 1
    done
    echo "$out" | sed 's/^/# /'
    return 1
}
check "yamaha01 show status l2tp: tunnel and session established" established yamaha01
check "yamaha02 show status l2tp: tunnel and session established" established yamaha02
if [[ $ENCAPSULATION == l2tpv3 ]]; then
    check "yamaha01 show ipsec sa: an ISAKMP SA and transport-mode ESP SAs to 192.168.2.1" \
        shows yamaha01 "show ipsec sa" "tra[0001]esp  send"
    check "yamaha02 show ipsec sa: an ISAKMP SA and transport-mode ESP SAs to 192.168.1.1" \
        shows yamaha02 "show ipsec sa" "isakmp        -"
fi

# pings_within SECONDS PC DEST: the PC reaches DEST within SECONDS, then 3 of 3 replies.
pings_within() {
    local deadline=$((SECONDS + $1))
    until in_ns "$2" ping -c 1 -W 1 "$3" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || { echo "# no reply from $3 in $1 s"; return 1; }
    done
    pc_pings "$2" "$3"
}
check "pc1 pings pc2 ($PC1 -> $PC2) across the L2TPv3 bridge" pings_within 10 pc1 "$PC2"
check "pc2 pings pc1 ($PC2 -> $PC1) across the L2TPv3 bridge" pings_within 10 pc2 "$PC1"

# capture_start NS IF: tcpdump writes everything on IF to $WORK/NS.pcap until capture_stop.
capture_start() {
    # `exec`: $! is tcpdump itself, which a background subshell would hide (and SIGINT is
    # ignored in background jobs: capture_stop sends SIGTERM). --immediate-mode: a frame reaches the
    # file at once, not when the kernel retires its ring block (up to 1 s later, lost on SIGTERM).
    exec ip netns exec "$P$1" tcpdump -i "$2" -nn --immediate-mode -U -w "$WORK/$1.pcap" 2>"$WORK/$1.tcpdump" &
    TCPDUMP=$!
    until grep -q "listening on" "$WORK/$1.tcpdump" 2>/dev/null; do
        kill -0 $TCPDUMP 2>/dev/null || { cat "$WORK/$1.tcpdump" >&2; exit 1; }
        sleep 0.1
    done
}
capture_stop() {
    sleep 0.5   # the last frames reach the file
    kill -TERM $TCPDUMP
    wait $TCPDUMP 2>/dev/null || true
}

# iperf3 pc1 -> pc2 while wan2 eth0 is captured: the WAN must carry nothing but the tunnel.
iperf_runs() {
    in_ns pc2 iperf3 -s -1 -D -B "$PC2" --logfile "$WORK/iperf3-server.log"
    sleep 0.5
    in_ns pc1 iperf3 -c "$PC2" -t 5 >"$WORK/iperf3.out" 2>&1 || { sed 's/^/# /' "$WORK/iperf3.out"; return 1; }
    local rate
    rate=$(grep ' sender$' "$WORK/iperf3.out" | grep -oE '[0-9.]+ [KMG]bits/sec')
    echo "# iperf3 pc1 -> pc2 through two SoftRTX ($ENCAPSULATION): $rate"
    [[ -n $rate ]]
}
capture_start wan2 eth0
check "iperf3 TCP pc1 -> pc2 (5 s) completes across the bridge and reports throughput" iperf_runs
capture_stop

# captured FILTER: how many packets of the wan2 capture match.
captured() { tcpdump -r "$WORK/wan2.pcap" -nn "$1" 2>/dev/null | wc -l; }
# UDP between the two routers' lan2 addresses: port 1701 both ways, or a later fragment of such a
# packet (a full-size frame in L2TPv3 exceeds 1,500 bytes; later fragments carry no UDP header).
ROUTERS='((src host 192.168.1.1 and dst host 192.168.2.1) or (src host 192.168.2.1 and dst host 192.168.1.1))'
L2TP_UDP="udp and src port 1701 and dst port 1701 and $ROUTERS"
L2TP_TAIL="ip proto 17 and ip[6:2] & 0x1fff != 0 and $ROUTERS"
TUNNEL="($L2TP_UDP) or ($L2TP_TAIL)"
only_tunnel() {
    local tunnel tails other
    tunnel=$(captured "$L2TP_UDP")
    tails=$(captured "$L2TP_TAIL")
    other=$(captured "not ($TUNNEL)")
    echo "# wan2 eth0: $tunnel UDP 1701 192.168.1.1 <-> 192.168.2.1, $tails later fragments of them, $other other"
    ((other > 0)) && tcpdump -r "$WORK/wan2.pcap" -nn "not ($TUNNEL)" 2>/dev/null | head -5 | sed 's/^/# /'
    ((tunnel > 0 && other == 0))
}
# With IPsec: ESP (and its later fragments, which keep protocol 50) or IKE, never UDP 1701 in the clear.
PROTECTED="(ip proto 50 or udp port 500 or udp port 4500) and $ROUTERS"
only_ipsec() {
    local esp ike other
    esp=$(captured "ip proto 50 and $ROUTERS")
    ike=$(captured "(udp port 500 or udp port 4500) and $ROUTERS")
    other=$(captured "not ($PROTECTED)")
    echo "# wan2 eth0: $esp ESP 192.168.1.1 <-> 192.168.2.1, $ike IKE, $other other"
    ((other > 0)) && tcpdump -r "$WORK/wan2.pcap" -nn "not ($PROTECTED)" 2>/dev/null | head -5 | sed 's/^/# /'
    ((esp > 0 && other == 0))
}
# tshark_decrypting FILE ARGS...: tshark with both routers' key logs as IKEv1 and ESP key tables.
tshark_decrypting() {
    local file=$1; shift
    local keys=() line
    while IFS= read -r line; do
        case $line in
            '"IPv4"'*) keys+=(-o "uat:esp_sa:$line") ;;
            ?*) keys+=(-o "uat:ikev1_decryption_table:$line") ;;
        esac
    done < <(cat "$WORK"/*.keys 2>/dev/null)
    tshark -r "$file" -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE \
        -o l2tp.cookie_size:None -o l2tp.l2_specific:None "${keys[@]}" "$@" 2>/dev/null
}
# Every ESP packet opens with the key log, its ICV is good, and the L2TPv3 inside decodes.
esp_decrypts() {
    local total good l2tp
    total=$(tshark_decrypting "$WORK/wan2.pcap" -Y "esp" | wc -l)
    good=$(tshark_decrypting "$WORK/wan2.pcap" -Y "esp.icv_good == 1" | wc -l)
    l2tp=$(tshark_decrypting "$WORK/wan2.pcap" -Y "esp and l2tp" | wc -l)
    echo "# wan2 eth0: $total ESP packets, $good with a good ICV, $l2tp with L2TPv3 inside (tshark, key log)"
    ((total > 0 && good == total && l2tp > 0))
}
if [[ $ENCAPSULATION == l2tpv3 ]]; then
    check "wan2 eth0 carried only ESP and IKE between 192.168.1.1 and 192.168.2.1 during iperf3" only_ipsec
    check "tshark opens every captured ESP packet with the routers' key logs (ICV good, L2TPv3 inside)" esp_decrypts
else
    check "wan2 eth0 carried only UDP 1701 between 192.168.1.1 and 192.168.2.1 during iperf3" only_tunnel
fi

# --- SIGKILL and restart --------------------------------------------------------------------
killed=${ROUTER_PID[yamaha01]}
kill -KILL "$killed" 2>/dev/null || true
wait "$killed" 2>/dev/null || true
unset 'ROUTER_PID[yamaha01]'
check "yamaha01 is gone after SIGKILL" test ! -d "/proc/$killed"
check "yamaha01 restarts after SIGKILL (its stale socket taken over)" start_router yamaha01 1
in_ns pc1 ping -c 1 -W 2 192.168.2.1 >/dev/null 2>&1 || true
check "after the restart pc1 pings 192.168.2.1 through yamaha01's NAT" pc_pings pc1 192.168.2.1
check "after the restart pc1 gets a lease again (.10-.15)" lease pc1 10 15
check "after the restart the bridge comes back: pc1 pings pc2 within 60 s" pings_within 60 pc1 "$PC2"
check "after the restart yamaha01 show status l2tp: established" established yamaha01
check "after the restart yamaha02 show status l2tp: established" established yamaha02

# --- a clean stop -------------------------------------------------------------------------
stops() {
    kill -TERM "${ROUTER_PID[$1]}"
    local rc=0
    wait "${ROUTER_PID[$1]}" || rc=$?
    unset "ROUTER_PID[$1]"
    [[ $rc == 0 && ! -e $WORK/$1.sock ]]
}
# A StopCCN: an L2TP control message (T bit) whose first AVP, Message Type, is 4 (RFC 3931 3.2).
STOPCCN='udp src port 1701 and src host 192.168.1.1 and udp[8] & 0x80 != 0 and udp[26:2] = 4'
capture_start wan1 eth0
check "yamaha01 stops on SIGTERM with exit 0, removing its socket" stops yamaha01
capture_stop
sends_stopccn() {
    local n
    if [[ $ENCAPSULATION == l2tpv3 ]]; then
        n=$(tshark_decrypting "$WORK/wan1.pcap" -Y "esp and l2tp.avp.message_type == 4 and ip.src == 192.168.1.1" | wc -l)
    else
        n=$(tcpdump -r "$WORK/wan1.pcap" -nn "$STOPCCN" 2>/dev/null | wc -l)
    fi
    echo "# wan1 eth0: $n StopCCN from 192.168.1.1"
    ((n > 0)) || tcpdump -r "$WORK/wan1.pcap" -nn -x 2>&1 | tail -12 | sed 's/^/# /'
    ((n > 0))
}
check "yamaha01's SIGTERM sent a StopCCN to yamaha02 (captured on wan1 eth0)" sends_stopccn
check "yamaha02 stops on SIGTERM with exit 0, removing its socket" stops yamaha02

if ((failed)); then
    for r in yamaha01 yamaha02; do echo "--- $r log"; sed 's/^/# /' "$WORK/$r.log"; done
fi
echo "$passed passed, $failed failed"
((failed == 0))
