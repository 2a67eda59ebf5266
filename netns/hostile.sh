#!/usr/bin/env bash
# Hostile traffic against softrtx run: the seed's step-3 topology (L2TPv3 over IPsec ESP, bridge1
# joining lan1 and tunnel1) with a WAN attacker in wan1's namespace sending to yamaha01's WAN
# address 192.168.1.1, a LAN attacker on pc1's eth0 sending into yamaha01's lan1, and the console
# socket. The packet generators are netns/hostile.py (scapy, fixed seeds: every run sends the same).
#
# Cases: isakmp (fuzzed ISAKMP on UDP 500/4500), l2tp (L2TPv3 garbage on UDP 1701), esp (random
# SPIs, the real SPIs with a bad ICV, replays), ipv4 (header edge cases), fragments (trains never
# completed, one datagram in 8,000 overlapping pieces), arp (random senders, random source MACs),
# dhcp (exhaustion, malformed options), nat (flows from spoofed LAN sources), console (10 MB of
# garbage, a 1 MB line, 200 connections at once), filters (YAMAHA's example filter set typed on both
# routers' lan2, then spoofed SYNs and UDP at the WAN address and spoofed-port SYNs and UDP out of
# the LAN, past the dynamic filters' connection bound; it stays on for any case after it).
#
# After each case: yamaha01 (and yamaha02) still run; pc1 pinged pc2 through the flood (most
# replies) and still does; the L2TPv3 session is established; the case's drop counters in
# `show status drop` moved; every `LABEL: USED of LIMIT` line of `show status table` has
# USED <= LIMIT. Prints "PASS ..." / "FAIL ...: why", a table of figures (packets sent, yamaha01's
# RSS before/peak/after, CPU seconds: figures, not checks), "N passed, M failed"; exits 1 on any
# failure. Run as root.
#
# SOFTRTX_BIN, SOFTRTX_NETNS_PREFIX (default srth-): netns/topology.sh. HOSTILE_CASES: the cases to
# run (default all, in the order above); HOSTILE_SECONDS: how long each flood lasts (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

source netns/checks.sh

SOFTRTX_NETNS_PREFIX=${SOFTRTX_NETNS_PREFIX:-srth-}
SOFTRTX_ENCAPSULATION=l2tpv3
# A release build, as a router runs: a debug build spends so much per packet that the floods alone
# starve pc1's pings, which then measure the build rather than the router.
BUILD_FLAGS="-c release"
source netns/topology.sh
python3 -c 'import scapy' 2>/dev/null || python3 -m pip install -q scapy

CASES=(${HOSTILE_CASES:-isakmp l2tp esp ipv4 fragments arp dhcp nat console filters})
SECONDS_PER_FLOOD=${HOSTILE_SECONDS:-10}
PC1=192.168.100.10
PC2=192.168.100.16

# verify NAME COMMAND ARGS...: COMMAND prints why it failed; exit 0 passes.
verify() {
    local name=$1 why
    shift
    if why=$("$@" 2>&1); then
        echo "PASS $name"; passed=$((passed + 1))
    else
        echo "FAIL $name: ${why:-failed}"; failed=$((failed + 1))
    fi
    return 0
}

fails() { echo "$*"; return 1; }
# start_router sets ROUTER_PID: not in verify's subshell.
for site in 1 2; do
    if start_router yamaha0$site $site >/dev/null 2>&1; then
        verify "yamaha0$site starts" true
    else
        verify "yamaha0$site starts" fails "did not start: $(tail -3 "$WORK/yamaha0$site.log" | tr '\n' ' ')"
    fi
done
((failed == 0)) || { echo "$passed passed, $failed failed"; exit 1; }
in_ns pc1 ip addr add $PC1/24 dev eth0
in_ns pc2 ip addr add $PC2/24 dev eth0
in_ns pc1 ip route add default via 192.168.100.1
in_ns pc2 ip route add default via 192.168.100.2

