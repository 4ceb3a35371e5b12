#!/bin/sh
# The airlock in the network lab (scripts/lab.sh, docs/lab.md): airlockd
# in the gateway's namespace, enforcing, with real traffic through it.
#   a. quarantine latency: dev1 sends a datagram with its clock to
#      srv:5684 about every millisecond; from just before the API call
#      POST /api/v1/sims/{iccid}/state {"action":"quarantine"} to the
#      send time of the last datagram that reached srv (the first one
#      dropped is the next), to dev1's element added to q4 (nft monitor),
#      to dev1 seen in q4 (`nft list set`, polled: its period is the
#      resolution), with the parent's and the enforcer's log lines for
#      where the time goes; the quarantine rule's counter (zone4,
#      `ip saddr @q4 counter drop`) must have moved. QRUNS times,
#      released in between (goal: under 100 ms);
#   b. forwarding throughput, iperf3 dev1 → srv:5201 (a bench profile,
#      the lab's sensor profile plus tcp 5201 to its controller), DURATION
#      seconds: with the table airlockd wrote for 10 SIMs, for FLEET SIMs
#      (each saved with nft -s list table), and with no table at all;
#      RUNS rounds of the three in turn, airlockd stopped;
#   c. the time airlockd takes to read and apply FLEET SIMs at start, from
#      its log line "policy: N endpoints, M profiles: read in X ms,
#      compiled and applied in Y ms": RUNS starts with no table in the
#      kernel, RUNS restarts with the previous one there.
# The fleet comes from scripts/gen-fleet.sh, whose row i has the address
# 10.64.0.0 + i + 1: rows 10 and 11 are the lab's dev1 (10.64.0.11) and dev2
# (10.64.0.12), so the lab's SIMs are rows 10-19 and the fleet adds rows 20
# onwards; row 0 (10.64.0.1, the gateway's own address) is never used.
# PROFILES profiles (variants of the sensor profile over 50 manufacturers;
# each put reloads the table, so 1,000 would take minutes: policy.sh has
# those) are spread over the fleet. airlockd logs at debug level, for the
# enforcer's line per change. Needs root (exit 77 without). Not a test:
# nothing here asserts on a timing.
#   bench/airlock_lab.sh [BUILD_DIR]   (default build/release)
# Knobs, from the environment: RUNS (3), QRUNS (10), FLEET (100000),
# PROFILES (100), DURATION (5 s per iperf3 run), KEEP=1 keeps the scratch
# directory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build/release}
case $build in /*) ;; *) build=$top/$build ;; esac
AIRLOCKD=$build/airlockd
AIRLOCK=$build/airlock
RUNS=${RUNS:-3}
QRUNS=${QRUNS:-10}
FLEET=${FLEET:-100000}
PROFILES=${PROFILES:-100}
DURATION=${DURATION:-5}

die() {
	echo "airlock_lab.sh: $*" >&2
	exit 1
}

# Outside: build the lab, run this script again inside gw (airlockd, its
# API and its table live there), take the lab down whatever happens.
if [ -z "${AIRLOCK_BENCH_INSIDE:-}" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "airlock_lab.sh: needs root (the lab)" >&2
		exit 77
	fi
	for x in "$AIRLOCKD" "$AIRLOCK"; do
		[ -x "$x" ] || die "no $x: cmake --build ${1:-build/release}"
	done
	for t in iperf3 jq curl nft socat; do
		command -v "$t" >/dev/null || die "$t is not installed"
	done
	LAB_PREFIX=alb$$
	LAB_DEVICES=2
	export LAB_PREFIX LAB_DEVICES
	trap '"$top/scripts/lab.sh" down >/dev/null 2>&1 || true' EXIT
	trap 'exit 130' INT TERM
	"$top/scripts/lab.sh" up >/dev/null
	rc=0
	AIRLOCK_BENCH_INSIDE=1 ip netns exec "$LAB_PREFIX-gw" "$0" "$@" || rc=$?
	exit $rc
fi

# shellcheck source=scripts/lab-lib.sh
. "$top/scripts/lab-lib.sh"
T=$(mktemp -d /tmp/airlock-lab.XXXXXX)
chmod 755 "$T" # the api role runs as user airlock and must reach the store
PORT=$((20000 + $$ % 12000))
URL="http://127.0.0.1:$PORT"
DEV1=$(lab_ip dev1)
PID=
SENDER=
RECEIVER=
MONITOR=
cleanup() {
	for p in $SENDER $RECEIVER $MONITOR; do
		kill -TERM "-$p" 2>/dev/null || true
	done
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	if [ "${KEEP:-0}" = 1 ]; then
		echo "scratch directory kept: $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat >"$T/airlockd.conf" <<CONF
store "$T/db/airlock.db"
api-listen 127.0.0.1:$PORT
api-import-limit 256MiB
device-network 10.64.0.0/10
device-network fd64::/48
log-level debug
enforce on
server-group core $LAB_SRV4/32 $LAB_SRV6/128
mud-controller https://core.example.net/telemetry core
CONF

now_ns() { date +%s%N; }
# ms FROM TO: the milliseconds between two clocks in ns, "-" without TO.
ms() {
	case $2 in
	'' | 000 | 0*000000) echo - ;;
	*) echo "$1 $2" | awk '{ printf "%.1f", ($2 - $1) / 1e6 }' ;;
	esac
}
# median, max: of the numbers on stdin, "-" ignored.
median() {
	grep -v '^-*$' | sort -n |
	    awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "-") }'
}
max() { grep -v '^-*$' | sort -n | tail -n 1; }

start_daemon() {
	mark
	"$AIRLOCKD" -f "$T/airlockd.conf" 2>>"$T/daemon.log" &
	PID=$!
	i=0
	until curl -fs "$URL/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 1200 ] || ! kill -0 "$PID" 2>/dev/null; then
			tail -n 20 "$T/daemon.log" >&2
			die "airlockd did not start"
		fi
		sleep 0.05
	done
}

stop_daemon() {
	kill -TERM "$PID"
	wait "$PID" 2>/dev/null || true
	PID=
}

# api METHOD PATH [curl args...]
api() {
	m=$1
	p=$2
	shift 2
	curl -fsS -o /dev/null -X "$m" -H "Authorization: Bearer $ADMIN" \
	    -H 'Content-Type: application/json' "$@" "$URL$p"
}

# The profiles: "bench", the lab's sensor profile plus tcp 5201 (iperf3)
# and udp 5684 (the quarantine's stream) to its controller, for the lab's
# SIMs; PROFILES variants of the sensor
# profile, each with its own MUD URL over 50 manufacturers, for the fleet.
profiles() {
	sensor=$top/tests/integration/airlock/sensor.json
	jq '(.["ietf-access-control-list:acls"].acl[0].aces.ace) +=
	    [{"name": "iperf3",
	      "matches": {"ietf-mud:mud":
	          {"controller": "https://core.example.net/telemetry"},
	        "ipv4": {"protocol": 6},
	        "tcp": {"destination-port": {"operator": "eq", "port": 5201},
	          "ietf-mud:direction-initiated": "from-device"}},
	      "actions": {"forwarding": "accept"}},
	     {"name": "stream",
	      "matches": {"ietf-mud:mud":
	          {"controller": "https://core.example.net/telemetry"},
	        "ipv4": {"protocol": 17},
	        "udp": {"destination-port": {"operator": "eq", "port": 5684}}},
	      "actions": {"forwarding": "accept"}}] |
	    .["ietf-mud:mud"]["mud-url"] = "https://sensor.example.com/bench"' \
	    "$sensor" >"$T/bench.json"
	"$AIRLOCK" profile put bench "$T/bench.json" >/dev/null
	for i in $(seq 0 $((PROFILES - 1))); do
		jq --arg u "https://mfg$((i % 50)).example.com/model-$i" \
		    '.["ietf-mud:mud"]["mud-url"] = $u' "$sensor" >"$T/p.json"
		"$AIRLOCK" profile put "model-$i" "$T/p.json" >/dev/null
	done
}

# fleet N FIRST: gen-fleet's rows FIRST.. with a profile column: the lab's
# dev1 and dev2 (rows 10 and 11) get bench, the others a model.
fleet() {
	"$top/scripts/gen-fleet.sh" "$1" "$2" | awk -F, -v p="$PROFILES" '
	    NR == 1 { print $0 ",profile"; next }
	    $5 == "10.64.0.11" || $5 == "10.64.0.12" { print $0 ",bench"; next }
	    { print $0 ",model-" (NR % p) }'
}

# The quarantine rule's counter (`ip saddr @q4 counter drop` in zone4).
# nft 1.0.6 lists a chain without its sets, and complains about each
# reference on stderr.
counter() {
	nft list chain inet airlock zone4 2>/dev/null | awk '
	    /ip saddr @q4 counter packets/ && c == "" {
		for (i = 1; i <= NF; i++) if ($i == "packets") c = $(i + 1) }
	    END { print (c == "" ? 0 : c) }'
}

in_q4() { nft list set inet airlock q4 | grep -q "elements = .*$DEV1"; }

# A bash loop that prints CLOCK_REALTIME in µs and forks nothing; with a
# period, a read with that timeout is its sleep.
# shellcheck disable=SC2016 # expanded by that bash
CLOCK_LOOP='exec 3<> <(:); while :; do echo "${EPOCHREALTIME/./}"; '
# stream_start: dev1 sends its clock to srv:5684 every millisecond or so;
# srv writes what arrives to $T/recv, one datagram a line. nft monitor
# in gw writes the table's changes to $T/mon, each line after the clock
# of when it was read. Each in a session of its own, stopped as a whole.
stream_start() {
	: >"$T/recv"
	: >"$T/mon"
	setsid ip netns exec "$(lab_ns srv)" socat -u UDP4-RECV:5684 - \
	    >"$T/recv" 2>/dev/null &
	RECEIVER=$!
	# shellcheck disable=SC2016
	setsid sh -c 'nft monitor | bash -c '\''while read -r l;
	    do echo "${EPOCHREALTIME/./} $l"; done'\' >"$T/mon" 2>/dev/null &
	MONITOR=$!
	lab_wait_listen srv udp 5684
	setsid ip netns exec "$(lab_ns dev1)" bash -c \
	    "$CLOCK_LOOP read -rt 0.001 -u 3 || :; done |
	    socat -u - UDP4:$LAB_SRV4:5684" 2>/dev/null &
	SENDER=$!
	i=0
	until [ "$(wc -l <"$T/recv")" -ge 300 ]; do
		i=$((i + 1))
		[ $i -lt 500 ] || die "dev1's datagrams do not reach srv:5684"
		sleep 0.01
	done
}

stream_stop() {
	for p in $SENDER $RECEIVER $MONITOR; do
		kill -TERM "-$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	SENDER=
	RECEIVER=
	MONITOR=
}

# log_ns PATTERN: the clock of the first log line after the mark that
# matches, in ns (the log has milliseconds).
log_ns() {
	l=$(tail -n +"$LOGMARK" "$T/daemon.log" | grep -m 1 "$1" | cut -d' ' -f1)
	[ -z "$l" ] || echo "$(date -d "$l" +%s%3N)000000"
}

# One quarantine of SIM $1, released afterwards: "Q4POLL_MS Q4_MS LAST_MS
# POLL_MS PERIOD_MS PARENT_MS ENFORCER_MS" on stdout: when a poll of
# `nft list set ... q4` first saw dev1, when nft monitor saw it added,
# when the last datagram that reached srv was sent, the poll's period,
# the sender's, when the parent logged the change (to the ms), how long
# the enforcer took (its log line); "-" for what was not seen. Then the
# quarantine rule's counter must have moved: it is read once, outside
# the measured time, as listing the chain costs seconds at 100,000
# endpoints (nft 1.0.6 fetches every set's elements to list a chain).
quarantine_once() {
	stream_start
	mark
	base=$(counter)
	tq4=
	polls=0
	t0=$(now_ns)
	api POST "/api/v1/sims/$1/state" \
	    -d '{"action":"quarantine","reason":"bench"}'
	while [ -z "$tq4" ]; do
		in_q4 && tq4=$(now_ns)
		t=$(now_ns)
		polls=$((polls + 1))
		[ $((t - t0)) -lt 10000000000 ] ||
		    die "dev1 not in q4 10 s after the API call"
	done
	sleep 0.2
	[ "$(counter)" -gt "$base" ] ||
	    die "dev1 is in q4 but the quarantine rule counted nothing"
	stream_stop
	telem=$(awk -v ip="$DEV1" 'index($0, "add element inet airlock q4 { " \
	    ip " }") { print $1 "000"; exit }' "$T/mon")
	last=$(grep -E '^[0-9]{16}$' "$T/recv" | tail -n 1)000
	period=$(grep -E '^[0-9]{16}$' "$T/recv" | awk -v t0="$t0" '
	    $1 * 1000 < t0 { if (p) print ($1 - p) * 1000; p = $1 }' | median)
	tparent=$(log_ns "sim $1 changed")
	enf=$(tail -n +"$LOGMARK" "$T/daemon.log" |
	    sed -n "s/.*policy: s$1 applied in \([0-9]*\) us.*/\1/p" | head -n 1)
	echo "$(ms "$t0" "$tq4") $(ms "$t0" "$telem") $(ms "$t0" "$last")" \
	    "$(ms 0 $(((t - t0) / polls))) $(ms 0 "${period:-}")" \
	    "$(ms "$t0" "$tparent") $(ms 0 "${enf:+${enf}000}")"
	api POST "/api/v1/sims/$1/state" \
	    -d '{"action":"release","reason":"bench"}'
	while in_q4; do sleep 0.01; done
	sleep 0.2
}

