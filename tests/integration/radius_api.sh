#!/bin/sh
# The REST API and CLI around the RADIUS role, against a daemon without
# radius clients (so no radius role runs): sessions, usage, the IMEI
# binding and its reset, disconnect, and the profiles' RADIUS settings.
# What only the radius role writes (sessions, usage, the IMEI a NAS
# reported) is put in the store with sqlite3 while the daemon runs, which
# WAL allows: the API's reads are what is tested here.
. "$(dirname "$0")/lib.sh"
start_daemon
J='Content-Type: application/json'
DB="$T/db/airlock.db"
A=89441000000000000018 # learns its IMEI
B=89441000000000000026 # another SIM
C=89441000000000000034 # never registered
IMEI=490154203237518
IMEISV=4901542032375101 # the same device, software version 01
OTHER=356938035643809
export AIRLOCK_URL="$URL" AIRLOCK_TOKEN="$ADMIN"
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$@"; }
cli() { "$AIRLOCK" "$@" >"$T/out" 2>"$T/err"; }
rc() { cli "$@" && printf 0 || printf %s $?; }
VIEWER=$(new_token viewer1 viewer)
OPERATOR=$(new_token operator1 operator)
api POST /api/v1/sims -H "$J" -d "{\"iccid\":\"$A\",\"imei_policy\":\"learn\",\"data_limit\":\"5G\"}" >/dev/null
api POST /api/v1/sims -H "$J" -d "{\"iccid\":\"$B\"}" >/dev/null

# --- sessions ---
eq "no sessions yet" "$(TOKEN=$VIEWER api GET /api/v1/sessions; body '.items | length')" 2000
eq "open must be true or false" "$(api GET '/api/v1/sessions?open=yes')" 400
eq "a malformed iccid filter is 400" "$(api GET '/api/v1/sessions?iccid=1234')" 400
eq "a bad cursor is 400" "$(api GET '/api/v1/sessions?cursor=-1')" 400
sql "INSERT INTO session (nas, nas_ip, acct_session_id, iccid, imsi, imei,
    framed_ip, nsapi, charging_id, rat_type, started, updated, stopped,
    stop_cause, octets_in, octets_out) VALUES
    ('pgw1', '192.0.2.1', 's1', '$A', '234100000000001', '$IMEISV',
     '10.64.0.2', 5, 77, 6, 1795000000, 1795003600, 1795003600, 1,
     1000, 2000),
    ('pgw1', '192.0.2.1', 's2', '$A', '234100000000001', '$IMEISV',
     '10.64.0.2', -1, -1, -1, 1795100000, 1795100300, 0, 0,
     1500000000, 250000),
    ('pgw2', '192.0.2.2', 's3', '$B', NULL, NULL, '10.64.0.3', -1, -1, -1,
     1795200000, 1795200000, 0, 0, 0, 0);"
eq "three sessions, newest first" "$(api GET /api/v1/sessions; body '[.items[].acct_session_id] | join(",")')" "200s3,s2,s1"
eq "by SIM" "$(api GET "/api/v1/sessions?iccid=$A"; body '.items | length')" 2002
eq "open ones" "$(api GET '/api/v1/sessions?open=true'; body '[.items[].acct_session_id] | join(",")')" "200s3,s2"
eq "open ones of a SIM" "$(api GET "/api/v1/sessions?open=true&iccid=$A"; body '[.items[].acct_session_id] | join(",")')" "200s2"
eq "open=false is every session" "$(api GET '/api/v1/sessions?open=false'; body '.items | length')" 2003
eq "a page of one has a cursor" "$(api GET '/api/v1/sessions?limit=1'; body '.next_cursor != null')" 200true
eq "  which gives the next" "$(api GET "/api/v1/sessions?limit=1&cursor=$(body .next_cursor)"; body '.items[0].acct_session_id')" 200s2
api GET "/api/v1/sessions?iccid=$A" >/dev/null
eq "a stopped session" "$(body '.items[1] | "\(.open) \(.stopped) \(.stop_cause) \(.started) \(.nsapi) \(.charging_id) \(.rat_type)"')" \
    "false 2026-11-18T12:06:40Z 1 2026-11-18T11:06:40Z 5 77 6"
