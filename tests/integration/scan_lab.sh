#!/bin/sh
# The security scan in the network lab (scripts/lab.sh), driven through
# `airlock scan` from the gateway's namespace, as an operator would:
#   dev1, dev2: the lab's vulnerable model (busybox telnetd taking a Mirai
#     default password, root/xmhdipc here, busybox httpd, mosquitto, a
#     management port); dev2's web server is lighttpd instead, its pages
#     behind Basic auth with admin/admin but for its status page, and on
#     443 HTTPS behind Digest (SHA-256) with admin/admin, over a
#     certificate made here to fail every check: self-signed, expired,
#     an RSA key of 1024 bits, TLS 1.0 still accepted;
#   dev3: hardened: nothing but dropbear, password logins off;
#   dev4: nothing but dropbear, taking root with a Mirai password
#     (root/admin), from an /etc/shadow of its own (a private mount
#     namespace: the machine's accounts are never touched); later OpenSSH
#     with PAM over the same file, keyboard-interactive its only way to
#     take a password;
#   dev5: nothing but OpenSMTPD, configured as an open relay (the probe
#     never says DATA: nothing is queued, let alone sent);
#   .9, .10: no host at all.
# Each device must get exactly its expected findings, the hardened one
# none; a target outside the device networks must be refused with nothing
# sent; the per-device rate limit must hold. Needs root (exit 77 without).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "ok - skipped: the lab needs root"
	exit 77
fi
LAB_TEST_PREFIX=sl LAB_TEST_DEVICES=5
export LAB_TELNET_USER=root LAB_TELNET_PASS=xmhdipc
. "$(dirname "$0")/lab_outside.sh"

. "$top/scripts/lab-lib.sh"
AIRLOCK=$2
. "$(dirname "$0")/check.sh"
T=$(mktemp -d /tmp/airlock-scan.XXXXXX)
trap 'rm -rf "$T"' EXIT
# only the lab's device segment is the zone
printf 'device-network %s\n' "$LAB_DEV_NET4" >"$T/airlockd.conf"
scan() { "$AIRLOCK" scan --config "$T/airlockd.conf" "$@"; }
jqe() { jq -e "$@" >/dev/null; }

# dev3 and dev4: their vulnerable daemons stopped, dropbear started.
dropbearkey -t ed25519 -f "$T/hostkey" >/dev/null 2>&1
sed "s|^root:[^:]*:|root:$(openssl passwd -6 admin):|" /etc/shadow \
    >"$T/shadow"
chmod 600 "$T/shadow"
for d in dev3 dev4 dev5; do
	for f in "$LAB_STATE"/pids/$d.*.pid; do
		kill "$(cat "$f")" 2>/dev/null || true
		rm -f "$f"
	done
done
lab_daemon dev3 ssh dropbear -F -E -s -w -p 22 -r "$T/hostkey"
# dev2's web login: lighttpd with mod_auth, admin/admin; Basic on 80
# (its status page left open, an admin path the scanner must find),
# Digest on 443 over TLS.
kill "$(cat "$LAB_STATE/pids/dev2.http.pid")"
until [ -z "$(lab_exec dev2 ss -Hltn "sport = :80")" ]; do sleep 0.05; done
mkdir -p "$T/www"
echo dev2 >"$T/www/index.html"
echo admin:admin >"$T/lighttpd.users"
# The certificate: a 1024-bit RSA key, self-signed, valid in 2020 only.
# openssl req -x509 cannot backdate (-not_before is OpenSSL 3.4's), so a
# throwaway CA directory lets `openssl ca -selfsign` set both dates.
mkdir -p "$T/ca"
: >"$T/ca/index.txt"
echo 01 >"$T/ca/serial"
cat >"$T/ca.cnf" <<CONF
[ca]
default_ca = lab
[lab]
database = $T/ca/index.txt
new_certs_dir = $T/ca
serial = $T/ca/serial
default_md = sha256
policy = anything
[anything]
commonName = supplied
CONF
openssl genrsa -out "$T/dev2.key" 1024 2>/dev/null
openssl req -new -key "$T/dev2.key" -subj /CN=dev2 -out "$T/dev2.csr"
openssl ca -batch -config "$T/ca.cnf" -selfsign -keyfile "$T/dev2.key" \
    -in "$T/dev2.csr" -startdate 20200101000000Z -enddate 20210101000000Z \
    -notext -out "$T/dev2.crt" 2>/dev/null
