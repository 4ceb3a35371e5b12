#!/bin/sh
# SIGKILL airlockd in the middle of a large import, restart it, and check
# that the store holds all of the import or none of it, and is intact.
# Three rounds kill at different moments: during the upload, while rows are
# being written, and later in the writing; a control round kills only after
# the import answered, and must find every row.
. "$(dirname "$0")/lib.sh"
GEN="$(dirname "$0")/../../scripts/gen-fleet.sh"
ROWS=100000
"$GEN" $ROWS 0 >"$T/fleet.csv"
DB="$T/db/airlock.db"

total_sims() {
	curl -fs -H "Authorization: Bearer $ADMIN" "$URL/metrics" >"$T/metrics" ||
	    { echo "cannot read metrics" >&2; echo -1; return; }
	awk '/^airlock_sims\{/ { n += $2 } END { print n + 0 }' "$T/metrics"
}

# SIGKILL the parent and its roles, and wait until the roles are gone too:
# a killed process may take a moment to release its memory and sockets.
kill_all() {
	kids=$(pgrep -P "$PID" || true)
	kill -KILL $kids "$PID" 2>/dev/null || true
	wait "$PID" 2>/dev/null || true
	PID=
	for k in $kids; do
		i=0
		while kill -0 "$k" 2>/dev/null && [ $i -lt 200 ]; do
			i=$((i + 1))
			sleep 0.05
		done
	done
}

# wait_wal BYTES: until the write-ahead log holds that much, or 30 s.
wait_wal() {
	i=0
	while [ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -lt 600 ] || return 0
		sleep 0.05
	done
}

round() {
	start_daemon
	curl -s -o /dev/null -X POST -H "Authorization: Bearer $ADMIN" \
	    -H 'Content-Type: text/csv' --data-binary @"$T/fleet.csv" \
	    "$URL/api/v1/sims/import" &
	cpid=$!
	case $1 in
	upload) sleep 0.05 ;;
	writing) wait_wal 4000000 ;;
	late) wait_wal 16000000 ;;
	complete) wait $cpid ;;
	esac
	kill_all
	wait $cpid 2>/dev/null || true
	start_daemon
	n=$(total_sims)
	if [ "$1" = complete ]; then
		eq "kill after the answer: every row is there" "$n" $ROWS
	else
		check "kill $1: all or nothing (found $n of $ROWS)" \
		    [ "$n" -eq 0 -o "$n" -eq $ROWS ]
	fi
	eq "kill $1: integrity_check" \
	    "$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)" ok
	if [ "$n" -eq $ROWS ]; then
		eq "kill $1: the audit entry came with it" \
		    "$(api GET '/api/v1/audit?actor=admin' >/dev/null; body '[.items[] | select(.action=="sim.import")] | length')" 1
	fi
	stop_daemon
	rm -rf "$T/db"
	ADMIN=$("$AIRLOCKD" -f "$CONF" --create-admin-token admin)
}

round upload
round writing
round late
round complete
finish