eq "an open one, details not sent are null" "$(body '.items[0] | "\(.open) \(.stopped) \(.stop_cause) \(.nsapi) \(.charging_id) \(.rat_type)"')" \
    "true null null null null null"
eq "  with its identities and counters" "$(body '.items[0] | "\(.nas) \(.nas_ip) \(.imsi) \(.imei) \(.framed_ip) \(.octets_in) \(.octets_out)"')" \
    "pgw1 192.0.2.1 234100000000001 $IMEISV 10.64.0.2 1500000000 250000"
eq "CLI: session list" "$(rc session list)" 0
eq "  a header and three rows" "$(wc -l <"$T/out")" 4
check "  with the columns" grep -q '^ID *ICCID *NAS *FRAMED_IP *IMEI *STARTED *STOPPED *IN *OUT' "$T/out"
check "  octets for people" grep -q 'open *1.5 GB *250.0 kB' "$T/out"
eq "CLI: --open --sim" "$(rc session list --open --sim $A --json; jq -r '[.items[].acct_session_id] | join(",")' "$T/out")" 0s2
eq "CLI: --all follows the cursor" "$(rc session list --all --limit 1 --json; jq '.items | length' "$T/out")" 03

# --- usage ---
TODAY=$(($(date -u +%s) / 86400))
MONTH1=$(date -u +%Y-%m-01)
eq "no usage yet" "$(TOKEN=$VIEWER api GET /api/v1/sims/$A/usage; body '"\(.items | length) \(.month_total) \(.from) \(.data_limit)"')" "2000 0 $MONTH1 5000000000"
FIRST=$(( $(date -u -d "$MONTH1" +%s) / 86400 ))
# as the radius role adds them (today may be the first of the month)
sql "INSERT INTO usage VALUES ('$A', $FIRST, 1000, 2000), ('$A', $TODAY, 3000000000, 1),
    ('$A', $((FIRST - 1)), 7, 7), ('$C', $TODAY, 5, 5)
    ON CONFLICT (iccid, day) DO UPDATE SET
    octets_in = octets_in + excluded.octets_in,
    octets_out = octets_out + excluded.octets_out;"
api GET /api/v1/sims/$A/usage >/dev/null
eq "this month by day" "$(body '[.items[].octets] | join(",")')" "$( [ "$FIRST" = "$TODAY" ] && echo 3000003001 || echo 3000,3000000001)"
eq "  and its total" "$(body .month_total)" 3000003001
eq "  days as dates" "$(body '.items[0].day')" "$MONTH1"
eq "from an earlier day" "$(api GET "/api/v1/sims/$A/usage?from=$(date -u -d "$MONTH1 - 1 day" +%F)"; body '"\(.items | length) \(.items[0].octets_in) \(.month_total)"')" \
    "200$( [ "$FIRST" = "$TODAY" ] && echo 2 || echo 3) 7 3000003001"
eq "from is a date" "$(api GET "/api/v1/sims/$A/usage?from=2026-02-30")" 400
eq "a SIM never seen is 404" "$(api GET /api/v1/sims/89441000000000000042/usage)" 404
eq "usage outlives its SIM" "$(api GET /api/v1/sims/$C/usage; body '"\(.month_total) \(.data_limit)"')" "20010 null"
eq "CLI: sim usage" "$(rc sim usage $A)" 0
check "  a table of days" grep -q '^DAY *IN *OUT *TOTAL' "$T/out"
check "  and the month against the limit" grep -q '^this month: 3.0 GB of 5.0 GB$' "$T/out"
eq "CLI: a bad --from" "$(rc sim usage $A --from 2026-13-01)" 64

