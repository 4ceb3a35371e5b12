#!/bin/sh
# Traffic detection in the network lab (scripts/lab.sh): airlockd in the
# gateway watches the device bridge (monitor-interface br-dev) through its
# detectors. dev1, a SIM, replays the infected host's side of a real Hide'n
# Seek capture (the shared corpus), rewritten to its own addresses; the
# gateway must find the scan, quarantine the SIM and cut dev1 off, while
# dev2 goes on. Then dev2, whose profile has its own rule (alert only),
# replays it too: the event, but no quarantine. Prints the time from the
# first attack packet to the quarantine in the kernel. Needs root (exit 77
# without).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "ok - skipped: the lab needs root"
	exit 77
fi
CAPTURE=${AIRLOCK_CAPTURES:-$top/../shared/data/captures}/attack/slips_hidenseek_telnet_scan.pcap
INFECTED=192.168.2.16 # the capture's infected device (LABELS.md)

LAB_TEST_PREFIX=dl LAB_TEST_DEVICES=2
. "$(dirname "$0")/lab_outside.sh"

. "$top/scripts/lab-lib.sh"
ENFORCE=on
. "$(dirname "$0")/lib.sh"
H="$(dirname "$0")/airlock"
cat >>"$CONF" <<CONF
server-group core $LAB_SRV4/32 $LAB_SRV6/128
mud-controller https://core.example.net/telemetry core
monitor-interface br-dev
respond scan_horizontal quarantine
respond scan_horizontal alert profile lab-tester
CONF
cli() { "$AIRLOCK" "$@" >"$T/out" 2>"$T/err"; }
export AIRLOCK_URL="$URL" AIRLOCK_TOKEN="$ADMIN"
http() {
	out=$(lab_http "$@")
	echo "${out:-closed}"
}
jqe() { jq -e "$@" >/dev/null; }

start_daemon
check "the monitor watches br-dev" poll_for 5 \
    grep -q "monitor: detectors on br-dev" "$T/daemon.log"
check "profile sensor accepted" cli profile put sensor "$H/sensor.json"
"$top/scripts/gen-fleet.sh" 2 >"$T/fleet.csv"
ICCID1=$(sed -n 2p "$T/fleet.csv" | cut -d, -f1)
ICCID2=$(sed -n 3p "$T/fleet.csv" | cut -d, -f1)
check "two SIMs imported" cli sim import "$T/fleet.csv"
check "dev1's SIM" cli sim update "$ICCID1" --static-ip "$(lab_ip dev1)" \
    --profile sensor
check "profile lab-tester accepted" cli profile put lab-tester \
    "$H/sensor.json"
check "dev2's SIM, on the lab-tester profile" cli sim update "$ICCID2" \
    --static-ip "$(lab_ip dev2)" --profile lab-tester
eq "dev1 → core:8080 before" "$(http dev1 "$LAB_SRV4" 8080)" srv

# The infected host's packets, from dev1's addresses to the gateway.
kept=$(python3 "$(dirname "$0")/pcap_keep_src.py" "$CAPTURE" "$T/mine.pcap" \
    "$INFECTED")
check "the capture holds the infected host's $kept packets" \
    test "$kept" -gt 600
# rewrite_as HOST ADDRESS OUT: the infected host's packets as HOST sends
# them to the gateway from ADDRESS (its own, or one it forges).
rewrite_as() {
	tcprewrite --infile="$T/mine.pcap" --outfile="$3" --fixcsum \
	    --srcipmap="$INFECTED/32:$2/32" \
	    --enet-smac="$(lab_exec "$1" cat /sys/class/net/eth0/address)" \
	    --enet-dmac="$LAB_GW_DEV_MAC"
}
rewrite_to() { rewrite_as "$1" "$(lab_ip "$1")" "$2"; }
check "rewritten to dev1's addresses" rewrite_to dev1 "$T/attack.pcap"

# The kernel's own report of the quarantine set changing, time-stamped.
nft monitor 2>/dev/null | while read -r line; do
	echo "$(date +%s%N) $line"
done >"$T/nft-monitor" &
MONITOR=$!
sleep 0.3
t0=$(date +%s%N)
# 1,000 packets/s, a Mirai bot's scanning pace rather than the capture's
# leisurely one: the scan is recognised at its 25th unanswered host, so
# the time to the cut-off is mostly the attacker's own.
lab_exec dev1 tcpreplay -q -i eth0 --pps=1000 "$T/attack.pcap" \
    >"$T/replay" 2>&1 &
