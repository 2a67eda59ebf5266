#!/usr/bin/env bash
# softrtx run on links as Linux makes them, offloads on: pc1 behind a TAP that yamaha01 creates
# (the TAP hands softrtx TSO super-frames and partial checksums), pc2 behind a veth, and a WAN of
# veths. A 100 MB TCP transfer each way with a SHA-256 at both ends; again with GRO switched on
# at the veth ends softrtx reads (super-frames in, as from a NIC); no IPv4 fragment on the WAN.
# Run as root. Prints "ok - ..." / "not ok - ..." and "N passed, M failed"; exits 1 on a failure.
#
# SOFTRTX_ENCAPSULATION (l2tpv3-raw or l2tpv3), SOFTRTX_BIN, SOFTRTX_NETNS_PREFIX: netns/topology.sh.
# TRANSFER_MB: the transfer's size (default 100).
set -euo pipefail
cd "$(dirname "$0")/.."

source netns/checks.sh

SOFTRTX_PC1_LINK=tap
SOFTRTX_NETNS_PREFIX=${SOFTRTX_NETNS_PREFIX:-srto-}
source netns/topology.sh
# python3: the transfer's two ends; ethtool: to show the offloads, and to switch GRO on.
for tool in python3 ethtool; do
    command -v $tool >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $tool >/dev/null
done

PC1=192.168.100.10
PC2=192.168.100.16
check "yamaha01 starts with lan1 on a TAP it creates" start_router yamaha01 1
check "yamaha02 starts" start_router yamaha02 2
is_tap() { in_ns pc1 ip -d link show eth0 | grep -q "tun type tap .*vnet_hdr on"; }
check "pc1's eth0 is yamaha01's TAP, with virtio-net headers" is_tap
in_ns pc1 ip addr add $PC1/24 dev eth0
in_ns pc2 ip addr add $PC2/24 dev eth0
echo "# offloads on pc1's TAP: $(in_ns pc1 ethtool -k eth0 | grep -E '^(tx-checksumming|tcp-segmentation-offload):' | tr -s ' \n' ' ')"
echo "# offloads on pc2's veth: $(in_ns pc2 ethtool -k eth0 | grep -E '^(tx-checksumming|tcp-segmentation-offload):' | tr -s ' \n' ' ')"

established() {
    local tries
    for tries in $(seq 60); do
        console "$1" "show status l2tp" | grep -q "Session State: established" && return 0
        sleep 1
    done
    return 1
}
check "yamaha01 show status l2tp: established ($ENCAPSULATION)" established yamaha01
pings() { in_ns "$1" ping -c 3 -W 2 "$2" >/dev/null || in_ns "$1" ping -c 3 -W 2 "$2" | sed 's/^/# /'; }
check "pc1 pings pc2 across the bridge" pings pc1 $PC2

MB=${TRANSFER_MB:-100}
head -c "${MB}M" /dev/urandom >"$WORK/blob"
PORT=5001
# transfer FROM FROM_ADDR TO TO_ADDR: the bytes and SHA-256 the receiver read equal what the sender sent.
transfer() {
    PORT=$((PORT + 1))
    in_ns "$3" python3 netns/transfer.py serve "$4" $PORT >"$WORK/received" 2>&1 &
    local server=$! started=$SECONDS
    sleep 0.5
    in_ns "$1" timeout 300 python3 netns/transfer.py send "$4" $PORT "$WORK/blob" >"$WORK/sent" 2>&1 || true
    wait $server || true
    echo "# $1 -> $3: sent $(cat "$WORK/sent"), received $(cat "$WORK/received") in $((SECONDS - started)) s"
    [[ -s $WORK/sent && $(cat "$WORK/sent") == "$(cat "$WORK/received")" ]]
}
check "$MB MB pc1 -> pc2, SHA-256 equal at both ends" transfer pc1 $PC1 pc2 $PC2
check "$MB MB pc2 -> pc1, SHA-256 equal at both ends" transfer pc2 $PC2 pc1 $PC1

# GRO on where softrtx reads, as a physical NIC has it: veth needs it switched on (ethtool -K ... gro on).
for end in "yamaha01 lan2" "yamaha02 lan1" "yamaha02 lan2"; do in_ns ${end% *} ethtool -K ${end#* } gro on >/dev/null; done
check "$MB MB pc1 -> pc2 with GRO on at the router ends, SHA-256 equal" transfer pc1 $PC1 pc2 $PC2
check "$MB MB pc2 -> pc1 with GRO on at the router ends, SHA-256 equal" transfer pc2 $PC2 pc1 $PC1

# no_fragments ROUTER: TCP needed no IPv4 fragment on the WAN (`show ip fragment`).
no_fragments() {
    local out
    out=$(console "$1" "show ip fragment")
    echo "$out" | sed "s/^/# $1: /"
    grep -q "IPv4 fragments sent:            0 " <<<"$out" && grep -q "IPv4 fragments received:        0 " <<<"$out"
}
check "yamaha01 sent and received no IPv4 fragment" no_fragments yamaha01
check "yamaha02 sent and received no IPv4 fragment" no_fragments yamaha02
drops() { console "$1" "show status drop" | sed "s/^/# $1: /"; }
drops yamaha01
drops yamaha02

echo "$passed passed, $failed failed"
((failed == 0))