# quarantine LABEL ICCID: QRUNS quarantines and releases of dev1's SIM.
quarantine() {
	echo "== a. quarantine latency, $1: dev1's SIM, $QRUNS times"
	: >"$T/q"
	for r in $(seq "$QRUNS"); do
		line=$(quarantine_once "$2") || die "quarantine run $r failed"
		echo "$line" >>"$T/q"
		echo "$line" | awk -v r="$r" '{ printf "  run %d: last datagram " \
		    "through sent at %s ms (one every %s ms), dev1 added to q4 " \
		    "%s ms (monitor), seen in q4 %s ms (polled every %s ms); " \
		    "the parent logged the change at %s ms, its enforcer took " \
		    "%s ms\n", r, $3, $5, $2, $1, $4, $6, $7 }'
	done
	for c in 3 2 1 6 7; do
		col=$(cut -d' ' -f"$c" "$T/q")
		printf '%s %s\n' "$(echo "$col" | median)" "$(echo "$col" | max)"
	done | awk -v l="$1" -v poll="$(cut -d' ' -f4 "$T/q" | median)" \
	    -v per="$(cut -d' ' -f5 "$T/q" | median)" '
	    NR == 1 { printf "  %s: API call → last datagram through (its " \
		"send time, in the payload srv received): median %s ms, max " \
		"%s ms; the first dropped is the next one, %s ms later\n", l, \
		$1, $2, per }
	    NR == 2 { printf "  %s: API call → dev1 added to q4 (nft " \
		"monitor): median %s ms, max %s ms\n", l, $1, $2 }
	    NR == 3 { printf "  %s: API call → dev1 seen in q4 (nft list set, " \
		"polled every %s ms): median %s ms, max %s ms\n", l, poll, $1, \
		$2 }
	    NR == 4 { printf "  %s: API call → the parent'"'"'s log line \"sim " \
		"... changed\" (ms clock): median %s ms, max %s ms\n", l, $1, \
		$2 }
	    NR == 5 { printf "  %s: the enforcer'"'"'s compile + dry run + " \
		"apply (its log line): median %s ms, max %s ms\n", l, $1, $2 }'
	echo "  every run: the quarantine rule's counter (zone4, ip saddr @q4" \
	    "counter drop) moved"
	echo "  reproduce: t0=\$(date +%s%N); curl -X POST -H" \
	    "'Authorization: Bearer TOKEN' -d" \
	    "'{\"action\":\"quarantine\",\"reason\":\"bench\"}'" \
	    "$URL/api/v1/sims/ICCID/state, with nft monitor running in the" \
	    "gateway's namespace, and dev1 sending its clock to srv:5684"
}

# iperf: one iperf3 run dev1 → srv, Gbit/s on stdout.
iperf() {
	lab_exec dev1 iperf3 -c "$LAB_SRV4" -p "$LAB_PORT_IPERF" \
	    -t "$DURATION" -J >"$T/iperf.json" ||
	    die "iperf3 failed: $(jq -r .error "$T/iperf.json")"
	jq '.end.sum_received.bits_per_second / 1e9' "$T/iperf.json" |
	    awk '{ printf "%.2f\n", $1 }'
}

# load STATE: the kernel's table as airlockd left it with STATE (10 or
# FLEET SIMs, saved by `nft -s list table`), or none.
load() {
	if [ "$1" = none ]; then
		nft delete table inet airlock 2>/dev/null || true
		return
	fi
	{
		echo "add table inet airlock"
		echo "delete table inet airlock"
		cat "$T/table-$1.nft"
	} | nft -f - || die "cannot load the table of $1 SIMs"
}

# throughput: RUNS rounds of iperf3 with each table in turn, so that the
# machine's noise falls on the three alike; each median to $T/tput-STATE.
throughput() {
	echo "== b. throughput, iperf3 -c $LAB_SRV4 -p $LAB_PORT_IPERF" \
	    "-t $DURATION from dev1: airlockd's table with 10 SIMs, with" \
	    "$FLEET, without any; $RUNS rounds"
	for st in 10 "$FLEET" none; do : >"$T/runs-$st"; done
	for r in $(seq "$RUNS"); do
		for st in 10 "$FLEET" none; do
			load "$st"
			sleep 1
			iperf >>"$T/runs-$st"
		done
		echo "  round $r: 10 SIMs $(sed -n "${r}p" "$T/runs-10")," \
		    "$FLEET SIMs $(sed -n "${r}p" "$T/runs-$FLEET")," \
		    "no table $(sed -n "${r}p" "$T/runs-none") Gbit/s"
	done
	for st in 10 "$FLEET" none; do median <"$T/runs-$st" >"$T/tput-$st"; done
	echo "  medians: 10 SIMs $(cat "$T/tput-10"), $FLEET SIMs" \
	    "$(cat "$T/tput-$FLEET"), no table $(cat "$T/tput-none") Gbit/s"
	echo "  $FLEET SIMs / 10 SIMs: $(paste "$T/tput-$FLEET" "$T/tput-10" |
	    awk '{ printf "%.2f", $1 / $2 }'); 10 SIMs / no table:" \
	    "$(paste "$T/tput-10" "$T/tput-none" | awk '{ printf "%.2f", $1 / $2 }')"
	echo "  reproduce: ip netns exec $(lab_ns dev1) iperf3 -c $LAB_SRV4" \
	    "-p $LAB_PORT_IPERF -t $DURATION"
}

