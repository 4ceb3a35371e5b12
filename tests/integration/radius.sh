#!/bin/sh
# The radius role end to end, against real peers: radclient is the PGW
# (Access-Request, Accounting-Request), FreeRADIUS plays the two NASes that
# receive Disconnect-Requests (one acknowledges, one refuses), and
# radius/radpkt.py sends what radclient cannot: the very same datagram
# twice, from any loopback address, without a Message-Authenticator.
# The REST API and the CLI are the operator's side.
. "$(dirname "$0")/lib.sh"
H="$(dirname "$0")/radius"
for tool in radclient freeradius python3 xxd ss; do
	command -v $tool >/dev/null || {
		echo "radius.sh needs $tool (freeradius, freeradius-utils)" >&2
		exit 1
	}
done

# Four UDP ports below lib.sh's API ports (20000 + pid % 30000), so that no
# other test's API port is one of them, and below the ephemeral range.
udp_free() { [ -z "$(ss -Hlun "sport = :$1")" ]; }
RP=$((10000 + ($$ % 2400) * 4))
until udp_free $RP && udp_free $((RP + 1)) && udp_free $((RP + 2)) &&
    udp_free $((RP + 3)); do
	RP=$((RP + 4))
	[ $RP -lt 19996 ] || RP=10000
done
AUTH=$RP
ACCT=$((RP + 1))
COA1=$((RP + 2)) # FreeRADIUS as NAS "local", 127.0.0.1: acknowledges
COA2=$((RP + 3)) # FreeRADIUS as NAS "other", 127.0.0.2: refuses
SECRET=local-pgw-secret
SECRET2=other-pgw-secret
cat >>"$CONF" <<CONF
radius-auth-listen 127.0.0.1:$AUTH
radius-acct-listen 127.0.0.1:$ACCT
radius-client local 127.0.0.1/32 "$SECRET" coa-port=$COA1
radius-client other 127.0.0.2/32 "$SECRET2" coa-port=$COA2 message-authenticator=optional
radius-session-timeout 86400
radius-interim-interval 600
radius-coa-timeout 200
radius-coa-retries 1
CONF

# --- FreeRADIUS as the NASes, from a private config directory ---
NASD="$T/nas"
NAS=
mkdir "$NASD"
: >"$NASD/dictionary"
sed -e "s|@DIR@|$NASD|g" -e "s|@SECRET@|$SECRET|g" -e "s|@SECRET2@|$SECRET2|g" \
    -e "s|@COA1@|$COA1|g" -e "s|@COA2@|$COA2|g" "$H/nas.conf.in" >"$NASD/radiusd.conf"
stop_nas() {
	[ -n "$NAS" ] || return 0
	kill "$NAS" 2>/dev/null || true
	wait "$NAS" 2>/dev/null || true
	NAS=
}
trap 'stop_nas; stop_daemon; rm -rf "$T"; exit 1' INT TERM
trap 'stop_nas; [ -z "$PID" ] || kill "$PID" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
freeradius -f -d "$NASD" -l "$NASD/radiusd.log" &
NAS=$!
i=0
until grep -q 'Ready to process requests' "$NASD/radiusd.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 "$NAS" 2>/dev/null; then
		echo "freeradius did not start:" >&2
		cat "$NASD/radiusd.log" >&2
		exit 1
	fi
	sleep 0.05
done

start_daemon
J='Content-Type: application/json'
export AIRLOCK_URL="$URL" AIRLOCK_TOKEN="$ADMIN"
cli() { "$AIRLOCK" "$@" >"$T/out" 2>"$T/err"; }
rc() { cli "$@" && printf 0 || printf %s $?; }

# poll SECONDS command...: run the command every 50 ms until it succeeds,
# for at most about SECONDS.
poll() {
	n=$(($1 * 20))
	shift
	until "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.05
	done
}
logged() { grep -q "$1" "$T/daemon.log"; }
check "the radius role serves" poll 5 logged 'radius role is serving'

# --- the fleet: row i is SIM i of gen-fleet.sh ---
"$(dirname "$0")/../../scripts/gen-fleet.sh" 16 >"$T/fleet.csv"
eq "import the fleet" "$(rc sim import "$T/fleet.csv")" 0
check "  the radius role reloads its index" poll 5 logged 'radius: index reloaded, 16 SIMs'
iccid() { sed -n "$(($1 + 2))p" "$T/fleet.csv" | cut -d, -f1; }
imsi() { printf '23410%010d' "$1"; }
msisdn() { printf '4477%09d' "$1"; }