cat "$T/dev2.crt" "$T/dev2.key" >"$T/dev2.pem"
cat >"$T/lighttpd.conf" <<CONF
server.document-root = "$T/www"
server.port = 80
server.modules = ("mod_indexfile", "mod_auth", "mod_authn_file",
    "mod_openssl", "mod_status")
index-file.names = ("index.html")
status.status-url = "/server-status"
auth.backend = "plain"
auth.backend.plain.userfile = "$T/lighttpd.users"
\$HTTP["url"] !~ "^/server-status" {
	auth.require = ("/" => ("method" => "basic", "realm" => "device",
	    "require" => "valid-user"))
}
\$SERVER["socket"] == ":443" {
	ssl.engine = "enable"
	ssl.pemfile = "$T/dev2.pem"
	ssl.openssl.ssl-conf-cmd = ("MinProtocol" => "TLSv1",
	    "CipherString" => "DEFAULT@SECLEVEL=0")
	auth.require = ("/" => ("method" => "digest", "realm" => "device",
	    "algorithm" => "SHA-256", "require" => "valid-user"))
}
CONF
lab_daemon dev2 http lighttpd -D -f "$T/lighttpd.conf"
lab_wait_listen dev2 tcp 80
lab_wait_listen dev2 tcp 443
lab_daemon dev4 ssh unshare -m sh -c "mount --bind '$T/shadow' /etc/shadow &&
    exec dropbear -F -E -p 22 -r '$T/hostkey'"
printf 'listen on eth0 port 25\naction "relay" relay\nmatch from any for any action "relay"\n' \
    >"$T/smtpd.conf"
chmod 600 "$T/smtpd.conf"
# its resolver asks 127.0.0.1, which refuses at once: no wait on the
# client's reverse DNS before the greeting
echo "nameserver 127.0.0.1" >"$T/resolv.conf"
lab_daemon dev5 smtp unshare -m sh -c "mount --bind '$T/resolv.conf' \
    /etc/resolv.conf && exec smtpd -d -f '$T/smtpd.conf'"
lab_wait_listen dev5 tcp 25
for d in dev3 dev4; do
	lab_wait_listen "$d" tcp 22
	for p in 23 80 1883; do
		until [ -z "$(lab_exec "$d" ss -Hltn "sport = :$p")" ]; do
			sleep 0.05
		done
	done
done

# The dictionary's line for root/xmhdipc, and its rank among the pairs.
dict=$top/data/scan/telnet-credentials.txt
line=$(grep -n "^root	xmhdipc\$" "$dict" | cut -d: -f1)
rank=$(head -n "$line" "$dict" | grep -vc '^#')

check "scan of 10.64.0.8/29 and .15 (five devices, two empty addresses)" \
    sh -c "'$AIRLOCK' scan --config '$T/airlockd.conf' 10.64.0.8/29 10.64.0.15 \
        --json >'$T/scan.json' 2>'$T/scan.err'"
dev() { jq -c --arg a "$1" '.devices[] | select(.address == $a)' \
    "$T/scan.json"; }
# dev1 and dev2: telnet's Mirai password and the open broker; dev2's
# web login takes admin/admin too.
line_web=$(grep -n "^admin	admin\$" "$dict" | cut -d: -f1)
rank_web=$(head -n "$line_web" "$dict" | grep -vc '^#')
for d in dev1 dev2; do
	a=$(lab_ip "$d")
	if [ "$d" = dev1 ]; then
		want='[["telnet-default-credential",23],["telnet-exposed",23],["mqtt-anonymous",1883]]'
		score='[80,"F"]'
		ports='[23,80,1883]'
	else
		want='[["telnet-default-credential",23],["http-default-credential",80],["http-default-credential",443],["telnet-exposed",23],["http-admin-exposed",80],["tls-weak-key",443],["mqtt-anonymous",1883],["http-basic-cleartext",80],["tls-legacy-version",443],["tls-expired",443],["tls-self-signed",443]]'
		score='[100,"F"]'
		ports='[23,80,443,1883]'
	fi
	eq "$d: findings" "$(dev "$a" | jq -c '[.findings[] | [.id, .port]]')" \
	    "$want"
	eq "$d: the credential's evidence" \
	    "$(dev "$a" | jq -r '.findings[0].evidence')" \
	    "tcp/23: user 'root' logged in with the password of dictionary line $line, attempt $rank"
	eq "$d: open ports" "$(dev "$a" | jq -c '[.open_ports[].port]')" \
	    "$ports"
	eq "$d: telnet banner" "$(dev "$a" |
	    jq -r '.open_ports[0].banner')" \
	    "BusyBox v1.35.0 built-in shell (none) login:"
	eq "$d: score and grade" "$(dev "$a" | jq -c '[.score, .grade]')" \
	    "$score"
	eq "$d: mosquitto's answer" "$(dev "$a" |
	    jq -r '.open_ports[] | select(.port == 1883) | .answer')" \
	    anonymous-accepted
