#!/bin/sh
# The scanner role in the network lab (scripts/lab.sh): airlockd, in the
# gateway's namespace, audits the devices by itself and on demand through
# the API and the CLI, keeps what it finds over time, and responds by
# policy (`respond scan_critical quarantine`):
#   dev1: the lab's vulnerable model (busybox telnetd taking Mirai's
#     root/xmhdipc, busybox httpd, mosquitto open to anyone), registered
#     as a LAN device: its first appearance is scanned, and its critical
#     finding quarantines it;
#   dev2: the same model, scanned on demand by its address (no device
#     owns it: alert only); then its telnetd stops, and the next scan sees
#     those findings fixed;
#   dev3: hardened, nothing listening: no finding, grade A.
# Needs root (exit 77 without).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "ok - skipped: the lab needs root"
	exit 77
fi
LAB_TEST_PREFIX=sg LAB_TEST_DEVICES=3
export LAB_TELNET_USER=root LAB_TELNET_PASS=xmhdipc
. "$(dirname "$0")/lab_outside.sh"

. "$top/scripts/lab-lib.sh"
ENFORCE=on
. "$(dirname "$0")/lib.sh"
cat >>"$CONF" <<CONF
scan-on-appearance on
respond scan_critical quarantine
CONF
J='Content-Type: application/json'
a1=$(lab_ip dev1)
a2=$(lab_ip dev2)
a3=$(lab_ip dev3)

# dev3 hardened: its daemons stopped
for f in "$LAB_STATE"/pids/dev3.*.pid; do
	kill "$(cat "$f")" 2>/dev/null || true
	rm -f "$f"
done
for p in 23 80 1883; do
	until [ -z "$(lab_exec dev3 ss -Hltn "sport = :$p")" ]; do
		sleep 0.05
	done
done

start_daemon
export AIRLOCK_URL="$URL" AIRLOCK_TOKEN="$ADMIN"

# wait_scan ID: until the scan is done or failed (60 s at most); its
# answer is left in $T/body.
wait_scan() {
	i=0
	while [ $i -lt 600 ]; do
		api GET "/api/v1/scans/$1" >/dev/null
		case $(body .state) in done | failed) return 0 ;; esac
		i=$((i + 1))
		sleep 0.1
	done
}
# first_scan_of ADDR: the id of the first scan whose targets are ADDR,
# once one is queued (15 s at most: the scanner looks every 5 s).
first_scan_of() {
	i=0
	while [ $i -lt 150 ]; do
		api GET /api/v1/scans >/dev/null
		id=$(jq -r --arg a "$1" \
		    '[.items[] | select(.targets == $a)] | last | .id // empty' \
		    "$T/body")
		[ -z "$id" ] || break
		i=$((i + 1))
		sleep 0.1
	done
	echo "${id:-none}"
}
# what the gateway keeps for a device: its open findings, as [id, port]
kinds() { jq -c '[.findings[] | [.kind, .port]] | sort' "$T/body"; }
# what a scan run here, now, finds on ADDR: the same form
local_kinds() {
	"$AIRLOCK" scan --config "$CONF" "$1" --json 2>/dev/null |
	    jq -c '[.devices[0].findings[] | [.id, .port]] | sort'
}

# --- a device's first appearance: scanned by itself, and quarantined ---
# with its MAC: the response policy quarantines a LAN device only when
# its address is bound to its MAC (else a spoofer could get another
# device cut off)
eq "dev1 registered" "$(api POST /api/v1/devices -H "$J" \
    -d "{\"name\":\"dev1\",\"ip\":\"$a1\",\"mac\":\"$(lab_mac dev1)\"}")" 201
id1=$(body .id)
s1=$(first_scan_of "$a1")
check "a scan of dev1 was queued on its appearance" [ "$s1" != none ]
wait_scan "$s1"
eq "  by the appearance trigger" "$(body .trigger)" appearance
eq "  and done: one address, up" "$(body '[.state, .addresses, .up]' |
    jq -c .)" '["done",1,1]'