# The PGW: radclient with the attributes on stdin. rad auth|acct [SECRET]
# prints the reply's code, or "none"; the exchange stays in $T/rad.
rad() {
	port=$AUTH
	[ "$1" = auth ] || port=$ACCT
	radclient -x -r 1 -t "${WAIT:-1}" "127.0.0.1:$port" "$1" "${2:-$SECRET}" \
	    >"$T/rad" 2>&1 || true
	code=$(sed -n 's/^Received \([A-Za-z-]*\) Id .*/\1/p' "$T/rad")
	printf %s "${code:-none}"
}
# reply NAME: an attribute of the last reply (octets decoded as text).
reply() {
	v=$(sed -n '/^Received/,$p' "$T/rad" | sed -n "s/^[[:space:]]*$1 = //p" |
	    sed 's/^"\(.*\)"$/\1/')
	case $v in
	0x*) printf %s "${v#0x}" | xxd -r -p ;;
	*) printf %s "$v" ;;
	esac
}
# req I [IMEISV [APN]]: the Access-Request of SIM I (an I that is not a
# number is the IMSI itself), as a PGW sends it.
req() {
	case $1 in
	*[!0-9]* | ??????????????*) req_imsi=$1 req_msisdn=$1 ;;
	*) req_imsi=$(imsi "$1") req_msisdn=$(msisdn "$1") ;;
	esac
	printf 'User-Name = "%s"\nCalling-Station-Id = "%s"\n' "$req_imsi" "$req_msisdn"
	printf 'Called-Station-Id = "%s"\nNAS-IP-Address = 127.0.0.1\n' "${3:-m2m.example}"
	printf '3GPP-IMSI = "%s"\n' "$req_imsi"
	[ -z "${2:-}" ] || printf '3GPP-IMEISV = "%s"\n' "$2"
	echo 'Message-Authenticator = 0x00'
}
# acct I STATUS SESSION-ID [ATTRIBUTE...]: an Accounting-Request of SIM I,
# with the Class its Accept carried.
acct() {
	printf 'Acct-Status-Type = %s\nAcct-Session-Id = "%s"\n' "$2" "$3"
	printf 'User-Name = "%s"\n3GPP-IMSI = "%s"\n' "$(imsi "$1")" "$(imsi "$1")"
	printf 'Framed-IP-Address = 10.64.0.%d\n' $(($1 + 1))
	printf 'Class = 0x%s\n' "$(printf 'airlock:%s' "$(iccid "$1")" | xxd -p | tr -d '\n')"
	shift 3
	printf 'Called-Station-Id = "m2m.example"\n'
	for a in "$@"; do echo "$a"; done
}
# raw [OPTIONS] ATTRIBUTE=VALUE...: radpkt.py to the auth port.
raw() { python3 "$H/radpkt.py" "$@"; }
accepted() { [ "$(req "$@" | rad auth)" = Access-Accept ]; }
rejected() { [ "$(req "$@" | rad auth)" = Access-Reject ]; }
# has_event TYPE JQ-CONDITION: an event of the type matches.
has_event() {
	api GET "/api/v1/events?type=$1&limit=200" >/dev/null &&
	    [ "$(body "[.items[] | select($2)] | length")" -ge 1 ]
}
binding_is() { # binding_is ICCID STATUS BOUND_IMEI
	[ "$(api GET "/api/v1/sims/$1/binding"; body '"\(.status) \(.bound_imei)"')" = "200$2 $3" ]
}
# The radius role's counters: mark takes a snapshot of /metrics, since
# PATTERN says how much the first sample matching airlock_radius_PATTERN
# grew from it (an absent counter counts as 0).
metrics() { api GET /metrics >/dev/null && cp "$T/body" "$T/metrics"; }
metric() { grep -E "^airlock_radius_$1 " "$2" | head -n 1 | awk '{ print $2 }'; }
mark() { metrics && cp "$T/metrics" "$T/metrics.mark"; }
since() {
	metrics
	now=$(metric "$1" "$T/metrics")
	was=$(metric "$1" "$T/metrics.mark")
	echo $((${now:-0} - ${was:-0}))
}
drops() { since "drops_total\\{reason=\"$1\"\\}"; }
mark
check "/metrics has the radius role's counters" grep -q '^airlock_radius_sims 16$' "$T/metrics"