done
eq "dev1: busybox httpd's answer" "$(dev "$(lab_ip dev1)" |
    jq -c '.open_ports[] | select(.port == 80) | [.banner, .answer]')" \
    '[null,"status 200"]'
eq "dev2: lighttpd's answer and version" "$(dev "$(lab_ip dev2)" |
    jq -c '.open_ports[] | select(.port == 80) | [.banner, .answer]')" \
    '["lighttpd/1.4.69","status 401, Basic"]'
eq "dev2: the web login's evidence" "$(dev "$(lab_ip dev2)" |
    jq -r '.findings[] | select(.id == "http-default-credential" and
        .port == 80) | .evidence')" \
    "tcp/80: user 'admin' logged in with the password of dictionary line $line_web, attempt $rank_web"
# dev2's HTTPS: the certificate as made above, TLS 1.0 taken, and the
# dictionary through a Digest login
eq "dev2: the certificate's facts" "$(dev "$(lab_ip dev2)" |
    jq -c '.open_ports[] | select(.port == 443) | .tls |
        [.handshake, .subject_cn, .issuer, .not_after, .validity,
         .key_type, .key_bits, .self_signed, .legacy]')" \
    '[true,"dev2","/CN=dev2","2021-01-01 00:00:00Z","expired","RSA",1024,true,"accepted"]'
eq "dev2: HTTPS's answer: a Digest login" "$(dev "$(lab_ip dev2)" |
    jq -r '.open_ports[] | select(.port == 443) | .answer')" \
    "status 401, Digest"
eq "dev2: the Digest login's evidence" "$(dev "$(lab_ip dev2)" |
    jq -r '.findings[] | select(.id == "http-default-credential" and
        .port == 443) | .evidence')" \
    "tcp/443: user 'admin' logged in with the password of dictionary line $line_web, attempt $rank_web"
eq "dev2: the logins" "$(dev "$(lab_ip dev2)" | jq -c '[.logins[] |
    [.service, .port, .result]]')" \
    '[["telnet",23,"default-credential"],["http",80,"default-credential"],["https",443,"default-credential"]]'
eq "dev2: the open status page" "$(dev "$(lab_ip dev2)" |
    jq -c '[.open_ports[] | [.port, .admin_open]]')" \
    '[[23,[]],[80,["/server-status"]],[443,[]],[1883,[]]]'
a3=$(lab_ip dev3)
eq "dev3 (hardened): no finding" "$(dev "$a3" | jq -c '.findings')" '[]'
eq "dev3: only SSH open, with dropbear's banner" \
    "$(dev "$a3" | jq -c '[.open_ports[] | [.port, .banner]]')" \
    '[[22,"SSH-2.0-dropbear_2022.83"]]'
eq "dev3: grade A" "$(dev "$a3" | jq -r '.grade')" A
eq "dev3: SSH seen to refuse passwords, none typed" \
    "$(dev "$a3" | jq -c '.logins')" \
    '[{"service":"ssh","port":22,"result":"no-password","attempts":0}]'
a4=$(lab_ip dev4)
line4=$(grep -n "^root	admin\$" "$dict" | cut -d: -f1)
rank4=$(head -n "$line4" "$dict" | grep -vc '^#')
eq "dev4: root's Mirai password over SSH" \
    "$(dev "$a4" | jq -c '[.findings[] | [.id, .port, .evidence]]')" \
    "[[\"ssh-default-credential\",22,\"tcp/22: user 'root' logged in with the password of dictionary line $line4, attempt $rank4\"]]"
eq "dev4: the logins" "$(dev "$a4" | jq -c '.logins')" \
    "[{\"service\":\"ssh\",\"port\":22,\"result\":\"default-credential\",\"attempts\":$rank4}]"
a5=$(lab_ip dev5)
eq "dev5: an open relay" \
    "$(dev "$a5" | jq -c '[.findings[] | [.id, .port, .severity]]')" \
    '[["smtp-open-relay",25,"critical"],["smtp-exposed",25,"medium"]]'
eq "dev5: OpenSMTPD's greeting and the verdict" \
    "$(dev "$a5" | jq -c '.open_ports[] | [.port, .answer]')" \
    '[25,"open-relay"]'