# established: `show status l2tp` says the session is up, within 60 s.
established() {
    local tries out
    for tries in $(seq 60); do
        out=$(console yamaha01 "show status l2tp" 2>&1) || true
        grep -q "Session State: established" <<<"$out" && return 0
        sleep 1
    done
    echo "show status l2tp: $(grep -E 'State|Error' <<<"$out" | tr -s ' \n' ' ')"
    return 1
}
# pings_within SECONDS: pc1 reaches pc2 within SECONDS, then 3 of 3 replies.
pings_within() {
    local deadline=$((SECONDS + $1))
    until in_ns pc1 ping -c 1 -W 1 $PC2 >/dev/null 2>&1; do
        ((SECONDS < deadline)) || { echo "no reply from $PC2 in $1 s"; return 1; }
    done
    in_ns pc1 ping -c 3 -W 2 $PC2 >/dev/null || { echo "lost some of 3 pings after the first reply"; return 1; }
}
verify "setup: yamaha01 show status l2tp: session established" established
verify "setup: pc1 pings pc2 across the L2TPv3 bridge" pings_within 20

# The attackers' addresses: yamaha01's MACs as its neighbours learn them, the senders' own MACs.
in_ns wan1 ping -c 1 -W 2 192.168.1.1 >/dev/null 2>&1 || true
in_ns pc1 ping -c 1 -W 2 192.168.100.1 >/dev/null 2>&1 || true
WAN_MAC=$(in_ns wan1 ip neigh show 192.168.1.1 dev eth0 | grep -oE '([0-9a-f]{2}:){5}[0-9a-f]{2}' || true)
LAN_MAC=$(in_ns pc1 ip neigh show 192.168.100.1 dev eth0 | grep -oE '([0-9a-f]{2}:){5}[0-9a-f]{2}' || true)
WAN1_MAC=$(in_ns wan1 cat /sys/class/net/eth0/address)
PC1_MAC=$(in_ns pc1 cat /sys/class/net/eth0/address)
macs_known() { [[ -n $WAN_MAC && -n $LAN_MAC ]] || { echo "yamaha01's MACs: wan '$WAN_MAC' lan '$LAN_MAC'"; return 1; }; }
verify "setup: yamaha01's MACs resolved from wan1 and pc1 ($WAN_MAC, $LAN_MAC)" macs_known


# --- figures --------------------------------------------------------------------------------
PID1=${ROUTER_PID[yamaha01]}
CLK_TCK=$(getconf CLK_TCK)
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID1/stat" 2>/dev/null || echo 0; }
declare -A FIG_SENT=() FIG_RSS0=() FIG_PEAK=() FIG_RSS1=() FIG_CPU=() FIG_PING=() FIG_SECS=()
FIG_NAMES=()   # the floods in the order they ran (a case may run more than one)

