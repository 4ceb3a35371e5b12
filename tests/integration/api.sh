#!/bin/sh
# The REST API on loopback, driven by curl: CRUD, pagination, atomic import,
# conflicts, authentication and roles, limits, malformed input, the audit
# trail, events and metrics.
. "$(dirname "$0")/lib.sh"
start_daemon
J='Content-Type: application/json'
ICCID=89441000000000000018

# --- authentication and roles ---
eq "no token is 401" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/sims")" 401
eq "401 carries a Bearer challenge" \
    "$(curl -s -D - -o /dev/null "$URL/api/v1/sims" | grep -ci '^www-authenticate: bearer')" 1
eq "a garbage token is 401" "$(TOKEN=nonsense api GET /api/v1/sims)" 401
eq "401 is problem+json" "$(body .type)" "urn:airlock:problem:unauthorized"
eq "a well-formed unknown token is 401" \
    "$(TOKEN=alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA api GET /api/v1/sims)" 401
VIEWER=$(new_token viewer1 viewer)
OPERATOR=$(new_token operator1 operator)
check "tokens are created" [ -n "$VIEWER" ] && [ -n "$OPERATOR" ]
eq "viewer may read" "$(TOKEN=$VIEWER api GET /api/v1/sims)" 200
eq "viewer may not create" "$(TOKEN=$VIEWER api POST /api/v1/sims -H "$J" -d "{\"iccid\":\"$ICCID\"}")" 403
eq "403 names the role needed" "$(body .detail | grep -c operator)" 1
eq "operator may not manage tokens" "$(TOKEN=$OPERATOR api GET /api/v1/tokens)" 403
eq "whoami" "$(TOKEN=$OPERATOR api GET /api/v1/whoami; body .role)" "200operator"

# --- create, read, update, delete ---
eq "create a SIM" "$(TOKEN=$OPERATOR api POST /api/v1/sims -H "$J" -d "{\"iccid\":\"$ICCID\",\"imsi\":\"234100000000001\",\"msisdn\":\"447700900001\",\"apn\":\"M2M.Example\",\"static_ip\":\"10.64.0.2\",\"labels\":{\"site\":\"york\"},\"data_limit\":\"5G\"}")" 201
eq "msisdn canonical E.164" "$(body .msisdn)" "+447700900001"
eq "apn lower-cased" "$(body .apn)" "m2m.example"
eq "data_limit in bytes" "$(body .data_limit)" 5000000000
eq "read it back" "$(api GET /api/v1/sims/$ICCID; body .labels.site)" "200york"
eq "a bad Luhn digit is 400" "$(api POST /api/v1/sims -H "$J" -d '{"iccid":"89441000000000000019"}')" 400
eq "  and names the field" "$(body '.errors[0].field')" iccid
eq "every bad field is listed" "$(api POST /api/v1/sims -H "$J" -d '{"iccid":"1234","imsi":"12","msisdn":"0","bound_imei":"490154203237519"}'; body '.errors | length')" "4004"
eq "an unknown field is 400" "$(api POST /api/v1/sims -H "$J" -d '{"iccid":"89441000000000000026","colour":"red"}')" 400
eq "an IP outside the device networks is 400" \
    "$(api POST /api/v1/sims -H "$J" -d '{"iccid":"89441000000000000026","static_ip":"192.168.1.1"}')" 400
eq "a duplicate static IP is 409" \
    "$(api POST /api/v1/sims -H "$J" -d '{"iccid":"89441000000000000026","static_ip":"10.64.0.2"}')" 409
