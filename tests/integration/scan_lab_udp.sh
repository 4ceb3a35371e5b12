#!/bin/sh
# The security scan's UDP probes, and its RTSP probe, in the network lab
# (scripts/lab.sh), driven through `airlock scan` from the gateway's
# namespace. The lab's default daemons are stopped; each device runs one
# genuine Debian server, with a configuration of its own under the test's
# directory:
#   dev1: coap-server (libcoap3-bin), its built-in resources;
#   dev2: miniupnpd (an IGD: WANIPConnection), its external interface a
#     veth pair inside dev2's namespace; its nftables rules, if any, live
#     there too;
#   dev3: snmpd with "rocommunity public", in the foreground;
#   dev4: dnsmasq's read-only TFTP server (Debian's busybox-static has
#     neither tftpd nor udpsvd), serving a directory of one file;
#   dev5: hardened: nothing at all;
#   dev6: an IP camera: rtsp-server-perl on 554, a stream announced to it
#     on its source port (bound to dev6's loopback), no authentication.
# Each device must get exactly its expected findings, the hardened one
# none; --ports' UDP syntax must work; nothing may leave the device
# segment, no UPnP port mapping may appear, no file may be written to the
# TFTP directory. Needs root (exit 77 without).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "ok - skipped: the lab needs root"
	exit 77
fi
for tool in coap-server-notls miniupnpd snmpd dnsmasq rtsp-server-perl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "ok - skipped: $tool is missing (scripts/deps.sh installs it)"
		exit 77
	fi
done
LAB_TEST_PREFIX=su LAB_TEST_DEVICES=6
. "$(dirname "$0")/lab_outside.sh"

. "$top/scripts/lab-lib.sh"
AIRLOCK=$2
. "$(dirname "$0")/check.sh"
T=$(mktemp -d /tmp/airlock-scan-udp.XXXXXX)
trap 'rm -rf "$T"' EXIT
printf 'device-network %s\n' "$LAB_DEV_NET4" >"$T/airlockd.conf"
scan() { "$AIRLOCK" scan --config "$T/airlockd.conf" --no-login "$@"; }
jqe() { jq -e "$@" >/dev/null; }

for d in dev1 dev2 dev3 dev4 dev5 dev6; do
	for f in "$LAB_STATE"/pids/$d.*.pid; do
		kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	done
done
for d in dev1 dev2 dev3 dev4 dev5 dev6; do
	for p in 23 80 1883 2222; do
		until [ -z "$(lab_exec "$d" ss -Hltn "sport = :$p")" ]; do
			sleep 0.05
		done
	done
done

# dev1: CoAP
lab_daemon dev1 coap coap-server-notls -A "$(lab_ip dev1)" -p 5683

# dev2: miniupnpd. Its external interface is one end of a veth pair
# that never leaves dev2's namespace; the LAN is the device segment (a
# /16: the gateway, which scans, is "on the LAN").
ns2=$(lab_ns dev2)
ip -n "$ns2" link add wan0 type veth peer name wan1
ip -n "$ns2" addr add 192.0.2.2/24 dev wan0
ip -n "$ns2" link set wan0 up
ip -n "$ns2" link set wan1 up
cat >"$T/miniupnpd.conf" <<CONF
ext_ifname=wan0
listening_ip=$(lab_ip dev2)/16
http_port=5000
enable_natpmp=no
enable_upnp=yes
secure_mode=yes
friendly_name=airlock lab router
uuid=4d696e69-5550-6e50-0000-000000000012
lease_file=$T/upnp.leases
allow 1024-65535 $LAB_DEV_NET4 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
CONF
lab_daemon dev2 upnp miniupnpd -f "$T/miniupnpd.conf" -d \
    -P "$T/miniupnpd.pid"

# dev3: snmpd, the default community, its state under $T
mkdir -p "$T/snmp"
cat >"$T/snmpd.conf" <<CONF
agentAddress udp:$(lab_ip dev3):161
rocommunity public default
sysDescr airlock lab dev3 agent
CONF
lab_daemon dev3 snmp env SNMP_PERSISTENT_DIR="$T/snmp" MIBS= \
    snmpd -f -Lo -C -c "$T/snmpd.conf" -p "$T/snmpd.pid"