# --- 1. Access-Accept ---
A=$(iccid 1)
eq "an attach is accepted" "$(req 1 3569380356438101 | rad auth)" Access-Accept
eq "  with the SIM's static IP" "$(reply Framed-IP-Address)" 10.64.0.2
eq "  a Class naming the SIM" "$(reply Class)" "airlock:$A"
eq "  the session timeout" "$(reply Session-Timeout)" 86400
eq "  the interim interval" "$(reply Acct-Interim-Interval)" 600
eq "  metrics: counted" "$(since accepts_total)" 1
eq "  and a Message-Authenticator" "$(reply Message-Authenticator | wc -c)" 16
eq "the User-Name alone finds the SIM" \
    "$(req 1 | grep -v 3GPP-IMSI | rad auth; reply Framed-IP-Address)" Access-Accept10.64.0.2
eq "the PGW's APN with its operator part is accepted" \
    "$(req 1 '' m2m.example.mnc010.mcc234.gprs | rad auth)" Access-Accept

# --- 2. unknown IMSI ---
eq "an unknown IMSI is rejected" "$(req 234109999999999 | rad auth)" Access-Reject
eq "  saying so" "$(reply Reply-Message)" "unknown SIM"
check "  a radius_reject event, reason unknown_sim" poll 2 has_event radius_reject \
    '.subject=="234109999999999" and .evidence.reason=="unknown_sim" and .evidence.imsi=="234109999999999" and .evidence.nas=="local" and .severity=="medium"'
eq "  metrics: a rejection for unknown_sim" "$(since 'rejects_total\{reason="unknown_sim"\}')" 1

# --- 3. suspension takes effect at once, and is undone ---
S=$(iccid 2)
check "an active SIM is accepted" accepted 2
eq "suspend it with the CLI" "$(rc sim suspend "$S" --reason 'radius test')" 0
check "  within a second its attach is rejected" poll 1 rejected 2
eq "  saying why" "$(reply Reply-Message)" "SIM suspended"
check "  a radius_reject event, reason suspended" poll 2 has_event radius_reject \
    ".subject==\"$S\" and .evidence.reason==\"suspended\" and .evidence.iccid==\"$S\""
eq "reactivate it" "$(rc sim activate "$S" --reason 'radius test over')" 0
check "  within a second it is accepted again" poll 1 accepted 2

# --- 4. the APN ---
P=$(iccid 3)
eq "another APN is rejected" "$(req 3 '' other.apn | rad auth)" Access-Reject
eq "  saying why" "$(reply Reply-Message)" "APN not allowed for this SIM"
check "  a radius_reject event, reason apn" poll 2 has_event radius_reject \
    ".subject==\"$P\" and .evidence.reason==\"apn\" and .evidence.apn==\"other.apn\""

# --- 5. Message-Authenticator required (BlastRADIUS) ---
mark
req 4 | grep -v Message-Authenticator >"$T/noma"
eq "an Access-Request without Message-Authenticator gets no answer" \
    "$(WAIT=0.5 rad auth <"$T/noma")" none
check "  (radclient sent none)" sh -c "! grep -q Message-Authenticator '$T/rad'"
eq "  nor through radpkt.py" "$(raw --no-ma --timeout 0.5 127.0.0.1:$AUTH "$SECRET" \
    User-Name="$(imsi 4)" 3GPP-IMSI="$(imsi 4)" Called-Station-Id=m2m.example)" "1 none"
eq "  metrics: both dropped for it" "$(drops no_message_authenticator)" 2
eq "  but is answered from a client where it is optional" \
    "$( (echo 'Packet-Src-IP-Address = 127.0.0.2'; cat "$T/noma") | rad auth "$SECRET2")" Access-Accept
eq "  with the address" "$(reply Framed-IP-Address)" 10.64.0.5
eq "the same with it is answered" "$(req 4 | rad auth)" Access-Accept

# --- 6. wrong secret ---
mark
eq "an Access-Request signed with another secret gets no answer" \
    "$(req 4 | WAIT=0.5 rad auth wrong-secret-1)" none