# mark: remember where the log ends; policy_line [N]: the first
# "policy: ..." line after the mark (of N endpoints), as "ENDPOINTS
# PROFILES READ_MS APPLY_MS".
mark() { LOGMARK=$(($(wc -l <"$T/daemon.log" 2>/dev/null || echo 0) + 1)); }
policy_line() {
	tail -n +"$LOGMARK" "$T/daemon.log" |
	    grep "policy: ${1:-[0-9]*} endpoints" | head -n 1 |
	    sed 's/.*policy: //; s/ endpoints, / /; s/ profiles: read in / /
	    s/ ms, compiled and applied in / /; s/ ms.*//'
}

# wait_policy [N]: until the log has a policy line after the mark (of N
# endpoints), or 10 min.
wait_policy() {
	i=0
	until [ -n "$(policy_line "$@")" ]; do
		i=$((i + 1))
		[ $i -lt 60000 ] || die "no policy line in airlockd's log"
		kill -0 "$PID" 2>/dev/null || die "airlockd exited"
		sleep 0.01
	done
}

# starts KIND: RUNS starts, with (warm) or without (cold) the table; when
# the table was in against when the API first answered, to the ms: a
# role that serves before the table is in serves an unfiltered zone.
starts() {
	: >"$T/starts"
	for r in $(seq "$RUNS"); do
		stop_daemon
		[ "$1" = warm ] || nft delete table inet airlock 2>/dev/null ||
		    true
		start_daemon
		t=$(now_ns)
		wait_policy
		echo "$(policy_line) $(ms "$t" \
		    "$(log_ns "policy: [0-9]* endpoints")")" >>"$T/starts"
		echo "  $1 start $r: $(tail -n 1 "$T/starts" | awk '{ printf \
		    "%s endpoints, %s profiles: read %s ms, compiled and " \
		    "applied %s ms; logged %s ms after the API first " \
		    "answered (negative: before)", $1, $2, $3, $4, $5 }')"
	done
	echo "  $1 start: median read $(cut -d' ' -f3 "$T/starts" | median) ms," \
	    "compiled and applied $(cut -d' ' -f4 "$T/starts" | median) ms"
}

