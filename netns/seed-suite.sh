#!/usr/bin/env bash
# The seed on real Linux: two `softrtx run` routers in network namespaces, Linux PCs with a
# Debian DHCP client, and a WAN of three Linux routers (Sources/Lab/Seed/wan*.conf). Run as root.
# Prints "ok - ..." / "not ok - ..." per check and "N passed, M failed"; exits 1 on any failure.
#
#   pc1 ─ lan1 [yamaha01] lan2 ─ wan1 ─ wan2 ─ wan3 ─ lan2 [yamaha02] lan1 ─ pc2
#
# SOFTRTX_BIN: a built softrtx (default: `swift build` here). SOFTRTX_NETNS_PREFIX: prefix of the
# namespace names (default srtx-), so a run never touches namespaces it did not create.
set -euo pipefail
cd "$(dirname "$0")/.."

P=${SOFTRTX_NETNS_PREFIX:-srtx-}
NODES=(pc1 yamaha01 wan1 wan2 wan3 yamaha02 pc2)
WORK=$(mktemp -d /tmp/softrtx-netns.XXXXXX)
CREATED=()
declare -A ROUTER_PID=()
passed=0
failed=0

cleanup() {
    local pid ns
    for pid in "${ROUTER_PID[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${ROUTER_PID[@]}"; do wait "$pid" 2>/dev/null || true; done
    for ns in "${CREATED[@]}"; do
        # Whatever still runs in a namespace this suite made (udhcpc, iperf3) is ours.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns delete "$ns" 2>/dev/null || true   # takes its veth ends with it
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
in_ns() { local ns=$1; shift; ip netns exec "$P$ns" "$@"; }

# --- what the suite needs -------------------------------------------------------------------
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v busybox >/dev/null || need+=(busybox)
command -v ping >/dev/null || need+=(iputils-ping)
command -v ethtool >/dev/null || need+=(ethtool)
command -v iperf3 >/dev/null || need+=(iperf3)
command -v tcpdump >/dev/null || need+=(tcpdump)
if ((${#need[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ -z ${SOFTRTX_BIN:-} ]]; then
    swift build >/dev/null
    SOFTRTX_BIN="$(swift build --show-bin-path)/softrtx"
fi

# --- namespaces, cables, the WAN --------------------------------------------------------------
for node in "${NODES[@]}"; do
    if ip netns list | grep -qw "$P$node"; then
        echo "netns $P$node already exists (a run in progress, or left over): not touching it" >&2
        exit 1
    fi
    ip netns add "$P$node"
    CREATED+=("$P$node")
    in_ns "$node" ip link set lo up
done

# cable A IF_A B IF_B: a veth pair made straight inside the two namespaces.
cable() {
    ip link add "$2" netns "$P$1" type veth peer name "$4" netns "$P$3"
    # softrtx reads these links raw: a Linux sender must hand it whole frames with real checksums.
    in_ns "$1" ethtool -K "$2" tx off tso off gso off gro off >/dev/null 2>&1 || true
    in_ns "$3" ethtool -K "$4" tx off tso off gso off gro off >/dev/null 2>&1 || true
    in_ns "$1" ip link set "$2" up
    in_ns "$3" ip link set "$4" up
}
cable pc1 eth0 yamaha01 lan1
cable yamaha01 lan2 wan1 eth0
cable wan1 eth1 wan2 eth0
cable wan2 eth1 wan3 eth0
cable wan3 eth1 yamaha02 lan2
cable yamaha02 lan1 pc2 eth0

for wan in wan1 wan2 wan3; do in_ns $wan sysctl -qw net.ipv4.ip_forward=1; done
in_ns wan1 ip addr add 192.168.1.2/24 dev eth0
in_ns wan1 ip addr add 10.0.12.1/30 dev eth1
in_ns wan1 ip route add 192.168.2.0/24 via 10.0.12.2
in_ns wan2 ip addr add 10.0.12.2/30 dev eth0
in_ns wan2 ip addr add 10.0.23.1/30 dev eth1
in_ns wan2 ip route add 192.168.1.0/24 via 10.0.12.1
in_ns wan2 ip route add 192.168.2.0/24 via 10.0.23.2
in_ns wan3 ip addr add 10.0.23.2/30 dev eth0
in_ns wan3 ip addr add 192.168.2.2/24 dev eth1
in_ns wan3 ip route add 192.168.1.0/24 via 10.0.23.1

# --- the routers: the seed's step-1 configs (factory lines removed) ---------------------------
# router_config NAME SITE(1|2) BRIDGE_ADDRESS DHCP_RANGE
router_config() {
    cat >"$WORK/$1.conf" <<CONF
console prompt $1
ip route default gateway 192.168.$2.2
ip bridge1 address $3/24
ip bridge1 proxyarp on
ip lan2 address 192.168.$2.1/24
ip lan2 nat descriptor 1
bridge member bridge1 lan1 tunnel1
nat descriptor type 1 masquerade
nat descriptor address outer 1 192.168.$2.1
nat descriptor address inner 1 auto
dhcp service server
dhcp server rfc2131 compliant except remain-silent
dhcp scope 1 $4/24
CONF
}
router_config yamaha01 1 192.168.100.1 192.168.100.10-192.168.100.15
router_config yamaha02 2 192.168.100.2 192.168.100.16-192.168.100.20
# L2TPV3: the `tunnel select 1` block (l2tpv3-raw), `l2tp service on l2tpv3` and the NAT static
# entry for UDP 1701 go into these configs when `softrtx run` speaks L2TPv3.

console() { "$SOFTRTX_BIN" console --socket "$WORK/$1.sock" -c "$2"; }

# start_router NAME SEED: a fixed seed keeps the router's MACs across a restart, as hardware would.
start_router() {
    # `exec`: with an EXIT trap set bash would otherwise keep a subshell between $! and softrtx.
    exec ip netns exec "$P$1" "$SOFTRTX_BIN" run --config "$WORK/$1.conf" --port lan1=lan1 --port lan2=lan2 \
        --socket "$WORK/$1.sock" --seed "$2" >>"$WORK/$1.log" 2>&1 &
    ROUTER_PID[$1]=$!
    local tries
    for tries in $(seq 50); do
        console "$1" "show ip route" >/dev/null 2>&1 && return 0
        kill -0 "${ROUTER_PID[$1]}" 2>/dev/null || break
        sleep 0.2
    done
    echo "--- $1 log" >&2; cat "$WORK/$1.log" >&2
    return 1
}

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

# --- L2TPv3 across the WAN (next: `softrtx run` with the L2TP engine) ---------------------------
# L2TPV3: pc1 pings pc2 ($PC1 -> $PC2) across the bridge, both directions.
# L2TPV3: iperf3 TCP pc1 -> pc2 completes (iperf3 -s in pc2, iperf3 -c in pc1, -t 5).
# L2TPV3: tcpdump on wan2 eth0 meanwhile shows only UDP 1701 between 192.168.1.1 and 192.168.2.1.

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
# L2TPV3: after the restart the bridge comes back: pc1 pings pc2 again.

# --- a clean stop -------------------------------------------------------------------------
stops() {
    kill -TERM "${ROUTER_PID[$1]}"
    local rc=0
    wait "${ROUTER_PID[$1]}" || rc=$?
    unset "ROUTER_PID[$1]"
    [[ $rc == 0 && ! -e $WORK/$1.sock ]]
}
check "yamaha01 stops on SIGTERM with exit 0, removing its socket" stops yamaha01
check "yamaha02 stops on SIGTERM with exit 0, removing its socket" stops yamaha02

if ((failed)); then
    for r in yamaha01 yamaha02; do echo "--- $r log"; sed 's/^/# /' "$WORK/$r.log"; done
fi
echo "$passed passed, $failed failed"
((failed == 0))