eq "  nor an Accounting-Request" \
    "$(acct 4 Start w-1 | WAIT=0.5 rad acct wrong-secret-1)" none
eq "  nor a request from NAS other with local's secret" \
    "$( (echo 'Packet-Src-IP-Address = 127.0.0.2'; req 4) | WAIT=0.5 rad auth)" none
eq "  metrics: dropped for their Message-Authenticator" "$(drops bad_message_authenticator)" 2
eq "  metrics: and the Accounting-Request for its authenticator" "$(drops bad_authenticator)" 1

# --- 7. retransmission: the same answer, processed once ---
R=$(iccid 5)
cat >"$T/between.sh" <<BETWEEN
#!/bin/sh
# Between the two sends: suspend the SIM, and wait until a new request
# for it is rejected. The retransmission must still get the cached Accept.
"$AIRLOCK" sim suspend $R --reason 'retransmission test' >/dev/null || exit 1
i=0
until python3 "$H/radpkt.py" 127.0.0.1:$AUTH "$SECRET" User-Name=$(imsi 5) \
    3GPP-IMSI=$(imsi 5) Called-Station-Id=m2m.example |
    grep -q '^1 Access-Reject '; do
	i=\$((i + 1))
	[ \$i -lt 40 ] || exit 1
	sleep 0.05
done
touch "$T/between.ok"
BETWEEN
mark
raw --send 2 --between "sh $T/between.sh" 127.0.0.1:$AUTH "$SECRET" \
    User-Name="$(imsi 5)" 3GPP-IMSI="$(imsi 5)" 3GPP-IMEISV=3569380356438502 \
    Called-Station-Id=m2m.example >"$T/retx"
eq "a request is accepted" "$(grep -c '^1 Access-Accept ' "$T/retx")" 1
check "  the SIM was suspended before the retransmission" test -e "$T/between.ok"
eq "  the retransmission gets the cached Accept" "$(grep -c '^2 Access-Accept ' "$T/retx")" 1
eq "  byte for byte" "$(sed -n 's/^1 Access-Accept //p' "$T/retx")" \
    "$(sed -n 's/^2 Access-Accept //p' "$T/retx")"
eq "  which is signed" "$(grep -c '^2 Message-Authenticator=0x' "$T/retx")" 1
check "  the IMEI is learned" poll 2 binding_is "$R" bound 3569380356438502
eq "  metrics: one duplicate answered from the cache" "$(since duplicates_total)" 1
eq "  metrics: the IMEI learned once" "$(since imei_learned_total)" 1
rc sim activate "$R" --reason 'retransmission test over' >/dev/null

# --- 8. the IMEI binding: learned, enforced, reset, relearned ---
B=$(iccid 6)
IMEI1=3569380356438603 # TAC 35693803
IMEI2=4901542032375601 # TAC 49015420
IMEI3=3520990017614901 # TAC 35209900
eq "a learning SIM's first attach" "$(req 6 $IMEI1 | rad auth)" Access-Accept
check "  binds its IMEI" poll 2 binding_is "$B" bound $IMEI1
eq "  the CLI shows it" "$(rc sim binding "$B" --json; jq -r '"\(.status) \(.bound_imei) \(.last_imei) \(.imei_policy)"' "$T/out")" \
    "0bound $IMEI1 $IMEI1 learn"
eq "another device is rejected" "$(req 6 $IMEI2 | rad auth)" Access-Reject
eq "  saying why" "$(reply Reply-Message)" "IMEI does not match the SIM's binding"
check "  a sim_swap event, high, naming the SIM and the device" poll 2 has_event sim_swap \
    ".subject==\"$B\" and .severity==\"high\" and .evidence.iccid==\"$B\" and .evidence.seen_imeisv==\"$IMEI2\" and .evidence.action==\"reject\""