rss() {
	tot=0
	for p in $PID $(pgrep -P "$PID"); do
		r=$(ps -o rss= -p "$p" | tr -d ' ')
		tot=$((tot + r))
		echo "    pid $p ($(ps -o user= -p "$p")): RSS $r KiB"
	done
	echo "    total $((tot / 1024)) MiB"
}

ADMIN=$("$AIRLOCKD" -f "$T/airlockd.conf" --create-admin-token bench \
    2>>"$T/daemon.log")
export AIRLOCK_URL="$URL" AIRLOCK_TOKEN="$ADMIN"
echo "airlockd: $AIRLOCKD; lab $LAB_PREFIX; dev1 $DEV1 → srv $LAB_SRV4;" \
    "$(nproc) CPUs, nothing pinned"
start_daemon
wait_policy
s=$(now_ns)
profiles
echo "$((PROFILES + 1)) profiles put in $(ms "$s" "$(now_ns)") ms"
fleet 10 10 >"$T/lab.csv"
mark
"$AIRLOCK" sim import "$T/lab.csv" >/dev/null
wait_policy 10
ICCID1=$(awk -F, -v ip="$DEV1" '$5 == ip { print $1 }' "$T/lab.csv")
[ -n "$ICCID1" ] || die "dev1's SIM is not in the fleet"
nft list map inet airlock prof4 | grep -q "$DEV1 : 0x" ||
    die "dev1 is not in airlockd's table"
