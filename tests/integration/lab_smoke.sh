#!/bin/sh
# The network lab (scripts/lab.sh) on a private prefix: it builds, every
# host reaches what the address plan says over real daemons (nothing is
# filtered yet), no namespace has a route out of the lab, a second lab can
# run beside it, and `down` leaves no namespace, no process, and the
# machine's own links and routes exactly as they were. Needs root. Any
# arguments (the airlockd/airlock paths that integration tests get) are
# ignored.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAB="$ROOT/scripts/lab.sh"
LAB_PREFIX="labtest$$"
LAB_DEVICES=2
export LAB_PREFIX LAB_DEVICES
. "$(dirname "$0")/check.sh"

# has "description" TEXT REGEX: passes when a line of TEXT matches.
has() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		pass "$1"
	else
		fail "$1 (no '$3' in '$(printf '%s' "$2" | tr '\n' ' ' | cut -c1-200)')"
	fi
}

if [ "$(id -u)" -ne 0 ]; then
	echo "# SKIP: the lab needs root"
	echo "0 passed, 0 failed"
	exit 77
fi

# shellcheck source=scripts/lab-lib.sh
. "$ROOT/scripts/lab-lib.sh"

# Labs that an earlier run left behind when it was killed (its pid is in
# the prefix and gone) are taken down first.
for stale in $(ip netns list | sed -n 's/^\(labtest[0-9][0-9]*b\{0,1\}\)-.*/\1/p' |
    sort -u); do
	pid=${stale#labtest}
	pid=${pid%b}
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "# taking down the stale lab $stale"
		LAB_PREFIX=$stale "$LAB" down >/dev/null 2>&1 || true
	fi
done

trap '"$LAB" down >/dev/null 2>&1 || true
	LAB_PREFIX=${LAB_PREFIX}b "$LAB" down >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

# The root namespace as this test sees it (route lifetimes cut out).
host_state() {
	ip -br link
	ip -br addr
	ip route
	ip -6 route | sed 's/ expires [0-9]*sec//'
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

http() { lab_http "$@"; }

# tcp HOST ADDR PORT [INPUT]: what the server says, from HOST.
tcp() {
	{
		printf '%s' "${4:-}"
		sleep 1.5 # a client that hangs up ends a telnetd session
	} | lab_exec "$1" socat -T3 - "TCP4:$2:$3" 2>/dev/null | tr -d '\r'
}

DEV1=$(lab_ip dev1)
DEV1_6=$(lab_ip6 dev1)
SRV=$(lab_ip srv)
SRV6=$(lab_ip6 srv)

# --- the plan, before anything exists ---
eq "lab_ip dev1" "$DEV1" 10.64.0.11
eq "lab_ip6 dev2" "$(lab_ip6 dev2)" fd64::12
eq "lab_ip rogue" "$(lab_ip rogue)" 10.64.0.200
eq "lab_mac dev1" "$(lab_mac dev1)" 02:64:00:00:00:0b
eq "lab_ip refuses an unknown host" "$(lab_ip nosuch 2>/dev/null || echo no)" no
eq "lab_ip refuses dev0" "$(lab_ip dev0 2>/dev/null || echo no)" no
eq "a non-root user is refused with EX_NOPERM" \
    "$(setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$LAB" status >/dev/null 2>&1 || echo $?)" 77
eq "an unknown command is a usage error" \
    "$("$LAB" frobnicate >/dev/null 2>&1 || echo $?)" 64
eq "LAB_DEVICES=0 is refused" \
    "$(LAB_DEVICES=0 "$LAB" up >/dev/null 2>&1 || echo $?)" 64
check "a refused up leaves nothing behind" eval '! lab_exists'

BEFORE=$(host_state)

# --- up ---
t0=$(now)
check "up builds the lab" "$LAB" up
echo "# up took $(since "$t0")s"
has "a second up finds it and checks it" "$("$LAB" up)" "already up"
for h in gw inet srv dev1 dev2 rogue; do
	check "namespace $LAB_PREFIX-$h exists" [ -e "/run/netns/$LAB_PREFIX-$h" ]
done
check "no dev3 with LAB_DEVICES=2" [ ! -e "/run/netns/$LAB_PREFIX-dev3" ]
check "check passes" "$LAB" check
status=$("$LAB" status)
has "status lists dev1's addresses" "$status" "10.64.0.11/32 fd64::11/128"
NDAEMONS=$((5 + 4 * LAB_DEVICES)) # inet 2, srv 3, each device 4
eq "status shows $NDAEMONS daemons alive" \
    "$(printf '%s\n' "$status" | grep -c ' alive$')" "$NDAEMONS"
eq "no daemon is dead" "$(printf '%s\n' "$status" | grep -c DEAD || true)" 0
n=0
for f in "$LAB_STATE"/pids/*.pid; do
	lab_pid_alive "$f" || fail "pid file $f: no such process in its namespace"
	n=$((n + 1))
done
eq "every pid file names a live process in its own namespace" "$n" "$NDAEMONS"
eq "exec runs in the namespace" \
    "$("$LAB" exec dev1 ip -br -4 addr show eth0 | awk '{ print $3 }')" \
    10.64.0.11/32
eq "dev1's MAC is the plan's" \
    "$(lab_exec dev1 cat /sys/class/net/eth0/address)" 02:64:00:00:00:0b

# --- reachability: nothing is filtered yet ---
has "inet reaches dev1's telnet: a login prompt" \
    "$(tcp inet "$DEV1" 23)" "login: $"
has "the default credential opens a shell on dev1" \
    "$(tcp inet "$DEV1" 23 "$LAB_TELNET_USER
$LAB_TELNET_PASS
id
exit
")" "uid=65534\(nobody\)"
has "a wrong password is refused" "$(tcp inet "$DEV1" 23 "root
root
")" "Login incorrect"
eq "inet reaches dev1's web page" "$(http inet "$DEV1" 80)" dev1
eq "inet reaches dev1's web page over IPv6" "$(http inet "$DEV1_6" 80)" dev1
eq "inet reaches dev2's web page" "$(http inet "$(lab_ip dev2)" 80)" dev2
eq "dev1 reaches srv:8080" "$(http dev1 "$SRV" 8080)" srv
eq "dev1 reaches srv:8080 over IPv6" "$(http dev1 "$SRV6" 8080)" srv
eq "dev1 reaches the public host" "$(http dev1 "$LAB_PUBLIC4" 80)" public
eq "dev1 reaches the public host over IPv6" \
    "$(http dev1 "$LAB_PUBLIC6" 80)" public
eq "the attacker's address serves no web page" \
    "$(http dev1 "$LAB_ATTACKER4" 80)" ""
eq "srv reaches dev1's management port" "$(tcp srv "$DEV1" 2222)" mgmt
eq "the management port answers over IPv6" \
    "$(lab_exec srv socat -T3 - "TCP6:[$DEV1_6]:2222" </dev/null)" mgmt
# MQTT 3.1.1 CONNECT (client id "lab"), answered by CONNACK, accepted.
eq "mosquitto on dev1 accepts an anonymous MQTT connection" \
    "$(printf '\020\017\000\004MQTT\004\002\000\074\000\003lab' |
        lab_exec srv socat -T2 - "TCP4:$DEV1:1883" 2>/dev/null |
        od -An -tx1 | tr -s ' \n' ' ')" " 20 02 00 00 "
check "iperf3 runs 1 s from dev1 to srv" \
    lab_exec dev1 iperf3 -c "$SRV" -t 1 -p "$LAB_PORT_IPERF" -J >/dev/null
eq "srv echoes UDP on 5683" \
    "$(echo coap | lab_exec dev1 socat -T2 - "UDP4:$SRV:5683")" coap
eq "srv echoes UDP on 5683 over IPv6" \
    "$(echo coap6 | lab_exec dev1 socat -T2 - "UDP6:[$SRV6]:5683")" coap6
check "dev1 pings srv over IPv6" \
    lab_exec dev1 busybox ping -6 -c 1 -W 2 "$SRV6" >/dev/null
check "rogue pings srv" lab_exec rogue busybox ping -c 1 -W 2 "$SRV" >/dev/null
check "dev1 pings dev2 across the bridge" \
    lab_exec dev1 busybox ping -c 1 -W 2 "$(lab_ip dev2)" >/dev/null
eq "inet's traffic comes from the attacker's address" \
    "$(lab_exec inet ip route get "$DEV1" | sed -n 's/.* src \([^ ]*\).*/\1/p')" \
    "$LAB_ATTACKER4"
eq "inet's IPv6 traffic comes from the attacker's address" \
    "$(lab_exec inet ip -6 route get "$DEV1_6" |
        sed -n 's/.* src \([^ ]*\).*/\1/p')" "$LAB_ATTACKER6"
