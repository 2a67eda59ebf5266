#!/usr/bin/env bash
# Proves swan-lib.sh and charon-keys.py: two strongSwan charons (IKEv1, PSK, transport ESP for
# UDP 1701, as an RTX does it) against each other in network namespaces, directly and through a
# masquerading middle namespace (NAT-T). Per case: Main Mode + Quick Mode complete, both sides
# derived the same phase 1 keys, the responder allocated the SPI the initiator keyed, and tshark
# decrypts the capture's Main Mode 5/6 and Quick Mode with the key charon-keys.py found.
# Prints PASS/FAIL per case and "N passed, N failed"; exits non-zero on a failure.
#
#   netns/swan-selftest.sh [--keep DIR] [CASE...]     (cases: see CASES below; default all)
#
# --keep DIR leaves each case's logs, swanctl.conf files, keys and capture in DIR/CASE.
# Leaves no namespace or process behind (EXIT trap). Namespaces are named swst<PID>-*.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
KEEP=
if [[ ${1:-} == --keep ]]; then KEEP=$2; shift 2; mkdir -p "$KEEP"; fi

source "$HERE/swan-lib.sh"
swan_install nft tcpdump tshark ip

P=swst$$-
CREATED=()
CAPS=()
cleanup() {
    local pid ns
    swan_stop_all
    for pid in "${CAPS[@]}"; do kill -INT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    for ns in "${CREATED[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns delete "$ns" 2>/dev/null
    done
    CREATED=() CAPS=()
}
trap 'cleanup; swan_cleanup' EXIT
trap 'exit 130' INT TERM HUP   # so that the EXIT trap runs on a signal too

ns_add() {
    ip netns add "$P$1" || return 1
    CREATED+=("$P$1")
    ip -n "$P$1" link set lo up
    ip netns exec "$P$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}
# cable NS_A IF_A ADDR_A NS_B IF_B ADDR_B
cable() {
    ip link add "$2" netns "$P$1" type veth peer name "$5" netns "$P$4"
    ip -n "$P$1" addr add "$3" dev "$2"; ip -n "$P$1" link set "$2" up
    ip -n "$P$4" addr add "$6" dev "$5"; ip -n "$P$4" link set "$5" up
}

# capture NS IF FILE: tcpdump in the background, returns once it is listening.
capture() {
    local err=$3.err i
    ip netns exec "$P$1" tcpdump -i "$2" --immediate-mode -U -Z root -n -w "$3" 'udp port 500 or udp port 4500 or esp' 2>"$err" &
    CAPS+=($!)
    for i in $(seq 100); do grep -q listening "$err" && return 0; sleep 0.05; done
    return 1
}

# topo direct|nat|napt: A = initiator side, B = responder side; sets A_ADDR B_ADDR B_SEES_A.
topo() {
    ns_add a; ns_add b
    case $1 in
        direct)
            cable a eth0 10.99.0.1/24 b eth0 10.99.0.2/24
            A_ADDR=10.99.0.1 B_ADDR=10.99.0.2 B_SEES_A=10.99.0.1 ;;
        nat|napt)
            ns_add m
            cable a eth0 10.99.1.1/24 m eth0 10.99.1.254/24
            cable m eth1 10.99.2.254/24 b eth0 10.99.2.1/24
            ip -n "$P"a route add default via 10.99.1.254
            ip netns exec "$P"m sysctl -qw net.ipv4.ip_forward=1
            local rule='oifname "eth1" masquerade'
            # napt: a NAT that rewrites the UDP source ports too (500 -> 40000+, 4500 -> 40000+)
            [[ $1 == napt ]] && rule='oifname "eth1" meta l4proto udp masquerade to :40000-40999'
            ip netns exec "$P"m nft -f - <<EOF || return 1
table ip swnat {
    chain post {
        type nat hook postrouting priority srcnat; policy accept;
        $rule
    }
}
EOF
            A_ADDR=10.99.1.1 B_ADDR=10.99.2.1 B_SEES_A=10.99.2.254 ;;
    esac
}

