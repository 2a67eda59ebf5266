#!/usr/bin/env bash
# The DNS recursive server of softrtx run against independent implementations: dig (Debian
# bind9-dnsutils) as the client, dnsmasq (Debian dnsmasq-base) as the upstream server, tshark
# reading both sides, and a scapy flood of truncated and garbage queries that must not stop answers.
#
#   pc (dig, scapy) ─ lan1 [router: softrtx run] lan2 (masquerade) ─ up (dnsmasq)
#
# Checks (TAP-style "ok - ..." lines, then "N passed, M failed"; exits 1 on any failure):
# dig through the router gets dnsmasq's records; a second lookup is the cache's (dnsmasq's query log
# holds one query); a `dns static` name and a private PTR (spoof) never reach dnsmasq; NXDOMAIN and
# AAAA pass through; EDNS and plain queries both work; dig +tcp (one query, two on one connection); the flood is counted under dns-* drop reasons
# while dig keeps getting answers, and after it every `show status table` line is within its limit;
# tshark finds no malformed DNS on either side and every upstream query leaves from 203.0.113.1.
#
# SOFTRTX_BIN: a built softrtx (default: `swift build -c release` here). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
source netns/checks.sh

P=${SOFTRTX_NETNS_PREFIX:-srtd-}
WORK=$(mktemp -d /tmp/softrtx-dns.XXXXXX)
CREATED=()
ROUTER=""
cleanup() {
    [[ -n $ROUTER ]] && { kill -TERM "$ROUTER" 2>/dev/null || true; wait "$ROUTER" 2>/dev/null || true; }
    local ns pid
    for ns in "${CREATED[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns delete "$ns" 2>/dev/null || true
    done
    [[ -n ${KEEP_WORK:-} ]] || rm -rf "$WORK"
}
trap cleanup EXIT

# A release build, as a router runs (and as netns/hostile.sh builds it): in a debug build the flood
# alone would keep dig's queries waiting, which would measure the build rather than the router.
if [[ -z ${SOFTRTX_BIN:-} ]]; then
    swift build -c release --product softrtx >/dev/null
    SOFTRTX_BIN=$(swift build -c release --show-bin-path)/softrtx
fi
for tool in dig dnsmasq tshark tcpdump; do command -v $tool >/dev/null || { echo "dns-oracle: $tool is missing"; exit 1; }; done
python3 -c 'import scapy' 2>/dev/null || python3 -m pip install -q scapy

in_ns() { local ns=$1; shift; ip netns exec "$P$ns" "$@"; }
console() { "$SOFTRTX_BIN" console --socket "$WORK/router.sock" -c "$1"; }

for ns in pc router up; do ip netns add "$P$ns"; CREATED+=("$P$ns"); in_ns $ns ip link set lo up; done
ip link add pc0 netns "${P}pc" type veth peer name lan1 netns "${P}router"
ip link add lan2 netns "${P}router" type veth peer name up0 netns "${P}up"
in_ns router ip link set lan1 up
in_ns router ip link set lan2 up
in_ns pc ip addr add 192.168.100.2/24 dev pc0
in_ns pc ip link set pc0 up
in_ns pc ip route add default via 192.168.100.1
in_ns up ip addr add 203.0.113.53/24 dev up0
in_ns up ip link set up0 up
in_ns up ip route add default via 203.0.113.1

cat > "$WORK/router.conf" <<CONF
ip lan1 address 192.168.100.1/24
ip lan2 address 203.0.113.1/24
ip lan2 nat descriptor 1
nat descriptor type 1 masquerade
dns host lan1
dns server 203.0.113.53
dns static a printer.home.example 192.168.100.20 ttl=600
dns private address spoof on
CONF

# dnsmasq: names of its own only (no upstream), answered with TTL 300; unknown names in example.com
# get NXDOMAIN; every query is logged.
in_ns up dnsmasq --keep-in-foreground --no-resolv --no-hosts --bind-interfaces --listen-address=203.0.113.53 \
    --local-ttl=300 --local=/example.com/ --host-record=www.example.com,203.0.113.80,2001:db8::80 \
    --host-record=other.example.com,203.0.113.81 --host-record=tcp.example.com,203.0.113.82 --log-queries --log-facility="$WORK/dnsmasq.log" --pid-file="$WORK/dnsmasq.pid" &
in_ns up tcpdump -i up0 -U -w "$WORK/upstream.pcap" port 53 2>/dev/null &
in_ns pc tcpdump -i pc0 -U -w "$WORK/pc.pcap" port 53 2>/dev/null &

exec ip netns exec "${P}router" "$SOFTRTX_BIN" run --config "$WORK/router.conf" --port lan1=lan1 --port lan2=lan2 \
    --socket "$WORK/router.sock" --seed 53 >>"$WORK/router.log" 2>&1 &
ROUTER=$!
for _ in $(seq 50); do console "show ip route" >/dev/null 2>&1 && break; sleep 0.2; done
sleep 1

dig_at() { in_ns pc dig @192.168.100.1 +time=2 +tries=2 "$@"; }
upstream_queries() { grep -c "query\[$1\] $2 from" "$WORK/dnsmasq.log" || true; }