check "  the binding shows the mismatch" poll 2 binding_is "$B" mismatch $IMEI1
eq "the bound device still attaches" "$(req 6 $IMEI1 | rad auth)" Access-Accept
eq "binding-reset" "$(rc sim binding-reset "$B" --reason 'device swapped')" 0
check "  the new device is accepted" poll 1 accepted 6 $IMEI2
check "  and bound" poll 2 binding_is "$B" bound $IMEI2
eq "  and the old one refused" "$(req 6 $IMEI1 | rad auth)" Access-Reject
eq "relearn" "$(rc sim relearn "$B" --reason 'modem replaced')" 0
check "  a third device is accepted" poll 1 accepted 6 $IMEI3
check "  and bound" poll 2 binding_is "$B" bound $IMEI3
eq "  audit: the reset and the relearn" \
    "$(api GET "/api/v1/audit?object=$B"; body '[.items[] | select(.action | startswith("sim.binding")) | "\(.action) \(.details.bound_imei)"] | join(",")')" \
    "200sim.binding.relearn $IMEI2,sim.binding.reset $IMEI1"

eq "a 14-digit IMEI" "$(req 12 49015420323751 | rad auth)" Access-Accept
check "  is bound with its check digit" poll 2 binding_is "$(iccid 12)" bound 490154203237518
eq "  and the same device's IMEISV matches it" "$(req 12 4901542032375199 | rad auth)" Access-Accept

# --- 9. a fixed binding on the TAC ---
F=$(iccid 7)
eq "fix SIM $F to a TAC" "$(api PATCH /api/v1/sims/$F -H "$J" \
    -d '{"imei_policy":"fixed","bound_imei":"490154203237518","imei_match":"tac"}'; body '"\(.imei_policy) \(.imei_match) \(.bound_imei)"')" \
    "200fixed tac 490154203237518"
check "another TAC is rejected" poll 1 rejected 7 3569380356438799
eq "  as a SIM swap" "$(reply Reply-Message)" "IMEI does not match the SIM's binding"
eq "the same TAC with another serial number is accepted" "$(req 7 4901542099999901 | rad auth)" Access-Accept
eq "no IMEISV is accepted, not a mismatch" "$(req 7 | rad auth)" Access-Accept
check "  an imei_unknown event" poll 2 has_event imei_unknown \
    ".subject==\"$F\" and .evidence.iccid==\"$F\" and .evidence.policy==\"fixed\""
eq "  the binding is unchanged" "$(api GET "/api/v1/sims/$F/binding"; body '"\(.bound_imei) \(.imei_policy)"')" \
    "200490154203237518 fixed"

# --- 10. accounting ---
# Past SIM 1's 500 MB limit, which is not what is tested here.
api PATCH /api/v1/sims/$A -H "$J" -d '{"data_limit":"100G"}' >/dev/null
sessions() { # sessions ICCID JQ: of the SIM's sessions
	api GET "/api/v1/sessions?iccid=$1" >/dev/null && body "$2"
}
eq "Accounting Start" "$(acct 1 Start a-1 '3GPP-IMEISV = "3569380356438101"' \
    'NAS-IP-Address = 127.0.0.1' | rad acct)" Accounting-Response
eq "CLI: session list shows it open" "$(rc session list --sim "$A" --json; jq -r '.items[] | select(.acct_session_id=="a-1") | "\(.open) \(.nas) \(.nas_ip) \(.framed_ip) \(.imsi) \(.imei) \(.octets_in)"' "$T/out")" \
    "0true local 127.0.0.1 10.64.0.2 $(imsi 1) 3569380356438101 0"
eq "Interim-Update with gigawords" "$(acct 1 Interim-Update a-1 'Acct-Input-Octets = 5' \
    'Acct-Input-Gigawords = 1' 'Acct-Output-Octets = 1000' | rad acct)" Accounting-Response
eq "  octets_in counts the gigawords" "$(sessions "$A" '.items[] | select(.acct_session_id=="a-1") | "\(.octets_in) \(.octets_out) \(.open)"')" \
    "4294967301 1000 true"
usage() { api GET "/api/v1/sims/$1/usage" >/dev/null && body "$2"; }
eq "  usage counts them" "$(usage "$A" '"\(.month_total) \(.items[-1].octets_in) \(.items[-1].octets_out)"')" \
    "4294968301 4294967301 1000"
eq "the same Interim again" "$(acct 1 Interim-Update a-1 'Acct-Input-Octets = 5' \
    'Acct-Input-Gigawords = 1' 'Acct-Output-Octets = 1000' | rad acct)" Accounting-Response
