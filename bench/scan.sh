#!/bin/sh
# `airlock scan` against `nmap -sV -T4`, in one invocation, on the same
# lab zone and the same port list:
#   1. a lab (scripts/lab.sh, prefix bs) of DEVICES device namespaces, each
#      answering on PER addresses (its own and PER-1 more on its eth0):
#      DEVICES x PER addresses of the device segment (250 by default),
#      every one running the lab's vulnerable model (busybox telnetd
#      taking a Mirai password, busybox httpd, mosquitto);
#   2. ROUNDS rounds of, in turn, from the gateway's namespace:
#      - nmap -n -sV -T4 -p LIST -iL ADDRESSES -oG FILE (root: SYN scan
#        and version detection), LIST being airlock's default port list,
#        in the first NMAP_ROUNDS rounds only (one takes about 20 minutes
#        here: 250 addresses with three open ports each to identify);
#      - airlock scan ADDRESSES --ports LIST --json (connect scan, banners,
#        and the telnet dictionary on every device: it logs in);
#      the open ports of each airlock round are compared with nmap's
#      latest;
#   3. each tool's median wall time and the ratio nmap / airlock, whether
#      the two found the same open ports (address:port sets, compared
#      round by round), and what airlock found that nmap's scan does not
#      say (the credential findings).
# Traffic stays inside the lab's namespaces, which have no route out.
#   bench/scan.sh [BUILD_DIR]  (root; ROUNDS=3 NMAP_ROUNDS=1 DEVICES=5 PER=50)
set -eu
build=${1:-build/release}
top=$(cd "$(dirname "$0")/.." && pwd)
AIRLOCK=$top/$build/airlock
ROUNDS=${ROUNDS:-3}
NMAP_ROUNDS=${NMAP_ROUNDS:-1}
DEVICES=${DEVICES:-5}
PER=${PER:-50}
[ "$(id -u)" -eq 0 ] || { echo "bench/scan.sh: needs root (the lab)" >&2; exit 77; }
[ -x "$AIRLOCK" ] || { echo "bench/scan.sh: no $AIRLOCK (make build)" >&2; exit 66; }

export LAB_PREFIX=bs LAB_DEVICES="$DEVICES"
. "$top/scripts/lab-lib.sh"
W=$(mktemp -d /tmp/airlock-bench-scan.XXXXXX)
trap '"$top/scripts/lab.sh" down >/dev/null 2>&1 || true; rm -rf "$W"' EXIT
"$top/scripts/lab.sh" down >/dev/null 2>&1 || true
"$top/scripts/lab.sh" up >/dev/null

# The extra addresses: 10.64.1.0/24 onward, PER-1 per device.
n=0
i=1
: >"$W/targets"
while [ "$i" -le "$DEVICES" ]; do
	echo "$(lab_ip "dev$i")" >>"$W/targets"
	k=1
	while [ "$k" -lt "$PER" ]; do
		a=10.64.$((1 + n / 250)).$((1 + n % 250))
		lab_exec "dev$i" ip addr add "$a/16" dev eth0
		echo "$a" >>"$W/targets"
		n=$((n + 1))
		k=$((k + 1))
	done
	i=$((i + 1))
done
total=$(wc -l <"$W/targets")
printf 'device-network %s\n' "$LAB_DEV_NET4" >"$W/airlockd.conf"
# the TCP ports of airlock's default list, given to both tools (its UDP
# probes are left out: nmap -sV -T4 scans TCP only)
ports=$("$AIRLOCK" scan --list-ports --json |
    jq -r 'map(select(.proto == "tcp") | .port) | join(",")')
nports=$(echo "$ports" | tr ',' '\n' | wc -l)
gw() { ip netns exec "$LAB_PREFIX-gw" "$@"; }
ms() { date +%s%3N; }

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$W/nmap.ms"
: >"$W/airlock.ms"
agree=yes
r=1
while [ "$r" -le "$ROUNDS" ]; do
	if [ "$r" -le "$NMAP_ROUNDS" ]; then
		t=$(ms)
		gw nmap -n -sV -T4 -p "$ports" -iL "$W/targets" \
		    -oG "$W/nmap.gnmap" >/dev/null
		echo $(($(ms) - t)) >>"$W/nmap.ms"
	fi
	t=$(ms)
	gw "$AIRLOCK" scan --config "$W/airlockd.conf" --from "$W/targets" \
	    --ports "$ports" --json >"$W/airlock.json"
	echo $(($(ms) - t)) >>"$W/airlock.ms"
	# address:port, open, from each
	grep -o 'Host: [0-9.]* .*Ports: .*' "$W/nmap.gnmap" | awk '{
		host = $2
		sub(/.*Ports: /, "")
		n = split($0, p, ", ")
		for (i = 1; i <= n; i++) {
			split(p[i], f, "/")
			if (f[2] == "open") print host ":" f[1]
		}
	}' | sort >"$W/nmap.open"
	jq -r '.devices[] | .address as $a | .open_ports[] | "\($a):\(.port)"' \
	    "$W/airlock.json" | sort >"$W/airlock.open"
	if ! cmp -s "$W/nmap.open" "$W/airlock.open"; then
		agree=no
		echo "round $r: the open ports differ (nmap < > airlock):"
		diff "$W/nmap.open" "$W/airlock.open" | head -20
	fi
	r=$((r + 1))
done
nmap_ms=$(median <"$W/nmap.ms")
airlock_ms=$(median <"$W/airlock.ms")
echo "== airlock scan vs nmap -sV -T4: $total addresses, $nports ports each"
echo "nmap -sV -T4:  median $nmap_ms ms   (runs: $(tr '\n' ' ' <"$W/nmap.ms"))"
echo "airlock scan:  median $airlock_ms ms   (runs: $(tr '\n' ' ' <"$W/airlock.ms"))"
awk -v a="$nmap_ms" -v b="$airlock_ms" \
    'BEGIN { printf "nmap / airlock: %.1fx (goal: at least 5x)\n", a / b }'
echo "open ports: nmap $(wc -l <"$W/nmap.open"), airlock" \
    "$(wc -l <"$W/airlock.open"); the same in every round: $agree"
echo "beyond nmap's scan: $(jq '[.devices[].findings[] |
    select(.id == "telnet-default-credential")] | length' "$W/airlock.json")" \
    "devices log in with a default credential (airlock stops at the" \
    "prompt; nmap -sV names the service only)"
echo "reproduce: ROUNDS=$ROUNDS NMAP_ROUNDS=$NMAP_ROUNDS DEVICES=$DEVICES" \
    "PER=$PER bench/scan.sh $build"
