#!/usr/bin/env bash
# Hostile frames on the PPPoE client's cable: softrtx run (netns/pppoe-branch.conf) connected over
# PPPoE to rp-pppoe's pppoe-server and pppd inside User-Mode Linux (netns/uml-pppoe-ac.sh), as in
# netns/pppoe-oracle.sh, and an attacker on the same cable sending from the wire's bridge port rt0
# (frames sent there go straight to the router's lan2 without the bridge learning their MACs, so
# spoofing the AC's MAC does not steal the AC's traffic):
#
#   pc ─ lan1 [router: softrtx run] lan2 ─ rt0 [wire: br0] ac0 ─ [AC: UML pppd] ─ 10.65.0.2
#                                           ^ netns/pppoe_hostile.py
#
# Cases, one at a time, each a flood of HOSTILE_SECONDS (default 10) at thousands of frames a second
# (netns/pppoe_hostile.py, fixed seeds): pado (PADOs from thousands of fake ACs with random MACs and
# bad, oversized or truncated tags while the session is up), pado-discovery (the same while the router
# dials again after `disconnect pp 1` / `connect pp 1`, plus an attacker who answers each PADI at once
# with 20 offers echoing its Host-Uniq from fake ACs that never answer a PADR), padt (forged PADTs for
# other sessions, or for ours from other MACs), session (session frames with other session ids,
# lengths past the frame, truncated PPP, protocols nobody speaks), lcp-echo (an Echo-Request storm on
# the real session from the AC's MAC), lcp-conf (Configure-Requests asking for ever other options,
# contradicting Naks, Rejects and Acks of nothing asked, on the real session from the AC's MAC), ipcp
# (IPCP garbage on the real session).
#
# After each case: softrtx still runs; `show status pp 1` is Connected within a bounded time; the PC
# behind it pinged 10.65.0.2 through the flood (most replies; for the cases that renegotiate or redial,
# a figure) and pings it after (3 of 3); the case's drop counters in `show status drop` moved; every
# `LABEL: USED of LIMIT` line of `show status table` has USED <= LIMIT; and per case: the session id
# unchanged (no forged frame ends the session), echo replies and Protocol-Rejects within the router's
# reply budget, the AC it ends connected to is the UML one (AC-Name uml-ac), a fake AC that won the
# PADO race got one PADR only (its silence sends the client back to discovery). Prints "PASS ..." /
# "FAIL ...: why", figures (frames sent, RSS before/peak/after, CPU, pings), "N passed, M failed";
# exits 1 on any failure. Run as root.
#
# SOFTRTX_BIN: a built softrtx (default: a release build here, as netns/hostile.sh). SOFTRTX_NETNS_PREFIX:
# namespaces (default srtx-; the AC's are umlhx-). HOSTILE_CASES, HOSTILE_SECONDS as netns/hostile.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

P=${SOFTRTX_NETNS_PREFIX:-srtx-}
WORK=$(mktemp -d /tmp/softrtx-pppoe-hostile.XXXXXX)
# The AC's own prefix (another suite may run its AC at the same time).
export UML_AC_PREFIX=${UML_AC_PREFIX:-umlhx-}
# A release build, as a router runs (netns/hostile.sh says why).
BUILD_FLAGS="-c release"
AC_MAC=02:00:00:00:64:01   # the AC script's vec0
CASES=(${HOSTILE_CASES:-pado pado-discovery padt session lcp-echo lcp-conf ipcp})
SECONDS_PER_FLOOD=${HOSTILE_SECONDS:-10}

passed=0
failed=0
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

# --- namespaces, cables, the AC, the router (netns/pppoe-topology.sh, as netns/pppoe-oracle.sh) -----
source netns/pppoe-topology.sh
verify "setup: the AC starts (rp-pppoe + pppd in UML, PAP), bridged to the router's lan2" ac_up pap start
router_config "$PPPOE_PASSWORD"
if start_router; then verify "setup: softrtx run starts" true; else verify "setup: softrtx run starts" false; fi

