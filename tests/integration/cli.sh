#!/bin/sh
# The newcomer's path through the airlock CLI against a real airlockd:
# import a CSV, list, suspend one SIM, read the audit entry; plus the JSON
# output, every error class's exit code, tokens and events.
. "$(dirname "$0")/lib.sh"
start_daemon
EX="$(dirname "$0")/../../examples"
export AIRLOCK_URL="$URL" AIRLOCK_TOKEN="$ADMIN"
cli() { "$AIRLOCK" "$@" >"$T/out" 2>"$T/err"; }
rc() { cli "$@" && printf 0 || printf %s $?; }

eq "import a CSV" "$(rc sim import "$EX/new-sims.csv")" 0
check "  says how many" grep -q "imported 5 SIMs" "$T/out"
eq "list them" "$(rc sim list)" 0
eq "  as a table with a header and 5 rows" "$(wc -l <"$T/out")" 6
check "  with the columns" grep -q "^ICCID *IMSI *MSISDN *STATIC_IP *STATE" "$T/out"
eq "suspend one" "$(rc sim suspend 89441000000000010009 --reason 'reported stolen')" 0
eq "  shows it" "$(rc sim show 89441000000000010009 --json; jq -r .state "$T/out")" 0suspended
eq "see the audit entry" "$(rc audit list --json)" 0
eq "  who, what and why" "$(jq -r '.items[0] | "\(.actor) \(.action) \(.object) \(.reason)"' "$T/out")" \
    "admin sim.state 89441000000000010009 reported stolen"
eq "  and the table names it" "$(rc audit list; grep -c 'reported stolen' "$T/out")" 01

eq "list --json is the API's JSON" "$(rc sim list --json; jq '.items | length' "$T/out")" 05
eq "filter by state" "$(rc sim list --state suspended --json; jq '.items | length' "$T/out")" 01
eq "--all follows the cursor" "$(rc sim list --all --limit 2 --json; cat "$T/out" | jq -s 'map(.items | length) | add')" 05

# exit codes from sysexits.h
cp "$EX/new-sims.csv" "$T/dup.csv"
eq "a rejected import exits 65" "$(rc sim import "$T/dup.csv")" 65
check "  listing every line" sh -c "grep -c 'line [2-6]' '$T/err' | grep -qx 5"
eq "an unknown SIM exits 65" "$(rc sim show 89441000000000000018)" 65
eq "a bad token exits 77" "$(AIRLOCK_TOKEN=alk_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC rc sim list)" 77
VIEWER=$(new_token viewer2 viewer)
eq "a viewer changing state exits 77" "$(AIRLOCK_TOKEN=$VIEWER rc sim activate 89441000000000010009 --reason x)" 77
eq "a forbidden transition exits 65" "$(rc sim release 89441000000000010009 --reason x)" 65
eq "add a LAN device" "$(rc device add --name cam --ip 10.64.0.50 --json; jq -r .state "$T/out")" 0active
LAN=$(jq -r .id "$T/out")
eq "quarantine it" "$(rc device quarantine "$LAN" --reason 'port scan')" 0
check "  says so" grep -q "device $LAN is now quarantined" "$T/out"
eq "  show has the state" "$(rc device show "$LAN" --json; jq -r .state "$T/out")" 0quarantined
eq "  and list a column" "$(rc device list; grep -c 'STATE' "$T/out")" 01
eq "a device quarantine without --reason exits 64" "$(rc device quarantine "$LAN")" 64
eq "a viewer quarantining a device exits 77" "$(AIRLOCK_TOKEN=$VIEWER rc device quarantine "$LAN" --reason x)" 77
eq "release it" "$(rc device release "$LAN" --reason cleaned; grep -c "device $LAN is now active" "$T/out")" 01
eq "releasing it again exits 65" "$(rc device release "$LAN" --reason x)" 65
eq "an unknown device exits 65" "$(rc device quarantine 999999 --reason x)" 65
eq "a missing file exits 66" "$(rc sim import "$T/none.csv")" 66
eq "a usage error exits 64" "$(rc sim frobnicate)" 64

# tokens and events
eq "create a token" "$(rc token create --name ops --role operator --json; jq -r .role "$T/out")" 0operator
OPS=$(jq -r .token "$T/out")
eq "  which works" "$(AIRLOCK_TOKEN=$OPS rc whoami --json; jq -r .name "$T/out")" 0ops
check "  and is never echoed to stderr" sh -c "! grep -q '$OPS' '$T/err'"
TOKFILE="$T/ops.token"
echo "$OPS" >"$TOKFILE"
eq "AIRLOCK_TOKEN_FILE" "$(env -u AIRLOCK_TOKEN AIRLOCK_TOKEN_FILE=$TOKFILE "$AIRLOCK" whoami --json | jq -r .role)" operator
i=0
while [ $i -lt 20 ]; do
	AIRLOCK_TOKEN=alk_DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD "$AIRLOCK" sim list >/dev/null 2>&1 || true
	i=$((i + 1))
done
sleep 0.3
eq "event list shows the auth failures" "$(rc event list --status open --json; jq -r '.items[0].type' "$T/out")" 0api_auth_failures
EV=$(jq -r '.items[0].id' "$T/out")
eq "event ack" "$(AIRLOCK_TOKEN=$OPS rc event ack "$EV" --json; jq -r .status "$T/out")" 0acknowledged
finish