eq "  naming static_ip" "$(body '.errors[0].field')" static_ip
eq "  and the SIM holding it" "$(body '.errors[0].message' | grep -c $ICCID)" 1
eq "a duplicate ICCID is 409" "$(api POST /api/v1/sims -H "$J" -d "{\"iccid\":\"$ICCID\"}")" 409
eq "patch a field" "$(api PATCH /api/v1/sims/$ICCID -H "$J" -d '{"profile":"meter","imei_policy":"fixed","bound_imei":"490154203237518"}'; body .profile)" "200meter"
eq "patch may not change state" "$(api PATCH /api/v1/sims/$ICCID -H "$J" -d '{"state":"blocked"}')" 400
eq "patch of a missing SIM is 404" "$(api PATCH /api/v1/sims/89441000000000000026 -H "$J" -d '{}')" 404
eq "unknown SIM is 404" "$(api GET /api/v1/sims/89441000000000000026)" 404
eq "a malformed ICCID in the path is 400" "$(api GET /api/v1/sims/123)" 400
eq "unknown route is 404" "$(api GET /api/v1/nothing)" 404
eq "HEAD answers like GET" "$(curl -s -I -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$URL/api/v1/sims/$ICCID")" 200
eq "a JSON route refuses another media type" "$(api POST /api/v1/sims -H 'Content-Type: text/plain' -d "{\"iccid\":\"$ICCID\"}")" 415
eq "a limit with a blank is 400" "$(api GET '/api/v1/sims?limit=%201')" 400
eq "wrong method is 405" "$(api PUT /api/v1/sims -H "$J" -d '{}')" 405
eq "  with Allow listing the methods" "$(curl -s -D - -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN" "$URL/api/v1/sims" | tr -d '\r' | grep -i '^allow:')" "Allow: GET, POST"
eq "other answers carry no Allow" "$(curl -s -D - -o /dev/null -H "Authorization: Bearer $ADMIN" "$URL/api/v1/sims/$ICCID" | grep -ci '^allow:')" 0

# --- malformed and oversized bodies ---
eq "malformed JSON is 400" "$(api POST /api/v1/sims -H "$J" -d '{"iccid":')" 400
eq "  as problem+json" "$(body .type)" "urn:airlock:problem:malformed-json"
eq "a JSON array is not a SIM" "$(api POST /api/v1/sims -H "$J" -d '[1]')" 400
head -c 70000 /dev/zero | tr '\0' 'a' >"$T/big"
eq "a body over api-body-limit is 413" "$(api POST /api/v1/sims -H "$J" --data-binary @"$T/big")" 413
eq "  as problem+json" "$(body .status)" 413
eq "a chunked body over the limit is 413" \
    "$(api POST /api/v1/sims -H "$J" -H 'Transfer-Encoding: chunked' --data-binary @"$T/big")" 413

# --- import: atomic, every bad row reported ---
"$(dirname "$0")/../../scripts/gen-fleet.sh" 300 10 >"$T/good.csv"
cp "$T/good.csv" "$T/bad.csv"
# line 101: bad Luhn; line 151: IP outside the zone; line 201: duplicate of
# line 2's ICCID; line 251: static IP already held by $ICCID in the store.
awk -F, 'BEGIN{OFS=","} NR==101{$1=substr($1,1,19) (substr($1,20,1)+1)%10}
    NR==151{$5="172.16.0.1"} NR==201{$1=first} NR==251{$5="10.64.0.2"}
    NR==2{first=$1} {print}' "$T/good.csv" >"$T/bad.csv"
