#!/usr/bin/env bash
# A PPPoE access concentrator that no one here wrote: rp-pppoe's pppoe-server and pppd, inside a
# User-Mode Linux kernel (Debian's user-mode-linux), because the host kernel has no PPP and the UML
# kernel has ppp_generic, pppoe and ppp_async as modules. UML boots on the host's own root
# filesystem through hostfs, read-only; only the state folder is mounted writable inside it.
#
#   [CLIENT_NS] CLIENT_IF ─veth─ ac-client [UML_NS: UML vec0 = pppoe-server, vec1] ac-up ─veth─ eth0 [UPSTREAM_NS]
#        the PPPoE client        10.64.0.1 (PPP local), pool 10.64.0.10-20       10.65.0.1      10.65.0.2
#
# UML's NICs are its vector driver on raw sockets bound to the veth ends in UML_NS; UML routes the
# PPP sessions' traffic to the upstream host 10.65.0.2, which routes 10.64.0.0/24 back through it.
#
#   uml-pppoe-ac.sh install   apt-get installs what it needs (UML_AC_PACKAGES below)
#   uml-pppoe-ac.sh start     namespaces, veths, boots UML, waits until pppoe-server runs
#   uml-pppoe-ac.sh stop      kills UML, removes what start made (and only that)
#   uml-pppoe-ac.sh restart   stop, then start (to switch AUTH)
#   uml-pppoe-ac.sh status    exits 0 while pppoe-server runs
#   uml-pppoe-ac.sh log       pppd's log (then pppoe-server's syslog lines with `log all`)
#   uml-pppoe-ac.sh pppd-client   a second UML on CLIENT_IF runs pppd as the PPPoE client once:
#                             login, ping 10.65.0.2 through the session, hang up; exits 0 on a reply
#
# Environment (read by start; stop reads what start recorded):
#   AUTH             pap (default) or chap (CHAP with MD5)
#   PPPOE_USER       the client's name (default softrtx)   [not USER: a shell sets USER to its login]
#   PPPOE_PASSWORD   its secret (default softrtx-secret)
#   CLIENT_NS        namespace of the client's interface (default ${UML_AC_PREFIX}client); if it
#                    exists already it is used and left in place by stop; empty: the root namespace
#   CLIENT_IF        the client's interface, a veth end (default wan0)
#   UML_AC_PREFIX    prefix of the namespaces this script makes (default umlac-)
#   UML_AC_STATE     state folder, shared with UML (default /tmp/uml-pppoe-ac)
#   AC_NAME          AC-Name and pppd's CHAP name (default uml-ac)
#   MRU              the MRU (and MTU) pppd asks for (default 1454)
#   LCP_ECHO_INTERVAL  seconds between pppd's LCP Echo-Requests (default 10; 3 unanswered drop the link)
#   PPPD_EXTRA       more pppd options, one per line (default none)
set -euo pipefail

UML_AC_PACKAGES=(user-mode-linux ppp pppoe kmod busybox iproute2)

P=${UML_AC_PREFIX:-umlac-}
STATE=${UML_AC_STATE:-/tmp/uml-pppoe-ac}
UML_NS=${P}ac
UPSTREAM_NS=${P}upstream
MRU=${MRU:-1454}
AC_MAC=02:00:00:00:64:01
UPLINK_MAC=02:00:00:00:65:01

uml_install() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${UML_AC_PACKAGES[@]}" >/dev/null
}

die() { echo "uml-pppoe-ac: $*" >&2; exit 1; }

# stop removes the state folder whole: it must be one of this script's own.
[[ $STATE == /?*/?* && $STATE != *..* ]] || die "UML_AC_STATE must be an absolute folder path below /, not '$STATE'"