eq "dev1's findings, kept" "$(api GET "/api/v1/devices/$id1/findings")" 200
eq "  include Mirai's telnet password" "$(jq -r '[.findings[] |
    select(.kind == "telnet-default-credential")] | length' "$T/body")" 1
eq "  are what a scan run here finds" "$(kinds)" "$(local_kinds "$a1")"
eq "  with its grade" "$(body .grade)" F
eq "  and its report" "$(body .report.address)" "$a1"
eq "the scan lists them as new" "$(api GET "/api/v1/scans/$s1" >/dev/null
    jq -c '[.opened_findings[] | [.kind, .port]] | sort' "$T/body")" \
    "$(api GET "/api/v1/devices/$id1/findings" >/dev/null; kinds)"
api GET "/api/v1/devices/$id1" >/dev/null
eq "the critical finding quarantined dev1 (respond scan_critical)" \
    "$(body .state)" quarantined
api GET '/api/v1/events?type=scan_critical' >/dev/null
eq "  with a scan_critical event about its address" \
    "$(jq -r --arg a "$a1" '[.items[] | select(.subject == $a)] |
        .[0] | [.severity, .response, .evidence.scan] | @tsv' "$T/body")" \
    "$(printf 'critical\tquarantine\t%s' "$s1")"
i=0
until nft list set inet airlock q4 | grep -q "$a1" || [ $i -ge 100 ]; do
	i=$((i + 1))
	sleep 0.05
done
check "  and its address in the kernel's quarantine set" sh -c \
    "nft list set inet airlock q4 | grep -q '$a1'"

eq "dev3 (hardened) registered" "$(api POST /api/v1/devices -H "$J" \
    -d "{\"name\":\"dev3\",\"ip\":\"$a3\"}")" 201
id3=$(body .id)
s3=$(first_scan_of "$a3")
wait_scan "$s3"
api GET "/api/v1/devices/$id3/findings" >/dev/null
eq "dev3: scanned, no finding, grade A" \
    "$(jq -c '[.findings, .grade, .up]' "$T/body")" '[[],"A",true]'
api GET "/api/v1/devices/$id3" >/dev/null
eq "  and not quarantined" "$(body .state)" active

# --- on demand, through the CLI: dev2 by its address ---
check "airlock scans start ADDR --wait" sh -c \
    "'$AIRLOCK' scans start '$a2' --wait >'$T/out' 2>'$T/err'"
check "  shows the new findings" grep -q "^new findings:" "$T/out"
check "  with dev2's telnet password" grep -q \
    "$a2 *telnet-default-credential *critical *23" "$T/out"
api GET "/api/v1/findings?address=$a2" >/dev/null
eq "dev2's findings, kept" \
    "$(jq -c '[.items[] | [.kind, .port]] | sort' "$T/body")" \
    "$(local_kinds "$a2")"
api GET '/api/v1/events?type=scan_critical' >/dev/null
eq "  an address no device owns is alerted on, not quarantined" \
    "$(jq -r --arg a "$a2" '[.items[] | select(.subject == $a)] |
        .[0].response' "$T/body")" "alert (no SIM)"

# --- a fix: dev2's telnetd stopped; the next scan sees it gone ---
kill "$(cat "$LAB_STATE/pids/dev2.telnet.pid")"
until [ -z "$(lab_exec dev2 ss -Hltn "sport = :23")" ]; do sleep 0.05; done
eq "a scan asked through the API" "$(api POST /api/v1/scans -H "$J" \
    -d "{\"targets\":[\"$a2\"]}")" 202
s4=$(body .id)
wait_scan "$s4"
eq "  saw telnet's findings fixed" \
    "$(jq -c '[.fixed_findings[] | .kind] | sort' "$T/body")" \
    '["telnet-default-credential","telnet-exposed"]'