before=$(api GET '/api/v1/sims?limit=1000'; body '.items | length')
eq "an import with bad rows is 422" "$(api POST /api/v1/sims/import -H 'Content-Type: text/csv' --data-binary @"$T/bad.csv")" 422
eq "  lists every bad row" "$(body '[.errors[].line] | join(",")')" "101,151,201,251"
eq "  with the field" "$(body '[.errors[].field] | join(",")')" "iccid,static_ip,iccid,static_ip"
eq "  and counts them" "$(body .error_count)" 4
eq "  and writes nothing" "$(api GET '/api/v1/sims?limit=1000'; body '.items | length')" "$before"
eq "a clean import is 200" "$(api POST /api/v1/sims/import -H 'Content-Type: text/csv' --data-binary @"$T/good.csv"; body .imported)" "200300"
eq "importing it again conflicts" "$(api POST /api/v1/sims/import -H 'Content-Type: text/csv' --data-binary @"$T/good.csv"; body .error_count)" "422300"
eq "upsert mode accepts it" "$(api POST '/api/v1/sims/import?mode=upsert' -H 'Content-Type: text/csv' --data-binary @"$T/good.csv")" 200
eq "an import in another media type is 415" "$(api POST /api/v1/sims/import -H 'Content-Type: text/plain' --data-binary @"$T/good.csv")" 415
printf '[{"iccid":"89441000000001000009"},{"iccid":"1"}]' >"$T/bad.json"
eq "a JSON import reports items" "$(api POST /api/v1/sims/import -H "$J" --data-binary @"$T/bad.json"; body '.errors[0].item')" "4222"
printf '{"iccid":"89441000000001000009"}\n\n{"iccid":"89441000000001000017","static_ip":"10.64.200.1"}\n' >"$T/ok.ndjson"
eq "an NDJSON import" "$(api POST /api/v1/sims/import -H 'Content-Type: application/x-ndjson' --data-binary @"$T/ok.ndjson"; body .imported)" "2002"
SIMUP=$(sed -n 4p "$T/good.csv" | cut -d, -f1)
api POST "/api/v1/sims/$SIMUP/state" -H "$J" -d '{"action":"block","reason":"upsert test"}' >/dev/null
eq "an upsert may not carry states" "$(TOKEN=$OPERATOR api POST '/api/v1/sims/import?mode=upsert' -H 'Content-Type: text/csv' --data-binary "$(printf 'iccid,state\n%s,active\n' "$SIMUP")"; body '.errors[0].field')" "422state"
eq "  nor in JSON" "$(TOKEN=$OPERATOR api POST '/api/v1/sims/import?mode=upsert' -H 'Content-Type: application/x-ndjson' --data-binary "{\"iccid\":\"$SIMUP\",\"state\":\"active\"}"; body '.errors[0].field')" "422state"
eq "an upsert keeps a blocked SIM blocked" "$(TOKEN=$OPERATOR api POST '/api/v1/sims/import?mode=upsert' -H 'Content-Type: text/csv' --data-binary "$(printf 'iccid,apn\n%s,other.apn\n' "$SIMUP")" >/dev/null; api GET /api/v1/sims/$SIMUP; body '.state + " " + .apn')" "200blocked other.apn"
api POST "/api/v1/sims/$SIMUP/state" -H "$J" -d '{"action":"activate","reason":"test over"}' >/dev/null
awk 'BEGIN { printf "["; for (i = 0; i < 1200000; i++) printf "%s{\"iccid\":\"x\"}", i ? "," : ""; print "]" }' >"$T/big.json"
eq "a JSON array over 16 MiB is 413" "$(api POST /api/v1/sims/import -H "$J" --data-binary @"$T/big.json")" 413
check "  and says to use CSV or NDJSON" grep -q 16777216 "$T/body"
"$(dirname "$0")/../../scripts/gen-fleet.sh" 50 3000 >"$T/ordered.csv"
(head -n 1 "$T/ordered.csv"; tail -n +2 "$T/ordered.csv" | shuf --random-source="$T/ordered.csv") >"$T/shuffled.csv"
cp "$T/shuffled.csv" "$T/shuffled-dup.csv"
sed -n 2p "$T/shuffled.csv" | awk -F, 'BEGIN { OFS = "," } { $2 = ""; $3 = ""; $5 = "" } 1' >>"$T/shuffled-dup.csv"
eq "an out-of-order import reports the duplicate's own line" "$(api POST /api/v1/sims/import -H 'Content-Type: text/csv' --data-binary @"$T/shuffled-dup.csv"; body '[.errors[] | "\(.line) \(.field)"] | join(",")')" "42252 iccid"
eq "an out-of-order import" "$(api POST /api/v1/sims/import -H 'Content-Type: text/csv' --data-binary @"$T/shuffled.csv"; body .imported)" 20050
eq "  writes every row" "$(api GET '/api/v1/sims?q=894410000000000300&limit=1000'; body '.items | length')" "20010"
eq "an empty import is 422" "$(api POST /api/v1/sims/import -H 'Content-Type: text/csv' --data-binary 'iccid')" 422

# --- listing: filters and cursor pagination ---
total=0
cursor=
pages=0
while :; do
	code=$(api GET "/api/v1/sims?limit=128${cursor:+&cursor=$cursor}")
	[ "$code" = 200 ] || break
	total=$((total + $(body '.items | length')))
	pages=$((pages + 1))
	cursor=$(body '.next_cursor // empty')
	[ -n "$cursor" ] || break
done
eq "cursor pagination visits every SIM once" "$total/$pages" "353/3"
eq "pages are ordered by ICCID" "$(api GET '/api/v1/sims?limit=5'; body '[.items[].iccid] == ([.items[].iccid] | sort)')" "200true"
eq "filter by label" "$(api GET '/api/v1/sims?label=site=bath&limit=1000'; body '.items | length')" "20087"
eq "search by IMSI prefix" "$(api GET '/api/v1/sims?q=23410000000002'; body '.items | length')" "20010"
eq "a bad state filter is 400" "$(api GET '/api/v1/sims?state=sleepy')" 400
eq "a bad limit is 400" "$(api GET '/api/v1/sims?limit=0')" 400