# --- the IMEI binding ---
eq "a learning SIM, nothing learned" "$(TOKEN=$VIEWER api GET /api/v1/sims/$A/binding; body .status)" 200unbound
eq "  shows every member" "$(body '[keys[]] | join(",")')" "bound_imei,iccid,imei_match,imei_policy,last_imei,last_seen,status"
eq "a SIM without a policy" "$(api GET /api/v1/sims/$B/binding; body .status)" 200off
eq "an unknown SIM is 404" "$(api GET /api/v1/sims/$C/binding)" 404
eq "a malformed ICCID is 400" "$(api GET /api/v1/sims/123/binding)" 400
sql "UPDATE sim SET bound_imei = '$IMEI' WHERE iccid = '$A'"
eq "bound, never seen" "$(api GET /api/v1/sims/$A/binding; body .status)" 200bound
sql "UPDATE sim SET last_seen = 1795100000 WHERE iccid = '$A'"
eq "bound, attached without an IMEISV" "$(api GET /api/v1/sims/$A/binding; body .status)" 200imei_unknown
sql "UPDATE sim SET last_imei = '$IMEISV' WHERE iccid = '$A'"
eq "the bound device (its IMEISV)" "$(api GET /api/v1/sims/$A/binding; body '"\(.status) \(.last_imei) \(.last_seen)"')" \
    "200bound $IMEISV 2026-11-19T14:53:20Z"
sql "UPDATE sim SET last_imei = '$OTHER' WHERE iccid = '$A'"
eq "another device" "$(api GET /api/v1/sims/$A/binding; body .status)" 200mismatch
eq "a reset needs a reason" "$(TOKEN=$OPERATOR api POST /api/v1/sims/$A/binding/reset -H "$J" -d '{}')" 400
eq "a viewer may not reset" "$(TOKEN=$VIEWER api POST /api/v1/sims/$A/binding/reset -H "$J" -d '{"reason":"x"}')" 403
eq "reset" "$(TOKEN=$OPERATOR api POST /api/v1/sims/$A/binding/reset -H "$J" -d '{"reason":"device swapped"}'; body '"\(.status) \(.bound_imei) \(.imei_policy)"')" \
    "200unbound null learn"
eq "  the SIM record agrees" "$(api GET /api/v1/sims/$A; body .bound_imei)" 200null
eq "reset of an unknown SIM is 404" "$(api POST /api/v1/sims/$C/binding/reset -H "$J" -d '{"reason":"x"}')" 404
api PATCH /api/v1/sims/$B -H "$J" -d "{\"imei_policy\":\"fixed\",\"bound_imei\":\"$IMEI\"}" >/dev/null
eq "a fixed binding is not reset" "$(TOKEN=$OPERATOR api POST /api/v1/sims/$B/binding/reset -H "$J" -d '{"reason":"x"}'; body '.errors[0].field')" 409imei_policy
eq "  and stays" "$(api GET /api/v1/sims/$B/binding; body .bound_imei)" "200$IMEI"
eq "a viewer may not relearn" "$(TOKEN=$VIEWER api POST /api/v1/sims/$B/binding/relearn -H "$J" -d '{"reason":"x"}')" 403
eq "relearn" "$(TOKEN=$OPERATOR api POST /api/v1/sims/$B/binding/relearn -H "$J" -d '{"reason":"new modem"}'; body '"\(.status) \(.imei_policy) \(.bound_imei)"')" \
    "200unbound learn null"
api GET "/api/v1/audit?object=$A" >/dev/null
eq "audit: the reset, why and what was bound" "$(body '[.items[] | select(.action=="sim.binding.reset")][0] | "\(.actor) \(.reason) \(.details.bound_imei) \(.details.last_imei)"')" \
    "operator1 device swapped $IMEI $OTHER"
api GET "/api/v1/audit?object=$B" >/dev/null
eq "audit: the relearn" "$(body '[.items[] | select(.action=="sim.binding.relearn")][0] | "\(.reason) \(.details.bound_imei) \(.details.from) \(.details.to)"')" \
    "new modem $IMEI fixed learn"