# connected SECONDS: `show status pp 1` Connected to the UML AC (AC-Name uml-ac) within SECONDS;
# sets SESSION (the session id) and UP_AFTER (seconds it took).
SESSION=""
UP_AFTER=""
connected() {
    local t0=$SECONDS out
    until out=$(console "show status pp 1" 2>&1) && grep -q "Current PPPoE session status is Connected." <<<"$out"; do
        ((SECONDS - t0 < $1)) || { echo "not Connected in $1 s: $(grep -E 'status|cause' <<<"$out" | tr '\n' ' ')"; return 1; }
        sleep 0.5
    done
    UP_AFTER=$((SECONDS - t0))
    SESSION=$(sed -n 's/^PPPoE Session ID: \([0-9]*\),.*/\1/p' <<<"$out")
    grep -q "^Access Concentrator: uml-ac$" <<<"$out" || { echo "connected to $(grep Concentrator <<<"$out")"; return 1; }
}
connected 30 >"$WORK/why" 2>&1 && verify "setup: show status pp 1 Connected to uml-ac (session $SESSION)" true \
    || verify "setup: show status pp 1 Connected" fails "$(cat "$WORK/why")"

cat >"$WORK/udhcpc.script" <<'SCRIPT'
#!/bin/sh
case "$1" in
    deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/$mask" dev "$interface"
        [ -n "$router" ] && ip route replace default via "${router%% *}" dev "$interface" ;;
esac
exit 0
SCRIPT
chmod +x "$WORK/udhcpc.script"
lease() { in_ns pc busybox udhcpc -i eth0 -f -q -n -t 6 -T 2 -s "$WORK/udhcpc.script" >/dev/null 2>&1; }
verify "setup: the PC gets a lease from the router" lease
# pings_within SECONDS: the PC reaches 10.65.0.2 within SECONDS, then 3 of 3 replies.
pings_within() {
    local deadline=$((SECONDS + $1))
    until in_ns pc ping -c 1 -W 1 10.65.0.2 >/dev/null 2>&1; do
        ((SECONDS < deadline)) || { echo "no reply from 10.65.0.2 in $1 s"; return 1; }
    done
    in_ns pc ping -c 3 -W 2 10.65.0.2 >/dev/null || { echo "lost some of 3 pings after the first reply"; return 1; }
}
verify "setup: the PC pings 10.65.0.2 through the PPPoE session" pings_within 10
# The router's MAC on lan2 (softrtx's own, not the veth's): the source of its session frames.
(sleep 1; in_ns pc ping -c 3 -W 1 10.65.0.2 >/dev/null 2>&1) &
pinger=$!
ROUTER_MAC=$(timeout 10 ip netns exec "${P}wire" tcpdump -i rt0 -Q in -nn -e -c 1 'ether proto 0x8864' 2>/dev/null | awk '{ print $2 }')
wait $pinger || true
known_mac() { [[ $ROUTER_MAC =~ ^([0-9a-f]{2}:){5}[0-9a-f]{2}$ ]] || { echo "router's MAC: '$ROUTER_MAC'"; return 1; }; }
verify "setup: the router's MAC on lan2 seen on the cable ($ROUTER_MAC)" known_mac
((failed == 0)) || { tail -20 "$WORK/router.log"; echo "$passed passed, $failed failed"; exit 1; }

