#!/usr/bin/env bash
# Shared by seed-suite.sh and iperf-bench.sh (sourced, never run): the seed's namespaces, veth
# cables, the three-hop Linux WAN, the routers' configs, and their cleanup on exit.
#
#   pc1 ─ lan1 [yamaha01] lan2 ─ wan1 ─ wan2 ─ wan3 ─ lan2 [yamaha02] lan1 ─ pc2
#
# SOFTRTX_BIN: a built softrtx (default: `swift build` here, with BUILD_FLAGS).
# SOFTRTX_NETNS_PREFIX: prefix of the namespace names (default srtx-), so a run never touches
# namespaces it did not create.
# SOFTRTX_ENCAPSULATION: l2tpv3-raw (seed step 2, the default) or l2tpv3 (step 3: L2TPv3 inside
# transport-mode ESP keyed by IKEv1, with NAT static entries for UDP 500/4500 and ESP).
# SOFTRTX_PC1_LINK: veth (the default) or tap: yamaha01's lan1 is a TAP that softrtx creates, moved
# into pc1's namespace as its eth0 once yamaha01 runs.

P=${SOFTRTX_NETNS_PREFIX:-srtx-}
ENCAPSULATION=${SOFTRTX_ENCAPSULATION:-l2tpv3-raw}
PC1_LINK=${SOFTRTX_PC1_LINK:-veth}
NODES=(pc1 yamaha01 wan1 wan2 wan3 yamaha02 pc2)
WORK=$(mktemp -d /tmp/softrtx-netns.XXXXXX)
CREATED=()
declare -A ROUTER_PID=()

