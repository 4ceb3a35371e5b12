# Shared by the integration tests: a private airlockd on a loopback port in
# a scratch directory (kept for a post-mortem when KEEP=1), an admin token,
# and pass/fail bookkeeping. Sourced as
#   . lib.sh AIRLOCKD AIRLOCK
# The daemon leaves nftables alone (enforce off) unless ENFORCE=on: only
# the lab's tests, inside their own network namespace, enforce.
set -eu

AIRLOCKD=$1
AIRLOCK=$2
T=$(mktemp -d /tmp/airlock-test.XXXXXX)
chmod 755 "$T" # the api role runs as user airlock and must reach the store
PORT=$((20000 + $$ % 12000))
URL="http://127.0.0.1:$PORT"
CONF="$T/airlockd.conf"
PID=

. "$(dirname "$0")/check.sh"

cat >"$CONF" <<CONF
store "$T/db/airlock.db"
api-listen 127.0.0.1:$PORT
api-body-limit 64KiB
api-import-limit 256MiB
device-network 10.64.0.0/10
log-level debug
enforce ${ENFORCE:-off}
CONF

start_daemon() {
	"$AIRLOCKD" -f "$CONF" 2>>"$T/daemon.log" &
	PID=$!
	i=0
	until curl -fs "$URL/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$PID" 2>/dev/null; then
			echo "airlockd did not start:" >&2
			cat "$T/daemon.log" >&2
			exit 1
		fi
		sleep 0.05
	done
}

# Stop the daemon with SIGTERM; it must exit 0, which under the sanitizers
# also means that LeakSanitizer found nothing in any role.
stop_daemon() {
	[ -n "$PID" ] || return 0
	kill -TERM "$PID" 2>/dev/null || true
	rc=0
	wait "$PID" 2>/dev/null || rc=$?
	PID=
	eq "airlockd stops cleanly on SIGTERM" "$rc" 0
}

finish() {
	stop_daemon
	if [ "$FAILED" -gt 0 ]; then
		echo "--- daemon log ---"
		tail -n 50 "$T/daemon.log" 2>/dev/null || true
	fi
	[ -n "${KEEP:-}" ] || rm -rf "$T"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

new_token() { # new_token NAME ROLE -> prints the token (needs $ADMIN)
	curl -fs -X POST -H "Authorization: Bearer $ADMIN" \
	    -H 'Content-Type: application/json' \
	    -d "{\"name\":\"$1\",\"role\":\"$2\"}" "$URL/api/v1/tokens" |
	    jq -r .token
}

# api METHOD PATH [curl args...]: the body goes to $T/body, the status is
# printed.
api() {
	m=$1
	p=$2
	shift 2
	curl -s -o "$T/body" -w '%{http_code}' -X "$m" \
	    -H "Authorization: Bearer ${TOKEN:-$ADMIN}" "$@" "$URL$p"
}

body() { jq -r "$1" "$T/body"; }

ADMIN=$("$AIRLOCKD" -f "$CONF" --create-admin-token admin 2>>"$T/daemon.log")
trap 'stop_daemon; rm -rf "$T"' INT TERM