echo "registry: 10 SIMs (dev1's is $ICCID1), $(policy_line 10 | awk \
    '{ print $1 " endpoints, " $2 " profiles" }') in the table"

nft -s list table inet airlock >"$T/table-10.nft"
quarantine "10 SIMs" "$ICCID1"

fleet $((FLEET - 10)) 20 >"$T/fleet.csv"
s=$(now_ns)
mark
"$AIRLOCK" sim import "$T/fleet.csv" >/dev/null
wait_policy "$FLEET"
echo "registry: $FLEET SIMs; airlock sim import of $((FLEET - 10)) with" \
    "the reload that follows: $(ms "$s" "$(now_ns)") ms; the reload:" \
    "$(policy_line "$FLEET" | awk '{ printf "%s endpoints, %s profiles, " \
    "read %s ms, compiled and applied %s ms", $1, $2, $3, $4 }')"
echo "airlockd's memory with $FLEET SIMs:"
rss

nft -s list table inet airlock >"$T/table-$FLEET.nft"
quarantine "$FLEET SIMs" "$ICCID1"

echo "== c. airlockd's start with $FLEET SIMs (its log line)"
starts cold
starts warm
echo "  reproduce: airlockd -f airlockd.conf (log-level info or debug):" \
    "its line \"policy: N endpoints, M profiles: read in X ms, compiled" \
    "and applied in Y ms\""

stop_daemon
throughput
