#!/bin/sh
# Registry benchmarks, in one invocation on one store:
#   1. import 1,000,000 SIMs from CSV end to end: `airlock sim import` (CLI,
#      HTTP upload, parse, validate, write to SQLite, commit), with the rows
#      in ICCID order and, separately, shuffled;
#   2. GET /api/v1/sims/{iccid} at 1M SIMs with wrk on loopback, random SIMs,
#      64 and 32 connections;
#   3. airlockd's memory when idle with 1M SIMs in the store.
# Each figure is the median of RUNS runs (default 3). Not a test: nothing
# here asserts on a timing.
#   bench/registry.sh BUILD_DIR
set -eu
build=${1:-build/release}
top=$(cd "$(dirname "$0")/.." && pwd)
AIRLOCKD="$top/$build/airlockd"
AIRLOCK="$top/$build/airlock"
RUNS=${RUNS:-3}
FLEET=${FLEET:-1000000}
PORT=${PORT:-18741}
URL="http://127.0.0.1:$PORT"
T=$(mktemp -d /tmp/airlock-bench.XXXXXX)
chmod 755 "$T"
PID=
trap 'kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT INT TERM

cat >"$T/airlockd.conf" <<CONF
store "$T/db/airlock.db"
api-listen 127.0.0.1:$PORT
log-level warning
enforce off
CONF

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

start() {
	"$AIRLOCKD" -f "$T/airlockd.conf" 2>>"$T/log" &
	PID=$!
	until curl -fs "$URL/healthz" >/dev/null 2>&1; do sleep 0.05; done
}

stop() {
	kill -TERM "$PID"
	wait "$PID" 2>/dev/null || true
}

fresh_store() {
	rm -rf "$T/db"
	AIRLOCK_TOKEN=$("$AIRLOCKD" -f "$T/airlockd.conf" --create-admin-token bench)
	export AIRLOCK_TOKEN AIRLOCK_URL="$URL"
}

echo "generating $FLEET SIMs"
"$top/scripts/gen-fleet.sh" "$FLEET" >"$T/sorted.csv"
(head -n 1 "$T/sorted.csv"; tail -n +2 "$T/sorted.csv" | shuf) >"$T/shuffled.csv"
echo "fleet csv: $(wc -c <"$T/sorted.csv") bytes"

# import ORDER: RUNS imports into fresh stores; the daemon of the last one
# keeps running for the next steps.
import() {
	: >"$T/import-$1"
	for r in $(seq "$RUNS"); do
		fresh_store
		start
		s=$(date +%s.%N)
		"$AIRLOCK" sim import "$T/$1.csv" >/dev/null
		e=$(date +%s.%N)
		echo "$s $e" | awk '{ printf "%.2f\n", $2 - $1 }' | tee -a "$T/import-$1"
		[ "$r" -eq "$RUNS" ] || stop
	done
	m=$(median <"$T/import-$1")
	echo "import ($1): median $m s over $RUNS runs" \
	    "($(echo "$FLEET $m" | awk '{ printf "%.0f", $1 / $2 }') SIMs/s)"
}

echo "== 1. import $FLEET SIMs through the CLI and the API"
import shuffled
stop
import sorted
echo "  reproduce: bench/registry.sh $build   (airlock sim import fleet.csv)"

echo "== 2. GET /api/v1/sims/{iccid} at $FLEET SIMs"
for c in 64 32; do
	: >"$T/get"
	for r in $(seq "$RUNS"); do
		FLEET=$FLEET wrk -t2 -c$c -d10s --latency \
		    -s "$top/bench/get-sim.lua" "$URL" | grep RESULT | tee -a "$T/get"
	done
	echo "get, $c connections: median" \
	    "$(sed 's/.*rps=\([0-9]*\).*/\1/' "$T/get" | median) req/s," \
	    "p50 $(sed 's/.*p50_ms=\([0-9.]*\).*/\1/' "$T/get" | median) ms," \
	    "p99 $(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' "$T/get" | median) ms"
	echo "  reproduce: AIRLOCK_TOKEN=... FLEET=$FLEET wrk -t2 -c$c -d10s --latency -s bench/get-sim.lua $URL"
done

echo "== 3. memory when idle with $FLEET SIMs"
stop
start
sleep 2
for p in $PID $(pgrep -P "$PID"); do
	printf '%s pid %s: ' "$(ps -o user= -p "$p")" "$p"
	awk '/^RssAnon/ { a = $2 } /^RssFile/ { f = $2 } /^RssShmem/ { s = $2 }
	    END { printf "RSS anonymous %d KiB, file %d KiB, shared %d KiB\n", a, f, s }' \
	    "/proc/$p/status"
done
echo "(file pages are the shared libraries and the store's memory map, which the"
echo " kernel's page cache holds for every reader, and may reclaim)"
echo "store on disk: $(du -sh "$T/db" | cut -f1)"
echo "  reproduce: bench/registry.sh $build   (ps/proc after restart)"
stop
