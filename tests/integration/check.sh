# TAP-style bookkeeping shared by the integration tests: pass, fail, check,
# eq, and the counts that finish() or the caller report. Sourced.
PASSED=0
FAILED=0

pass() {
	PASSED=$((PASSED + 1))
	echo "ok - $1"
}

fail() {
	FAILED=$((FAILED + 1))
	echo "not ok - $1"
}

# check "description" command...: passes when the command succeeds.
check() {
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# eq "description" ACTUAL EXPECTED
eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1 (got '$2', want '$3')"
	fi
}

# poll_for SECONDS CMD...: run CMD every 0.1 s until it succeeds (0), or
# give up after SECONDS (1).
poll_for() {
	n=$(($1 * 10))
	shift
	until "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}
