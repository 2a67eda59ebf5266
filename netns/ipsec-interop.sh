#!/usr/bin/env bash
# SoftRTX (`softrtx run`) against strongSwan's charon over IKEv1 Main Mode with a pre-shared key,
# the way an RTX protects L2TPv3 (transport-mode ESP for UDP 1701), in network namespaces. Run as
# root. Prints "ok - ..." / "not ok - ..." per check and "N passed, M failed"; exits 1 on a failure.
#
#   netns/ipsec-interop.sh [--keep DIR] [CASE...]        (cases: see CASES at the end)
#
# Per case: Phase 1 and Quick Mode complete (charon's log and SoftRTX's `show ipsec sa`), the keys
# charon logs (charon-keys.py) EQUAL the ones SoftRTX writes with --keylog (phase 1 encryption key
# for the cookie, each ESP SPI's encryption and integrity key), and tshark decrypts the captured
# Main Mode messages 5/6 and Quick Mode with the key from SoftRTX's keylog.
#
# The kernel here has no ESP: charon completes Quick Mode, fails to install its SAs and then
#  - as responder (SoftRTX initiates) it got QM3, keyed both SAs and sends a DELETE for them;
#  - as initiator it never sends QM3: it sends INFORMATIONAL NO_PROP instead (SWAN-NOTES.md).
#    SoftRTX key-logs the ESP keys when it sends QM2, so keys are still compared, but SoftRTX
#    never installs the pair: its `show ipsec sa` then has the isakmp row only.
#
# Cases (about 20 s in all):
#   rtx-init-3des      SoftRTX initiates, RTX default (3des-sha1-modp1024, esp aes128-sha1); charon's
#                      DELETE is dropped (nft) so `show ipsec sa` shows isakmp + tra esp send/recv
#   swan-init-3des     charon initiates, same proposal
#   rtx-init-aes256    SoftRTX initiates, aes256-sha256-modp2048; charon's DELETE reaches SoftRTX:
#                      the pair goes, and no Quick Mode loop follows
#   swan-init-aes256   charon initiates, aes256-sha256-modp2048
#   rtx-behind-nat     SoftRTX behind a masquerading namespace, `ipsec ike nat-traversal 1 on`:
#                      NAT-D, float to 4500 (non-ESP marker), UDP-Encapsulated-Transport, NAT-OA
#   swan-behind-nat    charon behind the NAT, initiating
#   wrong-psk          charon initiates with another key: no SA, SoftRTX logs the pre-shared key
#   wrong-psk-rtx-init SoftRTX initiates, charon has another key: no SA, charon refuses MM5
# Packages (installed when missing): strongswan-charon strongswan-swanctl
# libstrongswan-standard-plugins nftables tcpdump tshark iproute2 (swan_install), python3.
#
# SOFTRTX_BIN: a built softrtx (default: `swift build` here). Namespaces are named srtxi<PID>-*;
# everything this run starts (softrtx, charon, tcpdump) and makes (namespaces, files) goes on exit.
set -u
cd "$(dirname "$0")/.."
HERE=$PWD/netns
KEEP=
if [[ ${1:-} == --keep ]]; then KEEP=$2; shift 2; mkdir -p "$KEEP"; fi