eq "audit: not the refused reset" "$(body '[.items[] | select(.action=="sim.binding.reset")] | length')" 0
eq "CLI: sim binding" "$(rc sim binding $B)" 0
check "  key: value lines" grep -q '^status: *unbound$' "$T/out"
eq "CLI: relearn" "$(AIRLOCK_TOKEN=$OPERATOR rc sim relearn $B --reason 'again')" 0
check "  says what happens next" grep -q "the next attach binds the device" "$T/out"
eq "CLI: binding-reset without --reason" "$(rc sim binding-reset $B)" 64
api PATCH /api/v1/sims/$B -H "$J" -d "{\"imei_policy\":\"fixed\",\"bound_imei\":\"$IMEI\"}" >/dev/null
eq "CLI: binding-reset of a fixed binding exits 65" "$(rc sim binding-reset $B --reason x)" 65
check "  and says why" grep -q "fixed IMEI binding" "$T/err"
eq "CLI: a viewer exits 77" "$(AIRLOCK_TOKEN=$VIEWER rc sim relearn $B --reason x)" 77

# --- disconnect: no radius role runs ---
eq "a disconnect needs a reason" "$(TOKEN=$OPERATOR api POST /api/v1/sims/$A/disconnect -H "$J" -d '{"reason":""}')" 400
eq "a viewer may not disconnect" "$(TOKEN=$VIEWER api POST /api/v1/sims/$A/disconnect -H "$J" -d '{"reason":"x"}')" 403
eq "an unknown SIM is 404" "$(TOKEN=$OPERATOR api POST /api/v1/sims/$C/disconnect -H "$J" -d '{"reason":"x"}')" 404
eq "without a radius role: 503" "$(TOKEN=$OPERATOR api POST /api/v1/sims/$A/disconnect -H "$J" -d '{"reason":"stolen"}'; body .type)" \
    "503urn:airlock:problem:radius-unavailable"
eq "  audited, with the outcome" "$(api GET "/api/v1/audit?object=$A"; body '[.items[] | select(.action=="sim.disconnect")][0] | "\(.actor) \(.reason) \(.details.outcome)"')" \
    "200operator1 stolen unavailable"
eq "  not for a refused request" "$(body '[.items[] | select(.action=="sim.disconnect")] | length')" 1
eq "CLI: disconnect exits 69" "$(rc sim disconnect $A --reason test)" 69
check "  and says why" grep -q "RADIUS role is not running" "$T/err"
eq "CLI: disconnect of an unknown SIM exits 65" "$(rc sim disconnect $C --reason test)" 65

# --- profiles' RADIUS settings ---
MUD='"mud":{"ietf-mud:mud":{"mud-version":1,"mud-url":"https://cam.example.com/c1"}}'
eq "a profile without radius gets the defaults" "$(api PUT /api/v1/profiles/plain -H "$J" -d "{$MUD}"; body '.radius | "\(.imei_policy) \(.imei_match) \(.imei_mismatch) \(.session_timeout) \(.interim_interval)"')" \
    "201off full null null null"
eq "put radius settings" "$(TOKEN=$OPERATOR api PUT /api/v1/profiles/meter -H "$J" -d "{$MUD,\"radius\":{\"imei_policy\":\"learn\",\"imei_match\":\"tac\",\"imei_mismatch\":\"reject\",\"session_timeout\":86400,\"interim_interval\":600}}")" 201
eq "  read back" "$(api GET /api/v1/profiles/meter; body '.radius | "\(.imei_policy) \(.imei_match) \(.imei_mismatch) \(.session_timeout) \(.interim_interval)"')" \
    "200learn tac reject 86400 600"