# --- state changes ---
SIM2=$(api GET '/api/v1/sims?limit=1&cursor=89441000000000000018' >/dev/null; body '.items[0].iccid')
st() { api POST "/api/v1/sims/$1/state" -H "$J" -d "{\"action\":\"$2\",\"reason\":\"$3\"}"; }
eq "a state change needs a reason" "$(api POST /api/v1/sims/$SIM2/state -H "$J" -d '{"action":"suspend"}')" 400
eq "suspend" "$(TOKEN=$OPERATOR st "$SIM2" suspend 'unpaid invoice'; body .state)" "200suspended"
eq "suspend again changes nothing" "$(TOKEN=$OPERATOR st "$SIM2" suspend 'again'; body .changed)" "200false"
eq "quarantine" "$(TOKEN=$OPERATOR st "$SIM2" quarantine 'scan seen'; body .state)" "200quarantined"
eq "activate a quarantined SIM is 409" "$(TOKEN=$OPERATOR st "$SIM2" activate 'x')" 409
eq "release" "$(TOKEN=$OPERATOR st "$SIM2" release 'cleaned'; body .state)" "200active"
eq "block" "$(TOKEN=$OPERATOR st "$SIM2" block 'stolen'; body .state)" "200blocked"
eq "an operator may not unblock" "$(TOKEN=$OPERATOR st "$SIM2" activate 'found')" 403
eq "an admin may" "$(st "$SIM2" activate 'found'; body .state)" "200active"
eq "an unknown action is 400" "$(st "$SIM2" explode 'x')" 400
eq "the state filter sees it" "$(api GET '/api/v1/sims?state=active&q=894410000000000001'; body '.items | length')" "20010"
eq "  and not the others" "$(api GET '/api/v1/sims?state=suspended'; body '.items | length')" "2000"