eq "  and opened none" "$(jq -c '.opened_findings' "$T/body")" '[]'
api GET "/api/v1/findings?address=$a2&state=fixed" >/dev/null
eq "the fixed findings keep their life: first and fixed scans" \
    "$(jq -c '[.items[] | [.kind, .fixed_scan]] | sort' "$T/body")" \
    "[[\"telnet-default-credential\",$s4],[\"telnet-exposed\",$s4]]"
api GET "/api/v1/findings?address=$a2" >/dev/null
eq "  and the broker's finding stays open" \
    "$(jq -c '[.items[] | .kind] | sort' "$T/body")" \
    "$(local_kinds "$a2" | jq -c '[.[] | .[0]]')"

# --- the whole fleet: every device with an address ---
eq "a fleet scan" "$(api POST /api/v1/scans -H "$J" \
    -d '{"targets":["fleet"]}')" 202
wait_scan "$(body .id)"
eq "  covers the two devices" "$(body '[.state, .addresses, .up]' |
    jq -c .)" '["done",2,2]'
api GET /api/v1/findings/summary >/dev/null
eq "the fleet summary: addresses per grade" "$(jq -c \
    '[.addresses, .grades.A, .grades.F]' "$T/body")" '[3,1,1]'
check "  and critical findings open" [ "$(body .open.critical)" -ge 1 ]
check "airlock findings list --severity critical" sh -c \
    "'$AIRLOCK' findings list --severity critical >'$T/out' &&
        grep -q '$a1' '$T/out' && ! grep -q '$a2' '$T/out'"
check "airlock findings list --fixed-by ID (the query's fixed_by)" sh -c \
    "'$AIRLOCK' --json findings list --fixed-by $s4 |
        jq -e '[.items[].kind] | sort == [\"telnet-default-credential\",\"telnet-exposed\"]'"
check "airlock device findings ID" sh -c \
    "'$AIRLOCK' --json device findings $id1 | jq -e '.grade == \"F\"'"

# --- what is refused ---
eq "a target outside the device networks: 403" "$(api POST /api/v1/scans \
    -H "$J" -d '{"targets":["203.0.113.80"]}')" 403
check "  naming it" sh -c "jq -r .detail '$T/body' |
    grep -q '^targets\[0\]: .*203.0.113.80'"
eq "no target at all: 400" "$(api POST /api/v1/scans -H "$J" \
    -d '{"targets":[]}')" 400
eq "a target that is no address: 422" "$(api POST /api/v1/scans -H "$J" \
    -d '{"targets":["10.64.0.1","camera-7"]}')" 422
check "  naming the second" sh -c "jq -r .detail '$T/body' |
    grep -q '^targets\[1\]'"
eq "a device that does not exist: 422" "$(api POST /api/v1/scans -H "$J" \
    -d '{"targets":["device:999999"]}')" 422
VIEWER=$(new_token viewer viewer)
eq "a viewer may not start a scan: 403" "$(TOKEN=$VIEWER api POST \
    /api/v1/scans -H "$J" -d "{\"targets\":[\"$a1\"]}")" 403
eq "  but may read the findings" "$(TOKEN=$VIEWER api GET \
    /api/v1/findings)" 200
api GET '/api/v1/audit?object=scan:'"$s4" >/dev/null
eq "an API scan is audited" "$(jq -r '.items[0].action' "$T/body")" \
    scan.queue
eq "nothing was refused after it was queued" \
    "$(api GET /api/v1/scans >/dev/null
        jq '[.items[] | select(.state == "failed")] | length' "$T/body")" 0

# --- a cancel ---
# dev3 now drops everything: each of its ports waits out connect-ms and a
# retry, so its scan runs long enough to be cancelled while it runs; one
# queued behind it is cancelled before it starts.
lab_exec dev3 nft -f - <<'NFT'
table inet drop_all {
	chain input {
		type filter hook input priority 0; policy drop;
		tcp flags syn counter
	}
}
NFT
syns_at_dev3() {
	lab_exec dev3 nft list chain inet drop_all input |
	    sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}