# --- figures and checks (as netns/hostile.sh) ----------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$ROUTER/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$ROUTER/stat" 2>/dev/null || echo 0; }
declare -A FIG_SENT=() FIG_RSS0=() FIG_PEAK=() FIG_RSS1=() FIG_CPU=() FIG_PING=() FIG_UP=()
fails() { echo "$*"; return 1; }
# drops FILE: `show status drop` as "reason count" lines, after a first line that keeps FILE from being
# empty (awk's FNR == NR would then take the second file for the first).
drops() { { echo "- 0"; console "show status drop" 2>/dev/null | awk 'NF == 2 && $2 ~ /^[0-9]+$/ { print $1, $2 }'; } >"$1"; }
# moved REGEX: a reason matching REGEX grew during the case.
moved() {
    local grew
    grew=$(awk -v re="$1" 'FNR == NR { before[$1] = $2; next } $1 ~ re && $2 > before[$1] + 0 { printf "%s +%d ", $1, $2 - before[$1] }' \
        "$WORK/before.drops" "$WORK/after.drops")
    [[ -n $grew ]] && return 0
    echo "no drop reason matching /$1/ grew; now: $(tr '\n' ' ' <"$WORK/after.drops")"
    return 1
}
table_bounded() {
    local out bad lines
    out=$(console "show status table" 2>&1) || true
    lines=$(grep -cE '^(.*): ([0-9]+) of ([0-9]+)' <<<"$out" || true)
    ((lines > 0)) || { echo "no 'LABEL: USED of LIMIT' line in: $(head -5 <<<"$out" | tr '\n' '|')"; return 1; }
    bad=$(sed -nE 's/^(.*): ([0-9]+) of ([0-9]+).*/\1 \2 \3/p' <<<"$out" | awk '$(NF-1) > $NF')
    [[ -z $bad ]] || { echo "over the limit: $(tr '\n' ';' <<<"$bad")"; return 1; }
}
alive() { kill -0 "$ROUTER" 2>/dev/null || { echo "softrtx (pid $ROUTER) is gone: $(tail -3 "$WORK/router.log" | tr '\n' ' ')"; return 1; }; }
pinged_through() {
    local sent got
    sent=$(grep -oE 'icmp_seq=[0-9]+' "$WORK/ping.$1" | sort -u | wc -l)
    got=$(grep -c 'bytes from' "$WORK/ping.$1" || true)
    ((sent >= 10)) || { echo "only $sent pings went out"; return 1; }
    ((got * 10 >= (sent - 1) * 8)) || { echo "$got of $sent replies (under 80%)"; return 1; }
}
same_session() { [[ $SESSION == "$1" ]] || { echo "session $1 before, $SESSION after: the flood ended the session"; return 1; }; }
log_count() { grep -cF "$1" "$WORK/router.log" || true; }
# router_sent FILTER: frames the router sent on lan2 during the last flood that match the tcpdump FILTER.
router_sent() { tcpdump -r "$WORK/out.$CASE.pcap" -nn "$1" 2>/dev/null | wc -l; }
# within_budget WHAT FILTER: at most 10 a second (the client's reply budget) over the flood, plus slack.
within_budget() {
    local n limit=$((10 * (FLOOD_SECS + 1) + 10))
    n=$(router_sent "$2")
    ((n <= limit)) || { echo "$n $1 in $FLOOD_SECS s (more than $limit)"; return 1; }
}