eq "  in the list too" "$(api GET /api/v1/profiles; body '.items[] | select(.name=="meter") | .radius.imei_mismatch')" 200reject
eq "a put without radius keeps them" "$(api PUT /api/v1/profiles/meter -H "$J" -d "{$MUD,\"description\":\"v2\"}"; body '"\(.description) \(.radius.session_timeout)"')" "200v2 86400"
eq "null is the global setting, 0 is none" "$(api PUT /api/v1/profiles/meter -H "$J" -d "{$MUD,\"radius\":{\"imei_policy\":\"learn\",\"session_timeout\":null,\"interim_interval\":0,\"imei_mismatch\":\"alert\"}}"; body '.radius | "\(.session_timeout) \(.interim_interval) \(.imei_mismatch) \(.imei_match)"')" \
    "200null 0 alert full"
bad() { api PUT /api/v1/profiles/meter -H "$J" -d "{$MUD,\"radius\":$1}"; body '[.errors[].field] | join(",")'; }
eq "a profile cannot fix an IMEI" "$(bad '{"imei_policy":"fixed"}')" 400radius.imei_policy
eq "  and says where it goes" "$(body '.errors[0].message' | grep -c 'on the SIM')" 1
eq "every bad setting is named" "$(bad '{"imei_policy":"sometimes","imei_match":"half","imei_mismatch":"shrug","session_timeout":31536001,"interim_interval":59,"colour":1}')" \
    "400radius.colour,radius.imei_policy,radius.imei_match,radius.imei_mismatch,radius.session_timeout,radius.interim_interval"
eq "seconds are whole numbers" "$(bad '{"session_timeout":"3600","interim_interval":90.5}')" "400radius.session_timeout,radius.interim_interval"
eq "negative seconds are refused" "$(bad '{"session_timeout":-1}')" 400radius.session_timeout
eq "radius is an object" "$(bad '"learn"')" 400radius
eq "the limits are accepted" "$(bad '{"session_timeout":31536000,"interim_interval":86400}')" 200
eq "  and 60 s" "$(bad '{"interim_interval":60}')" 200
eq "a refused put changed nothing" "$(api GET /api/v1/profiles/meter; body '.radius.interim_interval')" 20060
eq "audit: the settings" "$(api GET '/api/v1/audit?object=meter'; body '.items[0] | "\(.action) \(.details.radius.interim_interval)"')" "200profile.update 60"
eq "CLI: RADIUS options do not pass a file that is not JSON" "$(rc profile put cam "$(dirname "$0")/../../examples/airlockd.conf" --imei-policy learn)" 65
printf '{"ietf-mud:mud":{"mud-version":1,"mud-url":"https://cam.example.com/c1"}}' >"$T/cam.json"
eq "CLI: a new profile with RADIUS options" "$(rc profile put cam "$T/cam.json" --imei-policy learn --session-timeout 3600 --imei-mismatch reject)" 0
eq "  as asked" "$(api GET /api/v1/profiles/cam; body '.radius | "\(.imei_policy) \(.session_timeout) \(.imei_mismatch) \(.interim_interval)"')" "200learn 3600 reject null"
eq "CLI: one option changes one setting" "$(rc profile put cam "$T/cam.json" --interim-interval 600 --session-timeout default)" 0
eq "  and keeps the others" "$(api GET /api/v1/profiles/cam; body '.radius | "\(.imei_policy) \(.session_timeout) \(.imei_mismatch) \(.interim_interval)"')" "200learn null reject 600"
eq "CLI: no option keeps them all" "$(rc profile put cam "$T/cam.json"; api GET /api/v1/profiles/cam; body '.radius.imei_policy')" 0200learn
eq "CLI: a bad number" "$(rc profile put cam "$T/cam.json" --session-timeout soon)" 64
eq "CLI: the server's refusal exits 65" "$(rc profile put cam "$T/cam.json" --imei-policy fixed)" 65
check "  naming the setting" grep -q "radius.imei_policy" "$T/err"
eq "CLI: profile list shows the policy" "$(rc profile list; grep -c '^cam .*learn' "$T/out")" 01
eq "a profile in use cannot be deleted" "$(api PATCH /api/v1/sims/$A -H "$J" -d '{"profile":"cam"}' >/dev/null; api DELETE /api/v1/profiles/cam)" 409
eq "delete a profile" "$(api DELETE /api/v1/profiles/plain)" 204
check "the parent hears of profile changes" grep -q 'sim  changed (5)' "$T/daemon.log"

