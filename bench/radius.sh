#!/bin/sh
# RADIUS benchmark: airlock's radius role against FreeRADIUS 3.2, in one
# invocation, on the same fleet and the same load:
#   1. the same FLEET SIMs (default 1,000,000, scripts/gen-fleet.sh) with
#      static IPs go into both: airlock through `airlock sim import`,
#      FreeRADIUS as a users file for rlm_files (its fastest equivalent: an
#      in-memory hash keyed by User-Name), unknown IMSIs rejected by both;
#   2. Access-Requests from bench/radload (a Message-Authenticator, User-Name
#      and 3GPP-IMSI, APN, MSISDN), runs alternating airlock, FreeRADIUS,
#      airlock... RUNS times each, with identical parameters and seeds;
#      medians of the throughput and latency, and the ratio of the rps;
#   3. accounting (Start, Interim-Update, Stop) against airlock, with lost
#      records; FreeRADIUS's, which answers without storing anything, only
#      for reference;
#   4. the servers' memory before and after loading the fleet.
# The servers run on CPU 0 and radload on CPU 1 (taskset): the figures are
# for one core of server. Not a test: nothing here asserts on a timing.
#   bench/radius.sh [BUILD_DIR | AIRLOCKD]   (default build/release)
# Knobs, from the environment: RUNS (3), FLEET (1000000), DURATION (10 s
# per run), CONNS (4), WINDOW (256), SERVERS ("airlock freeradius"; just
# "freeradius" skips airlock), FR_THREADS (2), RADLOAD_ARGS (added to every
# radload), AL_CONF (lines added to airlockd.conf, such as
# "radius-acct-flush 5"), KEEP=1 keeps the scratch directory.
set -eu
arg=${1:-build/release}
top=$(cd "$(dirname "$0")/.." && pwd)
case $arg in /*) ;; *) arg=$PWD/$arg ;; esac
if [ -d "$arg" ]; then
	build=$arg
	AIRLOCKD=$build/airlockd
else
	AIRLOCKD=$arg
	build=$(dirname "$arg")
fi
AIRLOCK=$build/airlock
RADLOAD=$build/bench/radload
FREERADIUS=${FREERADIUS:-/usr/sbin/freeradius}
RUNS=${RUNS:-3}
FLEET=${FLEET:-1000000}
DURATION=${DURATION:-10}
CONNS=${CONNS:-4}
WINDOW=${WINDOW:-256}
SERVERS=${SERVERS:-airlock freeradius}
FR_THREADS=${FR_THREADS:-2}
RADLOAD_ARGS=${RADLOAD_ARGS:-}
SECRET=bench-secret-$$
FR_AUTH=18220
FR_ACCT=18230
AL_AUTH=18222
AL_ACCT=18232
AL_API=18751
URL="http://127.0.0.1:$AL_API"

T=$(mktemp -d /tmp/airlock-radius.XXXXXX)
chmod 755 "$T"
FR_PID=
AL_PID=
cleanup() {
	for p in $FR_PID $AL_PID; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in $FR_PID $AL_PID; do
		wait "$p" 2>/dev/null || true
	done
	FR_PID=''
	AL_PID=''
	if [ "${KEEP:-0}" = 1 ]; then
		echo "scratch directory kept: $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "radius.sh: $*" >&2
	exit 1
}

for p in $FR_AUTH $FR_ACCT $AL_AUTH $AL_ACCT $AL_API; do
	[ -z "$(ss -Hln "sport = :$p" 2>/dev/null)" ] ||
	    die "port $p is in use: is another benchmark running?"
done
[ -x "$RADLOAD" ] || die "no $RADLOAD: cmake --build $build --target radload"
[ -x "$FREERADIUS" ] || die "no $FREERADIUS (apt-get install freeradius)"
case " $SERVERS " in *" airlock "*)
	[ -x "$AIRLOCKD" ] || die "no $AIRLOCKD"
	[ -x "$AIRLOCK" ] || die "no $AIRLOCK" ;;
esac

# CPU 0 for the servers, CPU 1 for the load. Affinity is inherited, so
# every thread of FreeRADIUS and every process of airlockd stays on CPU 0.
if [ "$(nproc)" -ge 2 ]; then
	ON_SERVER="taskset -c 0"
	ON_LOAD="taskset -c 1"
	echo "pinning: airlockd (all its processes) and FreeRADIUS (all its" \
	    "threads) on CPU 0, radload on CPU 1"
else
	ON_SERVER=''
	ON_LOAD=''
	echo "pinning: none, this machine has one CPU"
fi

now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{ printf "%.1f", $2 - $1 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# field KEY: the value of KEY= in radload's line on stdin.
field() {
	awk -v k="$1" '{ for (i = 1; i <= NF; i++) { n = index($i, "=")
	    if (substr($i, 1, n - 1) == k) print substr($i, n + 1) } }'
}
descendants() {
	for c in $(pgrep -P "$1" || true); do
		echo "$c"
		descendants "$c"
	done
}
# rss PID: the resident memory of PID and of each of its descendants (the
# roles of airlockd, told apart by their users).
rss() {
	tot=0
	for p in $1 $(descendants "$1"); do
		r=$(ps -o rss= -p "$p" 2>/dev/null | tr -d ' ') || continue
		[ -n "$r" ] || continue
		printf '    pid %s, user %s (%s): RSS %s KiB\n' "$p" \
		    "$(ps -o user= -p "$p")" \
		    "$(ps -o args= -p "$p" | cut -c1-50)" "$r"
		tot=$((tot + r))
	done
	echo "    total $((tot / 1024)) MiB"
}

# brief: the figures of radload's line that a reader wants per run.
brief() {
	awk -v keys="rps p50_us p99_us p999_us accept reject acct_ok timeouts \
	    lost bad unanswered cpu_pct" 'BEGIN { split(keys, k, " ")
	    for (i in k) want[k[i]] = 1 }
	    { for (i = 1; i <= NF; i++) if (want[substr($i, 1, index($i, "=") - 1)])
	    printf "%s ", $i; print "" }'
}

# radload PORT ARGS...: one run against 127.0.0.1:PORT, its line on stdout.
radload() {
	port=$1
	shift
	# shellcheck disable=SC2086
	$ON_LOAD "$RADLOAD" -q -t "127.0.0.1:$port" -s "$SECRET" -n "$FLEET" \
	    "$@" $RADLOAD_ARGS
}

# probe PORT: whether a SIM of the fleet is accepted.
probe() {
	out=$(radload "$1" -N 1 -c 1 -w 1 -T 200 -R 0 2>/dev/null) || return 1
	[ "$(echo "$out" | field accept)" = 1 ]
}

# wait_ready NAME PID PORT LOG: until NAME answers, or it dies, or 15 min.
wait_ready() {
	s=$(now)
	until probe "$3"; do
		if ! kill -0 "$2" 2>/dev/null; then
			tail -n 20 "$4" >&2
			die "$1 exited before answering; log: $4"
		fi
		if [ "$(since "$s" | cut -d. -f1)" -ge 900 ]; then
			tail -n 20 "$4" >&2
			die "$1 did not accept a SIM of the fleet in 15 minutes"
		fi
		sleep 0.2
	done
	unknown=$(radload "$3" -N 1 -c 1 -w 1 -T 500 -R 2 -u 1 2>/dev/null |
	    field reject)
	[ "$unknown" = 1 ] || die "$1 did not reject an unknown IMSI"
}

echo "generating $FLEET SIMs"
"$top/scripts/gen-fleet.sh" "$FLEET" >"$T/fleet.csv"

# FreeRADIUS: a private configuration with nothing but what the benchmark
# needs. authorize { files } finds the SIM by User-Name and sets
# Auth-Type := Accept (handled inside the server, no authenticate module)
# and the reply's Framed-IP-Address; the DEFAULT entry at the end rejects
# every other IMSI. No detail, linelog or SQL; logging off but errors.
# Choices, for 2 cores with the server pinned to one:
#   - thread pool: FR_THREADS (2) workers, fixed, besides the thread that
#     reads the sockets; on this machine 2 beat 1, 3, 4 and 8;
#   - recv_buff 4 MiB on each socket (net.core.rmem_max allows it): the
#     default 208 KiB overflows with 1,024 requests outstanding and the
#     drops turn into one-second retransmission timeouts;
#   - max_requests 1M (the default 16384 is a limit on requests in flight
#     and in cleanup_delay); reject_delay 0, like airlock;
#   - Message-Authenticator: FreeRADIUS 3.2.1 checks it when present and
#     accepts it as the first attribute; it does not put one in its replies.
fr_config() {
	d=$T/fr
	mkdir -p "$d/raddb" "$d/log" "$d/run"
	tail -n +2 "$T/fleet.csv" | awk -F, '{
	    printf "%s\tAuth-Type := Accept\n\tFramed-IP-Address = %s\n\n", $2, $5 }
	    END { print "DEFAULT\tAuth-Type := Reject" }' >"$d/raddb/users"
	: >"$d/raddb/acct_users"
	cat >"$d/raddb/radiusd.conf" <<CONF
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = $d/log
raddbdir = $d/raddb
radacctdir = \${logdir}/radacct
name = freeradius
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
run_dir = $d/run
db_dir = \${raddbdir}
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/\${name}.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 1048576
hostname_lookups = no
log {
	destination = stdout
	colourise = no
	auth = no
	auth_badpass = no
	auth_goodpass = no
}
security {
	allow_core_dumps = no
	max_attributes = 200
	reject_delay = 0
	status_server = no
}
proxy_requests = no
client bench {
	ipaddr = 127.0.0.1
	secret = $SECRET
}
thread pool {
	start_servers = $FR_THREADS
	max_servers = $FR_THREADS
	min_spare_servers = 1
	max_spare_servers = $FR_THREADS
	max_requests_per_server = 0
	auto_limit_acct = no
}
modules {
	files {
		key = "%{User-Name}"
		filename = \${confdir}/users
		acctusersfile = \${confdir}/acct_users
	}
	always ok {
		rcode = ok
	}
}
server bench {
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = $FR_AUTH
		recv_buff = 4194304
	}
	listen {
		type = acct
		ipaddr = 127.0.0.1
		port = $FR_ACCT
		recv_buff = 4194304
	}
	authorize {
		files
	}
	authenticate {
	}
	preacct {
	}
	accounting {
		ok
	}
	post-auth {
	}
}
CONF
}

fr_start() {
	v=$("$FREERADIUS" -v | sed -n 's/.*Version \([0-9.]*\).*/\1/p;q')
	echo "== FreeRADIUS $v," \
	    "rlm_files with $FLEET users ($(wc -c <"$T/fr/raddb/users") bytes)," \
	    "$FR_THREADS worker threads"
	s=$(now)
	$ON_SERVER "$FREERADIUS" -f -d "$T/fr/raddb" -l stdout \
	    >"$T/fr/log/out" 2>&1 &
	FR_PID=$!
	wait_ready FreeRADIUS "$FR_PID" "$FR_AUTH" "$T/fr/log/out"
	echo "  start-up, reading the users file until the first Access-Accept:" \
	    "$(since "$s") s"
	echo "  memory with $FLEET users:"
	rss "$FR_PID"
	echo "  reproduce: freeradius -f -d CONFDIR -l stdout (radiusd.conf as" \
	    "written by this script, KEEP=1 keeps it)"
}