# dev4: TFTP, read-only
mkdir -p "$T/tftp"
echo firmware >"$T/tftp/fw.bin"
lab_daemon dev4 tftp dnsmasq --keep-in-foreground --log-facility=- \
    --conf-file=/dev/null --port=0 --enable-tftp --tftp-root="$T/tftp" \
    --listen-address="$(lab_ip dev4)" --bind-interfaces --user=root \
    --group=root --pid-file="$T/dnsmasq.pid"

# dev6: a camera. Its stream comes in on the source port, which only
# dev6 itself reaches; viewers DESCRIBE it on 554.
lab_daemon dev6 rtsp rtsp-server-perl --clientport 554 --serverport 5545 \
    --client_listen_address "$(lab_ip dev6)" \
    --source_listen_address 127.0.0.1 --loglevel 3
lab_wait_listen dev6 tcp 5545
sdp='v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=lab camera\r\nt=0 0\r\nm=video 0 RTP/AVP 26\r\na=control:streamid=0\r\n'
printf "ANNOUNCE rtsp://127.0.0.1:5545/ RTSP/1.0\r\nCSeq: 1\r\nContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n$sdp" \
    "$(printf "$sdp" | wc -c)" >"$T/announce"
lab_exec dev6 socat -T 2 - TCP:127.0.0.1:5545 <"$T/announce" \
    >"$T/announced" || true
eq "dev6: the camera's stream announced" \
    "$(head -n 1 "$T/announced" | tr -d '\r')" "RTSP/1.0 200 OK"

lab_wait_listen dev1 udp 5683
lab_wait_listen dev2 udp 1900
lab_wait_listen dev2 tcp 5000
lab_wait_listen dev3 udp 161
lab_wait_listen dev4 udp 69
lab_wait_listen dev6 tcp 554

# Nothing may leave the device segment: the gateway's other links count.
tx() {
	echo "$(cat /sys/class/net/to-inet/statistics/tx_packets)" \
	    "$(cat /sys/class/net/to-srv/statistics/tx_packets)"
}
before=$(tx)
check "scan of the six devices, the default TCP and UDP lists" \
    sh -c "'$AIRLOCK' scan --config '$T/airlockd.conf' --no-login --all \
        $(lab_ip dev1) $(lab_ip dev2) $(lab_ip dev3) $(lab_ip dev4) \
        $(lab_ip dev5) $(lab_ip dev6) --json >'$T/scan.json' \
        2>'$T/scan.err'"
eq "nothing sent off the device segment" "$(tx)" "$before"
dev() { jq -c --arg a "$(lab_ip "$1")" '.devices[] | select(.address == $a)' \
    "$T/scan.json"; }
findings() { dev "$1" | jq -c '[.findings[] | [.id, .port, .proto]]'; }

eq "dev1: coap-exposed" "$(findings dev1)" '[["coap-exposed",5683,"udp"]]'
eq "dev1: coap-server's resources" "$(dev dev1 |
    jq -r '.findings[0].evidence')" \
    "udp/5683: GET /.well-known/core answered 2.05: /, /time, /async, /example_data"
eq "dev1: the ports (CoAP over TCP too), the answer" "$(dev dev1 |
    jq -c '[.open_ports[] | [.port, .proto, .service, .answer]]')" \
    '[[5683,"tcp","coap-tcp",null],[5683,"udp","coap","2.05"]]'

eq "dev2: the IGD, and UPnP" "$(findings dev2)" \
    '[["upnp-igd-exposed",1900,"udp"],["upnp-exposed",1900,"udp"]]'
eq "dev2: open ports (miniupnpd's HTTP, SSDP)" "$(dev dev2 |
    jq -c '[.open_ports[] | [.port, .proto, .answer]]')" \
    '[[5000,"tcp",null],[1900,"udp","upnp-igd"]]'
check "dev2: SERVER names miniupnpd" jqe --arg a "$(lab_ip dev2)" \
    '.devices[] | select(.address == $a) | .open_ports[] |
        select(.port == 1900) | .banner | test("MiniUPnPd/2[.]3[.]1$")' \
    "$T/scan.json"
eq "dev2: the description read from LOCATION" "$(dev dev2 |
    jq -r '.open_ports[] | select(.port == 1900) | .detail' |
    cut -d';' -f1)" "airlock lab router (Debian Debian router 1)"
check "dev2: WANIPConnection among its services" sh -c "jq -r \
    '.devices[].open_ports[] | select(.port == 1900) | .detail' \
    '$T/scan.json' | grep -q 'WANIPConnection:2'"