check "dev5: nothing queued" sh -c \
    "! grep -q 'smtp message' '$LAB_STATE/log/dev5.smtp.log'"
eq "only the five devices are up" \
    "$(jq -c '[.devices[].address]' "$T/scan.json")" \
    "[\"$(lab_ip dev1)\",\"$(lab_ip dev2)\",\"$a3\",\"$a4\",\"$a5\"]"
check "the other addresses are unreachable" \
    jqe '.stats.unreachable >= 2' "$T/scan.json"
check "no password in the report" sh -c "! grep -q xmhdipc '$T/scan.json'"
check "a default credential cites ETSI 5.1-1, GSMA CLP.13 6.9 and OWASP I1" \
    jqe '[.devices[].findings[] | select(.id == "telnet-default-credential")
         | .provisions] | length > 0 and all(test("^ETSI EN 303 645 5[.]1-1; GSMA CLP[.]13 6[.]9; OWASP IoT I1$"))' \
    "$T/scan.json"

# The table a person reads, and --no-login.
scan "$(lab_ip dev1)" >"$T/table" 2>&1
check "the table names dev1's critical finding" grep -q \
    "^$(lab_ip dev1) .*80 F .*telnet-default-credential .*critical" "$T/table"
check "... and not its password" sh -c "! grep -q xmhdipc '$T/table'"
scan "$(lab_ip dev1)" --no-login --json >"$T/nologin.json"
eq "--no-login: no credential tried" \
    "$(jq -c '[.devices[0].findings[].id, .stats.logins]' "$T/nologin.json")" \
    '["telnet-exposed","mqtt-anonymous",0]'

# The HTML report: the page, its devices worst first, and a device's text
# escaped (a web server on the gateway's loopback names itself with a
# script tag).
scan 10.64.0.8/29 10.64.0.15 --html "$T/report.html" >/dev/null
check "--html: a page" grep -q '^<!DOCTYPE html>' "$T/report.html"
check "--html: the worst device first" sh -c "grep -o '<h2>.*</h2>' \
    '$T/report.html' | head -1 | grep -q '$(lab_ip dev2), risk 100'"
check "--html: the hardened device has no section" sh -c \
    "! grep -q '$(lab_ip dev3), risk' '$T/report.html'"
printf 'device-network 127.0.0.0/8\n' >"$T/loopback.conf"
python3 -c '
import http.server
class H(http.server.BaseHTTPRequestHandler):
    server_version = "<script>alert(1)</script>"
    sys_version = ""
    def do_GET(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", "Basic realm=\"<b>x</b>\"")
        self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.2", 8080), H).serve_forever()' &
web=$!
until ss -Hltn "sport = :8080" | grep -q .; do sleep 0.05; done
"$AIRLOCK" scan --config "$T/loopback.conf" 127.0.0.2 --ports 8080 \
    --no-login --html "$T/xss.html" >/dev/null
kill "$web"
check "--html: a device's banner cannot inject a tag" sh -c \
    "grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' '$T/xss.html' &&
     ! grep -q '<script' '$T/xss.html'"

# An operator's own version ranges: BusyBox 1.35.0 from the telnet banner.
printf 'busybox\t<=1.35.0\tCVE-2022-28391\tlow\tnetstat and DNS names\n' \
    >"$T/versions"
scan "$(lab_ip dev1)" --no-login --versions "$T/versions" --json \
    >"$T/versions.json"
eq "--versions: BusyBox's CVE from the telnet banner" \
    "$(jq -c '[.devices[0].findings[] | select(.cve != null) |
        [.id, .cve, .severity, .evidence]]' "$T/versions.json")" \
    '[["vulnerable-version","CVE-2022-28391","low","tcp/23: busybox 1.35.0: CVE-2022-28391, netstat and DNS names"]]'
printf 'busybox\t<=1.35\tCVE-22\tlow\tx\n' >"$T/versions"
rc=0
scan "$(lab_ip dev1)" --versions "$T/versions" >"$T/out" 2>"$T/err" || rc=$?
eq "--versions: a bad file refused (EX_DATAERR)" "$rc" 65
check "... naming the line" grep -q "^airlock: $T/versions:1: 'CVE-22'" \
    "$T/err"

# Targets from a file: comments skipped, every bad line named.
printf '# the lab\n%s\n\n%s\nnot-an-address\n' "$(lab_ip dev3)" \
    "$LAB_SRV4" >"$T/targets"
