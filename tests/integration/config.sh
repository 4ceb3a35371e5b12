#!/bin/sh
# airlockd -n reports every error of a file as file:line: message; SIGHUP
# applies a valid new file and keeps the running one when the new file is
# invalid; SIGTERM stops every process.
. "$(dirname "$0")/lib.sh"

cat >"$T/bad.conf" <<'BAD'
# three mistakes, on lines 2, 4 and 6
log-level loud
store "/tmp/x.db"
api-listen 127.0.0.1
device-network 10.64.0.0/10
device-network 10.64.1.0/24
BAD
out=$("$AIRLOCKD" -n -f "$T/bad.conf" 2>&1) && rc=0 || rc=$?
eq "-n on a bad file exits EX_CONFIG" "$rc" 78
eq "-n reports every error" "$(echo "$out" | grep -c "^$T/bad.conf:[0-9]*: ")" 3
check "-n names line 2" sh -c "echo '$out' | grep -q 'bad.conf:2: log-level must be'"
check "-n names line 4" sh -c "echo '$out' | grep -q 'bad.conf:4: api-listen wants'"
check "-n names line 6" sh -c "echo '$out' | grep -q 'bad.conf:6: device-network 10.64.1.0/24 overlaps 10.64.0.0/10'"
out=$("$AIRLOCKD" -n -f "$CONF" 2>&1) && rc=0 || rc=$?
eq "-n on a good file exits 0" "$rc" 0
out=$("$AIRLOCKD" -n -f "$T/missing.conf" 2>&1) && rc=0 || rc=$?
eq "-n on a missing file fails" "$rc" 78
check "  and says so" sh -c "echo '$out' | grep -q 'missing.conf:0: cannot open'"
out=$("$AIRLOCKD" -x 2>&1) && rc=0 || rc=$?
eq "an unknown option exits EX_USAGE" "$rc" 64

start_daemon
J='Content-Type: application/json'
head -c 100000 /dev/zero | tr '\0' 'a' >"$T/big"
eq "a 100 kB body is over the 64 KiB limit" "$(api POST /api/v1/sims -H "$J" --data-binary @"$T/big")" 413
eq "192.168.1.1 is outside the zone" "$(api POST /api/v1/sims -H "$J" -d '{"iccid":"89441000000000000018","static_ip":"192.168.1.1"}')" 400

sed -i 's/^api-body-limit .*/api-body-limit 1MiB/' "$CONF"
echo 'device-network 192.168.0.0/16' >>"$CONF"
kill -HUP "$PID"
sleep 0.5
eq "after SIGHUP the limit is 1 MiB" "$(api POST /api/v1/sims -H "$J" --data-binary @"$T/big")" 400
eq "after SIGHUP the new network is in the zone" "$(api POST /api/v1/sims -H "$J" -d '{"iccid":"89441000000000000018","static_ip":"192.168.1.1"}')" 201

cp "$CONF" "$T/good.conf"
echo 'api-threads many' >>"$CONF"
kill -HUP "$PID"
sleep 0.5
check "an invalid reload is reported with its line" grep -q "airlockd.conf:[0-9]*: api-threads must be" "$T/daemon.log"
check "  and refused" grep -q "keeping the running configuration" "$T/daemon.log"
eq "  and the running settings stay" "$(api POST /api/v1/sims -H "$J" --data-binary @"$T/big")" 400
check "the daemon still serves" curl -fs "$URL/healthz" -o /dev/null