check "dig through the router gets dnsmasq's A record" test "$(dig_at +short www.example.com)" = 203.0.113.80
check "a second lookup is answered from the cache" test "$(dig_at +short www.example.com)" = 203.0.113.80
check "dnsmasq saw one query for the two lookups" test "$(upstream_queries A www.example.com)" = 1
check "the AAAA record passes through" test "$(dig_at +short www.example.com AAAA)" = 2001:db8::80
check "NXDOMAIN passes through" bash -c "ip netns exec ${P}pc dig @192.168.100.1 nothere.example.com | grep -q 'status: NXDOMAIN'"
check "a dns static name is answered by the router" test "$(dig_at +short printer.home.example)" = 192.168.100.20
check "a private PTR is answered NXDOMAIN by the router" bash -c "ip netns exec ${P}pc dig @192.168.100.1 -x 192.168.100.30 | grep -q 'status: NXDOMAIN'"
check "neither reached dnsmasq" test "$(grep -cE 'printer.home.example|30.100.168.192' "$WORK/dnsmasq.log" || true)" = 0
check "a query without EDNS" test "$(dig_at +noedns +short other.example.com)" = 203.0.113.81
check "a query with a 1232-byte EDNS buffer" test "$(dig_at +bufsize=1232 +short other.example.com)" = 203.0.113.81
check "dig +tcp: a cached name over TCP" test "$(dig_at +tcp +short www.example.com)" = 203.0.113.80
check "dig +tcp: a name forwarded upstream over TCP" test "$(dig_at +tcp +short tcp.example.com)" = 203.0.113.82
check "dig +tcp: a static name over TCP" test "$(dig_at +tcp +short printer.home.example)" = 192.168.100.20
check "dig +tcp: NXDOMAIN over TCP" bash -c "ip netns exec ${P}pc dig @192.168.100.1 +tcp nothere2.example.com | grep -q 'status: NXDOMAIN'"
check "dig +tcp +keepopen: two queries on one connection" \
    test "$(dig_at +tcp +keepopen +short www.example.com other.example.com | tr '\n' ' ')" = "203.0.113.80 203.0.113.81 "

# The flood: truncated, garbage and hostile DNS to the router's port 53 for 5 s, with two digs every
# half second beside it: a cached name, and a name not yet asked, which goes upstream.
in_ns pc python3 netns/dns-flood.py 192.168.100.1 5 > "$WORK/flood.txt" 2>&1 &
FLOOD=$!
answered=0
for n in $(seq 10); do
    if [[ $(dig_at +short www.example.com) == 203.0.113.80 ]] && dig_at "x$n.example.com" | grep -q 'status: NXDOMAIN'; then
        answered=$((answered + 1))
    fi
    sleep 0.5
done
wait $FLOOD || true
echo "# flood: $(cat "$WORK/flood.txt"); dig answered $answered of 10 during it"
check "dig was answered during the flood (8 of 10 rounds)" test $answered -ge 8
check "dig is answered after the flood" test "$(dig_at +short other.example.com)" = 203.0.113.81
drops=$(console "show status drop")
echo "$drops" | grep -E "dns-" | sed 's/^/# /'
check "the flood was counted as malformed DNS" bash -c "grep -qE 'dns-(truncated|bad-pointer|bad-label|bad-rdata)' <<<'$drops'"
tables=$(console "show status table")
within() {
    local line used limit
    while read -r line; do
        [[ $line =~ :\ ([0-9]+)\ of\ ([0-9]+) ]] || continue
        used=${BASH_REMATCH[1]}; limit=${BASH_REMATCH[2]}
        (( used <= limit )) || { echo "over: $line"; return 1; }
    done <<<"$tables"
}
check "every table within its limit after the flood" within
echo "$tables" | grep DNS | sed 's/^/# /'
console "show status dns" | sed 's/^/# /'

sleep 1
kill -INT $(ip netns pids "${P}up" 2>/dev/null; ip netns pids "${P}pc" 2>/dev/null) 2>/dev/null || true
sleep 0.5
# Only the router's packets: the flood's garbage on the pc side is malformed on purpose, and dnsmasq's
# own answers are captured before the veth fills in their checksums.
for side in upstream:203.0.113.1 pc:192.168.100.1; do
    bad=$(tshark -r "$WORK/${side%%:*}.pcap" -o udp.check_checksum:TRUE \
          -Y "ip.src == ${side#*:} && (_ws.malformed || _ws.expert.severity == error)" -T fields -e frame.number 2>/dev/null | wc -l)
    check "tshark: no malformed DNS and no bad checksum from the router (${side%%:*} side)" test "$bad" = 0
done
sources=$(tshark -r "$WORK/upstream.pcap" -Y "dns.flags.response == 0" -T fields -e ip.src 2>/dev/null | sort -u | tr '\n' ' ')
check "every upstream query left from 203.0.113.1 ($sources)" test "$sources" = "203.0.113.1 "
answers=$(tshark -r "$WORK/pc.pcap" -Y "ip.src == 192.168.100.1 && dns.flags.response == 1" -T fields -e frame.number 2>/dev/null | wc -l)
echo "# the router sent $answers DNS answers to pc"

echo "$passed passed, $failed failed"
(( failed == 0 ))