# flood CASE COUNT [VAR=VALUE...]: pppoe_hostile.py CASE on rt0 while the PC pings 10.65.0.2, the
# router's RSS is sampled and its frames on lan2 are captured; figures to FIG_*. BETWEEN (a command),
# if set, runs 2 s into the flood.
flood() {
    CASE=$1
    local count=$2 sampler pinger capture out started=$SECONDS cpu0 gen
    shift 2
    drops "$WORK/before.drops"
    FIG_RSS0[$CASE]=$(rss_kb)
    cpu0=$(cpu_ticks)
    (while kill -0 "$ROUTER" 2>/dev/null; do rss_kb; sleep 0.1; done) >"$WORK/rss.$CASE" &
    sampler=$!
    exec ip netns exec "${P}wire" tcpdump -i rt0 -nn -Q in -U -w "$WORK/out.$CASE.pcap" "ether src $ROUTER_MAC" 2>/dev/null &
    capture=$!
    exec ip netns exec "${P}pc" ping -i 0.2 -W 1 -O 10.65.0.2 >"$WORK/ping.$CASE" 2>&1 &
    pinger=$!
    sleep 0.5
    ip netns exec "${P}wire" env IFACE=rt0 ROUTER_MAC="$ROUTER_MAC" AC_MAC=$AC_MAC SESSION_ID="$SESSION" "$@" \
        timeout $((SECONDS_PER_FLOOD * 3 + 30)) python3 netns/pppoe_hostile.py "$CASE" "$count" "$SECONDS_PER_FLOOD" \
        >"$WORK/gen.$CASE" 2>"$WORK/gen.$CASE.err" &
    gen=$!
    if [[ -n ${BETWEEN:-} ]]; then
        until grep -q '^built' "$WORK/gen.$CASE.err" 2>/dev/null || ! kill -0 $gen 2>/dev/null; do sleep 0.1; done
        sleep 2
        $BETWEEN
    fi
    wait $gen || true
    FLOOD_SECS=$((SECONDS - started))
    sleep 1
    kill -TERM $pinger $capture 2>/dev/null || true
    wait $pinger $capture 2>/dev/null || true
    FIG_PING[$CASE]="$(grep -c 'bytes from' "$WORK/ping.$CASE" || true)/$(grep -oE 'icmp_seq=[0-9]+' "$WORK/ping.$CASE" | sort -u | wc -l)"
    FIG_SENT[$CASE]=$(sed -n 's/^sent //p' "$WORK/gen.$CASE")
    [[ -n ${FIG_SENT[$CASE]} ]] || { FIG_SENT[$CASE]=0; tail -5 "$WORK/gen.$CASE.err" | sed 's/^/# pppoe_hostile.py: /'; }
    grep -v '^built' "$WORK/gen.$CASE.err" | sed 's/^/# /' | tail -3 || true
    FIG_CPU[$CASE]=$(( $(cpu_ticks) - cpu0 ))
    FIG_PEAK[$CASE]=$(sort -n "$WORK/rss.$CASE" | tail -1)
    kill $sampler 2>/dev/null || true
    wait $sampler 2>/dev/null || true
}
# after CASE LIMIT: the checks every case ends with; Connected within LIMIT s of the flood's end.
after() {
    local name=$1 limit=$2
    verify "$name: softrtx still runs" alive
    if connected "$limit" >"$WORK/why" 2>&1; then
        verify "$name: show status pp 1 Connected to uml-ac within $limit s of the flood's end (${UP_AFTER} s)" true
    else
        verify "$name: show status pp 1 Connected to uml-ac within $limit s of the flood's end" fails "$(cat "$WORK/why")"
    fi
    FIG_UP[$name]=${UP_AFTER:--}
    verify "$name: the PC pings 10.65.0.2 after the flood" pings_within 20
    verify "$name: show status table: every USED <= LIMIT" table_bounded
    FIG_RSS1[$name]=$(rss_kb)
    drops "$WORK/after.drops"
    echo "# $name: drops that grew: $(awk 'FNR == NR { b[$1] = $2; next } $2 > b[$1] + 0 { printf "%s +%d, ", $1, $2 - b[$1] }' \
        "$WORK/before.drops" "$WORK/after.drops")"
}