api_pid=$(pgrep -P "$PID" -x api || true)
scanner_pid=$(pgrep -P "$PID" -x scanner || true)
check "the api role runs as its own process" [ -n "$api_pid" ]
check "the scanner role too" [ -n "$scanner_pid" ]
if [ "$(id -u)" -eq 0 ]; then
	for role in api scanner; do
		pid=$(pgrep -P "$PID" -x $role)
		eq "the $role role runs as user airlock" \
		    "$(ps -o user= -p "$pid")" airlock
		eq "the $role role has no capabilities" \
		    "$(awk '/^CapEff/ {print $2}' /proc/$pid/status)" \
		    0000000000000000
		eq "the $role role has none to gain" \
		    "$(awk '/^CapPrm/ {print $2}' /proc/$pid/status)" \
		    0000000000000000
		eq "the $role role cannot gain privileges" \
		    "$(awk '/^NoNewPrivs/ {print $2}' /proc/$pid/status)" 1
	done
	eq "the parent runs as user airlock too" "$(ps -o user= -p "$PID")" airlock
	eq "the parent keeps CAP_NET_ADMIN alone" \
	    "$(awk '/^CapEff/ {print $2}' /proc/$PID/status)" 0000000000001000
	eq "the store is the daemon's alone" \
	    "$(stat -c '%U %a' "$T/db/airlock.db")" "airlock 600"
fi
stop_daemon
check "SIGTERM stops the api role too" sh -c "! kill -0 $api_pid 2>/dev/null"
check "  and the scanner role" sh -c "! kill -0 $scanner_pid 2>/dev/null"

# HTTPS: the key is read while root and handed to the api role.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$T/api.key" \
    -out "$T/api.crt" 2>/dev/null
chmod 600 "$T/api.key"
cp "$T/good.conf" "$CONF"
printf 'tls-cert "%s"\ntls-key "%s"\n' "$T/api.crt" "$T/api.key" >>"$CONF"
"$AIRLOCKD" -f "$CONF" 2>>"$T/daemon.log" &
PID=$!
i=0
until curl -fs --cacert "$T/api.crt" "https://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 || [ $i -gt 100 ]; do
	i=$((i + 1))
	sleep 0.1
done
eq "the API speaks HTTPS with the configured certificate" \
    "$(curl -s --cacert "$T/api.crt" -H "Authorization: Bearer $ADMIN" "https://127.0.0.1:$PORT/api/v1/whoami" | jq -r .role)" admin
eq "  and not plain HTTP" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz" || true)" 000
stop_daemon
cp "$T/good.conf" "$CONF"

if [ "$(id -u)" -eq 0 ]; then
	# A compromised role owns the store directory; a link it plants there
	# must never make root hand it another file.
	cp "$T/good.conf" "$CONF"
	echo secret >"$T/victim"
	chmod 600 "$T/victim"
	ln -sf "$T/victim" "$T/db/airlock.db-wal"
	chown -h airlock "$T/db/airlock.db-wal"
	"$AIRLOCKD" -f "$CONF" 2>>"$T/daemon.log" &
	sleep 1
	check "  (the daemon met the link and refused the store)" \
	    grep -q "unable to open database file" "$T/daemon.log"
	kill -TERM $! 2>/dev/null || true
	wait $! 2>/dev/null || true
	eq "a planted link does not give a root file away" \
	    "$(stat -c '%U %a' "$T/victim")" "root 600"
	rm -f "$T/db/airlock.db-wal"
	chmod 775 "$T/db"
	"$AIRLOCKD" -f "$CONF" >"$T/out" 2>&1 && rc=0 || rc=$?
	check "a group-writable store directory is refused" \
	    grep -q "writable by group or others" "$T/out"
	chmod 750 "$T/db"
	# Nor may a directory above the store that the user controls steer
	# root's mkdir elsewhere.
	mkdir -p "$T/home" "$T/victimdir"
	chown airlock "$T/home"
	ln -s "$T/victimdir" "$T/home/link"
	sed "s|^store .*|store \"$T/home/link/db/airlock.db\"|" "$T/good.conf" >"$T/link.conf"
	"$AIRLOCKD" -f "$T/link.conf" --create-admin-token x >"$T/out" 2>&1 || true
	check "a user-owned directory above the store is refused" \
	    grep -q "must belong to root" "$T/out"
	check "  and root created nothing through its link" [ ! -e "$T/victimdir/db" ]
fi
finish