eq "  is not counted twice" "$(usage "$A" .month_total)" 4294968301
mark
raw --code acct --send 2 127.0.0.1:$ACCT "$SECRET" Acct-Status-Type=Interim-Update \
    Acct-Session-Id=a-1 User-Name="$(imsi 1)" Acct-Input-Octets=6 \
    Acct-Input-Gigawords=1 Acct-Output-Octets=1000 >"$T/retx"
eq "a retransmitted Interim is answered" "$(grep -c '^[12] Accounting-Response [0-9a-f]' "$T/retx")" 2
eq "  twice the same" "$(sed -n 's/^1 Accounting-Response //p' "$T/retx")" \
    "$(sed -n 's/^2 Accounting-Response //p' "$T/retx")"
eq "  and counts its one new octet once" "$(usage "$A" .month_total)" 4294968302
eq "  metrics: the second from the cache" "$(since duplicates_total)" 1
eq "Stop" "$(acct 1 Stop a-1 'Acct-Input-Octets = 10' 'Acct-Input-Gigawords = 1' \
    'Acct-Output-Octets = 2000' 'Acct-Terminate-Cause = User-Request' | rad acct)" Accounting-Response
eq "  the session is closed" "$(sessions "$A" '.items[] | select(.acct_session_id=="a-1") | "\(.open) \(.stopped != null) \(.stop_cause) \(.octets_in) \(.octets_out)"')" \
    "false true 1 4294967306 2000"
eq "  not listed as open" "$(api GET "/api/v1/sessions?open=true&iccid=$A"; body '.items | length')" 2000
eq "  usage has the final counters, once" "$(usage "$A" .month_total)" 4294969306
eq "CLI: sim usage" "$(rc sim usage "$A"; grep -c '^this month: 4.3 GB' "$T/out")" 01
# A retransmitted Stop must not count the session's octets again, nor
# reopen it: unlike an Interim's, its counters are not compared with the
# session's any more.
eq "another session" "$(acct 1 Start a-2 | rad acct)" Accounting-Response
mark
raw --code acct --send 2 127.0.0.1:$ACCT "$SECRET" Acct-Status-Type=Stop \
    Acct-Session-Id=a-2 User-Name="$(imsi 1)" Acct-Input-Octets=100 \
    Acct-Output-Octets=0 >"$T/retx"
eq "  a retransmitted Stop is answered twice the same" \
    "$(grep -c '^[12] Accounting-Response [0-9a-f]' "$T/retx") $(sed -n 's/^\([12]\) Accounting-Response //p' "$T/retx" | uniq | wc -l)" "2 1"
eq "  metrics: the second from the cache" "$(since duplicates_total)" 1
eq "  its octets counted once" "$(usage "$A" .month_total)" 4294969406
eq "  and the session stays closed" "$(sessions "$A" '[.items[] | select(.acct_session_id=="a-2")] | "\(length) \(.[0].open) \(.[0].octets_in)"')" \
    "1 false 100"
# A NAS that updates Acct-Delay-Time when it retransmits must change the
# Identifier (RFC 5080 section 2.2.1): the cache cannot know the packet,
# the session's state must. And a late Interim-Update of a session
# already stopped (reordered, or from a NAS that replays its records)
# reopens nothing: the store refuses to, the radius role must agree.
u=$(usage "$A" .month_total)
eq "  a Stop re-sent with Acct-Delay-Time (a new Identifier)" \
    "$(acct 1 Stop a-2 'Acct-Input-Octets = 100' 'Acct-Output-Octets = 0' \
    'Acct-Delay-Time = 3' | rad acct)" Accounting-Response
eq "    adds no usage" "$(($(usage "$A" .month_total) - u))" 0
u=$(usage "$A" .month_total)
eq "  a late Interim-Update of it" "$(acct 1 Interim-Update a-2 \
    'Acct-Input-Octets = 50' | rad acct)" Accounting-Response
eq "    adds no usage" "$(($(usage "$A" .month_total) - u))" 0
eq "    and reopens nothing: there is no session to disconnect" \
    "$(api POST /api/v1/sims/$A/disconnect -H "$J" -d '{"reason":"late interim"}'; body '"\(.type) \(.sessions)"')" \
    "409urn:airlock:problem:no-session null"

