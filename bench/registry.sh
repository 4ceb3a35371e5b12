#!/bin/sh
# Registry benchmarks, in one invocation on one store:
#   1. import 1,000,000 SIMs from CSV end to end: `airlock sim import` (CLI,
#      HTTP upload, parse, validate, write to SQLite, commit);
#   2. GET /api/v1/sims/{iccid} at 1M SIMs with wrk on loopback;
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
"$top/scripts/gen-fleet.sh" "$FLEET" >"$T/fleet.csv"
echo "fleet.csv: $(wc -c <"$T/fleet.csv") bytes"

echo "== 1. import $FLEET SIMs through the CLI and the API"
for r in $(seq "$RUNS"); do
	fresh_store
	start
	s=$(date +%s.%N)
	"$AIRLOCK" sim import "$T/fleet.csv" >/dev/null
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.2f\n", $2 - $1 }' | tee -a "$T/import"
	[ "$r" -eq "$RUNS" ] || stop
done
echo "import: median $(median <"$T/import") s over $RUNS runs" \
    "($(echo "$FLEET $(median <"$T/import")" | awk '{ printf "%.0f", $1 / $2 }') SIMs/s)"
echo "  reproduce: bench/registry.sh $build   (airlock sim import fleet.csv)"

echo "== 2. GET /api/v1/sims/{iccid} at $FLEET SIMs"
cmd="wrk -t2 -c64 -d10s --latency -s bench/get-sim.lua $URL"
for r in $(seq "$RUNS"); do
	FLEET=$FLEET wrk -t2 -c64 -d10s --latency -s "$top/bench/get-sim.lua" \
	    "$URL" | grep RESULT | tee -a "$T/get"
done
echo "get: median $(sed 's/.*rps=\([0-9]*\).*/\1/' "$T/get" | median) req/s," \
    "p50 $(sed 's/.*p50_ms=\([0-9.]*\).*/\1/' "$T/get" | median) ms," \
    "p99 $(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' "$T/get" | median) ms"
echo "  reproduce: AIRLOCK_TOKEN=... FLEET=$FLEET $cmd"

echo "== 3. memory when idle with $FLEET SIMs"
stop
start
sleep 2
for p in $PID $(pgrep -P "$PID"); do
	printf '%s pid %s: ' "$(ps -o user= -p "$p")" "$p"
	awk '/^VmRSS/ { printf "RSS %d KiB, ", $2 }' "/proc/$p/status"
	awk '/^Pss:/ { printf "PSS %d KiB\n", $2 }' "/proc/$p/smaps_rollup"
done
echo "store on disk: $(du -sh "$T/db" | cut -f1)"
echo "  reproduce: bench/registry.sh $build   (ps/proc after restart)"
stop
