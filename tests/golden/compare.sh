#!/bin/sh
# A golden test: DRIVER CASE's output must equal EXPECTED (diff -u shows
# how it differs). UPDATE=1 rewrites EXPECTED instead: review its diff
# before committing it.
#   compare.sh DRIVER CASE EXPECTED
set -eu
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$1" "$2" >"$out"
if [ "${UPDATE:-0}" = 1 ]; then
	cp "$out" "$3"
	echo "updated $3"
	exit 0
fi
diff -u "$3" "$out"