cleanup() {
    local pid ns
    for pid in "${ROUTER_PID[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${ROUTER_PID[@]}"; do wait "$pid" 2>/dev/null || true; done
    for ns in "${CREATED[@]}"; do
        # Whatever still runs in a namespace this run made (udhcpc, iperf3) is ours.
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns delete "$ns" 2>/dev/null || true   # takes its veth ends with it
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

in_ns() { local ns=$1; shift; ip netns exec "$P$ns" "$@"; }

# --- what a run needs ------------------------------------------------------------------------
need=()
command -v ip >/dev/null || need+=(iproute2)
command -v busybox >/dev/null || need+=(busybox)
command -v ping >/dev/null || need+=(iputils-ping)
command -v iperf3 >/dev/null || need+=(iperf3)
command -v tcpdump >/dev/null || need+=(tcpdump)
if ((${#need[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ -z ${SOFTRTX_BIN:-} ]]; then
    swift build ${BUILD_FLAGS:-} >/dev/null
    SOFTRTX_BIN="$(swift build ${BUILD_FLAGS:-} --show-bin-path)/softrtx"
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
    # The seed is IPv4: no IPv6 chatter (RS, MLD) on links that are captured or measured.
    in_ns "$node" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done

# cable A IF_A B IF_B: a veth pair made straight inside the two namespaces.
cable() {
    # Offloads stay as Linux makes them (checksum, TSO and GSO on): softrtx takes partial checksums
    # and super-frames as they come.
    ip link add "$2" netns "$P$1" type veth peer name "$4" netns "$P$3"
    in_ns "$1" ip link set "$2" up
    in_ns "$3" ip link set "$4" up
}
[[ $PC1_LINK == tap ]] || cable pc1 eth0 yamaha01 lan1
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
# Fixed neighbours on the captured wan1-wan2 link: no ARP re-confirmation between the Linux
# routers lands in the capture, which must hold the tunnel only.
in_ns wan1 ip neigh replace 10.0.12.2 lladdr "$(in_ns wan2 cat /sys/class/net/eth0/address)" dev eth1 nud permanent
in_ns wan2 ip neigh replace 10.0.12.1 lladdr "$(in_ns wan1 cat /sys/class/net/eth1/address)" dev eth0 nud permanent

# --- the routers: the seed's step-2 or step-3 configs (factory lines removed, UDP 1701 static) ----
# ipsec_tunnel_lines BRIDGE_ADDRESS PEER_SITE, ipsec_global_lines BRIDGE_ADDRESS: the seed's step-3
# additions for `tunnel encapsulation l2tpv3` (nothing for l2tpv3-raw).
ipsec_tunnel_lines() {
    [[ $ENCAPSULATION == l2tpv3 ]] || return 0
    cat <<CONF
 ipsec tunnel 100
  ipsec sa policy 100 1 esp aes-cbc sha-hmac
  ipsec ike keepalive log 1 on
  ipsec ike keepalive use 1 on
  ipsec ike local address 1 $1
  ipsec ike pre-shared-key 1 text test1234
  ipsec ike remote address 1 192.168.$2.1
CONF
}
ipsec_global_lines() {
    [[ $ENCAPSULATION == l2tpv3 ]] || return 0
    cat <<CONF
nat descriptor masquerade static 1 1 $1 udp 500
nat descriptor masquerade static 1 2 $1 esp
nat descriptor masquerade static 1 3 $1 udp 4500
ipsec auto refresh on
ipsec transport 1 100 udp 1701
CONF
}
# router_config NAME SITE(1|2) BRIDGE_ADDRESS PEER_BRIDGE_ADDRESS PEER_SITE DHCP_RANGE
router_config() {
    cat >"$WORK/$1.conf" <<CONF
console prompt $1
ip route default gateway 192.168.$2.2
ip bridge1 address $3/24
ip bridge1 proxyarp on
ip lan2 address 192.168.$2.1/24
ip lan2 nat descriptor 1
bridge member bridge1 lan1 tunnel1
tunnel select 1
 tunnel encapsulation $ENCAPSULATION
 tunnel endpoint address $3 192.168.$5.1
$(ipsec_tunnel_lines "$3" "$5")
 l2tp always-on on
 l2tp tunnel auth on test1234
 l2tp keepalive use on 60 3
 l2tp keepalive log on
 l2tp syslog on
 l2tp local router-id $3
 l2tp remote router-id $4
 l2tp remote end-id TESTEND
 tunnel enable 1
nat descriptor type 1 masquerade
nat descriptor address outer 1 192.168.$2.1
nat descriptor address inner 1 auto
nat descriptor masquerade static 1 5 $3 udp 1701
$(ipsec_global_lines "$3")
dhcp service server
dhcp server rfc2131 compliant except remain-silent
dhcp scope 1 $6/24
l2tp service on l2tpv3
CONF
}
router_config yamaha01 1 192.168.100.1 192.168.100.2 2 192.168.100.10-192.168.100.15
router_config yamaha02 2 192.168.100.2 192.168.100.1 1 192.168.100.16-192.168.100.20

console() { "$SOFTRTX_BIN" console --socket "$WORK/$1.sock" -c "$2"; }

# start_router NAME SEED: a fixed seed keeps the router's MACs across a restart, as hardware would.
start_router() {
    local lan1=lan1
    # The TAP: yamaha01 makes it in its own namespace; pc1 takes it over below (once, on the first start).
    [[ $1 == yamaha01 && $PC1_LINK == tap ]] && lan1=tap:${P}tap
    # `exec`: with an EXIT trap set bash would otherwise keep a subshell between $! and softrtx.
    exec ip netns exec "$P$1" "$SOFTRTX_BIN" run --config "$WORK/$1.conf" --port lan1=$lan1 --port lan2=lan2 \
        --socket "$WORK/$1.sock" --seed "$2" --keylog "$WORK/$1.keys" >>"$WORK/$1.log" 2>&1 &
    ROUTER_PID[$1]=$!
    local tries
    for tries in $(seq 50); do
        if console "$1" "show ip route" >/dev/null 2>&1; then
            if [[ $lan1 == tap:* ]] && in_ns "$1" ip link show "${P}tap" >/dev/null 2>&1; then
                in_ns "$1" ip link set "${P}tap" netns "${P}pc1"
                in_ns pc1 ip link set "${P}tap" name eth0
                in_ns pc1 ip link set eth0 up
            fi
            return 0
        fi
        kill -0 "${ROUTER_PID[$1]}" 2>/dev/null || break
        sleep 0.2
    done
    echo "--- $1 log" >&2; cat "$WORK/$1.log" >&2
    return 1
}