# airlock: the store, the registry import through the CLI and the API (as
# bench/registry.sh), and the radius role listening next to the API. The
# fleet's SIMs have a 500M monthly limit that the accounting run's sessions
# pass: alert, rather than suspend them and send Disconnect-Requests.
al_start() {
	mkdir -p "$T/al"
	cat >"$T/al/airlockd.conf" <<CONF
store "$T/al/db/airlock.db"
api-listen 127.0.0.1:$AL_API
device-network 10.64.0.0/10
enforce off
log-level warning
radius-auth-listen 127.0.0.1:$AL_AUTH
radius-acct-listen 127.0.0.1:$AL_ACCT
radius-client bench 127.0.0.1/32 $SECRET
radius-data-limit-action alert
${AL_CONF:-}
CONF
	echo "== airlock, $AIRLOCKD"
	AIRLOCK_TOKEN=$("$AIRLOCKD" -f "$T/al/airlockd.conf" \
	    --create-admin-token bench)
	export AIRLOCK_TOKEN AIRLOCK_URL="$URL"
	$ON_SERVER "$AIRLOCKD" -f "$T/al/airlockd.conf" 2>>"$T/al/log" &
	AL_PID=$!
	s=$(now)
	until curl -fs "$URL/healthz" >/dev/null 2>&1; do
		kill -0 "$AL_PID" 2>/dev/null || {
			tail -n 20 "$T/al/log" >&2
			die "airlockd exited; log: $T/al/log"
		}
		[ "$(since "$s" | cut -d. -f1)" -lt 60 ] ||
		    die "airlockd's API did not come up in 60 s"
		sleep 0.05
	done
	echo "  memory before loading the fleet:"
	rss "$AL_PID"
	s=$(now)
	"$AIRLOCK" sim import "$T/fleet.csv" >/dev/null
	echo "  airlock sim import of $FLEET SIMs: $(since "$s") s"
	wait_ready airlock "$AL_PID" "$AL_AUTH" "$T/al/log"
	echo "  import to the first Access-Accept: $(since "$s") s"
	# The role reloads its index a page at a time while it serves: the
	# runs start once every SIM of the fleet is in it.
	until [ "$(curl -fs -H "Authorization: Bearer $AIRLOCK_TOKEN" \
	    "$URL/metrics" | awk '$1 == "airlock_radius_sims" { print $2 }')" \
	    = "$FLEET" ]; do
		[ "$(since "$s" | cut -d. -f1)" -lt 900 ] ||
		    die "the radius index did not reach $FLEET SIMs"
		sleep 0.2
	done
	echo "  import to the whole fleet in the radius index: $(since "$s") s"
	echo "  memory with $FLEET SIMs:"
	rss "$AL_PID"
}