# --- 11. the data limit suspends and disconnects ---
L=$(iccid 8)
eq "a 1 MB limit" "$(api PATCH /api/v1/sims/$L -H "$J" -d '{"data_limit":"1M"}'; body .data_limit)" 2001000000
eq "a session starts" "$(acct 8 Start l-1 'NAS-IP-Address = 127.0.0.1' | rad acct)" Accounting-Response
eq "an Interim with 2 MB" "$(acct 8 Interim-Update l-1 'Acct-Input-Octets = 1500000' \
    'Acct-Output-Octets = 500000' | rad acct)" Accounting-Response
state_is() { [ "$(api GET "/api/v1/sims/$1"; body .state)" = "200$2" ]; }
check "  suspends the SIM within a second" poll 1 state_is "$L" suspended
eq "  audited, by radius" "$(api GET "/api/v1/audit?object=$L"; body '[.items[] | select(.action=="sim.state")][0] | "\(.actor) \(.details.to) \(.reason)"')" \
    "200radius suspended monthly data limit of 1000000 bytes reached"
check "  a data_limit event" poll 2 has_event data_limit \
    ".subject==\"$L\" and .evidence.limit==1000000 and .evidence.month_octets==2000000 and .evidence.action==\"suspend\""
nas_got() { grep -q "^Disconnect-Request $1" "$NASD/coa.log" 2>/dev/null; }
check "  the NAS gets a Disconnect-Request for the session" poll 2 nas_got \
    "to=127.0.0.1:$COA1 sid=l-1 user=$(imsi 8) framed=10.64.0.9 nas_ip=127.0.0.1 ma=0x"
check "  a radius_disconnect event, acknowledged" poll 2 has_event radius_disconnect \
    ".subject==\"$L\" and .evidence.outcome==\"disconnected\" and .evidence.sessions[0].result==\"ack\""
eq "  and the SIM cannot attach" "$(req 8 | rad auth; reply Reply-Message)" "Access-RejectSIM suspended"

# --- 12. disconnect on request ---
D=$(iccid 9)
N=$(iccid 10)
E=$(iccid 11)
eq "a session on NAS local" "$(acct 9 Start d-1 'NAS-IP-Address = 127.0.0.1' | rad acct)" Accounting-Response
eq "CLI: disconnect" "$(rc sim disconnect "$D" --reason test)" 0
eq "  reports each session" "$(cat "$T/out")" "SIM $D: disconnected
  local 127.0.0.1 session d-1: ack"
check "  the NAS got it, with the session's identities" nas_got \
    "to=127.0.0.1:$COA1 sid=d-1 user=$(imsi 9) framed=10.64.0.10 nas_ip=127.0.0.1 ma=0x"
eq "  the API's answer" "$(api POST /api/v1/sims/$D/disconnect -H "$J" -d '{"reason":"test"}'; body '"\(.outcome) \(.sessions[0].nas) \(.sessions[0].acct_session_id) \(.sessions[0].result)"')" \
    "200disconnected local d-1 ack"
mark
eq "a session on NAS other (127.0.0.2)" "$( (echo 'Packet-Src-IP-Address = 127.0.0.2'; acct 10 Start n-1 \
    'NAS-IP-Address = 127.0.0.2') | rad acct "$SECRET2")" Accounting-Response
eq "CLI: its NAS refuses: exit 69" "$(rc sim disconnect "$N" --reason test)" 69
eq "  with the Error-Cause" "$(cat "$T/out")" "SIM $N: failed
  other 127.0.0.2 session n-1: nak (503 Session-Context-Not-Found)"
check "  the NAS other got it" nas_got "to=127.0.0.2:$COA2 sid=n-1 user=$(imsi 10) framed=10.64.0.11 nas_ip=127.0.0.2 ma=0x"
eq "  the API: 502" "$(api POST /api/v1/sims/$N/disconnect -H "$J" -d '{"reason":"test"}'; body '"\(.outcome) \(.sessions[0].result) \(.sessions[0].error_cause) \(.sessions[0].error_cause_name)"')" \
    "502failed nak 503 Session-Context-Not-Found"
eq "  metrics: two refused" "$(since 'disconnects_total\{result="nak"\}')" 2
check "  a radius_disconnect event records it" poll 2 has_event radius_disconnect \
    ".subject==\"$N\" and .evidence.outcome==\"failed\" and .evidence.sessions[0].error_cause==503 and .severity==\"medium\""
