#!/bin/sh
# `make run`: start airlockd on loopback with a sample fleet, print how to
# use it, and stay in the foreground until Ctrl-C.
#   scripts/run.sh BUILD_DIR
# State lives in ./var (config, store, the admin token); delete it to start
# afresh.
set -eu
build=${1:?usage: run.sh BUILD_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
var="$top/var"
url="http://127.0.0.1:${AIRLOCK_PORT:-8740}"
airlockd="$top/$build/airlockd"
airlock="$top/$build/airlock"

mkdir -p "$var"
chmod 755 "$var"
if [ ! -f "$var/airlockd.conf" ]; then
	# The RADIUS secret of the loopback test NAS: random, per machine.
	secret=$(openssl rand -hex 16)
	enforce=off
	[ "$(id -u)" -ne 0 ] || enforce=on
	umask 077
	cat >"$var/airlockd.conf" <<CONF
# written by scripts/run.sh; see examples/airlockd.conf for every directive
store "$var/db/airlock.db"
api-listen 127.0.0.1:${AIRLOCK_PORT:-8740}
device-network 10.64.0.0/10
radius-auth-listen 127.0.0.1:1812
radius-acct-listen 127.0.0.1:1813
radius-client local-pgw 127.0.0.1/32 "$secret"
# The device zone's nftables table (inet airlock): it filters only traffic
# to and from the device-network. Root is needed to enforce it.
enforce $enforce
CONF
	umask 022
fi
secret=$(sed -n 's/^radius-client [^ ]* [^ ]* "\(.*\)".*/\1/p' \
    "$var/airlockd.conf" | head -1)
"$airlockd" -f "$var/airlockd.conf" -n
if [ ! -s "$var/admin.token" ]; then
	umask 077
	"$airlockd" -f "$var/airlockd.conf" --create-admin-token "admin-$(date +%s)" \
	    >"$var/admin.token"
	umask 022
fi
token=$(cat "$var/admin.token")

"$airlockd" -f "$var/airlockd.conf" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; exit 0' INT TERM
i=0
until curl -fs "$url/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 $pid 2>/dev/null; then
		echo "run: airlockd did not come up; see the log above" >&2
		exit 1
	fi
	sleep 0.1
done

export AIRLOCK_URL="$url" AIRLOCK_TOKEN="$token"
if curl -fs -H "Authorization: Bearer $token" "$url/api/v1/sims?limit=1" |
    grep -q '"items":\[\]'; then
	"$airlock" sim import "$top/examples/sample-fleet.csv" >/dev/null
	echo "run: loaded the sample fleet (examples/sample-fleet.csv)"
fi

cat <<MSG

  airlockd is running: API at $url (Ctrl-C stops it)
  admin token: $token

  In another terminal:
    export PATH="$top/$build:\$PATH" AIRLOCK_URL=$url AIRLOCK_TOKEN=$token
    airlock sim import examples/new-sims.csv
    airlock sim list
    airlock sim suspend 89441000000000010009 --reason "reported stolen"
    airlock audit list
    airlock policy show     # the device zone's nftables table (enforce on)
    airlock policy diff
MSG
if [ -n "$secret" ]; then
	cat <<MSG

  RADIUS on 127.0.0.1:1812/1813 (the PGW's side, with radclient):
    printf 'User-Name = "234100000000001"\\nCalled-Station-Id = "m2m.example"\\nMessage-Authenticator = 0x00\\n' |
      radclient -x 127.0.0.1:1812 auth $secret
    airlock event list
MSG
fi
echo

wait $pid