PASSED=0 FAILED=0
# run_case NAME TOPO [key=value for both sides...] [a:key=value for A only] [b:key=value ...]
run_case() {
    local name=$1 tp=$2; shift 2
    local dir=$SWAN_WORK/$name why=() kv common=() aonly=() bonly=() autostart=0 libipsec=0
    for kv in "$@"; do
        case $kv in
            a:plugins=libipsec) libipsec=1 ;;
            a:start=start) aonly+=("${kv#a:}"); autostart=1 ;;
            a:*) aonly+=("${kv#a:}") ;;
            b:*) bonly+=("${kv#b:}") ;;
            *) common+=("$kv") ;;
        esac
    done
    mkdir -p "$dir"
    if ! topo "$tp"; then why+=("topology"); fi
    local b_remote=$A_ADDR
    [[ $tp != direct ]] && b_remote=%any
    swan_write_conf "$dir/a/swanctl.conf" local="$A_ADDR" remote="$B_ADDR" role=initiator "${common[@]}" "${aonly[@]}"
    swan_write_conf "$dir/b/swanctl.conf" local="$B_ADDR" remote="$b_remote" remote_id="$A_ADDR" role=responder "${common[@]}" "${bonly[@]}"
    if ((libipsec)); then
        # A's charon keeps its ESP SAs in userspace (kernel-libipsec: tunnel mode only, always
        # UDP-encapsulated), so it sends Quick Mode message 3 and B's charon shows what a charon
        # responder does when the kernel refuses the SAs.
        mkdir -p "$dir/a"
        SWAN_PLUGINS="${SWAN_PLUGINS/kernel-netlink/kernel-libipsec kernel-netlink}" swan_strongswan_conf "$dir/a"
        ip -n "$P"a addr add 10.98.1.1/32 dev lo; ip -n "$P"b addr add 10.98.2.1/32 dev lo
    fi
    capture a eth0 "$dir/cap.pcap" || why+=("tcpdump did not start")
    swan_start "$P"a "$name-a" "$dir/a" && swan_start "$P"b "$name-b" "$dir/b" || why+=("charon did not start")
    swan_load "$name-b" >"$dir/b/load.out" 2>&1 || why+=("swanctl --load-all (b) failed")
    local t0=$(date +%s%N)
    swan_load "$name-a" >"$dir/a/load.out" 2>&1 || why+=("swanctl --load-all (a) failed")
    ((autostart)) || swan_initiate "$name-a" l2tp 10 >"$dir/a/initiate.out" 2>&1
    # Quick Mode is over for the initiator when it derived the ESP keys and tried to install them.
    # swanctl --initiate returns once Quick Mode is over: a short wait unless charon starts itself.
    swan_wait_log "$name-a" 'unable to install inbound and outbound IPsec SA|CHILD_SA l2tp\{[0-9]+\} established' "$((autostart ? 10 : 2))" \
        || why+=("initiator: no Quick Mode result")
    local t1=$(date +%s%N)
    if ((libipsec)); then
        swan_wait_log "$name-b" 'unable to install inbound and outbound IPsec SA|CHILD_SA l2tp\{[0-9]+\} established' 3 \
            || why+=("responder: no Quick Mode result")
    fi
    local ms=$(((t1 - t0) / 1000000))
    local la=$dir/a/charon.log lb=$dir/b/charon.log
    grep -q 'IKE_SA rtx\[[0-9]*\] established' "$la" || why+=("initiator: IKE_SA not established")
    grep -q 'IKE_SA rtx\[[0-9]*\] established' "$lb" || why+=("responder: IKE_SA not established")
    sleep 0.3   # the initiator's last message (NO_PROP notify) reaches the capture
    swan_stop "$name-a"; swan_stop "$name-b"
    local pid; for pid in "${CAPS[@]}"; do kill -INT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; CAPS=()

    "$HERE/charon-keys.py" --pending "$la" >"$dir/a/keys.txt"
    "$HERE/charon-keys.py" --pending "$lb" >"$dir/b/keys.txt"
    local ike_a ike_b
    ike_a=$(grep '^ike ' "$dir/a/keys.txt") ike_b=$(grep '^ike ' "$dir/b/keys.txt")
    [[ -n $ike_a && $ike_a == "$ike_b" ]] || why+=("phase 1 keys differ or missing")
    [[ $ike_a == *'?'* ]] && why+=("phase 1 line incomplete")
    local out_spi in_spi
    out_spi=$(awk '$1 == "esp" && / dir=out / {print $2}' "$dir/a/keys.txt")
    in_spi=$(awk '$1 == "esp" && / dir=in / {print $2}' "$dir/a/keys.txt")
    [[ -n $out_spi && -n $in_spi ]] || why+=("initiator: no ESP keys")
    grep -q "^esp-pending $out_spi " "$dir/b/keys.txt" || grep -q "^esp $out_spi " "$dir/b/keys.txt" \
        || why+=("responder did not allocate SPI $out_spi")
    # Where both sides keyed an ESP SA (the responder only does on Quick Mode message 3): equal.
    local spi both=0 ka kb
    for spi in $out_spi $in_spi; do
        kb=$(awk -v s="$spi" '$1 == "esp" && $2 == s {print $3, $4}' "$dir/b/keys.txt")
        [[ -n $kb ]] || continue
        ka=$(awk -v s="$spi" '$1 == "esp" && $2 == s {print $3, $4}' "$dir/a/keys.txt")
        [[ $ka == "$kb" ]] || why+=("ESP keys for $spi differ")
        both=$((both + 1))
    done
    ((libipsec && both != 2)) && why+=("responder did not key both ESP SAs")

    # tshark: the phase 1 key from the log decrypts MM5/6 (ID payloads) and Quick Mode (SPIs).
    local icookie key
    icookie=$(awk '{print $2}' <<<"$ike_a")
    key=$(sed -n 's/.* enc_key=\([0-9a-f]*\).*/\1/p' <<<"$ike_a")
    tshark -r "$dir/cap.pcap" -o "uat:ikev1_decryption_table:$icookie,$key" -Y isakmp -T fields \
        -e frame.number -e isakmp.exchangetype -e isakmp.id.data.ipv4_addr -e isakmp.spi -e _ws.malformed \
        -e ip.src -e isakmp.messageid -e udp.length \
        >"$dir/tshark.txt" 2>/dev/null || why+=("tshark failed")
    if [[ " ${common[*]} " == *' aggressive=yes '* ]]; then
        awk -F'\t' '$2 == 4' "$dir/tshark.txt" | grep -q . || why+=("tshark: no Aggressive Mode")
    else
        awk -F'\t' '$2 == 2 && $3 != ""' "$dir/tshark.txt" | grep -q . || why+=("tshark: Main Mode 5/6 not decrypted")
    fi
    local qm; qm=$(awk -F'\t' '$2 == 32 {print $4}' "$dir/tshark.txt" | tr '\n' ' ')
    [[ $qm == *"$out_spi"* && $qm == *"$in_spi"* ]] || why+=("tshark: Quick Mode SPIs '$qm' != $in_spi/$out_spi")
    # A retransmission (same sender, message ID and length as an earlier packet) decrypts to junk
    # in tshark, which keeps one IV per message ID: charon retransmits the Quick Mode message 1
    # that overtook Aggressive Mode message 3 (the responder drops it, 2 s lost).
    awk -F'\t' '{k = $6 "/" $7 "/" $8} $5 != "" && !(k in seen) {print} {seen[k] = 1}' "$dir/tshark.txt" \
        | grep -q . && why+=("tshark: malformed packet")

    # NAT-T: after MM3/4 the exchange moves to UDP 4500.
    local natt=no
    grep -Eq 'sending packet: from [0-9.]+\[4500\]' "$la" && natt=yes
    case " ${common[*]} ${aonly[*]} $tp $( ((libipsec)) && echo plugins=libipsec) " in
        *' encap=yes '*|*' nat '*|*' napt '*|*' plugins=libipsec '*) [[ $natt == yes ]] || why+=("NAT-T expected, not used") ;;
        *) [[ $natt == no ]] || why+=("NAT-T used without a NAT") ;;
    esac
    local sad=() l
    for l in "$la:initiator" "$lb:responder"; do
        grep -q 'unable to install inbound and outbound IPsec SA (SAD)' "${l%:*}" && sad+=("${l##*:}")
    done
    sad=$(IFS=,; echo "${sad[*]:-none}")
    local del=; grep -q 'sending DELETE for ESP CHILD_SA' "$lb" && del=", responder sent ESP DELETE"

    if ((${#why[@]})); then
        FAILED=$((FAILED + 1))
        echo "FAIL $name (${ms} ms): $(IFS=';'; echo "${why[*]}")"
    else
        PASSED=$((PASSED + 1))
        echo "PASS $name: MM+QM ${ms} ms, nat-t=$natt, kernel SAD refused=$sad$del, esp out=$out_spi in=$in_spi, esp keyed on both sides=$both"
    fi
    if [[ -n $KEEP ]]; then rm -rf "${KEEP:?}/$name"; cp -a "$dir" "$KEEP/$name"; fi
    cleanup
}

declare -A CASES=(
    [3des-direct]="direct ike=3des-sha1-modp1024 esp=aes128-sha1"
    [aes128-direct]="direct ike=aes128-sha1-modp1024 esp=aes128-sha1"
    [aes256-direct]="direct ike=aes256-sha256-modp2048 esp=aes256-sha256"
    [pfs-direct]="direct ike=3des-sha1-modp1024 esp=aes128-sha1-modp1024"
    [aggressive-direct]="direct aggressive=yes a:local_id=branch1 b:remote_id=branch1"
    [autostart-direct]="direct a:start=start"
    [encap-direct]="direct encap=yes"
    [nat]="nat ike=3des-sha1-modp1024 esp=aes128-sha1"
    [napt]="napt ike=aes128-sha1-modp1024 esp=aes128-sha1"
    [libipsec-tunnel]="direct mode=tunnel a:plugins=libipsec a:local_ts=10.98.1.0/24 a:remote_ts=10.98.2.0/24 b:local_ts=10.98.2.0/24 b:remote_ts=10.98.1.0/24"
)
ORDER=(3des-direct aes128-direct aes256-direct pfs-direct aggressive-direct autostart-direct encap-direct nat napt libipsec-tunnel)
(($#)) && ORDER=("$@")
[[ " ${ORDER[*]} " == *' libipsec-tunnel '* ]] && swan_install libipsec
for c in "${ORDER[@]}"; do
    [[ -v "CASES[$c]" ]] || { echo "unknown case $c (known: ${!CASES[*]})" >&2; exit 2; }
    # shellcheck disable=SC2086
    run_case "$c" ${CASES[$c]}
done
echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
