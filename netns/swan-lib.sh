#!/usr/bin/env bash
# strongSwan charon (IKEv1) as an independent peer in network namespaces. Source it, never run it.
#
#   source netns/swan-lib.sh        # sets SWAN_WORK and an EXIT trap (swan_cleanup)
#   swan_install                    # apt-get installs what is missing (CI machines start clean)
#   swan_write_conf DIR/swanctl.conf local=10.99.0.1 remote=10.99.0.2 psk=test1234 \
#       ike=3des-sha1-modp1024 esp=aes128-sha1 encap=no role=initiator
#   swan_start NS NAME [CONFDIR]    # charon in NS, own /run (mount ns + tmpfs), own vici socket
#   swan_load NAME [SWANCTL_CONF]   # swanctl --load-all
#   swan_initiate NAME [CHILD] [TIMEOUT]
#   swan_wait_log NAME REGEX [TIMEOUT]
#   swan_keys NAME [--pending]      # charon-keys.py on its log: ike/esp key lines
#   swan_list_sas NAME              # swanctl --list-sas
#   swan_stop NAME                  # TERM, then KILL (its /run tmpfs goes with it)
#
# Each instance NAME lives in $SWAN_WORK/NAME (or CONFDIR): strongswan.conf, swanctl.conf,
# charon.vici (the vici socket, reachable from the host: unix sockets are path-bound, not
# netns-bound), charon.log (filelog ike/chd at level 4: keys), charon.out (stdout/stderr).
# The kernel needs XFRM_USER for charon's kernel-netlink plugin; without INET_ESP charon completes
# Main Mode and Quick Mode and then fails to install the ESP SAs: the keys are in the log anyway.
#
# Packages (Debian bookworm): strongswan-charon strongswan-swanctl libstrongswan-standard-plugins
# (its `openssl` plugin gives 3DES and MODP; strongswan-charon pulls strongswan-libcharon,
# libstrongswan, strongswan-starter). The selftest's NAT middle also needs nftables; captures use
# tcpdump, decryption checks tshark.

SWAN_CHARON=${SWAN_CHARON:-/usr/lib/ipsec/charon}
SWAN_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SWAN_PACKAGES=(strongswan-charon strongswan-swanctl libstrongswan-standard-plugins)
# charon's plugins: no stroke (no /etc/ipsec.*), no updown (nothing to run), no x509 (PSK only).
SWAN_PLUGINS=${SWAN_PLUGINS:-"random nonce openssl aes sha1 sha2 md5 hmac gmp kdf kernel-netlink socket-default vici"}

declare -gA SWAN_PID=() SWAN_DIR=()
declare -ga SWAN_OWN_DIRS=()
if [[ -z ${SWAN_WORK:-} ]]; then
    SWAN_WORK=$(mktemp -d /tmp/swan.XXXXXX)
    SWAN_OWN_DIRS+=("$SWAN_WORK")
fi

