#!/bin/sh
# Install the Debian packages airlock needs to build, run and test, and the
# unprivileged system user its child processes run as. Idempotent: a package
# already present is not touched, so `make run` stays fast on the second go.
set -eu

# busybox-static, not busybox: only its build has the telnetd applet, which
# the lab's devices run (it replaces busybox, a superset of its applets).
# dropbear-bin and lighttpd run the lab's scanned devices (SSH; a web
# login); lighttpd-mod-openssl gives the lab's web device a TLS port (HTTPS
# with a test-time self-signed, expired, 1024-bit certificate).
# libcoap3-bin (coap-server), miniupnpd-nftables (SSDP and a UPnP IGD) and
# snmpd run the lab's devices for the scanner's UDP probes; each runs in a
# device's namespace with its own config, never as the machine's service;
# so do rtsp-server-perl, the lab's IP camera (the scanner's RTSP probe),
# and openssh-server, a device whose SSH takes passwords only through
# keyboard-interactive (PAM).
# tcpreplay replays recorded attacks in the lab; libndpi-bin's ndpiReader is
# what bench/analyze.sh compares airlock analyze with, timed by GNU time.
PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev
 libevent-dev libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3
 libcurl4-openssl-dev libssl-dev libcap-dev libcmocka-dev libssh-dev
 curl wrk procps jq openssl
 freeradius freeradius-utils
 nftables libnftables-dev libpcap-dev iproute2
 iperf3 nmap busybox-static mosquitto dnsmasq-base socat dropbear-bin lighttpd
 lighttpd-mod-openssl
 opensmtpd
 libcoap3-bin miniupnpd-nftables snmpd rtsp-server-perl openssh-server
 tcpreplay libndpi-bin time"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# snmpd's, rtsp-server-perl's and openssh-server's packages enable their
# services for the next boot: the lab runs its own servers in namespaces,
# and a machine that did not run them before must not start to. Only what
# this run installed is touched: an SSH server the machine already had
# (its owner's way in) is left alone. It runs after a failed install too,
# for what that did install.
services_off() {
	for pkg_svc in snmpd:snmpd rtsp-server-perl:rtsp-server-perl \
	    openssh-server:ssh; do
		case " $missing " in *" ${pkg_svc%%:*} "*) ;; *) continue ;; esac
		svc=${pkg_svc#*:}
		wants=/etc/systemd/system/multi-user.target.wants
		if [ -e "/lib/systemd/system/$svc.service" ] &&
		    [ -e "$wants/$svc.service" ]; then
			$SUDO deb-systemd-helper disable "$svc.service" \
			    >/dev/null 2>&1 || true
		fi
		if ls /etc/rc[2-5].d/S*"$svc" >/dev/null 2>&1; then
			$SUDO update-rc.d "$svc" disable >/dev/null 2>&1 || true
		fi
	done
}

if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	$SUDO apt-get update -qq
	# Packaged daemons (FreeRADIUS, mosquitto: for the tests, the lab and
	# the benchmarks) must not start listening on the machine's ports when
	# they are installed: the tests run their own instances. A policy-rc.d the
	# machine already has is left as it is.
	own_policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' |
		    $SUDO tee /usr/sbin/policy-rc.d >/dev/null
		$SUDO chmod 755 /usr/sbin/policy-rc.d
		own_policy=1
	fi
	status=0
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
	    --no-install-recommends $missing >/dev/null || status=$?
	[ -z "$own_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d
	services_off
	[ "$status" -eq 0 ] || exit "$status"
fi

# airlockd's children drop to this user when the daemon starts as root.
if ! getent passwd airlock >/dev/null; then
	echo "deps: creating system user 'airlock'"
	$SUDO useradd --system --no-create-home --home-dir /nonexistent \
	    --shell /usr/sbin/nologin airlock
fi