eq "  audited" "$(api GET "/api/v1/audit?object=$N"; body '[.items[] | select(.action=="sim.disconnect")][0] | "\(.actor) \(.reason) \(.details.outcome) \(.details.sessions[0].error_cause)"')" \
    "200admin test failed 503"
eq "a SIM without a session: 409" "$(api POST /api/v1/sims/$E/disconnect -H "$J" -d '{"reason":"test"}'; body .type)" \
    "409urn:airlock:problem:no-session"
check "  saying so" grep -q 'no open session' "$T/body"
eq "CLI: exit 65" "$(rc sim disconnect "$E" --reason test)" 65
check "  saying so" grep -q 'no open session' "$T/err"
Q=$(iccid 12)
eq "a session on NAS local for SIM 12" "$(acct 12 Start q-1 'NAS-IP-Address = 127.0.0.1' | rad acct)" Accounting-Response
eq "CLI: quarantine SIM 12" "$(rc sim quarantine "$Q" --reason "mirai beacon")" 0
check "  the quarantine disconnects its session" poll 2 nas_got \
    "to=127.0.0.1:$COA1 sid=q-1 user=$(imsi 12) framed=10.64.0.13 nas_ip=127.0.0.1 ma=0x"
check "  recorded as a radius_disconnect event" poll 2 has_event radius_disconnect \
    ".subject==\"$Q\" and .evidence.outcome==\"disconnected\" and .evidence.reason==\"quarantine\""
stop_nas
mark
t0=$(date +%s%N)
eq "a NAS that does not answer: 502 after the retries" "$(api POST /api/v1/sims/$D/disconnect -H "$J" -d '{"reason":"test"}'; body '"\(.outcome) \(.sessions[0].result)"')" \
    "502failed timeout"
ms=$((($(date +%s%N) - t0) / 1000000))
echo "# the two tries took $ms ms (2 x radius-coa-timeout 200 ms)"
eq "  metrics: sent twice, timed out once" \
    "$(since 'disconnects_total\{result="sent"\}') $(since 'disconnects_total\{result="timeout"\}')" "2 1"

# --- 13. unknown NAS ---
mark
eq "an Access-Request from an unknown NAS (127.0.0.3) gets no answer" \
    "$(raw --src 127.0.0.3 --timeout 0.5 127.0.0.1:$AUTH "$SECRET" \
    User-Name="$(imsi 1)" 3GPP-IMSI="$(imsi 1)" Called-Station-Id=m2m.example)" "1 none"
eq "  nor an Accounting-Request" \
    "$(raw --code acct --src 127.0.0.3 --timeout 0.5 127.0.0.1:$ACCT "$SECRET" \
    Acct-Status-Type=Start Acct-Session-Id=u-1 User-Name="$(imsi 1)")" "1 none"
eq "  the same from a client is answered" \
    "$(raw --timeout 0.5 127.0.0.1:$AUTH "$SECRET" User-Name="$(imsi 1)" \
    3GPP-IMSI="$(imsi 1)" Called-Station-Id=m2m.example | sed -n 's/^1 \(Access-[A-Za-z]*\) .*/\1/p')" Access-Accept

eq "  metrics: both dropped as from an unknown NAS" "$(drops unknown_nas)" 2
# --- 14. a burst of accounting ---
# 64 sessions of Start, Interim-Update and Stop from bench/radload, in
# batches large enough to go through the journal: once the load stops,
# every answered Stop is listed without any further request.
RADLOAD=$(dirname "$AIRLOCKD")/bench/radload
burst=$("$RADLOAD" -q -A -k 1 -N 64 -c 1 -w 64 -n 16 -t "127.0.0.1:$ACCT" \
    -s "$SECRET")
eq "a burst of 64 sessions: every Stop answered" "$(echo "$burst" |
    tr ' ' '\n' | sed -n 's/^stops=//p')" 64
stopped() { cli session list --limit 500 --json && [ "$(jq '[.items[] |
    select(.open == false and (.acct_session_id | test("^[0-9a-f]{16}$")))] |
    length' "$T/out")" -eq "$1" ]; }
check "  listed once the load stops" poll 5 stopped 64

check "secrets never reach the log" sh -c "! grep -q -e '$SECRET' -e '$SECRET2' -e '$ADMIN' '$T/daemon.log'"
finish