# drops FILE: `show status drop` as "reason count" lines.
drops() { console yamaha01 "show status drop" 2>/dev/null | awk 'NF == 2 && $2 ~ /^[0-9]+$/ { print $1, $2 }' >"$1"; }
# moved REGEX: the counters of the reasons matching REGEX grew during the case (before.drops, after.drops).
moved() {
    local grew
    grew=$(awk -v re="$1" 'FNR == NR { before[$1] = $2; next } $1 ~ re && $2 > before[$1] + 0 { printf "%s +%d ", $1, $2 - before[$1] }' \
        "$WORK/before.drops" "$WORK/after.drops")
    [[ -n $grew ]] && return 0
    echo "no drop reason matching /$1/ grew; now: $(tr '\n' ' ' <"$WORK/after.drops")"
    return 1
}
# table_bounded: every "LABEL: USED of LIMIT" line of `show status table` has USED <= LIMIT.
table_bounded() {
    local out bad lines
    out=$(console yamaha01 "show status table" 2>&1) || true
    lines=$(grep -cE '^(.*): ([0-9]+) of ([0-9]+)' <<<"$out" || true)
    ((lines > 0)) || { echo "no 'LABEL: USED of LIMIT' line in: $(head -5 <<<"$out" | tr '\n' '|')"; return 1; }
    bad=$(sed -nE 's/^(.*): ([0-9]+) of ([0-9]+).*/\1 \2 \3/p' <<<"$out" | awk '$(NF-1) > $NF')
    [[ -z $bad ]] || { echo "over the limit: $(tr '\n' ';' <<<"$bad")"; return 1; }
}
alive() { kill -0 "${ROUTER_PID[$1]}" 2>/dev/null || { echo "$1 (pid ${ROUTER_PID[$1]}) is gone: $(tail -3 "$WORK/$1.log" | tr '\n' ' ')"; return 1; }; }
# pinged_through CASE: most of pc1's pings to pc2 during the flood (one every 0.2 s) got a reply.
pinged_through() {
    local sent got
    sent=$(grep -oE 'icmp_seq=[0-9]+' "$WORK/ping.$1" | sort -u | wc -l)
    got=$(grep -c 'bytes from' "$WORK/ping.$1" || true)
    ((sent >= 10)) || { echo "only $sent pings went out"; return 1; }
    ((got * 10 >= (sent - 1) * 8)) || { echo "$got of $sent replies (under 80%)"; return 1; }
}

# flood CASE NAMESPACE COUNT [VAR=VALUE...]: hostile.py CASE in NAMESPACE while pc1 pings pc2 and
# yamaha01's RSS is sampled; the figures go to FIG_*.
flood() {
    local name=$1 ns=$2 count=$3 sampler pinger out
    shift 3
    FIG_NAMES+=("$name")
    drops "$WORK/before.drops"
    console yamaha01 "show status table" >"$WORK/before.table" 2>&1 || true
    FIG_RSS0[$name]=$(rss_kb)
    local cpu0 started=$SECONDS
    cpu0=$(cpu_ticks)
    (while kill -0 "$PID1" 2>/dev/null; do rss_kb; sleep 0.1; done) >"$WORK/rss.$name" &
    sampler=$!
    exec ip netns exec "$P"pc1 ping -i 0.2 -W 1 -O -s "${PING_SIZE:-56}" $PC2 >"$WORK/ping.$name" 2>&1 &
    pinger=$!
    out=$(timeout $((SECONDS_PER_FLOOD * 3 + 30)) ip netns exec "$P$ns" env "$@" \
        python3 netns/hostile.py "$name" "$count" "$SECONDS_PER_FLOOD" 2>"$WORK/hostile.$name.err") || true
    sleep 1   # the last replies come back
    while ((SECONDS - started < 4)); do sleep 0.5; done   # at least 4 s of pings, however short the case
    kill -TERM $pinger 2>/dev/null || true
    wait $pinger 2>/dev/null || true
    FIG_PING[$name]="$(grep -c 'bytes from' "$WORK/ping.$name" || true)/$(grep -oE 'icmp_seq=[0-9]+' "$WORK/ping.$name" | sort -u | wc -l)"
    FIG_SENT[$name]=$(sed -n 's/^sent //p' <<<"$out")
    FIG_SENT[$name]=${FIG_SENT[$name]:-0}
    [[ -n $out ]] || sed 's/^/# hostile.py: /' "$WORK/hostile.$name.err" | tail -5
    grep -v '^built' "$WORK/hostile.$name.err" | sed 's/^/# /' | tail -3 || true
    FIG_CPU[$name]=$(( $(cpu_ticks) - cpu0 ))
    FIG_SECS[$name]=$((SECONDS - started))
    sleep 2
    kill $sampler 2>/dev/null || true
    wait $sampler 2>/dev/null || true
    FIG_PEAK[$name]=$(sort -n "$WORK/rss.$name" | tail -1)
    FIG_RSS1[$name]=$(rss_kb)
    drops "$WORK/after.drops"
    console yamaha01 "show status table" >"$WORK/after.table" 2>&1 || true
    echo "# $name: drops that grew: $(awk 'FNR == NR { b[$1] = $2; next } $2 > b[$1] + 0 { printf "%s +%d, ", $1, $2 - b[$1] }' \
        "$WORK/before.drops" "$WORK/after.drops")"
}