source "$HERE/swan-lib.sh"
swan_install nft tcpdump tshark ip
# Also: python3 (charon-keys.py).
extra=()
command -v python3 >/dev/null || extra+=(python3)
if ((${#extra[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${extra[@]}" >/dev/null
fi
if [[ -z ${SOFTRTX_BIN:-} ]]; then
    swift build >/dev/null || exit 1
    SOFTRTX_BIN="$(swift build --show-bin-path)/softrtx"
fi

P=srtxi$$-
WORK=$SWAN_WORK
CREATED=()
CAPS=()
RTX_PID=
cleanup() {
    local pid ns
    swan_stop_all
    if [[ -n $RTX_PID ]]; then kill -TERM "$RTX_PID" 2>/dev/null; wait "$RTX_PID" 2>/dev/null; fi
    RTX_PID=
    for pid in "${CAPS[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    for ns in "${CREATED[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns delete "$ns" 2>/dev/null
    done
    CREATED=() CAPS=()
}
trap 'cleanup; swan_cleanup' EXIT
trap 'exit 130' INT TERM HUP

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

ns_add() {
    ip netns add "$P$1" || return 1
    CREATED+=("$P$1")
    ip -n "$P$1" link set lo up
    ip netns exec "$P$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}
# cable NS_A IF_A ADDR_A NS_B IF_B ADDR_B (ADDR "-": none, softrtx owns that end). Offloads stay
# as Linux makes them: softrtx finishes partial checksums and cuts super-frames itself.
cable() {
    ip link add "$2" netns "$P$1" type veth peer name "$5" netns "$P$4" || return 1
    local ns ifc addr
    for ns_if in "$1 $2 $3" "$4 $5 $6"; do
        read -r ns ifc addr <<<"$ns_if"
        [[ $addr != - ]] && ip -n "$P$ns" addr add "$addr" dev "$ifc"
        ip -n "$P$ns" link set "$ifc" up
    done
}

# topo direct|rtx-nat|swan-nat: namespaces r (softrtx, port lan2), s (charon, eth0), m (NAT).
# Sets RTX_ADDR, SWAN_ADDR, RTX_SEES (charon's address as SoftRTX sees it), SWAN_SEES, RTX_GW.
topo() {
    ns_add r && ns_add s || return 1
    RTX_GW=
    case $1 in
        direct)
            cable r lan2 - s eth0 10.99.0.2/24
            RTX_ADDR=10.99.0.1 SWAN_ADDR=10.99.0.2 RTX_SEES=10.99.0.2 SWAN_SEES=10.99.0.1 ;;
        rtx-nat|swan-nat)
            ns_add m || return 1
            ip netns exec "$P"m sysctl -qw net.ipv4.ip_forward=1
            # The inner side is 10.99.1.0/24, masqueraded to 10.99.2.254 on the outer side.
            if [[ $1 == rtx-nat ]]; then
                cable r lan2 - m eth0 10.99.1.254/24
                cable m eth1 10.99.2.254/24 s eth0 10.99.2.1/24
                RTX_ADDR=10.99.1.1 SWAN_ADDR=10.99.2.1 RTX_SEES=10.99.2.1 SWAN_SEES=10.99.2.254 RTX_GW=10.99.1.254
            else
                cable s eth0 10.99.1.1/24 m eth0 10.99.1.254/24
                cable m eth1 10.99.2.254/24 r lan2 -
                ip -n "$P"s route add default via 10.99.1.254
                RTX_ADDR=10.99.2.1 SWAN_ADDR=10.99.1.1 RTX_SEES=10.99.2.254 SWAN_SEES=10.99.2.1
            fi
            ip netns exec "$P"m nft -f - <<EOF || return 1
table ip interop_nat {
    chain post {
        type nat hook postrouting priority srcnat; policy accept;
        oifname "eth1" masquerade
    }
}
EOF
            ;;
    esac
}

# rtx_config FILE key=value...: the RTX config of one IPsec gateway protecting UDP 1701.
rtx_config() {
    local file=$1; shift
    local -A o=([psk]=test1234 [ike]= [natt]=off [initiate]=on [esp]='aes-cbc sha-hmac')
    local kv; for kv in "$@"; do o[${kv%%=*}]=${kv#*=}; done
    {
        echo "ip lan2 address $RTX_ADDR/24"
        [[ -n $RTX_GW ]] && echo "ip route default gateway $RTX_GW"
        echo "ipsec sa policy 100 1 esp ${o[esp]}"
        echo "ipsec ike local address 1 $RTX_ADDR"
        echo "ipsec ike remote address 1 $RTX_SEES"
        echo "ipsec ike pre-shared-key 1 text ${o[psk]}"
        case ${o[ike]} in
            aes256-sha256-modp2048)
                echo "ipsec ike encryption 1 aes256-cbc"
                echo "ipsec ike hash 1 sha256"
                echo "ipsec ike group 1 modp2048" ;;
            aes128-sha1-modp2048)
                echo "ipsec ike encryption 1 aes-cbc"
                echo "ipsec ike group 1 modp2048" ;;
        esac
        [[ ${o[natt]} == on ]] && echo "ipsec ike nat-traversal 1 on"
        [[ ${o[initiate]} == on ]] && echo "ipsec auto refresh on"
        echo "ipsec transport 1 100 udp 1701"
    } >"$file"
}

rtx_console() { "$SOFTRTX_BIN" console --socket "$CASE_DIR/rtx.sock" -c "$1"; }

# rtx_start: softrtx in r on lan2, with --keylog; returns once its console answers.
rtx_start() {
    exec ip netns exec "$P"r "$SOFTRTX_BIN" run --config "$CASE_DIR/rtx.conf" --port lan2=lan2 \
        --socket "$CASE_DIR/rtx.sock" --keylog "$CASE_DIR/keylog.txt" --seed "$RANDOM$RANDOM" \
        >>"$CASE_DIR/rtx.log" 2>&1 &
    RTX_PID=$!
    local i
    for i in $(seq 100); do
        rtx_console "show ipsec sa" >/dev/null 2>&1 && return 0
        kill -0 "$RTX_PID" 2>/dev/null || break
        sleep 0.1
    done
    sed 's/^/# /' "$CASE_DIR/rtx.log"
    return 1
}

# capture NS IF: tcpdump of IKE/ESP into CASE_DIR/cap.pcap; returns once it listens.
capture() {
    local err=$CASE_DIR/tcpdump.err i
    exec ip netns exec "$P$1" tcpdump -i "$2" --immediate-mode -U -Z root -n -w "$CASE_DIR/cap.pcap" \
        'udp port 500 or udp port 4500 or esp' 2>"$err" &
    CAPS+=($!)
    for i in $(seq 100); do grep -q listening "$err" 2>/dev/null && return 0; sleep 0.05; done
    return 1
}
capture_stop() {
    sleep 0.3
    local pid; for pid in "${CAPS[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    CAPS=()
}

# --- checks on one case's results ------------------------------------------------------------
# keys_equal: every key charon logged is in SoftRTX's keylog, the same: the phase 1 encryption key
# for the cookie, each ESP SPI's encryption and integrity keys; both ESP directions present.
keys_equal() {
    local ok=0 line icookie enc spi auth n=0
    [[ -s $CASE_DIR/keylog.txt ]] || { echo "# SoftRTX wrote no keylog"; return 1; }
    icookie=$(awk '$1 == "ike" {print $2}' "$CASE_DIR/swan-keys.txt" | head -1)
    enc=$(sed -n 's/^ike .* enc_key=\([0-9a-f]*\).*/\1/p' "$CASE_DIR/swan-keys.txt" | head -1)
    [[ -n $icookie && -n $enc ]] || { echo "# charon logged no phase 1 key"; return 1; }
    if grep -qix "$icookie,$enc" "$CASE_DIR/keylog.txt"; then
        echo "# phase 1 $icookie: encryption key ${enc:0:16}... equal"
    else
        echo "# phase 1 $icookie: charon $enc, SoftRTX: $(grep -i "^$icookie," "$CASE_DIR/keylog.txt")"
        ok=1
    fi
    while read -r _ spi enc auth _; do
        enc=${enc#enc=} auth=${auth#auth=}
        n=$((n + 1))
        if grep -qi "\"0x$spi\",\"[^\"]*\",\"0x$enc\",\"[^\"]*\",\"0x$auth\"" "$CASE_DIR/keylog.txt"; then
            echo "# ESP SPI 0x$spi: encryption and integrity keys equal"
        else
            echo "# ESP SPI 0x$spi: charon enc=$enc auth=$auth, SoftRTX: $(grep -i "0x$spi" "$CASE_DIR/keylog.txt")"
            ok=1
        fi
    done < <(grep '^esp ' "$CASE_DIR/swan-keys.txt")
    ((n == 2)) || { echo "# charon keyed $n ESP SAs, not 2"; ok=1; }
    return $ok
}

# tshark_decrypts: with SoftRTX's phase 1 key tshark decodes the encrypted Main Mode 5/6 (ID
# payloads) and Quick Mode (hash, SA with SPI); malformed only for retransmitted duplicates.
tshark_decrypts() {
    local key
    key=$(grep -v '^"IPv4"' "$CASE_DIR/keylog.txt" | head -1)
    [[ -n $key ]] || { echo "# no phase 1 line in the keylog"; return 1; }
    tshark -r "$CASE_DIR/cap.pcap" -o "uat:ikev1_decryption_table:$key" -Y isakmp -T fields -E separator=/t \
        -e frame.number -e isakmp.exchangetype -e isakmp.id.data.ipv4_addr -e isakmp.spi -e _ws.malformed \
        -e ip.src -e isakmp.messageid -e udp.length -e udp.dstport -e isakmp.typepayload \
        >"$CASE_DIR/tshark.txt" 2>"$CASE_DIR/tshark.err" || { sed 's/^/# /' "$CASE_DIR/tshark.err"; return 1; }
    local mm56 qm bad
    mm56=$(awk -F'\t' '$2 == 2 && $3 != ""' "$CASE_DIR/tshark.txt" | wc -l)
    # Quick Mode 1 and 2: HASH (8) and SA (1) decoded, an ESP SPI in the SA.
    qm=$(awk -F'\t' '$2 == 32 && $4 != "" && $10 ~ /(^|,)8(,|$)/' "$CASE_DIR/tshark.txt" | wc -l)
    # A retransmission (same sender, message ID and length as before) decodes as junk in tshark.
    bad=$(awk -F'\t' '{k = $6 "/" $7 "/" $8} $5 != "" && !(k in seen) {print} {seen[k] = 1}' "$CASE_DIR/tshark.txt" | wc -l)
    echo "# tshark: $mm56 Main Mode 5/6 with IDs, $qm Quick Mode with HASH and SPI, $bad malformed (not retransmissions)"
    ((mm56 >= 2 && qm >= 2 && bad == 0)) || { sed 's/^/# /' "$CASE_DIR/tshark.txt"; return 1; }
}

# floated: Main Mode 5/6 and Quick Mode went over UDP 4500 behind the non-ESP marker.
floated() {
    local n500 n4500 marked
    n500=$(awk -F'\t' '($2 == 2 && $3 != "") || $2 == 32' "$CASE_DIR/tshark.txt" | awk -F'\t' '$9 != 4500' | wc -l)
    n4500=$(awk -F'\t' '(($2 == 2 && $3 != "") || $2 == 32) && $9 == 4500' "$CASE_DIR/tshark.txt" | wc -l)
    # IKE on 4500: four zero bytes (the non-ESP marker) before the ISAKMP header.
    marked=$(tcpdump -r "$CASE_DIR/cap.pcap" -nn 'udp port 4500 and udp[4:2] > 12 and udp[8:4] = 0' 2>/dev/null | wc -l)
    echo "# MM5/6 + QM: $n4500 on UDP 4500, $n500 elsewhere; $marked UDP 4500 datagrams with the non-ESP marker"
    ((n500 == 0 && n4500 >= 4 && marked >= n4500))
}

# encap_transport: the decrypted QM1 and QM2 (one from each side) both carry encapsulation mode 4.
encap_transport() {
    local key rows
    key=$(grep -v '^"IPv4"' "$CASE_DIR/keylog.txt" | head -1)
    rows=$(tshark -r "$CASE_DIR/cap.pcap" -o "uat:ikev1_decryption_table:$key" -Y 'isakmp.exchangetype == 32' \
        -T fields -e ip.src -e isakmp.ipsec.attr.encap_mode 2>/dev/null | awk -F'\t' '$2 != ""' | sort -u)
    echo "$rows" | sed 's/^/# QM SA from /'
    grep -q "^$SWAN_ADDR	4$" <<<"$rows" && grep -q "^$SWAN_SEES	4$" <<<"$rows" && ! grep -qv '	4$' <<<"$rows"
}

# ike_ms: charon's log, Main Mode start to the end of Quick Mode, in ms.
ike_ms() {
    awk -v re="$1" '
        function ms(t, a) { split(t, a, /[:.]/); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 + a[4] }
        /is initiating a Main Mode|initiating Main Mode/ && !s { s = ms($1) }
        $0 ~ re && s { print ms($1) - s; exit }' "$(swan_log swan)"
}

qm_count_is() {   # no esp row left, and N Quick Mode exchanges (message IDs) on the wire so far
    local n ids
    n=$(rtx_console "show ipsec sa" | grep -c 'esp')
    ((n == 0)) || { echo "# $n esp rows"; return 1; }
    ids=$(tshark -r "$CASE_DIR/cap.pcap" -Y 'isakmp.exchangetype == 32' -T fields -e isakmp.messageid 2>/dev/null | sort -u | wc -l)
    echo "# $ids Quick Mode exchange(s) on the wire"
    ((ids == $1))
}

show_sa() {   # show_sa PATTERN...: `show ipsec sa` has a line matching each pattern
    local out p
    out=$(rtx_console "show ipsec sa")
    echo "$out" | sed 's/^/# /'
    for p in "$@"; do grep -Eq -- "$p" <<<"$out" || return 1; done
}

swan_has() { grep -Eq -- "$1" "$(swan_log swan)"; }

# --- one case ------------------------------------------------------------------------------------
# run_case NAME TOPO ROLE(rtx|swan initiates) IKE [natt] [wrongpsk]
run_case() {
    local name=$1 tp=$2 init=$3 ike=$4; shift 4
    local natt=off wrongpsk=0 keepsa=0 f
    for f in "$@"; do case $f in natt) natt=on ;; wrongpsk) wrongpsk=1 ;; keepsa) keepsa=1 ;; esac; done
    CASE_DIR=$WORK/$name
    mkdir -p "$CASE_DIR"
    echo "# --- $name: $([[ $init == rtx ]] && echo "SoftRTX initiates" || echo "charon initiates"), $ike, $tp$([[ $natt == on ]] && echo ", NAT-T")$( ((wrongpsk)) && echo ", charon has another pre-shared key")"
    local t0=$SECONDS
    if ! topo "$tp"; then not_ok "$name: namespaces and NAT set up"; cleanup; return; fi

    local swan_remote=$SWAN_SEES remote_id=$RTX_ADDR
    [[ $tp == rtx-nat ]] && swan_remote=%any
    local swan_psk=test1234; ((wrongpsk)) && swan_psk=not-the-key
    local esp=aes128-sha1
    swan_write_conf "$CASE_DIR/swan/swanctl.conf" local="$SWAN_ADDR" remote="$swan_remote" remote_id="$remote_id" \
        role=$([[ $init == swan ]] && echo initiator || echo responder) ike="$ike" esp="$esp" psk="$swan_psk"
    rtx_config "$CASE_DIR/rtx.conf" ike="$ike" natt=$natt initiate=$([[ $init == rtx ]] && echo on || echo off)

    if ((keepsa)); then
        # charon, as Quick Mode responder, fails to install the pair and DELETEs it (no kernel ESP):
        # drop its informational messages so that SoftRTX keeps the pair, as with a working kernel.
        ip netns exec "$P"s nft -f - <<'EOF' || not_ok "$name: nft drops charon's informational messages"
table ip interop_filter {
    chain out {
        type filter hook output priority filter; policy accept;
        udp dport 500 @th,208,8 5 drop
        udp dport 4500 @th,240,8 5 drop
    }
}
EOF
    fi
    # Capture on charon's link: behind a NAT that is the outer side, where 500 -> 4500 shows.
    capture s eth0 || not_ok "$name: tcpdump listens"
    swan_start "$P"s swan "$CASE_DIR/swan" && swan_load swan >"$CASE_DIR/swan/load.out" 2>&1 \
        || { not_ok "$name: charon starts and loads its config"; capture_stop; cleanup; return; }
    check "$name: softrtx run starts (lan2, --keylog)" rtx_start || { capture_stop; cleanup; return; }
    # swanctl --initiate returns when Quick Mode is over, or after its timeout (a wrong key: no reply).
    if [[ $init == swan ]]; then swan_initiate swan l2tp $( ((wrongpsk)) && echo 3 || echo 10) >"$CASE_DIR/swan/initiate.out" 2>&1; fi

    if ((wrongpsk)); then
        # Both sides retransmit (5 s / 2 s): a second or so after the first retransmission is enough.
        if [[ $init == swan ]]; then
            swan_wait_log swan 'sending retransmit 1 of request message ID 0|giving up' 10
        else
            swan_wait_log swan 'integrity check failed|invalid HASH|message parsing failed|INVALID_HASH|PAYLOAD_MALFORMED' 10
            grep -E 'integrity check failed|invalid HASH|message parsing failed|INVALID_HASH|PAYLOAD_MALFORMED' "$(swan_log swan)" | head -2 | sed 's/^/# charon: /'
        fi
        sleep 1
        local logs
        check "$name: charon has no IKE_SA established" bash -c "! grep -q 'IKE_SA rtx\[[0-9]*\] established' '$(swan_log swan)'"
        check "$name: SoftRTX show ipsec sa has no SA" bash -c "! '$SOFTRTX_BIN' console --socket '$CASE_DIR/rtx.sock' -c 'show ipsec sa' | grep -Eq 'isakmp|esp'"
        logs=$(rtx_console "show log")
        grep -i 'pre-shared key' <<<"$logs" | head -2 | sed 's/^/# /'
        # As responder SoftRTX cannot decrypt Main Mode 5 and says so; as initiator it never gets
        # message 6 (charon drops the undecryptable message 5), so it has nothing to say about it yet.
        if [[ $init == swan ]]; then
            check "$name: SoftRTX show log has a line about the pre-shared key" grep -qi 'pre-shared key' <<<"$logs"
        else
            check "$name: charon refuses SoftRTX's Main Mode 5 (wrong key)" \
                swan_has 'integrity check failed|invalid HASH|message parsing failed|INVALID_HASH|PAYLOAD_MALFORMED'
        fi
        check "$name: SoftRTX keeps running (process alive, console answers)" \
            bash -c "kill -0 $RTX_PID && '$SOFTRTX_BIN' console --socket '$CASE_DIR/rtx.sock' -c 'show ipsec sa' >/dev/null"
        capture_stop
        finish_case "$name" "$t0"
        return
    fi

    # Phase 1 and Quick Mode.
    check "$name: charon IKE_SA established" swan_wait_log swan 'IKE_SA rtx\[[0-9]+\] established' 15
    local qm_re
    if [[ $init == rtx ]]; then
        # charon as responder got QM3: it derives the keys and tries to install the SAs.
        qm_re='unable to install inbound and outbound IPsec SA|CHILD_SA l2tp\{[0-9]+\} established'
        check "$name: charon receives Quick Mode message 3 (QM3) and keys both ESP SAs" swan_wait_log swan "$qm_re" 15
    else
        qm_re='unable to install inbound and outbound IPsec SA|CHILD_SA l2tp\{[0-9]+\} established'
        check "$name: charon receives Quick Mode message 2 and keys both ESP SAs" swan_wait_log swan "$qm_re" 15
    fi
    echo "# Main Mode + Quick Mode: $(ike_ms "$qm_re") ms (charon's log: first Main Mode message to the end of Quick Mode)"
    if [[ $init == rtx ]] && ((keepsa)); then
        check "$name: SoftRTX show ipsec sa: isakmp and tra esp send/recv" \
            show_sa "isakmp.*$RTX_SEES" "tra\[[0-9]+\]esp +send.*$RTX_SEES" "tra\[[0-9]+\]esp +recv.*$RTX_SEES"
    elif [[ $init == rtx ]]; then
        # charon's DELETE (it names SoftRTX's inbound SPI) takes the pair away; SoftRTX negotiates a
        # new one only after its retry interval (10 s), not in a loop.
        swan_wait_log swan 'sending DELETE for ESP CHILD_SA' 5
        sleep 1
        check "$name: SoftRTX honours charon's DELETE (show log: IPsec SA deleted)" \
            bash -c "'$SOFTRTX_BIN' console --socket '$CASE_DIR/rtx.sock' -c 'show log' | grep -q 'IPsec SA deleted by $RTX_SEES'"
        check "$name: SoftRTX show ipsec sa: isakmp, no esp after the DELETE" show_sa "isakmp.*$RTX_SEES"
        check "$name: SoftRTX does not renegotiate at once (1 Quick Mode in 1 s)" qm_count_is 1
    else
        # charon never sends QM3 here (no kernel ESP): SoftRTX keeps its ISAKMP SA only.
        check "$name: SoftRTX show ipsec sa: isakmp" show_sa "isakmp.*$RTX_SEES"
        # ... and its NO-PROPOSAL-CHOSEN (instead of QM3) ends SoftRTX's Quick Mode: no QM2 resends.
        sleep 0.3
        check "$name: SoftRTX takes charon's NO-PROPOSAL-CHOSEN as the end of Quick Mode (show log)" \
            bash -c "'$SOFTRTX_BIN' console --socket '$CASE_DIR/rtx.sock' -c 'show log' | grep -q 'IPsec phase with $RTX_SEES refused by the peer'"
    fi
    if [[ $natt == on ]]; then
        check "$name: charon detects the NAT" swan_has 'host is behind NAT'
        check "$name: charon's Quick Mode carries NAT-OA (transport mode through a NAT)" \
            swan_has '(parsed|generating) QUICK_MODE (request|response) [0-9]+ \[ HASH SA No ID ID NAT-OA NAT-OA \]'
    fi
    sleep 0.3
    capture_stop
    swan_keys swan >"$CASE_DIR/swan-keys.txt" 2>&1
    check "$name: charon's phase 1 and ESP keys equal SoftRTX's keylog" keys_equal
    check "$name: tshark decrypts Main Mode 5/6 and Quick Mode with SoftRTX's key" tshark_decrypts
    if [[ $natt == on ]]; then
        check "$name: Main Mode 5/6 and Quick Mode on UDP 4500 with the non-ESP marker" floated
        check "$name: both sides' Quick Mode SA says UDP-Encapsulated-Transport (4)" encap_transport
    fi
    check "$name: SoftRTX still running" kill -0 "$RTX_PID"
    finish_case "$name" "$t0"
}

finish_case() {
    local name=$1 t0=$2
    if [[ -n $KEEP ]]; then
        rm -rf "${KEEP:?}/$name"
        cp -a "$CASE_DIR" "$KEEP/$name"
        rtx_console "show log" >"$KEEP/$name/rtx-show-log.txt" 2>&1
    fi
    cleanup
    echo "# $name: $((SECONDS - t0)) s"
}

declare -A CASES=(
    [rtx-init-3des]="direct rtx 3des-sha1-modp1024 keepsa"
    [swan-init-3des]="direct swan 3des-sha1-modp1024"
    [rtx-init-aes256]="direct rtx aes256-sha256-modp2048"
    [swan-init-aes256]="direct swan aes256-sha256-modp2048"
    [rtx-behind-nat]="rtx-nat rtx 3des-sha1-modp1024 natt keepsa"
    [swan-behind-nat]="swan-nat swan 3des-sha1-modp1024 natt"
    [wrong-psk]="direct swan 3des-sha1-modp1024 wrongpsk"
    [wrong-psk-rtx-init]="direct rtx 3des-sha1-modp1024 wrongpsk"
)
ORDER=(rtx-init-3des swan-init-3des rtx-init-aes256 swan-init-aes256 rtx-behind-nat swan-behind-nat wrong-psk wrong-psk-rtx-init)
(($#)) && ORDER=("$@")
START=$SECONDS
for c in "${ORDER[@]}"; do
    [[ -v "CASES[$c]" ]] || { echo "unknown case $c (known: ${ORDER[*]})" >&2; exit 2; }
    # shellcheck disable=SC2086
    run_case "$c" ${CASES[$c]}
done
echo "# all cases: $((SECONDS - START)) s"
echo "$passed passed, $failed failed"
((failed == 0))