# al_stored STOPS: whether every Stop airlock answered is a stopped
# session in its store, once the journal is folded (read-only sqlite3).
al_stored() {
	db=$T/al/db/airlock.db
	s=$(now)
	while [ "$(sqlite3 -readonly "$db" \
	    'SELECT count(*) FROM session_journal' 2>/dev/null)" != 0 ]; do
		[ "$(since "$s" | cut -d. -f1)" -lt 120 ] || break
		sleep 0.5
	done
	n=$(sqlite3 -readonly "$db" \
	    'SELECT count(*) FROM session WHERE stopped > 0')
	echo "  airlock: $1 Stops answered, $n stopped sessions in the store" \
	    "after the fold ($(since "$s") s);" \
	    "$([ "$n" -ge "$1" ] && echo "no answered record lost" ||
	    echo "LOST $(($1 - n)) answered Stops")"
}

port_of() {
	case $1 in
	airlock) echo "$AL_AUTH" ;;
	freeradius) echo "$FR_AUTH" ;;
	esac
}

for s in $SERVERS; do
	case $s in
	freeradius) fr_config && fr_start ;;
	airlock) al_start ;;
	*) die "SERVERS: unknown server '$s'" ;;
	esac
done

LOAD="-d $DURATION -c $CONNS -w $WINDOW"
echo "== Access-Request, $FLEET SIMs, radload $LOAD $RADLOAD_ARGS," \
    "$RUNS runs each, alternating"