WAN_ENV=(IFACE=eth0 "DST_MAC=$WAN_MAC" "SRC_MAC=$WAN1_MAC")
LAN_ENV=(IFACE=eth0 "DST_MAC=$LAN_MAC" "SRC_MAC=$PC1_MAC")

# The ESP case's ammunition: yamaha01's inbound SPIs, and some of yamaha02's real ESP packets to
# yamaha01 as they crossed wan1 (sent again, they must fall to the replay window).
inbound_spis() {
    console yamaha01 "show ipsec sa gateway 1 detail" |
        awk '/^Direction: receive/ { r = 1 } /^Direction: send/ { r = 0 } /^SPI:/ && r && NF == 5 { print $2 $3 $4 $5 }' |
        paste -sd, -
}
capture_replays() {
    exec ip netns exec "$P"wan1 timeout 10 tcpdump -i eth0 -nn -c 20 -w "$WORK/esp-replay.pcap" \
        'ip proto 50 and src host 192.168.2.1' >/dev/null 2>&1 &
    local dump=$!
    sleep 1
    in_ns pc1 ping -i 0.2 -c 25 -W 1 $PC2 >/dev/null 2>&1 || true
    wait $dump 2>/dev/null || true
}

# --- the cases ------------------------------------------------------------------------------
# common CASE: the checks every case ends with.
common() {
    verify "$1: yamaha01 still runs" alive yamaha01
    verify "$1: yamaha02 still runs" alive yamaha02
    verify "$1: pc1 pinged pc2 through the flood (>= 80% of replies)" pinged_through "$1"
    verify "$1: pc1 pings pc2 after the flood" pings_within 20
    verify "$1: L2TPv3 session still established" established
    verify "$1: show status table: every USED <= LIMIT" table_bounded
}
# table LABEL: "USED LIMIT" of the `show status table` line LABEL: USED of LIMIT (nothing if absent).
table() { console yamaha01 "show status table" 2>/dev/null | sed -nE "s/^ *$1: ([0-9]+) of ([0-9]+).*/\1 \2/p" | head -1; }
# ARP from random senders: only those on yamaha01's two /24s may be learned.
arp_on_link() {
    local used limit
    read -r used limit <<<"$(table 'ARP entries')"
    [[ -n $used ]] || { echo "no 'ARP entries' line in show status table"; return 1; }
    ((used <= 508)) || { echo "$used ARP entries: more than yamaha01's two /24s hold"; return 1; }
}
# refused LABEL FILE: the "N refused" figure of the table line LABEL in FILE.
refused() { sed -nE "s/^ *$1: [0-9]+ of [0-9]+, ([0-9]+) refused.*/\1/p" "$2" | head -1; }
# The bridge's forwarding database is full when random source MACs flood lan1: learning stops, and
# the "Bridge MAC addresses" line counts the refusals.
fdb_refused() {
    local before after
    before=$(refused 'Bridge MAC addresses' "$WORK/before.table")
    after=$(refused 'Bridge MAC addresses' "$WORK/after.table")
    ((${after:-0} > ${before:-0})) && return 0
    echo "the Bridge MAC addresses refused count went ${before:-?} -> ${after:-?}"
    return 1
}
# nat_full: more flows than the NAT table holds: the "NAT descriptor 1 sessions" line's refused or
# evicted count grew.
nat_full() {
    local line before after
    line='NAT descriptor 1 sessions \(lan2\)'
    before=$(sed -nE "s/^ *$line: [0-9]+ of [0-9]+, ([0-9]+) refused(, ([0-9]+) evicted)?.*/\1 \3/p" "$WORK/before.table" | awk '{ print $1 + $2 }')
    after=$(sed -nE "s/^ *$line: [0-9]+ of [0-9]+, ([0-9]+) refused(, ([0-9]+) evicted)?.*/\1 \3/p" "$WORK/after.table" | awk '{ print $1 + $2 }')
    ((${after:-0} > ${before:-0})) && return 0
    echo "NAT sessions refused + evicted ${before:-?} -> ${after:-?}: $(grep -E '^ *NAT' "$WORK/after.table" | tr '\n' ';')"
    return 1
}
dhcp_bounded() {
    local leases
    leases=$(console yamaha01 "show status dhcp" | grep -c "Leased address" || true)
    echo "# yamaha01 holds $leases DHCP leases" >&2
    ((leases <= 6)) || { echo "$leases leases in a scope of 6 addresses"; return 1; }
}
console_answers() {
    local out
    out=$(timeout 20 "$SOFTRTX_BIN" console --socket "$WORK/yamaha01.sock" -c "show status l2tp" 2>&1) || true
    grep -q "Session State" <<<"$out" || { echo "show status l2tp: $(head -3 <<<"$out" | tr '\n' ' ')"; return 1; }
}