REPLAY=$!
quarantined() {
	grep -q "add element inet airlock q4 { $(lab_ip dev1) }" \
	    "$T/nft-monitor"
}
check "the scan quarantines dev1's address" poll_for 10 quarantined
t1=$(grep "add element inet airlock q4 { $(lab_ip dev1) }" \
    "$T/nft-monitor" | head -n 1 | cut -d' ' -f1)
# When the parent had the event and decided: its log line's time.
td=$(date -d "$(grep -m1 'response to scan_horizontal' "$T/daemon.log" |
    cut -d' ' -f1)" +%s%N)
echo "# first attack packet to quarantine: $(((t1 - t0) / 1000000)) ms" \
    "(event at the parent after $(((td - t0) / 1000000)) ms, in the" \
    "kernel $(((t1 - td) / 1000000)) ms later)"
wait "$REPLAY" || true
kill "$MONITOR" 2>/dev/null || true
# scan_event SUBJECT OUT: SUBJECT has a scan_horizontal event, listed in
# OUT.
scan_event() {
	"$AIRLOCK" --json event list --type scan_horizontal \
	    --subject "$1" >"$2" 2>/dev/null &&
	    [ "$(jq '.items | length' "$2")" -gt 0 ]
}
check "a scan_horizontal event on dev1" poll_for 5 scan_event \
    "$(lab_ip dev1)" "$T/ev"
eq "  whose response was quarantine" \
    "$(jq -r '.items[0].response' "$T/ev")" quarantine
check "  with its evidence: 25 hosts or more that did not answer" jqe \
    '.items[0].evidence | .hosts - .hosts_answered >= 25' "$T/ev"
check "  and the provisions it concerns" jqe \
    '.items[0].evidence.provisions | test("EN 303 645")' "$T/ev"
eq "dev1's SIM is quarantined" \
    "$("$AIRLOCK" --json sim show "$ICCID1" | jq -r .state)" quarantined
eq "dev1 → core:8080 is cut off" "$(http dev1 "$LAB_SRV4" 8080)" closed
eq "dev2 → core:8080 still answers" "$(http dev2 "$LAB_SRV4" 8080)" srv
check "no event on dev2" sh -c "'$AIRLOCK' --json event list --subject \
    $(lab_ip dev2) | jq -e '[.items[] | select(.type | test(\"scan|flood|brute\"))]
    | length == 0' >/dev/null"

# The same attack from dev2, whose profile's rule only alerts.
check "rewritten to dev2's addresses" rewrite_to dev2 "$T/attack2.pcap"
lab_exec dev2 tcpreplay -q -i eth0 --pps=1000 "$T/attack2.pcap" \
    >"$T/replay2" 2>&1
check "dev2's scan is an event too" poll_for 5 scan_event \
    "$(lab_ip dev2)" "$T/ev2"
eq "  answered by its profile's rule: alert" \
    "$(jq -r '.items[0].response' "$T/ev2")" alert
eq "  dev2's SIM stays active" \
    "$("$AIRLOCK" --json sim show "$ICCID2" | jq -r .state)" active
eq "  and dev2 → core:8080 still answers" "$(http dev2 "$LAB_SRV4" 8080)" srv

# A LAN device bound to its MAC, and the rogue host forging its address:
# the monitor sees the forged scan (it captures before the ruleset drops
# it), but the event names the rogue's MAC, and the device is not cut off.
CAM=10.64.0.50
check "a LAN device at $CAM, bound to its MAC" cli device add --name cam \
    --mac 02:64:00:00:00:50 --ip "$CAM" --profile sensor
check "the scan, forged by the rogue host as $CAM" rewrite_as rogue "$CAM" \
    "$T/forged.pcap"
lab_exec rogue tcpreplay -q -i eth0 --pps=1000 "$T/forged.pcap" \
    >"$T/replay3" 2>&1
check "the forged scan is an event on $CAM" poll_for 5 scan_event "$CAM" \
    "$T/ev3"
eq "  naming the rogue's MAC" "$(jq -r '.items[0].evidence.src_mac' "$T/ev3")" \
    "$(lab_exec rogue cat /sys/class/net/eth0/address)"
eq "  and only alerted on" "$(jq -r '.items[0].response' "$T/ev3")" \
    "alert (MAC mismatch)"
eq "  the device stays active" \
    "$("$AIRLOCK" --json device show 1 | jq -r .state)" active
finish
