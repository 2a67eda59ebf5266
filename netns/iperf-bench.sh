#!/usr/bin/env bash
# iperf3 TCP throughput pc1 -> pc2 through the two SoftRTX routers (release build; the l2tpv3-raw
# bridge, or with SOFTRTX_ENCAPSULATION=l2tpv3 the same inside IKEv1 + ESP), then, in the same run
# and the same namespaces and cables, through plain Linux: each router namespace becomes a Linux
# bridge of lan1 and a VXLAN port toward the other site.
# Prints, for one stream and for -P 4, both figures in Mbit/s, "ratio softrtx/linux = X", and the
# IPv4 fragments the routers made on the WAN per MB carried. Run as root; removes what it made.
# Every link keeps the offloads Linux gives it.
#
# RUNS (default 2) iperf3 runs of 5 s per path and stream count; each figure is their mean.
# The topology, and SOFTRTX_BIN / SOFTRTX_NETNS_PREFIX: netns/topology.sh.
set -euo pipefail
trap 'echo "iperf-bench: failed: $BASH_COMMAND" >&2' ERR
shopt -s inherit_errexit   # a failing step inside $(throughput) stops the run
cd "$(dirname "$0")/.."

RUNS=${RUNS:-2}
BUILD_FLAGS="-c release"
source netns/topology.sh

PC1=192.168.100.10
PC2=192.168.100.16
in_ns pc1 ip addr add $PC1/24 dev eth0
in_ns pc2 ip addr add $PC2/24 dev eth0

# throughput STREAMS: the mean of RUNS iperf3 runs pc1 -> pc2 with STREAMS parallel streams, in
# Mbit/s; adds the MBytes carried to $CARRIED.
CARRIED=0
throughput() {
    local run out rate mbytes total=0
    in_ns pc1 ping -c 1 -W 5 $PC2 >/dev/null   # ARP on the way, and the path works at all
    for run in $(seq "$RUNS"); do
        in_ns pc2 iperf3 -s -1 -D -B $PC2
        sleep 0.5
        out=$(in_ns pc1 iperf3 -c $PC2 -t 5 -P "$1" -f m | grep ' sender$' | tail -1)
        rate=$(awk '{ for (i = 1; i < NF; i++) if ($(i+1) == "Mbits/sec") print $i }' <<<"$out")
        mbytes=$(awk '{ for (i = 1; i < NF; i++) {
            if ($(i+1) == "KBytes") print $i / 1024; if ($(i+1) == "MBytes") print $i; if ($(i+1) == "GBytes") print $i * 1024 } }' <<<"$out")
        echo "#   -P $1 run $run: $rate Mbit/s, $mbytes MBytes" >&2
        total=$(awk -v t="$total" -v r="$rate" 'BEGIN { print t + r }')
        CARRIED=$(awk -v t="$CARRIED" -v m="$mbytes" 'BEGIN { print t + m }')
    done
    awk -v t="$total" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n }'
}
# per_mb COUNT: COUNT per MB carried so far.
per_mb() { awk -v c="$1" -v m="$CARRIED" 'BEGIN { printf "%.2f", (m > 0 ? c / m : 0) }'; }

# The fragments Linux made on the path: a forwarding hop cuts an oversized packet without DF, and
# the VXLAN ends cut their own (/proc/net/snmp Ip: FragCreates, per namespace).
linux_fragments() {
    local ns total=0
    for ns in yamaha01 wan1 wan2 wan3 yamaha02; do
        total=$((total + $(in_ns $ns awk '/^Ip:/ { if (h) print $20; h = 1 }' /proc/net/snmp)))
    done
    echo $total
}

# --- through SoftRTX ------------------------------------------------------------------------
LINUX_BEFORE=$(linux_fragments)
start_router yamaha01 1
start_router yamaha02 2
for tries in $(seq 40); do
    console yamaha01 "show status l2tp" | grep -q "Session State: established" && break
    sleep 1
done
console yamaha01 "show status l2tp" | grep -q "Session State: established" || {
    echo "the L2TPv3 session did not come up" >&2
    exit 1
}
echo "# pc1 -> pc2 through two SoftRTX routers ($ENCAPSULATION):" >&2
softrtx=$(throughput 1)
softrtx4=$(throughput 4)
fragments() { console "$1" "show ip fragment" | awk '/IPv4 fragments sent:/ { print $4 }'; }
softrtx_fragments=$(per_mb $(( $(fragments yamaha01) + $(fragments yamaha02) + $(linux_fragments) - LINUX_BEFORE )))
for r in yamaha01 yamaha02; do console $r "show status drop; show ip fragment" | sed "s/^/# $r: /" >&2; done
for r in yamaha01 yamaha02; do
    kill -TERM "${ROUTER_PID[$r]}"
    wait "${ROUTER_PID[$r]}" || true
    unset "ROUTER_PID[$r]"
done

# --- through Linux --------------------------------------------------------------------------
# linux_bridge NAME SITE PEER_SITE: what SoftRTX does, done by Linux: lan1 and a VXLAN port
# (layer 2 over UDP, as l2tpv3-raw) in one bridge. The VXLAN MTU is 1,500 like the PCs' links:
# its outer packets are fragmented on the WAN, as SoftRTX's are.
linux_bridge() {
    in_ns "$1" ip addr add "192.168.$2.1/24" dev lan2
    in_ns "$1" ip route add default via "192.168.$2.2"
    in_ns "$1" ip link add vx0 mtu 1500 type vxlan id 1 local "192.168.$2.1" remote "192.168.$3.1" dstport 4789
    in_ns "$1" ip link add br0 type bridge
    in_ns "$1" ip link set lan1 master br0
    in_ns "$1" ip link set vx0 master br0
    in_ns "$1" ip link set vx0 up
    in_ns "$1" ip link set br0 up
}
linux_bridge yamaha01 1 2
linux_bridge yamaha02 2 1
# 192.168.1.1 and 192.168.2.1 now answer from the kernel's MACs, not SoftRTX's.
in_ns wan1 ip neigh flush dev eth0
in_ns wan3 ip neigh flush dev eth1
echo "# pc1 -> pc2 through Linux bridges joined by VXLAN in the same namespaces:" >&2
CARRIED=0
LINUX_BEFORE=$(linux_fragments)
linux=$(throughput 1)
linux4=$(throughput 4)
linux_fragments=$(per_mb $(( $(linux_fragments) - LINUX_BEFORE )))

ratio() { awk -v s="$1" -v l="$2" 'BEGIN { printf "%.3f", s / l }'; }
echo "softrtx ($ENCAPSULATION): $softrtx Mbit/s, -P 4: $softrtx4 Mbit/s, WAN fragments per MB: $softrtx_fragments"
echo "linux (bridge+vxlan):  $linux Mbit/s, -P 4: $linux4 Mbit/s, WAN fragments per MB: $linux_fragments"
echo "ratio softrtx/linux = $(ratio "$softrtx" "$linux"), -P 4: $(ratio "$softrtx4" "$linux4")"