check "dev2: no port mapping was made" sh -c \
    "! ip netns exec '$ns2' nft list ruleset | grep -qi dnat"
check "dev2: no SOAP action was sent" sh -c \
    "! grep -qi 'SOAPAction\|AddPortMapping' '$LAB_STATE/log/dev2.upnp.log'"

eq "dev3: snmp-public" "$(findings dev3)" '[["snmp-public",161,"udp"]]'
eq "dev3: its sysDescr" "$(dev dev3 | jq -r '.findings[0].evidence')" \
    "udp/161: community 'public' answered a GetRequest of sysDescr.0: airlock lab dev3 agent"

eq "dev4: tftp-open" "$(findings dev4)" '[["tftp-open",69,"udp"]]'
# dnsmasq answers from a port of its own (RFC 1350's transfer id)
check "dev4: the server's ERROR, taken from its own port" jqe \
    --arg a "$(lab_ip dev4)" '.devices[] | select(.address == $a) |
        [.open_ports[] | [.port, .proto, .service, .answer]] ==
            [[69, "udp", "tftp", "error"]] and
        (.open_ports[0].detail | test("^ERROR 1: file "))' "$T/scan.json"
eq "dev4: the TFTP directory as it was" "$(ls "$T/tftp")" fw.bin

eq "dev5 (hardened): no finding" "$(findings dev5)" '[]'
eq "dev5: no open port" "$(dev dev5 | jq -c '.open_ports')" '[]'
eq "dev5: grade A" "$(dev dev5 | jq -r '.grade')" A

eq "dev6: rtsp-no-auth" "$(findings dev6)" '[["rtsp-no-auth",554,"tcp"]]'
eq "dev6: the evidence" "$(dev dev6 | jq -r '.findings[0].evidence')" \
    "tcp/554: DESCRIBE / without credentials answered 200"
eq "dev6: 554 alone is open (the source port is not)" "$(dev dev6 |
    jq -c '[.open_ports[] | [.port, .proto, .service, .answer]]')" \
    '[[554,"tcp","rtsp","status 200"]]'

# --ports with UDP: u:PORT and u:LO-HI next to TCP ports.
scan "$(lab_ip dev3)" "$(lab_ip dev1)" --ports 22,u:161,u:5680-5690 \
    --json >"$T/ports.json"
eq "--ports 22,u:161,u:5680-5690: the UDP ports asked for" \
    "$(jq -c '[.devices[] | [.address, [.open_ports[] | [.port, .proto]]]]' \
        "$T/ports.json")" \
    "[[\"$(lab_ip dev1)\",[[5683,\"udp\"]]],[\"$(lab_ip dev3)\",[[161,\"udp\"]]]]"
eq "... 2 addresses, 13 probes each (1 TCP, 12 UDP)" \
    "$(jq -c '[.stats.addresses, .stats.connections >= 26]' "$T/ports.json")" \
    '[2,true]'
scan "$(lab_ip dev1)" --ports 5683 --json >"$T/tcp.json"
eq "--ports 5683 is TCP only, as before: CoAP is not probed" \
    "$(jq -c '[.devices[].findings[].id]' "$T/tcp.json")" '[]'
rc=0
scan "$(lab_ip dev1)" --ports u:0 >"$T/out" 2>"$T/err" || rc=$?
eq "--ports u:0: a usage error" "$rc" 64
eq "... naming the bad port" "$(cat "$T/err")" \
    "airlock: --ports: 'u:0' is no port or range (1-65535)"

# The table and the HTML page show the protocol.
scan "$(lab_ip dev3)" --ports u:161 >"$T/table"
check "the table: 161/udp" grep -q \
    "^$(lab_ip dev3) .*snmp-public .*high .*161/udp " "$T/table"
scan "$(lab_ip dev3)" --ports u:161 --html "$T/report.html" >/dev/null
check "the page: 161/udp" grep -q '<td>161/udp</td><td>snmp</td>' \
    "$T/report.html"
"$AIRLOCK" scan --list-ports --json >"$T/list.json"
eq "--list-ports: both lists" \
    "$(jq -c '[.[] | select(.proto == "udp") | [.port, .probe]]' "$T/list.json")" \
    '[[69,"tftp"],[161,"snmp"],[1900,"ssdp"],[5683,"coap"]]'

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