swan_install() {
    local need=() p
    [[ -x $SWAN_CHARON ]] || need+=(strongswan-charon)
    command -v swanctl >/dev/null || need+=(strongswan-swanctl)
    [[ -e /usr/lib/ipsec/plugins/libstrongswan-openssl.so ]] || need+=(libstrongswan-standard-plugins)
    for p in "$@"; do   # extras wanted: nft tcpdump tshark ip libipsec
        case $p in
            nft) command -v nft >/dev/null || need+=(nftables) ;;
            tcpdump) command -v tcpdump >/dev/null || need+=(tcpdump) ;;
            tshark) command -v tshark >/dev/null || need+=(tshark) ;;
            ip) command -v ip >/dev/null || need+=(iproute2) ;;
            libipsec) [[ -e /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so ]] || need+=(libcharon-extra-plugins) ;;
        esac
    done
    ((${#need[@]})) || return 0
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # tshark asks whether non-root users may capture: the noninteractive frontend takes the default.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# swan_strongswan_conf DIR: the instance's strongswan.conf (STRONGSWAN_CONF points at it).
swan_strongswan_conf() {
    local dir=$1
    cat >"$dir/strongswan.conf" <<EOF
charon {
    load_modular = no
    load = $SWAN_PLUGINS
    install_routes = no
    install_virtual_ip = no
    # IKEv1 aggressive mode with PSK as responder (an RTX branch with 'ipsec ike local name').
    i_dont_care_about_security_and_use_aggressive_mode_psk = yes
    retransmit_tries = ${SWAN_RETRANSMIT_TRIES:-3}
    retransmit_timeout = ${SWAN_RETRANSMIT_TIMEOUT:-2.0}
    filelog {
        swanlog {
            path = $dir/charon.log
            time_format = %H:%M:%S
            time_add_ms = yes
            ike_name = yes
            append = no
            flush_line = yes
            default = 1
            ike = 4
            chd = 4
            cfg = 2
            knl = 2
            mgr = 2
            net = ${SWAN_LOG_NET:-1}
            enc = ${SWAN_LOG_ENC:-1}
        }
    }
    syslog {
        daemon {
            default = -1
        }
    }
    plugins {
        vici {
            socket = unix://$dir/charon.vici
        }
    }
}
swanctl {
    load = random openssl
}
EOF
}

# swan_start NS NAME [CONFDIR]: start charon in netns NS with a private /run; wait for vici.
swan_start() {
    local ns=$1 name=$2 dir=${3:-$SWAN_WORK/$2} i
    if [[ -n ${SWAN_PID[$name]:-} ]]; then echo "swan_start: $name already running" >&2; return 1; fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ -f $dir/strongswan.conf ]] || swan_strongswan_conf "$dir"
    rm -f "$dir/charon.vici" "$dir/charon.log"
    SWAN_DIR[$name]=$dir
    # ip netns exec already unshares the mount namespace (to remount /sys) and makes / a slave;
    # unshare -m gives charon one of its own (private propagation) where /run is a fresh tmpfs:
    # charon.pid and charon.ctl of one instance never meet another's. `exec` all the way down, so
    # $! is charon itself.
    STRONGSWAN_CONF=$dir/strongswan.conf exec ip netns exec "$ns" unshare -m --propagation private \
        sh -c 'mount -t tmpfs -o mode=0755 swanrun /run && exec "$0"' "$SWAN_CHARON" \
        >"$dir/charon.out" 2>&1 </dev/null &
    SWAN_PID[$name]=$!
    for i in $(seq 100); do
        [[ -S $dir/charon.vici ]] && return 0
        kill -0 "${SWAN_PID[$name]}" 2>/dev/null || break
        sleep 0.05
    done
    echo "swan_start: charon $name did not come up; charon.out:" >&2
    cat "$dir/charon.out" >&2
    swan_stop "$name"
    return 1
}

# swanctl_on NAME ARGS...: swanctl against instance NAME (its strongswan.conf quietens plugins).
swanctl_on() {
    local name=$1; shift
    local dir=${SWAN_DIR[$name]:?swanctl_on: no instance $name}
    STRONGSWAN_CONF=$dir/strongswan.conf swanctl "$@" --uri "unix://$dir/charon.vici"
}

# swan_load NAME [SWANCTL_CONF]: load connections and secrets (default CONFDIR/swanctl.conf).
swan_load() {
    local name=$1 dir=${SWAN_DIR[$1]:?swan_load: no instance $1}
    # swanctl looks for x509/, private/, ... beside swanctl.conf: PSK only, so drop that noise.
    swanctl_on "$name" --load-all --noprompt --file "${2:-$dir/swanctl.conf}" 2>&1 \
        | grep -v "^opening directory '.*' failed: No such file or directory"
    return "${PIPESTATUS[0]}"
}

# swan_initiate NAME [CHILD] [TIMEOUT]: start Main Mode + Quick Mode for CHILD (default l2tp).
# Returns swanctl's status: non-zero when the CHILD_SA failed (e.g. the kernel refused the SAs,
# as it does here without ESP support), so check the log rather than the status.
swan_initiate() {
    local name=$1 child=${2:-l2tp} timeout=${3:-10}
    swanctl_on "$name" --initiate --child "$child" --timeout "$timeout"
}

# swan_wait_log NAME REGEX [TIMEOUT_S]: wait until charon.log of NAME has a line matching REGEX.
swan_wait_log() {
    local name=$1 re=$2 timeout=${3:-10} i
    local log=${SWAN_DIR[$name]:?swan_wait_log: no instance $name}/charon.log
    for ((i = 0; i < timeout * 20; i++)); do
        grep -Eq -- "$re" "$log" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

swan_log() { echo "${SWAN_DIR[$1]:?swan_log: no instance $1}/charon.log"; }

# swan_keys NAME [--pending|--json]: charon-keys.py on the instance's log (see that file).
swan_keys() {
    local name=$1; shift
    python3 "$SWAN_LIB_DIR/charon-keys.py" "$@" "$(swan_log "$name")"
}

# swan_list_sas NAME: swanctl --list-sas (IKE SPIs as ICOOKIE_i RCOOKIE_r, state).
swan_list_sas() { swanctl_on "$1" --list-sas; }

# swan_stop NAME: end charon (TERM, KILL after 3 s). Its /run tmpfs goes with its mount namespace.
swan_stop() {
    local name=$1 pid=${SWAN_PID[$1]:-} dir=${SWAN_DIR[$1]:-} i
    if [[ -n $pid ]]; then
        kill -TERM "$pid" 2>/dev/null
        for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    unset "SWAN_PID[$name]"
    if [[ -n $dir && ${SWAN_KEEP:-0} != 1 ]]; then
        rm -f "$dir/charon.vici"
    fi
    return 0
}

swan_stop_all() {
    local name
    for name in "${!SWAN_PID[@]}"; do swan_stop "$name"; done
}

# swan_cleanup: EXIT trap: every charon this shell started, and SWAN_WORK if this file made it
# (SWAN_KEEP=1 keeps the files, e.g. to read the logs afterwards).
swan_cleanup() {
    swan_stop_all
    if [[ ${SWAN_KEEP:-0} != 1 ]]; then
        local d
        for d in "${SWAN_OWN_DIRS[@]}"; do rm -rf "$d"; done
    fi
}
# An EXIT trap set before sourcing this file (e.g. topology.sh's cleanup) still runs, after
# swan_cleanup. A `trap ... EXIT` set later replaces ours: call swan_cleanup from it, or set
# SWAN_NO_TRAP=1 and do so.
if [[ ${SWAN_NO_TRAP:-0} != 1 ]]; then
    # `set --` inside a function: the sourcing script's own "$@" stays as it is.
    _swan_chain_exit() {
        if [[ -n $1 ]]; then
            eval "set -- $1"   # trap -- 'CMD' EXIT
            trap "swan_cleanup; $3" EXIT
        else
            trap swan_cleanup EXIT
        fi
    }
    _swan_chain_exit "$(trap -p EXIT)"
    trap 'exit 130' INT TERM HUP   # so that the EXIT trap runs on a signal too
fi

# swan_write_conf FILE key=value...: a swanctl.conf with one IKEv1 connection and child.
#   local=ADDR remote=ADDR          local_addrs / remote_addrs (remote may be %any for a responder)
#   local_id=ID remote_id=ID        default: the addresses (remote %any when remote is %any)
#   psk=SECRET                      default test1234
#   ike=PROPOSALS                   default 3des-sha1-modp1024 (RTX default); comma-separated list ok
#   esp=PROPOSALS                   default aes128-sha1 (no modp = no PFS)
#   encap=yes|no                    force UDP encapsulation (NAT-T even without a NAT); default no
#   role=initiator|responder        initiator: start with swan_initiate; responder: waits
#   start=none|start|trap           child start_action (default none); trap needs XFRM_USER
#   aggressive=no|yes               default no (Main Mode)
#   conn=NAME child=NAME            default rtx / l2tp
#   mode=transport|tunnel           default transport
#   ts=dynamic[udp/1701]            local_ts and remote_ts (local_ts= / remote_ts= set one)
#   ike_life=28800 esp_life=28800   rekey_time / rekey_time (RTX: 28800 s each)
#   dpd=0                           dpd_delay in seconds (0 = off)
swan_write_conf() {
    local file=$1; shift
    local -A o=([local]= [remote]= [local_id]= [remote_id]= [psk]=test1234
        [ike]=3des-sha1-modp1024 [esp]=aes128-sha1 [encap]=no [role]=initiator [start]=none
        [aggressive]=no [conn]=rtx [child]=l2tp [mode]=transport [ts]='dynamic[udp/1701]'
        [local_ts]= [remote_ts]=
        [ike_life]=28800 [esp_life]=28800 [dpd]=0)
    local kv
    for kv in "$@"; do
        [[ $kv == *=* ]] || { echo "swan_write_conf: not key=value: $kv" >&2; return 1; }
        [[ -v "o[${kv%%=*}]" ]] || { echo "swan_write_conf: unknown key ${kv%%=*}" >&2; return 1; }
        o[${kv%%=*}]=${kv#*=}
    done
    [[ -n ${o[local]} && -n ${o[remote]} ]] || { echo "swan_write_conf: local= and remote= needed" >&2; return 1; }
    [[ -n ${o[local_id]} ]] || o[local_id]=${o[local]}
    [[ -n ${o[remote_id]} ]] || o[remote_id]=${o[remote]}
    [[ -n ${o[local_ts]} ]] || o[local_ts]=${o[ts]}
    [[ -n ${o[remote_ts]} ]] || o[remote_ts]=${o[ts]}
    local start=${o[start]}
    [[ ${o[role]} == responder ]] && start=none
    mkdir -p "$(dirname "$file")"
    cat >"$file" <<EOF
connections {
    ${o[conn]} {
        version = 1
        aggressive = ${o[aggressive]}
        local_addrs = ${o[local]}
        remote_addrs = ${o[remote]}
        proposals = ${o[ike]}
        encap = ${o[encap]}
        rekey_time = ${o[ike_life]}s
        reauth_time = 0
        dpd_delay = ${o[dpd]}s
        local {
            auth = psk
            id = ${o[local_id]}
        }
        remote {
            auth = psk
            id = ${o[remote_id]}
        }
        children {
            ${o[child]} {
                mode = ${o[mode]}
                local_ts = ${o[local_ts]}
                remote_ts = ${o[remote_ts]}
                esp_proposals = ${o[esp]}
                rekey_time = ${o[esp_life]}s
                start_action = $start
                dpd_action = clear
            }
        }
    }
}
secrets {
    ike-${o[conn]} {
        secret = "${o[psk]}"
    }
}
EOF
}