rc=0
scan --from "$T/targets" >"$T/out" 2>"$T/err" || rc=$?
eq "--from: a line outside the zone refuses the scan" "$rc" 77
check "... naming its file and line" grep -q \
    "^airlock: $T/targets:4: target $LAB_SRV4 is outside" "$T/err"
check "... and the bad line too" grep -q \
    "^airlock: $T/targets:5: target 'not-an-address' is neither" "$T/err"
printf '# the lab\n%s\n' "$(lab_ip dev3)" >"$T/targets"
scan --from "$T/targets" --json >"$T/from.json"
eq "--from: the file's device scanned" \
    "$(jq -c '[.devices[].address]' "$T/from.json")" "[\"$(lab_ip dev3)\"]"

# Outside the zone: refused, exit 77, and not one packet leaves.
tx() { cat /sys/class/net/to-inet/statistics/tx_packets; }
before=$(tx)
rc=0
scan "$LAB_ATTACKER4" >"$T/out" 2>"$T/err" || rc=$?
eq "a target outside the zone: EX_NOPERM" "$rc" 77
eq "... with the reason" "$(cat "$T/err")" \
    "airlock: target $LAB_ATTACKER4 is outside the device networks ($LAB_DEV_NET4): the scanner probes nothing else"
eq "... and nothing sent toward it" "$(tx)" "$before"
rc=0
scan 10.64.0.0/24 "$LAB_SRV4" >"$T/out" 2>"$T/err" || rc=$?
eq "one target outside refuses the whole scan" "$rc" 77
eq "... before anything is sent" "$(tx)" "$before"

# Keyboard-interactive: dev4's SSH becomes OpenSSH with PAM and password
# logins off, as many devices ship it: the pair must still be found,
# typed into PAM's hidden prompt.
kill "$(cat "$LAB_STATE/pids/dev4.ssh.pid")"
until [ -z "$(lab_exec dev4 ss -Hltn "sport = :22")" ]; do sleep 0.05; done
ssh-keygen -q -t ed25519 -N '' -f "$T/sshd_key"
cat >"$T/sshd_config" <<CONF
ListenAddress $(lab_ip dev4):22
HostKey $T/sshd_key
PidFile none
UsePAM yes
KbdInteractiveAuthentication yes
PasswordAuthentication no
PermitRootLogin yes
CONF
mkdir -p /run/sshd # sshd's privilege separation directory
lab_daemon dev4 ssh unshare -m sh -c "mount --bind '$T/shadow' /etc/shadow &&
    exec /usr/sbin/sshd -D -e -f '$T/sshd_config'"
lab_wait_listen dev4 tcp 22
check "OpenSSH offers no password method, keyboard-interactive instead" \
    sh -c "ssh -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o PreferredAuthentications=none \
        root@$(lab_ip dev4) true 2>&1 |
        grep -q 'Permission denied (publickey,keyboard-interactive)'"
scan "$(lab_ip dev4)" --ports 22 --json >"$T/kbdint.json"
check "OpenSSH's banner: Debian's build with its fixes (deb12u3 on)" jqe \
    '.devices[0].open_ports[0].banner | test("^SSH-2.0-OpenSSH_9[.]2p1 Debian-2[+]deb12u([3-9]|[1-9][0-9])$")' \
    "$T/kbdint.json"
# Debian's sshd is 9.2p1 with its fixes backported: the data file's
# fixed lines know which, so its banner is no vulnerable version.
eq "keyboard-interactive: root/admin found through PAM's prompt, and no \
vulnerable version for Debian's fixed build" \
    "$(jq -c '[.devices[0].findings[] | [.id, .port]]' "$T/kbdint.json")" \
    '[["ssh-default-credential",22]]'
printf 'root\tnot-its-password\nadmin\tadmin\n' >"$T/other-creds"
scan "$(lab_ip dev4)" --ports 22 --creds "$T/other-creds" --json \
    >"$T/kbdint-refused.json"
eq "... and a dictionary without the pair finds nothing" \
    "$(jq -c '[.devices[0].findings[] | select(.id | startswith("ssh-"))]' \
        "$T/kbdint-refused.json")" '[]'

# The per-device rate: 20 ports at 10 connections a second take 1.9 s at
# least (a lower bound the limiter guarantees, whatever the machine).
start=$(lab_ms)
scan "$(lab_ip dev3)" --ports 1-20 --set device-rate=10 >/dev/null
took=$(($(lab_ms) - start))
check "device-rate 10/s: 20 ports took ${took} ms (at least 1900)" \
    test "$took" -ge 1900

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