# --- devices and profiles ---
eq "create a device" "$(api POST /api/v1/devices -H "$J" -d "{\"name\":\"meter-1\",\"sim\":\"$ICCID\",\"mac\":\"00-11-22-AA-BB-CC\",\"ip\":\"10.64.0.2\",\"vendor\":\"Acme\"}"; body .mac)" "20100:11:22:aa:bb:cc"
DEV=$(body .id)
eq "read the device" "$(api GET /api/v1/devices/$DEV; body .risk_score)" "200null"
eq "a device outside the zone is 400" "$(api POST /api/v1/devices -H "$J" -d '{"ip":"8.8.8.8"}')" 400
eq "patch the device" "$(api PATCH /api/v1/devices/$DEV -H "$J" -d '{"firmware":"1.2.3"}'; body .firmware)" "2001.2.3"
eq "list devices" "$(api GET /api/v1/devices; body '.items | length')" "2001"
# a LAN device (no SIM) is quarantined and released by its id
eq "a LAN device starts active" "$(api POST /api/v1/devices -H "$J" -d '{"name":"cam-1","ip":"10.64.0.40"}'; body .state)" "201active"
LAN=$(body .id)
dq() { api POST "/api/v1/devices/$1/$2" -H "$J" -d "{\"reason\":\"$3\"}"; }
eq "a device quarantine needs a reason" "$(TOKEN=$OPERATOR api POST /api/v1/devices/$LAN/quarantine -H "$J" -d '{}')" 400
eq "  a non-empty one" "$(TOKEN=$OPERATOR dq "$LAN" quarantine '')" 400
eq "a viewer may not quarantine a device" "$(TOKEN=$VIEWER dq "$LAN" quarantine x)" 403
eq "quarantine a LAN device" "$(TOKEN=$OPERATOR dq "$LAN" quarantine 'port scan'; body '"\(.state) \(.previous_state) \(.changed)"')" "200quarantined active true"
eq "  again changes nothing" "$(TOKEN=$OPERATOR dq "$LAN" quarantine again; body .changed)" "200false"
eq "  the device shows it" "$(api GET /api/v1/devices/$LAN; body .state)" "200quarantined"
eq "  and the list" "$(api GET /api/v1/devices; body ".items[] | select(.id==$LAN) | .state")" "200quarantined"
eq "PATCH cannot change the state" "$(api PATCH /api/v1/devices/$LAN -H "$J" -d '{"state":"active"}'; body '.errors[0].field')" "400state"
eq "  which stays" "$(api GET /api/v1/devices/$LAN; body .state)" "200quarantined"
eq "  though the same state sent back passes" "$(api PATCH /api/v1/devices/$LAN -H "$J" -d '{"state":"quarantined","model":"c1"}'; body '"\(.state) \(.model)"')" "200quarantined c1"
eq "release it" "$(TOKEN=$OPERATOR dq "$LAN" release cleaned; body .state)" "200active"
eq "releasing an active device is 409" "$(TOKEN=$OPERATOR dq "$LAN" release x)" 409
eq "an unknown device is 404" "$(TOKEN=$OPERATOR dq 999999 quarantine x)" 404
eq "a device with a SIM is 409: quarantine the SIM" "$(TOKEN=$OPERATOR dq "$DEV" quarantine x; body '.detail | test("endpoint of SIM '$ICCID': quarantine the SIM")')" "409true"
eq "  and stays active" "$(api GET /api/v1/devices/$DEV; body .state)" "200active"
eq "audit: a device's state changes, with who and why" "$(api GET '/api/v1/audit?limit=1000' >/dev/null; body "[.items[] | select(.action==\"device.state\" and .object==\"device:$LAN\" and .actor==\"operator1\")] | map(.reason) | join(\",\")")" "cleaned,port scan"
eq "delete the LAN device" "$(api DELETE /api/v1/devices/$LAN)" 204
MUD='{"description":"smart meter","mud":{"ietf-mud:mud":{"mud-version":1,"mud-url":"https://example.com/meter.json"}}}'
eq "put a profile" "$(TOKEN=$OPERATOR api PUT /api/v1/profiles/meter -H "$J" -d "$MUD")" 201
eq "  with its Location" "$(curl -s -D - -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN" -H "$J" -d "$MUD" "$URL/api/v1/profiles/meter2" | tr -d '\r' | grep -i '^location:')" "Location: /api/v1/profiles/meter2"
eq "the list leaves the documents out" "$(api GET /api/v1/profiles; body '[.items[] | has("mud")] | any')" "200false"
eq "one profile has its document" "$(api GET /api/v1/profiles/meter; body '.mud."ietf-mud:mud"."mud-version"')" "2001"
api DELETE /api/v1/profiles/meter2 >/dev/null
eq "replace it" "$(TOKEN=$OPERATOR api PUT /api/v1/profiles/meter -H "$J" -d "$MUD")" 200
eq "a non-MUD profile is 400" "$(api PUT /api/v1/profiles/bad -H "$J" -d '{"mud":{"x":1}}')" 400
BAD='{"mud":{"ietf-mud:mud":{"mud-version":2,"mud-url":"https://e.example/x","from-device-policy":{"access-lists":{"access-list":[{"name":"a"}]}}},"ietf-access-control-list:acls":{"acl":[{"name":"a","type":"ipv4-acl-type","aces":{"ace":[{"name":"e","matches":{"eth":{}},"actions":{"forwarding":"accept"}}]}}]}}}'
eq "a MUD the gateway cannot enforce is 422, every problem by its JSON path" \
    "$(api PUT /api/v1/profiles/bad -H "$J" -d "$BAD"; body '"\(.type) \(.error_count) \([.errors[].path] | join(" "))"')" \
    "422urn:airlock:problem:mud-not-enforceable 2 ietf-mud:mud.mud-version ietf-access-control-list:acls.acl[0].aces.ace[0].matches.eth"
eq "  and stored nothing" "$(api GET /api/v1/profiles/bad)" 404
eq "policy diff with enforce off: 409" "$(api GET /api/v1/policy/diff; body .type)" \
    "409urn:airlock:problem:enforce-off"
eq "policy show needs an operator" "$(TOKEN=$VIEWER api GET /api/v1/policy)" 403
eq "policy show compiles the registry" "$(api GET /api/v1/policy; body '.ruleset | test("chain zone4")')" "200true"
eq "a profile in use cannot be deleted" "$(api DELETE /api/v1/profiles/meter)" 409
eq "delete the device" "$(api DELETE /api/v1/devices/$DEV)" 204
eq "the device is gone" "$(api GET /api/v1/devices/$DEV)" 404

# --- delete needs admin ---
eq "an operator may not delete a SIM" "$(TOKEN=$OPERATOR api DELETE /api/v1/sims/$SIM2)" 403
eq "an admin may" "$(api DELETE /api/v1/sims/$SIM2)" 204
eq "it is gone" "$(api GET /api/v1/sims/$SIM2)" 404

