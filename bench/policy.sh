#!/bin/sh
# The airlock's policy at fleet size: bench/policy_bench compiles a
# synthetic zone, PROFILES MUD profiles and ENDPOINTS endpoints (a tenth
# IPv6) and applies them through libnftables the way airlockd's enforcer
# does (src/daemon/enforcer.c):
#   1. a start: plan, skeleton compiled and dry-run, the whole table
#      compiled and applied in one transaction (goal: under 2 s for 100,000
#      devices and 1,000 profiles); then the same as a reload, with the
#      table in the kernel;
#   2. OPS endpoints added, switched to another profile, quarantined or
#      released, removed, one at a time: compile + dry run + apply each,
#      median and p99 (goal: under 10 ms);
#   3. the script's size and the process's RSS.
# Each run is in a network namespace of its own (airlock-bench-PID), made
# and deleted here, so the machine's own nftables are never touched. The
# same at 10 endpoints and 10 profiles, for contrast. Medians of RUNS runs;
# not a test: nothing here asserts on a timing.
#   bench/policy.sh [BUILD_DIR]   (default build/release)
# Knobs, from the environment: RUNS (3), ENDPOINTS (100000), PROFILES
# (1000), OPS (200), SEED (1), KEEP=1 keeps the scratch directory.
set -eu
build=${1:-build/release}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
BENCH=$build/bench/policy_bench
RUNS=${RUNS:-3}
ENDPOINTS=${ENDPOINTS:-100000}
PROFILES=${PROFILES:-1000}
OPS=${OPS:-200}
SEED=${SEED:-1}
NS=airlock-bench-$$

die() {
	echo "policy.sh: $*" >&2
	exit 1
}

[ "$(id -u)" -eq 0 ] || {
	echo "policy.sh: needs root (network namespaces, nftables)" >&2
	exit 77
}
[ -x "$BENCH" ] || die "no $BENCH: cmake --build ${1:-build/release}" \
    "--target policy_bench"

T=$(mktemp -d /tmp/airlock-policy.XXXXXX)
cleanup() {
	ip netns del "$NS" 2>/dev/null || true
	if [ "${KEEP:-0}" = 1 ]; then
		echo "scratch directory kept: $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# value NAME FILE: the figure NAME of a run's output.
value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# size N P: RUNS runs of policy_bench at N endpoints and P profiles, each
# in a fresh namespace; then each figure's median and its runs.
size() {
	args="-n $1 -p $2 -r $OPS -S $SEED"
	echo "== $1 endpoints, $2 profiles: policy_bench $args," \
	    "$RUNS runs, each in a fresh network namespace"
	for r in $(seq "$RUNS"); do
		ip netns add "$NS"
		# shellcheck disable=SC2086
		ip netns exec "$NS" "$BENCH" $args >"$T/run-$1-$r" ||
		    die "policy_bench failed (run $r at $1 endpoints)"
		ip netns del "$NS"
		echo "  run $r: compile + apply at start" \
		    "$(value start_total_ms "$T/run-$1-$r") ms, reload" \
		    "$(value reload_total_ms "$T/run-$1-$r") ms, one add" \
		    "$(value add_p50_ms "$T/run-$1-$r") ms (median)"
	done
	head -n 1 "$T/run-$1-1"
	printf '  %-24s %10s %-5s %-26s %s\n' figure median unit runs what
	grep -v '^#' "$T/run-$1-1" | while read -r name _ unit what; do
		runs=$(for r in $(seq "$RUNS"); do
			value "$name" "$T/run-$1-$r"
		done | tr '\n' ' ')
		m=$(for v in $runs; do echo "$v"; done | median)
		echo "$m" >"$T/median-$1-$name"
		printf '  %-24s %10s %-5s %-26s %s\n' "$name" "$m" "$unit" \
		    "$runs" "$what"
	done
	echo "  reproduce: ip netns add NS; ip netns exec NS $BENCH $args;" \
	    "ip netns del NS"
}

# goal N NAME LIMIT WHAT: the median against its goal.
goal() {
	m=$(cat "$T/median-$1-$2")
	echo "$m $3" | awk -v w="$4" -v n="$1" '{ printf "  %s at %s " \
	    "endpoints: %s ms, goal < %s ms: %s\n", w, n, $1, $2,
	    ($1 < $2 ? "met" : "MISSED") }'
}

size "$ENDPOINTS" "$PROFILES"
size 10 10
echo "== goals (medians of $RUNS runs)"
for n in "$ENDPOINTS" 10; do
	goal "$n" start_total_ms 2000 "compile + apply at start"
	goal "$n" reload_total_ms 2000 "compile + apply at a reload"
	for op in add change quarantine remove; do
		goal "$n" "${op}_p50_ms" 10 "one $op, median"
		goal "$n" "${op}_p99_ms" 10 "one $op, p99"
	done
done