check "lab_wait_tcp sees an open port" lab_wait_tcp inet "$DEV1" 80 2
t0=$(now)
eq "lab_wait_tcp gives up on a closed port" \
    "$(lab_wait_tcp inet "$DEV1" 9 1 2>/dev/null || echo gave up)" "gave up"
check "... after its timeout" \
    awk -v s="$(since "$t0")" 'BEGIN { exit !(s >= 0.9 && s < 3) }'

# --- no way out ---
eq "dev1's routes are the lab's only" \
    "$(lab_exec dev1 ip route | sed 's/ *$//')" \
    "default via 10.64.0.1 dev eth0
10.64.0.1 dev eth0 scope link"
eq "dev1's IPv6 default route is gw" \
    "$(lab_exec dev1 ip -6 route show default | awk '{ print $3, $5 }')" \
    "fd64::1 eth0"
for h in gw inet srv; do
	eq "$h has no default route" \
	    "$(lab_exec "$h" ip route show default)$(lab_exec "$h" ip -6 route show default)" ""
done
for h in gw inet srv dev1 dev2 rogue; do
	eq "$h has only lab links" \
	    "$(lab_exec "$h" ip -o link | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
	        grep -Ev '^(lo|eth0|to-inet|to-srv|br-dev|p-dev[0-9]+|p-rogue)$' || true)" ""