PROTREJ='ether proto 0x8864 and ether[20:2] == 0xc021 and ether[22] == 8'
ECHOREP='ether proto 0x8864 and ether[20:2] == 0xc021 and ether[22] == 10'
# --- the cases -----------------------------------------------------------------------------------------
redial() { console "disconnect pp 1" >/dev/null; sleep 1; console "connect pp 1" >/dev/null; }
for name in "${CASES[@]}"; do
    echo "# --- $name"
    before=$SESSION
    downs=$(log_count "PPPOE[01] Disconnected")
    case $name in
        pado)
            flood pado 40000
            verify "pado: the PC pinged 10.65.0.2 through the flood (>= 80% of replies)" pinged_through pado
            after pado 20
            verify "pado: the session (id $before) survived the offers" same_session "$before"
            verify "pado: offers outside discovery refused (pppoe-unexpected grew)" moved '^pppoe-unexpected$'
            verify "pado: malformed offers refused (pppoe-bad-tag, -bad-length, -truncated, -bad-version, -bad-code grew)" \
                moved '^pppoe-(bad-tag|bad-length|truncated|bad-version|bad-code)$'
            ;;
        pado-discovery)
            BETWEEN=redial flood pado-discovery 40000 SNIFF=1
            BETWEEN=""
            # Which ACs the router asked for a session: the PADRs' destinations.
            tcpdump -r "$WORK/out.$CASE.pcap" -nn -e 'ether proto 0x8863 and ether[15] == 0x19' 2>/dev/null |
                awk '{ print $4 }' | tr -d , | sort | uniq -c >"$WORK/padr.dst"
            echo "# pado-discovery: PADRs sent during the flood, by destination: $(awk '{ printf "%s x%s, ", $2, $1 }' "$WORK/padr.dst")"
            after pado-discovery 30
            # A fake AC that wins the race gets one PADR: its silence sends the client back to discovery.
            one_padr_each() {
                local worst
                worst=$(awk -v ac="$AC_MAC" '$2 != ac && $1 > m { m = $1 } END { print m + 0 }' "$WORK/padr.dst")
                ((worst <= 1)) || { echo "a fake AC got $worst PADRs"; return 1; }
            }
            verify "pado-discovery: no fake AC got more than one PADR" one_padr_each
            verify "pado-discovery: offers after the chosen one refused (pppoe-extra-offer grew)" moved '^pppoe-extra-offer$'
            verify "pado-discovery: offers for another Host-Uniq or outside discovery refused (pppoe-wrong-host-uniq or pppoe-unexpected grew)" \
                moved '^pppoe-(wrong-host-uniq|unexpected)$'
            verify "pado-discovery: malformed offers refused (pppoe-bad-tag grew)" moved '^pppoe-bad-tag$'
            ;;
        padt)
            flood padt 40000
            verify "padt: the PC pinged 10.65.0.2 through the flood (>= 80% of replies)" pinged_through padt
            after padt 20
            verify "padt: the session (id $before) survived the forged PADTs" same_session "$before"
            no_new_down() { (($(log_count "PPPOE[01] Disconnected") == downs)) || { echo "a new PPPOE[01] Disconnected line"; return 1; }; }
            verify "padt: no PPPOE[01] Disconnected logged" no_new_down
            verify "padt: forged PADTs refused (pppoe-wrong-session grew)" moved '^pppoe-wrong-session$'
            ;;
        session)
            flood session 40000
            verify "session: the PC pinged 10.65.0.2 through the flood (>= 80% of replies)" pinged_through session
            echo "# session: the router sent $(router_sent "$PROTREJ") LCP Protocol-Rejects during the flood"
            verify "session: LCP Protocol-Rejects within the reply budget (10/s)" within_budget "Protocol-Rejects" \
                'ether proto 0x8864 and ether[20:2] == 0xc021 and ether[22] == 8'
            after session 20
            verify "session: the session (id $before) survived" same_session "$before"
            verify "session: other sessions and other MACs refused (pppoe-wrong-session grew)" moved '^pppoe-wrong-session$'
            verify "session: lengths past the frame refused (pppoe-bad-length grew)" moved '^pppoe-bad-length$'
            verify "session: truncated frames refused (pppoe-truncated grew)" moved '^pppoe-truncated$'
            verify "session: unknown protocols counted (ppp-unknown-protocol grew)" moved '^ppp-unknown-protocol$'
            verify "session: Protocol-Rejects beyond the budget (ppp-reject-rate-limited grew)" moved '^ppp-reject-rate-limited$'
            ;;
        lcp-echo)
            flood lcp-echo 40000
            verify "lcp-echo: the PC pinged 10.65.0.2 through the storm (>= 80% of replies)" pinged_through lcp-echo
            echo "# lcp-echo: the router sent $(router_sent "$ECHOREP") LCP Echo-Replies during the storm"
            verify "lcp-echo: Echo-Replies within the reply budget (10/s)" within_budget "Echo-Replies" \
                'ether proto 0x8864 and ether[20:2] == 0xc021 and ether[22] == 10'
            replied() { (($(router_sent 'ether proto 0x8864 and ether[20:2] == 0xc021 and ether[22] == 10') > 0)) || { echo "no Echo-Reply at all"; return 1; }; }
            verify "lcp-echo: the storm's echoes still answered (some Echo-Replies)" replied
            after lcp-echo 20
            verify "lcp-echo: the session (id $before) survived" same_session "$before"
            verify "lcp-echo: echoes beyond the budget dropped (ppp-echo-rate-limited grew)" moved '^ppp-echo-rate-limited$'
            ;;
        lcp-conf)
            ups=$(log_count "PP[01] PPP/IPCP up")
            flood lcp-conf 20000
            echo "# lcp-conf: the PC's pings through the flood: ${FIG_PING[$CASE]} (a forged Configure-Request renegotiates the link)"
            after lcp-conf 60
            echo "# lcp-conf: IPCP came up $(( $(log_count "PP[01] PPP/IPCP up") - ups )) times since the flood began, $(( $(log_count "PPPOE[01] Disconnected") - downs )) disconnects"
            # No endless negotiation: 10 s after coming back, the router sends no more Configure-Requests.
            quiet() {
                local n
                n=$(timeout 10 ip netns exec "${P}wire" tcpdump -i rt0 -nn -Q in -c 100 "ether src $ROUTER_MAC and ether proto 0x8864 and ether[20:2] == 0xc021 and ether[22] == 1" 2>/dev/null | wc -l) || true
                ((n <= 1)) || { echo "$n LCP Configure-Requests in the 10 s after"; return 1; }
            }
            verify "lcp-conf: no LCP negotiation loop (no Configure-Request in the 10 s after)" quiet
            verify "lcp-conf: Naks, Acks and Rejects of nothing asked refused (ppp-unexpected-reply, ppp-bad-reject or ppp-bad-ack grew)" \
                moved '^ppp-(unexpected-reply|bad-reject|bad-ack)$'
            ;;
        ipcp)
            ups=$(log_count "PP[01] PPP/IPCP up")
            flood ipcp 40000
            verify "ipcp: the PC pinged 10.65.0.2 through the flood (>= 80% of replies)" pinged_through ipcp
            after ipcp 20
            verify "ipcp: the session (id $before) survived" same_session "$before"
            same_ipcp() { (($(log_count "PP[01] PPP/IPCP up") == ups)) || { echo "IPCP came up again"; return 1; }; }
            verify "ipcp: IPCP not renegotiated by garbage" same_ipcp
            verify "ipcp: malformed IPCP refused (ppp-truncated, ppp-bad-length or ppp-bad-option grew)" \
                moved '^ppp-(truncated|bad-length|bad-option)$'
            verify "ipcp: replies to nothing asked refused (ppp-unexpected-reply grew)" moved '^ppp-unexpected-reply$'
            ;;
        *) echo "unknown case $name" >&2; exit 2 ;;
    esac