# A SIM whose own policy is off follows its profile's.
api PATCH /api/v1/sims/$A -H "$J" -d '{"imei_policy":"off","bound_imei":null}' >/dev/null
eq "the profile's policy applies" "$(api GET /api/v1/sims/$A/binding; body '"\(.imei_policy) \(.imei_match) \(.status)"')" "200learn full unbound"

# --- disconnect through a radius role, to a NAS on loopback ---
# The radius role loads the open sessions from the store when it starts;
# the NAS's side of RFC 5176 is a few lines of Python.
stop_daemon
SECRET=integration-secret
CP=$((PORT + 3))
sql "DELETE FROM session; INSERT INTO session (nas, nas_ip, acct_session_id,
    iccid, started, updated) VALUES ('pgw1', '127.0.0.1', 'e2e-1', '$A',
    1795000000, 1795000000);"
cat >>"$CONF" <<RADIUS
radius-auth-listen 127.0.0.1:$((PORT + 1))
radius-acct-listen 127.0.0.1:$((PORT + 2))
radius-client pgw1 127.0.0.1/32 $SECRET coa-port=$CP
radius-coa-timeout 300
radius-coa-retries 1
RADIUS
cat >"$T/nas.py" <<'NAS'
import hashlib, socket, sys
port, secret, code = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
open(sys.argv[4], "w").close()  # bound: the test may go on
while True:
    req, peer = s.recvfrom(4096)
    if len(req) >= 20 and req[0] == 40:  # Disconnect-Request
        hdr = bytes([code, req[1], 0, 20])
        s.sendto(hdr + hashlib.md5(hdr + req[4:20] + secret).digest(), peer)
NAS
start_daemon
i=0
until grep -q 'radius role is serving' "$T/daemon.log" || [ $i -gt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
dis() { TOKEN=$OPERATOR api POST /api/v1/sims/$1/disconnect -H "$J" -d "{\"reason\":\"$2\"}"; }
eq "no open session is 409" "$(dis $B none; body .type)" "409urn:airlock:problem:no-session"
eq "a NAS that does not answer: 502" "$(dis $A silent; body '"\(.outcome) \(.sessions[0].acct_session_id) \(.sessions[0].result)"')" \
    "502failed e2e-1 timeout"
eq "CLI: a failed disconnect exits 69" "$(rc sim disconnect $A --reason silent)" 69
check "  and shows each session" grep -q '^  pgw1 127.0.0.1 session e2e-1: timeout$' "$T/out"
python3 "$T/nas.py" "$CP" "$SECRET" 41 "$T/nas.ready" &
NAS=$!
# Until it is bound (python's start is slow on a loaded machine, and the
# Disconnect waits 2 x 300 ms only).
i=0
until [ -e "$T/nas.ready" ] || [ $i -gt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
eq "a NAS that acknowledges: 200" "$(dis $A acked; body '"\(.outcome) \(.sessions[0].result)"')" "200disconnected ack"
eq "CLI: disconnect" "$(rc sim disconnect $A --reason 'via the CLI')" 0
eq "  prints the outcome and each session" "$(cat "$T/out")" \
    "SIM $A: disconnected
  pgw1 127.0.0.1 session e2e-1: ack"
kill $NAS
eq "audit: every outcome" "$(api GET "/api/v1/audit?object=$A&limit=5"; body '[.items[] | select(.action=="sim.disconnect") | .details.outcome] | join(",")')" \
    "200disconnected,disconnected,failed,failed"
eq "  with the sessions" "$(body '[.items[] | select(.action=="sim.disconnect")][0].details.sessions[0].result')" ack

finish