done
eq "forwarding is on in gw only" \
    "$(for h in gw inet srv dev1; do lab_exec "$h" sysctl -n net.ipv4.ip_forward; done | tr -d '\n')" \
    1000

# --- a second lab beside it ---
B=${LAB_PREFIX}b
check "a second lab ($B, 1 device) comes up beside the first" \
    env LAB_PREFIX="$B" LAB_DEVICES=1 "$LAB" up
eq "its dev1 reaches its own srv" \
    "$(LAB_PREFIX=$B http dev1 "$SRV" 8080)" srv
check "its down leaves the first lab alone" \
    env LAB_PREFIX="$B" "$LAB" down
check "the first lab still checks" "$LAB" check
eq "the second lab's namespaces are gone" \
    "$(ip netns list | grep -c "^$B-" || true)" 0

# --- down ---
pids=$(cat "$LAB_STATE"/pids/*.pid; for ns in $(lab_present); do ip netns pids "$ns"; done)
t0=$(now)
check "down succeeds" "$LAB" down
echo "# down took $(since "$t0")s"
eq "no namespace of the prefix remains" \
    "$(ip netns list | grep -c "^$LAB_PREFIX-" || true)" 0
left=
for p in $pids; do
	if lab_running "$p"; then left="$left $p"; fi
done
eq "no process of the lab remains" "$left" ""
check "the state directory is gone" [ ! -e "$LAB_STATE" ]
check "down on nothing succeeds" "$LAB" down
# A broken lab: one stray namespace of the prefix.
ip netns add "$LAB_PREFIX-dev7"
eq "up on a broken lab refuses" "$("$LAB" up >/dev/null 2>&1 || echo $?)" 1
check "down clears a broken lab" "$LAB" down
check "... and its namespace" [ ! -e "/run/netns/$LAB_PREFIX-dev7" ]
eq "the root namespace's links, addresses and routes are unchanged" \
    "$(host_state)" "$BEFORE"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
