#!/bin/sh
# Detection in the network lab, timed: tests/integration/detect_lab.sh
# replays the infected host's side of the shared Hide'n Seek capture from
# a lab SIM at 1,000 packets a second; the gateway's monitor finds the
# scan and the response policy quarantines the SIM. Each run prints the
# time from the first attack packet (just before tcpreplay starts) to the
# SIM's address entering the kernel's quarantine set (nft monitor), split
# into the time until the parent had the event (its log line) and the
# time from there to the kernel. RUNS runs (default 5); the medians.
# The first part is mostly the attack's own: the scan is recognised at
# its 25th host that does not answer. Needs root (exit 77 without). Not a
# test: nothing asserts on a time.
#   bench/detect_lab.sh [BUILD_DIR]     (default build/release)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build/release}
case $build in /*) ;; *) build=$top/$build ;; esac
RUNS=${RUNS:-5}
if [ "$(id -u)" -ne 0 ]; then
	echo "detect_lab.sh: needs root (network namespaces)" >&2
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=1
while [ "$i" -le "$RUNS" ]; do
	"$top/tests/integration/detect_lab.sh" "$build/airlockd" \
	    "$build/airlock" >"$out" 2>&1 || {
		echo "run $i failed:" >&2
		grep -v '^ok' "$out" >&2
		exit 1
	}
	line=$(grep '^# first attack packet to quarantine' "$out")
	echo "run $i: ${line#\# }"
	echo "$line" | sed 's/[^0-9 ]//g' | awk '{ print $1, $2, $3 }' \
	    >>"$out.figures"
	i=$((i + 1))
done
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
total=$(cut -d' ' -f1 "$out.figures" | median)
event=$(cut -d' ' -f2 "$out.figures" | median)
kernel=$(cut -d' ' -f3 "$out.figures" | median)
rm -f "$out.figures"
echo "first attack packet to quarantine, median of $RUNS: ${total} ms" \
    "(event at the parent after ${event} ms, in the kernel ${kernel} ms later)"
echo "reproduce: bench/detect_lab.sh ${1:-build/release}"