# filter_lines INNER_ADDRESS: the filter set of YAMAHA's setting examples on lan2, the seed's addresses
# (as Tests/LabTests/FilterSeedLabTests.swift): IKE, ESP and NAT-T let in to the router's inner address.
filter_lines() {
    cat <<CONF
ip lan2 secure filter in 200003 200020 200021 200022 200023 200024 200025 200030 200032 200100 200101 200102
ip lan2 secure filter out 200020 200021 200022 200023 200024 200025 200026 200027 200099 dynamic 200080 200081 200082 200083 200084 200085 200098 200099
ip lan2 intrusion detection in on reject=on
ip filter 200003 reject 172.16.0.0/12 * * * *
ip filter 200020 reject * * udp,tcp 135 *
ip filter 200021 reject * * udp,tcp * 135
ip filter 200022 reject * * udp,tcp netbios_ns-netbios_ssn *
ip filter 200023 reject * * udp,tcp * netbios_ns-netbios_ssn
ip filter 200024 reject * * udp,tcp 445 *
ip filter 200025 reject * * udp,tcp * 445
ip filter 200026 restrict * * tcpfin * www,21,nntp
ip filter 200027 restrict * * tcprst * www,21,nntp
ip filter 200030 pass * 192.168.100.0/24 icmp * *
ip filter 200032 pass * 192.168.100.0/24 tcp * ident
ip filter 200099 pass * * * * *
ip filter 200100 pass * $1 udp * 500
ip filter 200101 pass * $1 esp * *
ip filter 200102 pass * $1 udp * 4500
ip filter dynamic 200080 * * ftp
ip filter dynamic 200081 * * domain
ip filter dynamic 200082 * * www
ip filter dynamic 200083 * * smtp
ip filter dynamic 200084 * * pop3
ip filter dynamic 200085 * * submission
ip filter dynamic 200098 * * tcp
ip filter dynamic 200099 * * udp syslog=off
CONF
}
# dynamic_full: "IP filter dynamic connections: USED of LIMIT, N evicted (M answered)" has USED <= LIMIT, N > 0.
dynamic_full() {
    local line used limit evicted
    line=$(console yamaha01 "show status table" | grep 'IP filter dynamic connections') || { echo "no dynamic connections line"; return 1; }
    read -r used limit evicted <<<"$(sed -nE 's/.*: ([0-9]+) of ([0-9]+), ([0-9]+) evicted.*/\1 \2 \3/p' <<<"$line")"
    [[ -n $used ]] || { echo "unreadable: $line"; return 1; }
    ((used <= limit && evicted > 0)) || { echo "$line"; return 1; }
}
# tcp_through: a listener on wan1 (192.168.1.2:8080) accepts pc1's connection: its SYN-ACK comes back
# in through the connection the dynamic filter 200098 opened, past NAT.
tcp_through() {
    in_ns wan1 timeout 15 python3 -c 'import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("192.168.1.2", 8080)); s.listen()
c, _ = s.accept(); c.sendall(b"hello"); c.close()' &
    local listener=$! got
    sleep 1
    got=$(in_ns pc1 timeout 10 python3 -c 'import socket
c = socket.create_connection(("192.168.1.2", 8080), timeout=5); print(c.recv(5).decode())' 2>&1) || true
    wait $listener 2>/dev/null || true
    [[ $got == hello ]] || { echo "pc1's connection to 192.168.1.2:8080: ${got:-nothing}"; return 1; }
}

for name in "${CASES[@]}"; do
    echo "# --- $name"
    case $name in
        isakmp)
            flood isakmp wan1 30000 "${WAN_ENV[@]}"
            verify "isakmp: isakmp-*/ike-* drops grew" moved '^(isakmp|ike)-'
            verify "isakmp: Main Mode openings spoofed from the peer hit the half-open limit (ike-too-many-half-open grew)" \
                moved '^ike-too-many-half-open$'
            ;;
        l2tp)
            # Cleartext L2TPv3 "from the peer" with yamaha01's real tunnel and session IDs (frames for
            # pc1 from 192.168.100.77, StopCCNs) must fall to the IPsec requirement: pc1 sees none.
            l2tp_status=$(console yamaha01 "show status l2tp")
            exec ip netns exec "$P"pc1 tcpdump -i eth0 -nn -w "$WORK/smuggled.pcap" 'host 192.168.100.77' 2>/dev/null &
            smuggle_dump=$!
            flood l2tp wan1 40000 "${WAN_ENV[@]}" "PC1_MAC=$PC1_MAC" \
                "SESSION_ID=$(awk '/Local  Session ID/ { print $4; exit }' <<<"$l2tp_status")" \
                "TUNNEL_ID=$(awk '/Local  Tunnel ID/ { print $4; exit }' <<<"$l2tp_status")"
            kill -TERM $smuggle_dump 2>/dev/null || true
            wait $smuggle_dump 2>/dev/null || true
            verify "l2tp: l2tp-* drops grew" moved '^l2tp-'
            verify "l2tp: cleartext L2TPv3 with the real IDs refused (l2tp-unprotected grew)" moved '^l2tp-unprotected$'
            smuggled_none() {
                local n
                n=$(tcpdump -r "$WORK/smuggled.pcap" -nn 2>/dev/null | wc -l)
                ((n == 0)) || { echo "pc1 received $n frames smuggled in cleartext L2TPv3"; return 1; }
            }
            verify "l2tp: no frame smuggled in cleartext L2TPv3 reached pc1" smuggled_none
            ;;
        esp)
            SPIS=$(inbound_spis)
            capture_replays
            echo "# inbound SPIs: $SPIS; $(tcpdump -r "$WORK/esp-replay.pcap" 2>/dev/null | wc -l) captured ESP packets to replay"
            flood esp wan1 40000 "${WAN_ENV[@]}" "SPIS=$SPIS" "REPLAY_PCAP=$WORK/esp-replay.pcap"
            verify "esp: esp-unknown-spi drops grew" moved '^esp-unknown-spi$'
            verify "esp: esp-icv-mismatch drops grew (real SPI, bad ICV)" moved '^esp-icv-mismatch$'
            verify "esp: esp-replay drops grew (captured packets sent again)" moved '^esp-replay$'
            ;;
        ipv4)
            exec ip netns exec "$P"wan1 tcpdump -i eth0 -nn -w "$WORK/icmp-errors.pcap" \
                'src host 192.168.1.1 and icmp and icmp[0] != 0 and icmp[0] != 8' 2>/dev/null &
            icmp_dump=$!
            flood ipv4 wan1 40000 "${WAN_ENV[@]}"
            kill -TERM $icmp_dump 2>/dev/null || true
            wait $icmp_dump 2>/dev/null || true
            # A figure: ICMP errors (RFC 1812 4.3.2.8 would have them rate-limited) yamaha01 sent to wan1.
            echo "# ipv4: yamaha01 sent $(tcpdump -r "$WORK/icmp-errors.pcap" -nn 2>/dev/null | wc -l) ICMP errors to wan1 during the case: $(tcpdump -r "$WORK/icmp-errors.pcap" -nn 2>/dev/null | grep -oE 'ICMP [a-z ]+' | sort | uniq -c | sort -rn | head -3 | tr -s ' \n' ' ')"
            verify "ipv4: ipv4-bad-header-length drops grew" moved '^ipv4-bad-header-length$'
            verify "ipv4: ipv4-bad-total-length drops grew" moved '^ipv4-bad-total-length$'
            verify "ipv4: ipv4-bad-checksum drops grew" moved '^ipv4-bad-checksum$'
            verify "ipv4: ipv4-bad-version drops grew" moved '^ipv4-bad-version$'
            # 192.168.1.1 is the NAT's outer address: an unknown protocol there finds no NAT mapping.
            verify "ipv4: protocol 255 refused (ip-protocol-unsupported or nat-no-mapping grew)" \
                moved '^(ip-protocol-unsupported|nat-no-mapping|nat-unsupported-protocol)$'
            ;;
        fragments)
            # pc1's pings carry 1,400 bytes: yamaha02's ESP packets reach yamaha01 in two fragments,
            # which must still be put back together while the attacker's fill the reassembly budget.
            PING_SIZE=1400 flood fragments wan1 48000 "${WAN_ENV[@]}"
            verify "fragments: ipv4-fragment-overlap drops grew" moved '^ipv4-fragment-overlap$'
            verify "fragments: ipv4-reassembly-too-many-fragments drops grew" moved '^ipv4-reassembly-too-many-fragments$'
            verify "fragments: ipv4-reassembly-budget drops grew (5.6 MB of 1,400-byte pieces)" moved '^ipv4-reassembly-budget$'
            ;;
        arp)
            flood arp pc1 50000 "${LAN_ENV[@]}"
            verify "arp: ARP table holds only on-link senders (at most the 508 addresses of two /24s)" arp_on_link
            verify "arp: the bridge refused new MAC addresses (the table's refused count grew)" fdb_refused
            ;;
        dhcp)
            flood dhcp pc1 30000 "${LAN_ENV[@]}"
            verify "dhcp: dhcp-* drops grew (malformed options)" moved '^dhcp-'
            verify "dhcp: no more leases than the scope's 6 addresses" dhcp_bounded
            # A figure: a new client right after (busybox udhcpc on pc1, whose MAC holds no lease; not applied).
            printf '#!/bin/sh\n[ "$1" = bound ] && echo "$ip from $serverid" >%s\nexit 0\n' "$WORK/dhcp-after" >"$WORK/udhcpc-note.sh"
            chmod +x "$WORK/udhcpc-note.sh"
            timeout 20 ip netns exec "$P"pc1 busybox udhcpc -i eth0 -f -q -n -t 4 -T 2 -s "$WORK/udhcpc-note.sh" >"$WORK/udhcpc-note.out" 2>&1 || true
            echo "# dhcp: busybox udhcpc on pc1 right after the flood: $(cat "$WORK/dhcp-after" 2>/dev/null || echo 'no lease')"
            ;;
        nat)
            flood nat pc1 80000 "${LAN_ENV[@]}"
            verify "nat: the session table filled (show status table refused or evicted sessions)" nat_full
            # A figure, not a check: whether a real LAN host still gets a NAT session right after.
            if in_ns pc1 ping -c 3 -W 1 192.168.2.1 >/dev/null 2>&1; then nat_after="replies"; else nat_after="no reply"; fi
            echo "# nat: pc1 -> 192.168.2.1 through yamaha01's NAT right after the flood: $nat_after"
            ;;
        console)
            flood console pc1 1 "CONSOLE_SOCKET=$WORK/yamaha01.sock"
            verify "console: show status l2tp still answers after garbage, a 1 MB line, 200 connections" console_answers
            verify "console: console-session-refused or console-frame-refused drops grew" moved '^console-(session|frame)-refused$'
            ;;
        filters)
            for site in 1 2; do
                verify "filters: YAMAHA's filter set typed on yamaha0$site's lan2" \
                    console yamaha0$site "$(filter_lines 192.168.100.$site | paste -sd ';' -)"
            done
            verify "filters: L2TPv3 session established through the filters" established
            verify "filters: pc1 pings pc2 through the filters" pings_within 20
            flood filters-wan wan1 100000 "${WAN_ENV[@]}"
            verify "filters: spoofed SYNs and UDP at 192.168.1.1 refused by the in list (filter-no-match grew)" moved '^filter-no-match$'
            verify "filters: ports 135/137-139/445 and 172.16.0.0/12 sources refused (filter-reject grew)" moved '^filter-reject$'
            common filters-wan
            flood filters-lan pc1 100000 "${LAN_ENV[@]}" "LAN_SOURCE=$PC1"
            echo "# filters: $(console yamaha01 "show status table" | grep 'IP filter dynamic')"
            verify "filters: the dynamic filters' connections at or under their limit, with evictions" dynamic_full
            verify "filters: pc1 opens a TCP connection to 192.168.1.2:8080 through the dynamic filters and NAT after the flood" \
                tcp_through
            if in_ns pc1 ping -c 3 -W 1 192.168.1.2 >/dev/null 2>&1; then wan_ping="replies"; else wan_ping="no reply"; fi
            echo "# filters: pc1 -> 192.168.1.2 (ICMP through the filters and NAT) right after the flood: $wan_ping"
            ;;
        *) echo "unknown case $name" >&2; exit 2 ;;
    esac
    common "${FIG_NAMES[-1]}"   # the case's last flood
