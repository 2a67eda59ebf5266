# Shared by the PPPoE namespace suites (sourced, never run): softrtx run as a PPPoE client with the
# independent access concentrator of netns/uml-pppoe-ac.sh (rp-pppoe and pppd inside UML).
#
#   pc ─ lan1 [router: softrtx run] lan2 ─ rt0 [wire: br0] ac0 ─ [AC: UML pppd] ─ 10.65.0.2
#
# The wire namespace bridges the router's lan2 to the AC's client veth (ac0), which the AC script
# makes and removes: restarting the AC leaves the router's port in place, as unplugging an ISP would.
#
# The caller sets P (namespace prefix), WORK (its folder), UML_AC_PREFIX and, for a release build,
# BUILD_FLAGS; this file makes the namespaces and cables, installs what is missing, removes all of it
# on exit, and defines in_ns, console, indent, ac_up, router_config, start_router and stop_router.

AC=netns/uml-pppoe-ac.sh
# The AC script's settings: its state in our folder, and the client's veth end in our wire namespace
# (which it uses and leaves in place).
export UML_AC_STATE=${UML_AC_STATE:-$WORK/ac}
export CLIENT_NS=${P}wire
export CLIENT_IF=ac0
export PPPOE_USER=${PPPOE_USER:-softrtx}
export PPPOE_PASSWORD=${PPPOE_PASSWORD:-softrtx-secret}
CREATED=()
ROUTER=""
CAPTURE=""

cleanup() {
    [[ -n $ROUTER ]] && { kill -TERM "$ROUTER" 2>/dev/null || true; wait "$ROUTER" 2>/dev/null || true; }
    [[ -n $CAPTURE ]] && { kill -TERM "$CAPTURE" 2>/dev/null || true; wait "$CAPTURE" 2>/dev/null || true; }
    "$AC" stop >/dev/null 2>&1 || true
    local ns pid
    for ns in "${CREATED[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns delete "$ns" 2>/dev/null || true
    done
    [[ -n ${KEEP_WORK:-} ]] || rm -rf "$WORK"
}
trap cleanup EXIT

# --- what a run needs ------------------------------------------------------------------------
command -v linux.uml >/dev/null && command -v pppoe-server >/dev/null && command -v pppd >/dev/null \
    && command -v modprobe >/dev/null && command -v busybox >/dev/null || "$AC" install
if ! command -v tshark >/dev/null || ! command -v tcpdump >/dev/null; then
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tshark tcpdump >/dev/null
fi
python3 -c 'import scapy' 2>/dev/null || python3 -m pip install -q scapy
if [[ -z ${SOFTRTX_BIN:-} ]]; then
    swift build ${BUILD_FLAGS:-} >/dev/null
    SOFTRTX_BIN="$(swift build ${BUILD_FLAGS:-} --show-bin-path)/softrtx"
fi

in_ns() { local ns=$1; shift; ip netns exec "$P$ns" "$@"; }
console() { "$SOFTRTX_BIN" console --socket "$WORK/router.sock" -c "$1"; }
indent() { sed 's/^/# /'; }

# --- namespaces and cables -------------------------------------------------------------------
for ns in pc router wire; do
    if ip netns list | awk '{print $1}' | grep -qxF "$P$ns"; then
        echo "netns $P$ns already exists (a run in progress, or left over): not touching it" >&2
        exit 1
    fi
    ip netns add "$P$ns"
    CREATED+=("$P$ns")
    in_ns $ns ip link set lo up
    # IPv4 only: no router solicitations or MLD in the captures.
    in_ns $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add eth0 netns "${P}pc" type veth peer name lan1 netns "${P}router"
ip link add lan2 netns "${P}router" type veth peer name rt0 netns "${P}wire"
in_ns router ip link set lan1 up
in_ns router ip link set lan2 up
in_ns pc ip link set eth0 up
in_ns wire ip link add br0 type bridge   # STP off: a port forwards as soon as it joins
in_ns wire ip link set rt0 master br0
in_ns wire ip link set rt0 up
in_ns wire ip link set br0 up

# ac_up AUTH start|restart: the AC with AUTH, its client veth end (ac0) joined to the wire's bridge.
ac_up() {
    AUTH=$1 "$AC" "$2" >"$WORK/ac.out" 2>&1 || { indent <"$WORK/ac.out"; return 1; }
    indent <"$WORK/ac.out"
    in_ns wire ip link set ac0 master br0
}

# --- the router ------------------------------------------------------------------------------
# router_config SECRET: netns/pppoe-branch.conf with SECRET as the password (and PPPOE_USER as the name).
router_config() {
    sed "s/^ pp auth myname .*/ pp auth myname $PPPOE_USER $1/" netns/pppoe-branch.conf >"$WORK/branch.conf"
}
start_router() {
    # `exec`: with an EXIT trap set bash would otherwise keep a subshell between $! and softrtx.
    exec ip netns exec "${P}router" "$SOFTRTX_BIN" run --config "$WORK/branch.conf" --port lan1=lan1 \
        --port lan2=lan2 --socket "$WORK/router.sock" --seed 1454 >>"$WORK/router.log" 2>&1 &
    ROUTER=$!
    local tries
    for tries in $(seq 50); do
        console "show ip route" >/dev/null 2>&1 && return 0
        kill -0 "$ROUTER" 2>/dev/null || break
        sleep 0.2
    done
    echo "--- router log" >&2; cat "$WORK/router.log" >&2
    return 1
}
stop_router() {
    kill -TERM "$ROUTER"
    local rc=0
    wait "$ROUTER" || rc=$?
    ROUTER=""
    return $rc
}