eq "a scan of the silent dev3" "$(api POST /api/v1/scans -H "$J" \
    -d "{\"targets\":[\"$a3\"]}")" 202
s5=$(body .id)
eq "  and one queued behind it" "$(api POST /api/v1/scans -H "$J" \
    -d "{\"targets\":[\"$a2\"]}")" 202
s6=$(body .id)
scan_in() { # scan_in ID STATE: the scan is in that state now
	api GET "/api/v1/scans/$1" >/dev/null && [ "$(body .state)" = "$2" ]
}
scan_fields() { # scan_fields ID JQ: the scan's fields, on one line
	api GET "/api/v1/scans/$1" >/dev/null && body "$2" | jq -c .
}
poll_for 10 scan_in "$s5" running || true
eq "  the first runs" "$(body .state)" running
eq "airlock scans cancel ID: a queued scan" \
    "$("$AIRLOCK" scans cancel "$s6" 2>&1)" "cancelled scan $s6"
eq "  is failed, cancelled by its canceller, and never started" \
    "$(scan_fields "$s6" '[.state, .error, .started]')" \
    '["failed","cancelled by admin",null]'
eq "DELETE /scans/ID: the running scan" \
    "$(api DELETE "/api/v1/scans/$s5")" 200
eq "  is failed at once, cancelled by admin" \
    "$(body '[.state, .error]' | jq -c .)" '["failed","cancelled by admin"]'
poll_for 10 grep -q "scanner: scan $s5 cancelled after" "$T/daemon.log" ||
    true
check "  and its worker stops the engine" \
    grep -q "scanner: scan $s5 cancelled after 0 of 1 addresses" \
    "$T/daemon.log"
# the whole scan sends dev3 at least 136 SYNs over more than 10 s (68
# ports, each tried twice, the kernel resending within each wait); once
# stopped, the engine sends none
sleep 1
n1=$(syns_at_dev3)
sleep 3
n2=$(syns_at_dev3)
check "  which sends dev3 no SYN after it ($n1, then $n2)" \
    sh -c "[ '$n1' -gt 0 ] && [ '$n1' -lt 136 ] && [ '$n2' = '$n1' ]"
eq "  which leaves the cancel as it was" \
    "$(scan_fields "$s5" '[.state, .error, .scanned]')" \
    '["failed","cancelled by admin",0]'
eq "a cancel of a scan that is over: 409" \
    "$(api DELETE "/api/v1/scans/$s5")" 409
check "  saying how it ended" sh -c "jq -r .detail '$T/body' |
    grep -q '^scan $s5 is failed: nothing to cancel'"
eq "of no such scan: 404" "$(api DELETE /api/v1/scans/999999)" 404
eq "a viewer may not cancel: 403" \
    "$(TOKEN=$VIEWER api DELETE "/api/v1/scans/$s4")" 403
api GET '/api/v1/audit?object=scan:'"$s5" >/dev/null
eq "a cancel is audited" "$(jq -r '.items[0].action' "$T/body")" \
    scan.cancel
eq "the worker goes on: the next scan runs" "$(api POST /api/v1/scans \
    -H "$J" -d "{\"targets\":[\"$a2\"]}")" 202
wait_scan "$(body .id)"
eq "  to its end" "$(body .state)" done

# a reload that changes a scanner setting says it needs a restart
echo 'scan-set rate 100' >>"$CONF"
kill -HUP "$PID"
i=0
until grep -q "a scanner setting" "$T/daemon.log" || [ $i -ge 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
check "a reload of a scanner setting asks for a restart" \
    grep -q "a scanner setting (scan-every, scan-on-appearance" \
    "$T/daemon.log"

finish
