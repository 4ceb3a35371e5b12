#!/bin/sh
# Run every fuzz target for SECONDS on its seed corpus (make fuzz).
#   tests/fuzz/run.sh BUILD_DIR SECONDS
# New inputs go to BUILD_DIR/tests/fuzz/corpus/<name>, never into the
# committed seeds; crashes are written to BUILD_DIR/tests/fuzz/crashes/.
# Exits 1 if any target found a crash.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SECONDS" >&2
	exit 64
fi
build=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
out=$build/tests/fuzz
status=0

mkdir -p "$out/crashes"
for target in csv json config ipc radius mud nflog dns decode detect connlog capture \
    telnet creds mqtt versions http smtp targets; do
	bin=$out/fuzz_$target
	if [ ! -x "$bin" ]; then
		echo "$bin: not built (configure with -DAIRLOCK_FUZZ=ON)" >&2
		exit 66
	fi
	work=$out/corpus/$target
	mkdir -p "$work"
	echo "== fuzz_$target for ${seconds}s"
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=1 \
	    -artifact_prefix="$out/crashes/${target}-" \
	    "$work" "$here/corpus/$target"; then
		echo "fuzz_$target FAILED; reproducer in $out/crashes/" >&2
		status=1
	fi
done
exit $status