# --- the audit trail: every change, with who and why ---
api GET '/api/v1/audit?limit=1000' >/dev/null
audit() { body "[.items[] | select($1)] | length"; }
eq "audit: the create" "$(audit ".action==\"sim.create\" and .object==\"$ICCID\" and .actor==\"operator1\"")" 1
eq "audit: the update, before and after" "$(audit ".action==\"sim.update\" and .details.before.profile==null and .details.after.profile==\"meter\"")" 1
eq "audit: the successful imports only" "$(audit '.action=="sim.import"')" 5
eq "audit: each state change, with its reason" "$(audit ".action==\"sim.state\" and .object==\"$SIM2\"")" 5
eq "audit: the reason is kept" "$(audit '.reason=="stolen" and .details.to=="blocked"')" 1
eq "audit: the no-op is not recorded" "$(audit '.reason=="again"')" 0
eq "audit: the delete" "$(audit ".action==\"sim.delete\" and .object==\"$SIM2\" and .actor==\"admin\"")" 1
eq "audit: devices and profiles" "$(audit '(.action|startswith("device.")) or (.action|startswith("profile."))')" 12
eq "audit: tokens, without the secret" "$(audit '.action=="token.create"')/$(grep -c "$VIEWER" "$T/body" || true)" "2/0"
eq "audit filter by object" "$(api GET "/api/v1/audit?object=$SIM2"; body '.items | length')" "2006"

# --- events: repeated bad tokens raise one, which an operator acknowledges ---
i=0
while [ $i -lt 20 ]; do
	TOKEN=alk_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB api GET /api/v1/sims >/dev/null
	i=$((i + 1))
done
sleep 0.3
eq "20 bad tokens raise an event" "$(api GET '/api/v1/events?status=open'; body '[.items[] | select(.type=="api_auth_failures")] | length')" "2001"
EV=$(body '.items[0].id')
eq "  with evidence" "$(body '.items[0].evidence.failures')" 20
n=$(grep -c 'authentication failed from 127.0.0.1' "$T/daemon.log" || true)
check "  and the log has a line per address and minute, not one per failure ($n)" \
    [ "$n" -ge 1 -a "$n" -le 2 ]
check "  and one line for the burst" grep -q '20 authentication failures from 127.0.0.1' "$T/daemon.log"
eq "a viewer may not acknowledge" "$(TOKEN=$VIEWER api POST /api/v1/events/$EV/ack)" 403
eq "an operator may" "$(TOKEN=$OPERATOR api POST /api/v1/events/$EV/ack; body .status)" "200acknowledged"
eq "  and it is recorded" "$(body .acked_by)" operator1
eq "the open list is empty" "$(api GET '/api/v1/events?status=open'; body '.items | length')" "2000"
eq "acking a missing event is 404" "$(api POST /api/v1/events/99999/ack)" 404

# --- revocation, health and metrics ---
TID=$(api GET /api/v1/tokens >/dev/null; body '.items[] | select(.name=="viewer1") | .id')
eq "revoke a token" "$(api DELETE /api/v1/tokens/$TID)" 204
eq "a revoked token is 401" "$(TOKEN=$VIEWER api GET /api/v1/sims)" 401
eq "healthz needs no token" "$(curl -s "$URL/healthz" | jq -r .status)" ok
api GET /metrics >/dev/null
eq "metrics count SIMs by state" "$(grep -c '^airlock_sims{state="active"} 352$' "$T/body")" 1
eq "metrics count requests by route" "$(grep -c 'method="GET",route="/api/v1/sims/{}",code="404"' "$T/body")" 1
eq "metrics count rejected imports" "$(grep -c 'airlock_imports_total{result="rejected"} 7' "$T/body")" 1
eq "metrics need a token" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/metrics")" 401
# --- one import at a time ---
"$(dirname "$0")/../../scripts/gen-fleet.sh" 100000 500000 >"$T/slow.csv"
curl -s -o "$T/first" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: text/csv' --data-binary @"$T/slow.csv" "$URL/api/v1/sims/import" >"$T/first.code" &
first=$!
sleep 0.3
eq "a second concurrent import is 503" "$(api POST /api/v1/sims/import -H 'Content-Type: text/csv' --data-binary @"$T/good.csv"; body .type)" "503urn:airlock:problem:import-running"
wait $first
eq "  and the first one completes" "$(cat "$T/first.code")" 200
check "secrets never reach the log" sh -c "! grep -q -e '$ADMIN' -e '$OPERATOR' '$T/daemon.log'"

finish
