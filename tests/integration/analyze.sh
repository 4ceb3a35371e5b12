#!/bin/sh
# airlock analyze as a user runs it: on real captures and a conn.log, on
# files cut short or corrupt (an error naming the byte offset, and the
# analysis of what came before kept), and on bad arguments.
#   analyze.sh AIRLOCKD AIRLOCK        (AIRLOCK_CAPTURES: the shared corpus)
set -u
AIRLOCK=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
C=${AIRLOCK_CAPTURES:-$top/../shared/data/captures}
T=$(mktemp -d /tmp/airlock-analyze.XXXXXX)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/check.sh"

# run WANT args...: airlock analyze's exit status must be WANT.
run() {
	want=$1
	shift
	rc=0
	"$AIRLOCK" analyze "$@" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" = "$want" ] || {
		echo "# exit $rc, want $want:" && sed 's/^/#   /' "$T/err"
		return 1
	}
}
jqe() { jq -e "$@" "$T/out" >/dev/null; }

SCAN=$C/attack/slips_hidenseek_telnet_scan.pcap
check "a scan capture: exit 0" run 0 "$SCAN" --devices 192.168.2.0/24
check "  the report names the infected host and the scan" \
    grep -q "^192.168.2.16 *scan_horizontal *high" "$T/out"
check "  and not the router" sh -c "! grep -q '^192.168.2.1 ' '$T/out'"
check "--json: the same, as JSON" run 0 --json "$SCAN" \
    --devices 192.168.2.0/24
check "  one device, scan_horizontal, with its evidence and provisions" jqe \
    '.devices | length == 1 and .[0].device == "192.168.2.16" and
     .[0].events[0].type == "scan_horizontal" and
     (.[0].events[0].evidence.hosts >= 25) and
     (.[0].events[0].evidence.provisions | test("EN 303 645"))'
check "  files and counters" jqe \
    '.files[0].records == 2000 and .files[0].error == null and
     .stats.packets == 2000'
check "--all: every device seen" run 0 --json --all "$SCAN" \
    --devices 192.168.2.0/24
check "  the router among them, clean, with its aggregates" jqe \
    '.devices[] | select(.device == "192.168.2.1") |
     (.events | length) == 0 and .aggregates.packets_out > 0'
check "  the infected host's aggregates: 1,200 packets sent" jqe \
    '.devices[] | select(.device == "192.168.2.16") |
     .aggregates.packets_out == 1200 and .aggregates.flows_out > 200'

# Cut in the middle of a record: the scan before the cut is still found.
size=$(stat -c %s "$SCAN")
head -c $((size * 3 / 4)) "$SCAN" >"$T/cut.pcap"
check "a capture cut short: exit 65 (EX_DATAERR)" run 65 --json "$T/cut.pcap" \
    --devices 192.168.2.0/24
check "  the error names the file, the byte offset, the packets before" \
    grep -q "cut.pcap: at byte [0-9]*, after [0-9]* packets" "$T/err"
check "  and the analysis of what was read is kept" jqe \
    '.devices[0].events[0].type == "scan_horizontal" and
     (.files[0].error | test("at byte")) and .files[0].records > 1000'
# A record whose length is absurd: libpcap refuses it.
cp "$SCAN" "$T/corrupt.pcap"
printf '\377\377\377\177' | dd of="$T/corrupt.pcap" bs=1 seek=$((24 + 8)) \
    conv=notrunc 2>/dev/null
check "a corrupt first record: exit 65" run 65 "$T/corrupt.pcap" \
    --devices 192.168.2.0/24
check "  named with its byte offset" grep -q "corrupt.pcap: at byte 24" \
    "$T/err"
check "  and the report says nothing was found" grep -q \
    "no device raised an event" "$T/out"
# Several files: one bad one does not lose the others.
check "a good file and a bad one: exit 65" run 65 "$T/corrupt.pcap" \
    "$C/attack/slips_arp_scan.pcap" --devices 192.168.1.0/24,192.168.2.0/24
check "  the good file's sweep is reported" grep -q \
    "^192.168.1.247 *arp_sweep" "$T/out"
echo "not a capture" >"$T/text.bin"
check "neither a capture nor a conn.log: exit 65" run 65 "$T/text.bin" \
    --devices 10.0.0.0/8
check "  said so" grep -q "text.bin: neither a capture" "$T/err"
check "a missing file: exit 65, named" run 65 "$T/nope.pcap" --devices 10.0.0.0/8
check "  with the reason" grep -q "nope.pcap: No such file" "$T/err"

# A conn.log: an ordinary day, then one with a telnet scan in it.
LOG=$top/tests/data/connlog/sample.log
check "a Zeek conn.log: exit 0, no event" run 0 "$LOG" \
    --devices 192.168.1.0/24
check "  said so" grep -q "no device raised an event" "$T/out"
{
	grep '^#' "$LOG" | grep -v '^#close'
	i=1
	while [ $i -le 40 ]; do
		printf '1700000%03d.000000\tC%d\t192.168.1.50\t4%04d\t198.18.%d.%d\t23\ttcp\t-\t-\t-\t-\tS0\tT\tF\t0\tS\t1\t60\t0\t0\t-\n' \
		    $i $i $i $((i / 7)) $i
		i=$((i + 1))
	done
} >"$T/scan.log"
check "a conn.log with 40 unanswered telnet attempts" run 0 --json \
    "$T/scan.log" --devices 192.168.1.0/24
check "  is a horizontal scan by the device" jqe \
    '.devices[0].device == "192.168.1.50" and
     .devices[0].events[0].type == "scan_horizontal"'
sed 's/\t23\ttcp\t/\t70000\ttcp\t/' "$T/scan.log" >"$T/bad.log"
check "a conn.log with a bad port: exit 65" run 65 "$T/bad.log" \
    --devices 192.168.1.0/24
check "  the error names the line and the field" grep -q \
    "bad.log:[0-9]*: field id.resp_p" "$T/err"

# Bad arguments: EX_USAGE, with the problem named.
check "no --devices: exit 64" run 64 "$SCAN"
check "  said so" grep -q "devices CIDR is needed" "$T/err"
check "a bad network: exit 64" run 64 "$SCAN" --devices 192.168.2.1/24
check "  named" grep -q '"192.168.2.1/24"' "$T/err"
long=$(printf '10.%d.0.0/16,' $(seq 0 30))
check "a --devices list too long to hold: exit 64" run 64 "$SCAN" \
    --devices "$long"
check "  said so" grep -q "devices: longer than 255 characters" "$T/err"
check "an unknown setting: exit 64" run 64 "$SCAN" --devices 10.0.0.0/8 \
    --set scan-hostz=3
check "  named" grep -q 'no detection setting is called "scan-hostz"' \
    "$T/err"
check "a setting out of range: exit 64" run 64 "$SCAN" \
    --devices 10.0.0.0/8 --set window=0
check "a stricter setting is obeyed" run 0 "$SCAN" \
    --devices 192.168.2.0/24 --set scan-hosts=1000
check "  (the scan is below it)" grep -q "no device raised an event" \
    "$T/out"
check "a detector turned off" run 0 "$SCAN" --devices 192.168.2.0/24 \
    --set off=scan_horizontal
check "  stays silent" grep -q "no device raised an event" "$T/out"
check "no file: exit 64" run 64 --devices 10.0.0.0/8
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
