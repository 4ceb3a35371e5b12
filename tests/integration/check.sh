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