done

# --- figures: not checks --------------------------------------------------------------------
echo "# figures for yamaha01 (RSS in MB; CPU: user + system seconds during the case, flood ${SECONDS_PER_FLOOD} s)"
printf '# %-10s %10s %8s %8s %8s %8s %8s %10s\n' case sent "RSS0" "peak" "after" "CPU s" "wall s" "pings"
mb() { awk -v k="${1:-0}" 'BEGIN { printf "%.1f", k / 1024 }'; }
for name in "${FIG_NAMES[@]}"; do
    printf '# %-10s %10s %8s %8s %8s %8s %8s %10s\n' "$name" "${FIG_SENT[$name]:-0}" "$(mb "${FIG_RSS0[$name]:-0}")" \
        "$(mb "${FIG_PEAK[$name]:-0}")" "$(mb "${FIG_RSS1[$name]:-0}")" \
        "$(awk -v t="${FIG_CPU[$name]:-0}" -v h="$CLK_TCK" 'BEGIN { printf "%.2f", t / h }')" "${FIG_SECS[$name]:-0}" \
        "${FIG_PING[$name]:-}"
done
echo "# yamaha01 show status drop:"
console yamaha01 "show status drop" 2>&1 | sed 's/^/#   /'
echo "# yamaha01 show status table:"
console yamaha01 "show status table" 2>&1 | sed 's/^/#   /'
if ((failed)); then
    for r in yamaha01 yamaha02; do echo "--- $r log (last 30 lines)"; tail -30 "$WORK/$r.log" | sed 's/^/# /'; done
fi
echo "$passed passed, $failed failed"
((failed == 0))
