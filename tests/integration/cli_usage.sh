#!/bin/sh
# The airlock CLI without a server: usage errors, unreadable input and an
# unreachable server must each end with their sysexits code (docs/cli.md).
#   cli_usage.sh AIRLOCK
set -u

AIRLOCK=$1
PASSED=0
FAILED=0
T=$(mktemp -d /tmp/airlock-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT

# Nothing from the caller's environment may point the CLI elsewhere.
unset AIRLOCK_URL AIRLOCK_TOKEN AIRLOCK_TOKEN_FILE AIRLOCK_CACERT
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

# code "description" WANT args...: the exit status of airlock args.
code() {
	desc=$1
	want=$2
	shift 2
	"$AIRLOCK" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then
		PASSED=$((PASSED + 1))
		echo "ok - $desc"
	else
		FAILED=$((FAILED + 1))
		echo "not ok - $desc (exit $got, want $want)"
		sed 's/^/#   /' "$T/err"
	fi
}

# has "description" FILE TEXT: FILE holds TEXT.
has() {
	if grep -qF -- "$3" "$2"; then
		PASSED=$((PASSED + 1))
		echo "ok - $1"
	else
		FAILED=$((FAILED + 1))
		echo "not ok - $1 ('$3' not in $(basename "$2"))"
	fi
}

code "no arguments is a usage error" 64
has "no arguments prints the usage" "$T/err" "usage: airlock"
has "no arguments lists the commands" "$T/err" "sim import"
code "an unknown noun is a usage error" 64 frobnicate list
has "an unknown noun is named" "$T/err" "airlock: unknown command 'frobnicate'"
code "an unknown verb is a usage error" 64 sim frobnicate
code "a noun without a verb is a usage error" 64 sim
code "an unknown global option is a usage error" 64 --frob sim list
code "an unknown command option is a usage error" 64 sim list --frob
code "a missing argument is a usage error" 64 sim show
code "an extra argument is a usage error" 64 sim show 1 2
code "a bad --limit is a usage error" 64 sim list --limit ten
code "an unknown state action is a usage error" 64 \
    sim set-state 89441000000000000013 explode --reason test
code "a state change needs a reason" 64 sim suspend 89441000000000000013
code "a bad role is a usage error" 64 token create --name x --role root
code "a disconnect needs a reason" 64 sim disconnect 89441000000000000013
code "a binding reset needs a reason" 64 sim binding-reset 89441000000000000013
code "a relearn needs a reason" 64 sim relearn 89441000000000000013
code "usage --from is a date" 64 sim usage 89441000000000000013 --from 2026-02-30
code "session list takes no argument" 64 session list 89441000000000000013
code "a bad session --limit is a usage error" 64 session list --limit 0
code "a URL that is not http is a usage error" 64 \
    --url ftp://127.0.0.1/ sim list

code "help succeeds" 0 help
has "help goes to stdout" "$T/out" "sim list"
code "help for a noun succeeds" 0 help sim
has "help for a noun gives full usage" "$T/out" "--reason TEXT"
code "a command's --help succeeds" 0 sim add --help
has "a command's --help gives its usage" "$T/out" "usage: airlock sim add"
code "--version succeeds" 0 --version

code "importing a missing file is EX_NOINPUT" 66 sim import /nonexistent
has "the missing file is named" "$T/err" "/nonexistent"
code "importing a directory is EX_NOINPUT" 66 sim import "$T"
echo 'iccid' >"$T/sims.txt"
code "an import of unknown format is a usage error" 64 sim import "$T/sims.txt"
code "a missing MUD file is EX_NOINPUT" 66 profile put meter /nonexistent
printf '{"a": ' >"$T/broken.json"
code "a broken MUD file is EX_DATAERR" 65 profile put meter "$T/broken.json"
has "a JSON error names file and line" "$T/err" "broken.json:1:"
printf '{"ietf-mud:mud": {}}' >"$T/mud.json"
code "a RADIUS setting in words is a usage error" 64 \
    --url http://127.0.0.1:1 profile put meter "$T/mud.json" \
    --session-timeout soon
export AIRLOCK_TOKEN_FILE=/nonexistent
code "a missing token file is EX_NOINPUT" 66 whoami
unset AIRLOCK_TOKEN_FILE

code "a refused connection is EX_UNAVAILABLE" 69 \
    --url http://127.0.0.1:1 sim list
has "the connection failure is explained" "$T/err" "cannot reach the server"
export AIRLOCK_TOKEN=alk_secret_never_shown
code "a token changes nothing when the server is away" 69 \
    --url http://127.0.0.1:1 whoami
unset AIRLOCK_TOKEN
if grep -q alk_secret_never_shown "$T/out" "$T/err"; then
	FAILED=$((FAILED + 1))
	echo "not ok - the token appears in the output"
else
	PASSED=$((PASSED + 1))
	echo "ok - the token appears nowhere in the output"
fi

echo "# $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