done

# --- figures: not checks -------------------------------------------------------------------------------
echo "# figures (RSS in MB; CPU: user + system seconds during the flood of ${SECONDS_PER_FLOOD} s; up: s to Connected after it)"
printf '# %-15s %8s %8s %8s %8s %8s %8s %5s\n' case sent RSS0 peak after "CPU s" pings up
mb() { awk -v k="${1:-0}" 'BEGIN { printf "%.1f", k / 1024 }'; }
for name in "${CASES[@]}"; do
    printf '# %-15s %8s %8s %8s %8s %8s %8s %5s\n' "$name" "${FIG_SENT[$name]:-0}" "$(mb "${FIG_RSS0[$name]:-0}")" \
        "$(mb "${FIG_PEAK[$name]:-0}")" "$(mb "${FIG_RSS1[$name]:-0}")" \
        "$(awk -v t="${FIG_CPU[$name]:-0}" -v h="$CLK_TCK" 'BEGIN { printf "%.2f", t / h }')" "${FIG_PING[$name]:-}" "${FIG_UP[$name]:-}"
done
echo "# show status drop:"
console "show status drop" 2>&1 | sed 's/^/#   /'
if ((failed)); then echo "--- router log (PP lines, last 40)"; grep -E 'PPPOE|PP\[' "$WORK/router.log" | tail -40 | sed 's/^/# /'; fi
echo "$passed passed, $failed failed"
((failed == 0))