need_tools() {
    local missing=()
    command -v linux.uml >/dev/null || missing+=(user-mode-linux)
    command -v pppoe-server >/dev/null || missing+=(pppoe)
    command -v pppd >/dev/null || missing+=(ppp)
    command -v modprobe >/dev/null || missing+=(kmod)
    command -v busybox >/dev/null || missing+=(busybox)
    ((${#missing[@]} == 0)) || die "missing ${missing[*]}: run '$0 install' first"
}

uml_version() {
    local dirs=(/usr/lib/uml/modules/*/)
    [[ -d ${dirs[0]} ]] || die "no UML modules under /usr/lib/uml/modules"
    basename "${dirs[0]}"
}

ns_exists() { ip netns list | awk '{print $1}' | grep -qxF "$1"; }

uml_pid() { [[ -s $STATE/uml.pid ]] && cat "$STATE/uml.pid"; }

running() { [[ -r /proc/$1/stat && $(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) != Z ]]; }

# A UML kernel of this run: running, and started with a uml_dir under $STATE (a pid that was reused
# since is not ours). Right after `&` the child may not have exec'd yet: wait on `running` then.
is_our_uml() {
    local pid=$1
    running "$pid" || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "uml_dir=$STATE/"
}

uml_alive() {
    local pid
    pid=$(uml_pid) || return 1
    is_our_uml "$pid"
}

ready() { uml_alive && [[ -f $STATE/ready ]]; }

# Ends a UML kernel and everything in it. UML's own processes are host processes that it traces;
# SIGKILL on the kernel alone would set them free to run untraced, on the host's kernel and files
# (seen here: the guest's `halt` wrote the host's wtmp). SIGTERM makes UML kill them, then exit.
uml_kill() {
    local pid=$1 tries=0 child
    is_our_uml "$pid" || return 0
    kill -TERM "$pid"
    while is_our_uml "$pid" && ((tries++ < 50)); do sleep 0.1; done
    is_our_uml "$pid" || return 0
    # Stuck: a stopped tracer still holds its tracees at their next system call; kill them first.
    kill -STOP "$pid"
    for child in $(ps -o pid= --ppid "$pid"); do kill -KILL "$child" 2>/dev/null || true; done
    kill -KILL "$pid"
}

# --- stop: only what start recorded in $STATE/created ---------------------------------------
stop() {
    local pid ns
    [[ -e $STATE ]] || return 0
    [[ -f $STATE/created ]] || die "$STATE has no 'created' list: not a state folder of this script, not touching it"
    if pid=$(cat "$STATE/pppd-client/uml.pid" 2>/dev/null); then uml_kill "$pid"; fi
    if pid=$(uml_pid); then uml_kill "$pid"; fi
    # Deleting a veth end removes its peer at once (a deleted namespace takes its links with it only
    # later, in the kernel's own time): the client's end is gone when stop returns.
    if grep -qxF "$UML_NS" "$STATE/created" 2>/dev/null; then
        ip -n "$UML_NS" link delete ac-client 2>/dev/null || true
        ip -n "$UML_NS" link delete ac-up 2>/dev/null || true
    fi
    if [[ -f $STATE/created ]]; then
        while read -r ns; do
            # Nothing should be left in a namespace this script made once UML is gone: if something
            # is, it is a UML helper of this run.
            for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
            ip netns delete "$ns" 2>/dev/null || true   # takes its veth ends, and their peers, with it
        done < "$STATE/created"
    fi
    # A client namespace that was not ours keeps only what was there.
    rm -rf "$STATE"
}

# --- start -------------------------------------------------------------------------------------
write_config() {
    local auth=$1 user=$2 password=$3
    mkdir -p "$STATE/etc-ppp" "$STATE/modroot/lib/modules"
    # modprobe -d ROOT reads ROOT/lib/modules/VERSION: the package's modules, without writing to /lib.
    ln -sfn "/usr/lib/uml/modules/$(uml_version)" "$STATE/modroot/lib/modules/$(uml_version)"
    # Bind-mounted on /etc/ppp inside UML only: pppd reads its secrets from fixed paths.
    : > "$STATE/etc-ppp/options"
    : > "$STATE/etc-ppp/pap-secrets"
    : > "$STATE/etc-ppp/chap-secrets"
    case $auth in
        pap)  printf '"%s" * "%s" *\n' "$user" "$password" > "$STATE/etc-ppp/pap-secrets" ;;
        chap) printf '"%s" * "%s" *\n' "$user" "$password" > "$STATE/etc-ppp/chap-secrets" ;;
        *) die "AUTH must be pap or chap, not '$auth'" ;;
    esac
    chmod 600 "$STATE/etc-ppp/"*-secrets
    {
        echo "name ${AC_NAME:-uml-ac}"
        echo "require-$auth"
        echo "ms-dns 10.64.0.53"
        echo "mru $MRU"
        echo "mtu $MRU"
        echo "lcp-echo-interval ${LCP_ECHO_INTERVAL:-10}"
        echo "lcp-echo-failure 3"
        # The session is plain IPv4: no compression, no IPv6CP.
        echo "novj"
        echo "noccp"
        echo "noipv6"
        echo "nodefaultroute"
        echo "debug"
        echo "logfile $STATE/pppd.log"
        [[ -z ${PPPD_EXTRA:-} ]] || printf '%s\n' "$PPPD_EXTRA"
    } > "$STATE/pppoe-server-options"
    cat > "$STATE/config" <<EOF
STATE=$STATE
AC_NAME=${AC_NAME:-uml-ac}
EOF
    # pppoe-server puts "mru 1492 mtu 1492" on pppd's command line, which outranks the options file:
    # pppd runs through this wrapper (pppoe-server -q), which swaps in MRU and keeps the command line.
    cat > "$STATE/pppd" <<EOF
#!/bin/sh
prev=
for a in "\$@"; do
    shift
    case \$prev in mru|mtu) a=$MRU ;; esac
    set -- "\$@" "\$a"
    prev=\$a
done
echo "pppd \$*" >> "$STATE/pppd-args"
exec /usr/sbin/pppd "\$@"
EOF
    chmod +x "$STATE/pppd"
    write_init
}

# PID 1 inside UML. The root filesystem is the host's, read-only; $STATE is mounted writable.
write_init() {
    cat > "$STATE/init.sh" <<'EOF'
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
. "${0%/init.sh}/config"
fail() { echo "init: $*" > "$STATE/failed"; echo "init: $*"; busybox poweroff -f; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t hostfs -o "$STATE" hostfs "$STATE" || fail "cannot mount $STATE writable"
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/lock /dev/pts
mount -t devpts -o ptmxmode=0666 devpts /dev/pts
mount --bind "$STATE/etc-ppp" /etc/ppp || fail "cannot bind /etc/ppp"
modprobe -d "$STATE/modroot" -a pppoe ppp_async || fail "modprobe pppoe ppp_async failed"
[ -c /dev/ppp ] || mknod /dev/ppp c 108 0
hostname uml-ac
ip link set lo up
ip link set vec0 up
ip link set vec1 up
ip addr add 10.65.0.1/24 dev vec1
echo 1 > /proc/sys/net/ipv4/ip_forward
busybox syslogd -n -O "$STATE/syslog.log" &
pppoe-server -F -I vec0 -C "$AC_NAME" -L 10.64.0.1 -R 10.64.0.10 -N 11 \
    -q "$STATE/pppd" -O "$STATE/pppoe-server-options" -X "$STATE/pppoe-server.pid" &
server=$!
# Ready when pppoe-server has its discovery socket (ETH_P_PPP_DISC, 8863 in /proc/net/packet).
tries=0
until grep -q ' 8863 ' /proc/net/packet; do
    kill -0 "$server" 2>/dev/null || fail "pppoe-server exited at once"
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || fail "pppoe-server opened no PPPoE discovery socket in 10 s"
    sleep 0.1
done
cut -d' ' -f1 /proc/uptime > "$STATE/ready"
wait "$server"
fail "pppoe-server exited ($?)"
EOF
    chmod +x "$STATE/init.sh"
}

make_links() {
    local client_ns=$1 client_if=$2 ns
    for ns in "$UML_NS" "$UPSTREAM_NS"; do
        ! ns_exists "$ns" || die "netns $ns exists and is not recorded in $STATE: not touching it"
        ip netns add "$ns"
        echo "$ns" >> "$STATE/created"
    done
    if [[ -n $client_ns ]] && ! ns_exists "$client_ns"; then
        ip netns add "$client_ns"
        echo "$client_ns" >> "$STATE/created"
    fi
    local client_side=(netns "$client_ns")
    [[ -n $client_ns ]] || client_side=(netns 1)   # PID 1's namespace: the root one
    ip link add ac-client netns "$UML_NS" type veth peer name "$client_if" "${client_side[@]}"
    ip link add ac-up netns "$UML_NS" type veth peer name eth0 netns "$UPSTREAM_NS"
    # No IPv6 on the cables (router solicitations and DAD would be the only traffic besides PPPoE).
    ip netns exec "$UML_NS" sysctl -qw net.ipv6.conf.ac-client.disable_ipv6=1 net.ipv6.conf.ac-up.disable_ipv6=1
    ip netns exec "$UPSTREAM_NS" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
    if [[ -n $client_ns ]]; then
        ip netns exec "$client_ns" sysctl -qw "net.ipv6.conf.$client_if.disable_ipv6=1"
    else
        sysctl -qw "net.ipv6.conf.$client_if.disable_ipv6=1"
    fi
    ip -n "$UML_NS" link set lo up
    ip -n "$UML_NS" link set ac-client up
    ip -n "$UML_NS" link set ac-up up
    if [[ -n $client_ns ]]; then ip -n "$client_ns" link set "$client_if" up; else ip link set "$client_if" up; fi
    ip -n "$UPSTREAM_NS" link set lo up
    ip -n "$UPSTREAM_NS" link set eth0 up
    ip -n "$UPSTREAM_NS" addr add 10.65.0.2/24 dev eth0
    ip -n "$UPSTREAM_NS" route add 10.64.0.0/24 via 10.65.0.1
}

start() {
    need_tools
    if ready; then echo "uml-pppoe-ac: already running (pid $(uml_pid))"; return 0; fi
    [[ ! -e $STATE ]] || stop    # a run that died or half-started: clear it first
    local auth=${AUTH:-pap} client_ns=${CLIENT_NS-${P}client} client_if=${CLIENT_IF:-wan0}
    mkdir -p "$STATE"
    : > "$STATE/created"
    trap 'stop' EXIT   # a start that fails leaves nothing behind
    write_config "$auth" "${PPPOE_USER:-softrtx}" "${PPPOE_PASSWORD:-softrtx-secret}"
    make_links "$client_ns" "$client_if"
    printf 'AUTH=%s\nCLIENT_NS=%s\nCLIENT_IF=%s\n' "$auth" "$client_ns" "$client_if" > "$STATE/client"
    local t0
    t0=$(date +%s.%N)
    # setsid: UML's own session, so a caller's terminal signals never reach it.
    setsid ip netns exec "$UML_NS" linux.uml mem=128M umid=pppoe-ac uml_dir="$STATE/uml" \
        root=/dev/root rootfstype=hostfs rootflags=/ ro init="$STATE/init.sh" \
        con=null con0=null,fd:1 \
        "vec0:transport=raw,ifname=ac-client,mac=$AC_MAC" \
        "vec1:transport=raw,ifname=ac-up,mac=$UPLINK_MAC" \
        > "$STATE/console.log" 2>&1 < /dev/null &
    echo $! > "$STATE/uml.pid"
    disown
    local tries=0
    until [[ -f $STATE/ready ]]; do
        if [[ -f $STATE/failed ]] || ! running "$(uml_pid)" || ((tries++ > 600)); then
            echo "uml-pppoe-ac: UML did not come up; its console:" >&2
            tail -30 "$STATE/console.log" >&2
            return 1
        fi
        sleep 0.1
    done
    trap - EXIT
    echo "uml-pppoe-ac: pppoe-server up in $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $t0 }") s (AUTH=$auth; client: ${client_ns:-root namespace} $client_if; AC 10.64.0.1, pool 10.64.0.10-20, DNS 10.64.0.53, upstream host 10.65.0.2)"
}

# A second UML in the client's place: pppd's own PPPoE client (the rp-pppoe plugin on the kernel's
# pppoe driver) logs in, pings the upstream host through the session and hangs up. Proves the AC
# with a client that neither this project nor scapy wrote. CLIENT_IF must be free meanwhile.
pppd_client() {
    need_tools
    ready || die "not running: '$0 start' first"
    local client_ns client_if auth
    client_ns=$(sed -n 's/^CLIENT_NS=//p' "$STATE/client")
    client_if=$(sed -n 's/^CLIENT_IF=//p' "$STATE/client")
    auth=$(sed -n 's/^AUTH=//p' "$STATE/client")
    local cs=$STATE/pppd-client
    rm -rf "$cs"
    mkdir -p "$cs/etc-ppp"
    : > "$cs/etc-ppp/options"   # not the host's /etc/ppp/options
    cat > "$cs/etc-ppp/ip-up" <<EOF
#!/bin/sh
echo "\$1 local \$4 remote \$5 dns \$DNS1" > "$cs/ip-up.txt"
EOF
    chmod +x "$cs/etc-ppp/ip-up"
    cat > "$cs/config" <<EOF
STATE=$cs
MODROOT=$STATE/modroot
EOF
    {
        echo "plugin rp-pppoe.so"
        echo "vec0"
        echo "user ${PPPOE_USER:-softrtx}"
        echo "password ${PPPOE_PASSWORD:-softrtx-secret}"
        # The client authenticates itself ($auth, as the AC asks) and asks nothing of the AC.
        echo "noauth"
        echo "nodetach"
        echo "noipdefault"
        echo "usepeerdns"
        echo "defaultroute"
        echo "novj"
        echo "noccp"
        echo "noipv6"
        echo "maxfail 1"
        echo "debug"
        echo "logfile $cs/pppd.log"
    } > "$cs/pppd-options"
    cat > "$cs/init.sh" <<'EOF'
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
. "${0%/init.sh}/config"
fail() { echo "init: $*" > "$STATE/failed"; echo "init: $*"; busybox poweroff -f; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t hostfs -o "$STATE" hostfs "$STATE" || fail "cannot mount $STATE writable"
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/lock
mount --bind "$STATE/etc-ppp" /etc/ppp || fail "cannot bind /etc/ppp"
modprobe -d "$MODROOT" pppoe || fail "modprobe pppoe failed"
hostname uml-pppd-client
ip link set lo up
ip link set vec0 up
pppd file "$STATE/pppd-options" &
pppd=$!
tries=0
until [ -f "$STATE/ip-up.txt" ]; do
    kill -0 "$pppd" 2>/dev/null || fail "pppd exited before IPCP came up"
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || fail "no IPCP in 30 s"
    sleep 0.1
done
busybox ping -c 3 -W 2 10.65.0.2 > "$STATE/ping.txt" 2>&1
echo $? > "$STATE/ping.rc"
kill -TERM "$pppd"
wait "$pppd"
echo done > "$STATE/done"
busybox poweroff -f
EOF
    chmod +x "$cs/init.sh"
    local in_ns=()
    [[ -z $client_ns ]] || in_ns=(ip netns exec "$client_ns")
    setsid "${in_ns[@]}" linux.uml mem=64M umid=pppd-client uml_dir="$cs/uml" \
        root=/dev/root rootfstype=hostfs rootflags=/ ro init="$cs/init.sh" con=null con0=null,fd:1 \
        "vec0:transport=raw,ifname=$client_if,mac=02:00:00:00:64:99" > "$cs/console.log" 2>&1 < /dev/null &
    local pid=$! tries=0
    echo "$pid" > "$cs/uml.pid"
    disown
    # The guest powers itself off when it is done or has failed; past 60 s it is ended from here.
    while running "$pid" && ((tries++ < 600)); do sleep 0.1; done
    uml_kill "$pid"
    echo "--- pppd client ($auth) log"
    cat "$cs/pppd.log" 2>/dev/null || tail -20 "$cs/console.log"
    echo "--- ip-up: $(cat "$cs/ip-up.txt" 2>/dev/null)"
    echo "--- ping 10.65.0.2 through the session"
    cat "$cs/ping.txt" 2>/dev/null
    [[ -f $cs/done && $(cat "$cs/ping.rc") == 0 ]]
}

status() {
    if ready; then
        cat "$STATE/client"
        echo "running (pid $(uml_pid))"
    else
        echo "not running"; return 1
    fi
}

log() {
    [[ -f $STATE/pppd.log ]] && cat "$STATE/pppd.log"
    if [[ ${1:-} == all && -f $STATE/syslog.log ]]; then echo "--- syslog"; cat "$STATE/syslog.log"; fi
    return 0
}

case ${1:-} in
    install) uml_install ;;
    start) start ;;
    stop) stop ;;
    restart) stop; start ;;
    pppd-client) pppd_client ;;
    status) status ;;
    log) log "${2:-}" ;;
    *) echo "usage: $0 install|start|stop|restart|status|log [all]|pppd-client" >&2; exit 2 ;;
esac