for r in $(seq "$RUNS"); do
	for s in $SERVERS; do
		# shellcheck disable=SC2086
		line=$(radload "$(port_of "$s")" $LOAD -S "$r")
		echo "$line" >>"$T/runs-$s"
		printf '  run %s %-10s %s\n' "$r" "$s" "$(echo "$line" | brief)"
	done
done
for s in $SERVERS; do
	rps=$(field rps <"$T/runs-$s" | median)
	p50=$(field p50_us <"$T/runs-$s" | median)
	p99=$(field p99_us <"$T/runs-$s" | median)
	bad=$(field timeouts <"$T/runs-$s" | awk '{ t += $1 } END { print t }')
	echo "$rps" >"$T/median-$s"
	printf '%-10s median %s replies/s, p50 %s us, p99 %s us' \
	    "$s" "$rps" "$p50" "$p99"
	printf ' (%s timeouts in all runs)\n' "$bad"
	cpu=$(field cpu_pct <"$T/runs-$s" | sort -n | tail -n 1)
	[ "${cpu:-0}" -le 85 ] ||
	    echo "  radload used ${cpu}% of its core: $s's figures are a" \
		"lower bound, the limit is the load generator's"
done
if [ -s "$T/median-airlock" ] && [ -s "$T/median-freeradius" ]; then
	echo "airlock / FreeRADIUS, median replies/s:" \
	    "$(paste "$T/median-airlock" "$T/median-freeradius" |
	    awk '{ printf "%.2f", ($2 > 0 ? $1 / $2 : 0) }')"
fi
echo "  reproduce: $ON_LOAD radload -t 127.0.0.1:PORT -s SECRET -n $FLEET" \
    "$LOAD $RADLOAD_ARGS -S RUN   (server on CPU 0: $ON_SERVER)"

echo "== Accounting: sessions of Start, 1 Interim-Update, Stop;" \
    "radload -A $LOAD"
for s in $SERVERS; do
	case $s in
	airlock) port=$AL_ACCT note= ;;
	freeradius)
		port=$FR_ACCT
		note="(reference only: it answers and stores nothing)" ;;
	esac
	# shellcheck disable=SC2086
	line=$(radload "$port" -A -k 1 $LOAD -S 1)
	printf '  %-10s %s\n' "$s" "$(echo "$line" | brief)"
	echo "  $s: $(echo "$line" | field acct_ok) records answered," \
	    "$(echo "$line" | field rps) records/s, p99" \
	    "$(echo "$line" | field p99_us) us, lost $(echo "$line" | field lost)," \
	    "cut short at the end $(echo "$line" | field unanswered) $note"
	[ "$s" = airlock ] && al_stored "$(echo "$line" | field stops)"
done
echo "  reproduce: $ON_LOAD radload -A -k 1 -t 127.0.0.1:ACCTPORT -s SECRET" \
    "-n $FLEET $LOAD"

for s in $SERVERS; do
	case $s in
	airlock)
		echo "airlockd's memory after the runs:"
		rss "$AL_PID" ;;
	freeradius)
		echo "FreeRADIUS's memory after the runs:"
		rss "$FR_PID" ;;
	esac
done
