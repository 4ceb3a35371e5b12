# shellcheck shell=sh
# The airlock network lab as shell functions: network namespaces joined by
# veth pairs, with real daemons in them. scripts/lab.sh is the command-line
# front; tests source this file for the helpers (lab_exec, lab_ip,
# lab_wait_tcp, ...). docs/lab.md has the picture.
#
# Isolation: every link is created inside a lab namespace (a veth is born
# with both ends in lab namespaces, never in the root one), so the
# machine's own interfaces, routes and firewall are never touched, and no
# lab namespace has a route that leaves the lab: the devices' default route
# points at gw, and gw has no default route.
#
# POSIX sh. Functions use no `local`: their variables carry a per-function
# prefix (_lu_, _lw_, ...) so that sourcing this file clobbers nothing of
# the caller's. Building (lab_up) expects the caller to run under `set -e`,
# as lab.sh does; tests bring the lab up with `scripts/lab.sh up`.

: "${LAB_PREFIX:=lab}"
: "${LAB_DEVICES:=3}"

case $LAB_PREFIX in
'' | [!A-Za-z]* | *[!A-Za-z0-9_]*)
	echo "lab: LAB_PREFIX '$LAB_PREFIX' must be a letter then letters, digits or _" >&2
	# shellcheck disable=SC2317 # exit when run, return when sourced
	return 64 2>/dev/null || exit 64
	;;
esac
# Not /run/$LAB_PREFIX: `down` removes this directory, and a prefix such as
# "systemd" must not name somebody else's.
LAB_STATE=/run/airlock-$LAB_PREFIX

# --- the address plan -----------------------------------------------------
# Internet segment: gw's to-inet <-> inet's eth0. The inet namespace holds
# two hosts: the attacker (primary address, so the default source) and a
# public web server.
LAB_INET_NET4=203.0.113.0/24
LAB_INET_NET6=2001:db8:113::/64
LAB_GW_INET4=203.0.113.1
LAB_GW_INET6=2001:db8:113::1
LAB_ATTACKER4=203.0.113.66
LAB_ATTACKER6=2001:db8:113::66
LAB_PUBLIC4=203.0.113.80
LAB_PUBLIC6=2001:db8:113::80
# Server segment: gw's to-srv <-> srv's eth0, the customer's server.
LAB_SRV_NET4=198.51.100.0/24
LAB_SRV_NET6=2001:db8:100::/64
LAB_GW_SRV4=198.51.100.1
LAB_GW_SRV6=2001:db8:100::1
LAB_SRV4=198.51.100.10
LAB_SRV6=2001:db8:100::10
# Device segment: the bridge br-dev inside gw; devI and rogue hang off it
# (gw's port p-devI <-> devI's eth0). devI is 10.64.0.(10+I), fd64::(10+I)
# (the same digits in both families), MAC 02:64:00:00:00:(10+I in hex).
LAB_DEV_NET4=10.64.0.0/16
LAB_DEV_NET6=fd64::/64
LAB_DEV_ZONE4=10.64.0.0/10 # what inet and srv route through gw
LAB_DEV_ZONE6=fd64::/48
LAB_GW_DEV4=10.64.0.1
LAB_GW_DEV6=fd64::1
LAB_DEV_PFX4=10.64.0.
LAB_DEV_PFX6=fd64::
LAB_DEV_BASE=10
LAB_DEV_MAX=189 # 10 + 189 = .199, below the rogue's .200
LAB_ROGUE4=10.64.0.200
LAB_ROGUE6=fd64::200
LAB_GW_DEV_MAC=02:64:00:00:00:01

# --- services ---------------------------------------------------------------
LAB_PORT_TELNET=23   # devices: login prompt, then a shell (nobody)
LAB_PORT_HTTP=80     # devices: busybox httpd, a page naming the device
LAB_PORT_MQTT=1883   # devices: mosquitto, anonymous
LAB_PORT_MGMT=2222   # devices: the management port, answers "mgmt"
LAB_PORT_SRV_HTTP=8080 # srv: busybox httpd, answers "srv"
LAB_PORT_IPERF=5201  # srv: iperf3 server
LAB_PORT_SRV_UDP=5683 # srv: UDP echo (the CoAP port)
LAB_PORT_PUBLIC=80   # inet: the public host's web server, answers "public"
: "${LAB_TELNET_USER:=admin}" # the devices' default credential
: "${LAB_TELNET_PASS:=admin}"

LAB_TOOLS="ip ss socat setsid setpriv busybox mosquitto iperf3 sysctl"

# --- names and addresses ------------------------------------------------------

# lab_ns HOST: the namespace's full name (dev1 -> lab-dev1); a name that
# already carries the prefix is printed as it is.
lab_ns() {
	case $1 in
	"$LAB_PREFIX"-*) printf '%s\n' "$1" ;;
	*) printf '%s-%s\n' "$LAB_PREFIX" "$1" ;;
	esac
}

# lab_exec HOST CMD...: run CMD inside the host's namespace.
lab_exec() {
	_le_ns=$(lab_ns "$1")
	shift
	ip netns exec "$_le_ns" "$@"
}

# lab_dev_index devI: prints I, fails on anything else.
lab_dev_index() {
	case $1 in
	dev[1-9] | dev[1-9][0-9] | dev[1-9][0-9][0-9]) _ldi=${1#dev} ;;
	*) return 1 ;;
	esac
	[ "$_ldi" -ge 1 ] && [ "$_ldi" -le "$LAB_DEV_MAX" ] || return 1
	printf '%s\n' "$_ldi"
}

# lab_ip HOST and lab_ip6 HOST: the host's address. gw answers with its
# device-side address; "attacker" and "public" name inet's two addresses.
lab_ip() {
	case $1 in
	gw) echo "$LAB_GW_DEV4" ;;
	inet | attacker) echo "$LAB_ATTACKER4" ;;
	public) echo "$LAB_PUBLIC4" ;;
	srv) echo "$LAB_SRV4" ;;
	rogue) echo "$LAB_ROGUE4" ;;
	*)
		_lip=$(lab_dev_index "$1") ||
		    { echo "lab_ip: unknown host '$1'" >&2; return 1; }
		echo "$LAB_DEV_PFX4$((LAB_DEV_BASE + _lip))"
		;;
	esac
}

lab_ip6() {
	case $1 in
	gw) echo "$LAB_GW_DEV6" ;;
	inet | attacker) echo "$LAB_ATTACKER6" ;;
	public) echo "$LAB_PUBLIC6" ;;
	srv) echo "$LAB_SRV6" ;;
	rogue) echo "$LAB_ROGUE6" ;;
	*)
		_lip6=$(lab_dev_index "$1") ||
		    { echo "lab_ip6: unknown host '$1'" >&2; return 1; }
		echo "$LAB_DEV_PFX6$((LAB_DEV_BASE + _lip6))"
		;;
	esac
}

# lab_mac HOST: the fixed MAC of a device-segment host's eth0.
lab_mac() {
	case $1 in
	rogue) _lm=200 ;;
	*)
		_lm=$(lab_dev_index "$1") ||
		    { echo "lab_mac: '$1' is not on the device segment" >&2; return 1; }
		_lm=$((LAB_DEV_BASE + _lm))
		;;
	esac
	printf '02:64:00:00:%02x:%02x\n' $((_lm / 256)) $((_lm % 256))
}

# lab_ndevices: the number of devices of the lab that is up (as recorded
# by `up`), else LAB_DEVICES.
lab_ndevices() {
	if [ -r "$LAB_STATE/devices" ]; then
		cat "$LAB_STATE/devices"
	else
		echo "$LAB_DEVICES"
	fi
}

# lab_hosts: every host of the plan, gw first.
lab_hosts() {
	_lh_n=$(lab_ndevices)
	_lh_i=1
	_lh_list="gw inet srv"
	while [ "$_lh_i" -le "$_lh_n" ]; do
		_lh_list="$_lh_list dev$_lh_i"
		_lh_i=$((_lh_i + 1))
	done
	echo "$_lh_list rogue"
}

# lab_present: the namespaces of this prefix that exist now, plan or not.
lab_present() {
	ip netns list 2>/dev/null | awk '{ print $1 }' |
	    grep -E "^$LAB_PREFIX-(gw|inet|srv|rogue|dev[0-9]+)\$" || true
}

lab_exists() {
	[ -d "$LAB_STATE" ] || [ -n "$(lab_present)" ]
}

# --- waiting ------------------------------------------------------------------

lab_ms() { date +%s%3N; } # milliseconds since the epoch (GNU date)

# lab_wait_tcp HOST ADDR PORT [SECONDS]: from HOST's namespace, wait until
# ADDR:PORT accepts a TCP connection (default 10 s). Fails with a message
# on timeout.
lab_wait_tcp() {
	_lw_h=$1
	_lw_port=$3
	_lw_tmo=${4:-10}
	case $2 in
	*:*) _lw_to="TCP6:[$2]:$_lw_port" ;;
	*) _lw_to="TCP4:$2:$_lw_port" ;;
	esac
	_lw_end=$(($(lab_ms) + _lw_tmo * 1000))
	until lab_exec "$_lw_h" socat -u /dev/null \
	    "$_lw_to,connect-timeout=1" >/dev/null 2>&1; do
		if [ "$(lab_ms)" -ge "$_lw_end" ]; then
			echo "lab: from $_lw_h, $2 port $_lw_port did not answer in ${_lw_tmo}s" >&2
			return 1
		fi
		sleep 0.05
	done
}

# lab_wait_listen HOST PROTO PORT [SECONDS]: wait until a socket of HOST
# listens on PORT (PROTO tcp or udp). Used by `up`: it asks the kernel, so
# it sends nothing to the daemon (an empty connection upsets iperf3).
lab_wait_listen() {
	case $2 in
	tcp) _ll_f=-Hltn ;;
	*) _ll_f=-Hlun ;;
	esac
	_ll_end=$(($(lab_ms) + ${4:-10} * 1000))
	until [ -n "$(lab_exec "$1" ss "$_ll_f" "sport = :$3" 2>/dev/null)" ]; do
		if [ "$(lab_ms)" -ge "$_ll_end" ]; then
			echo "lab: $1: nothing listens on $2 port $3" >&2
			return 1
		fi
		sleep 0.05
	done
}

# --- daemons ------------------------------------------------------------------

# lab_daemon HOST NAME CMD...: start CMD in HOST's namespace, in the
# background and in a session of its own (a closing terminal leaves it
# alone), with its output in $LAB_STATE/log/HOST.NAME.log and its pid in
# $LAB_STATE/pids/HOST.NAME.pid. CMD must stay in the foreground: setsid
# and `ip netns exec` both exec, so $! is the daemon itself.
lab_daemon() {
	_ld_h=$1
	_ld_n=$2
	shift 2
	_ld_ns=$(lab_ns "$_ld_h")
	setsid ip netns exec "$_ld_ns" "$@" </dev/null \
	    >>"$LAB_STATE/log/$_ld_h.$_ld_n.log" 2>&1 &
	echo "$!" >"$LAB_STATE/pids/$_ld_h.$_ld_n.pid"
}

# lab_running PID: the process exists and is no zombie (a daemon whose
# starter has exited waits for init to reap it, which can take a while).
lab_running() {
	kill -0 "$1" 2>/dev/null || return 1
	{ read -r _lr_st <"/proc/$1/stat"; } 2>/dev/null || return 1
	case ${_lr_st##*) } in
	Z* | X*) return 1 ;;
	esac
}

# lab_pid_alive PIDFILE: the process is alive and in the namespace that the
# file's name gives (so a recycled pid is never taken for ours).
lab_pid_alive() {
	{ read -r _lpa_pid <"$1"; } 2>/dev/null || return 1
	_lpa_h=${1##*/}
	_lpa_h=${_lpa_h%%.*}
	[ -n "$_lpa_pid" ] && lab_running "$_lpa_pid" || return 1
	# The same namespace: the same nsfs inode.
	_lpa_a=$(stat -L -c %i "/proc/$_lpa_pid/ns/net" 2>/dev/null) || return 1
	_lpa_b=$(stat -c %i "/run/netns/$LAB_PREFIX-$_lpa_h" 2>/dev/null) ||
	    return 1
	[ "$_lpa_a" = "$_lpa_b" ]
}

# lab_write_files: the daemons' configuration, pages and the telnet login.
lab_write_files() {
	mkdir -p "$LAB_STATE/pids" "$LAB_STATE/log" "$LAB_STATE/etc" \
	    "$LAB_STATE/bin" "$LAB_STATE/www"
	chmod 755 "$LAB_STATE"
	cat >"$LAB_STATE/etc/mosquitto.conf" <<-EOF
		# airlock lab: an open broker, as on a careless device
		listener $LAB_PORT_MQTT
		allow_anonymous true
		persistence false
		log_dest stderr
	EOF
	printf 'BusyBox v1.35.0 built-in shell\r\n' >"$LAB_STATE/etc/issue"
	# The telnet service: busybox telnetd (IAC negotiation, a pty), whose
	# login program is this: a login prompt that takes the device's default
	# credential, then a shell. The shell runs as nobody: it is the host's
	# file system seen from a namespace, not a real device's.
	cat >"$LAB_STATE/bin/telnet-login" <<-EOF
		#!/bin/sh
		n=0
		while [ \$n -lt 3 ]; do
			printf '\r\n(none) login: '
			IFS= read -r user || exit 0
			printf 'Password: '
			stty -echo 2>/dev/null
			IFS= read -r pass || exit 0
			stty echo 2>/dev/null
			user=\$(printf %s "\$user" | tr -cd '[:graph:]')
			pass=\$(printf %s "\$pass" | tr -cd '[:graph:]')
			if [ "\$user" = '$LAB_TELNET_USER' ] &&
			    [ "\$pass" = '$LAB_TELNET_PASS' ]; then
				cd /tmp || exit 1
				exec setpriv --reuid=nobody --regid=nogroup --clear-groups \\
				    busybox sh -i 2>&1
			fi
			printf '\r\nLogin incorrect\r\n'
			n=\$((n + 1))
		done
	EOF
	chmod 755 "$LAB_STATE/bin/telnet-login"
}

# lab_page HOST TEXT: the web root of HOST, whose index answers TEXT.
lab_page() {
	mkdir -p "$LAB_STATE/www/$1"
	printf '%s\n' "$2" >"$LAB_STATE/www/$1/index.html"
	echo "$LAB_STATE/www/$1"
}

# lab_start_device_daemons HOST: the vulnerable-device model on HOST.
lab_start_device_daemons() {
	lab_daemon "$1" telnet busybox telnetd -F -p "$LAB_PORT_TELNET" \
	    -f "$LAB_STATE/etc/issue" -l "$LAB_STATE/bin/telnet-login"
	lab_daemon "$1" http busybox httpd -f -p "$LAB_PORT_HTTP" \
	    -h "$(lab_page "$1" "$1")"
	lab_daemon "$1" mqtt mosquitto -c "$LAB_STATE/etc/mosquitto.conf"
	lab_daemon "$1" mgmt socat \
	    "TCP6-LISTEN:$LAB_PORT_MGMT,ipv6only=0,reuseaddr,fork" \
	    "SYSTEM:echo mgmt"
}

lab_wait_device_daemons() {
	for _lwd_p in "$LAB_PORT_TELNET" "$LAB_PORT_HTTP" "$LAB_PORT_MQTT" \
	    "$LAB_PORT_MGMT"; do
		lab_wait_listen "$1" tcp "$_lwd_p"
	done
}

lab_start_srv_daemons() {
	lab_daemon srv http busybox httpd -f -p "$LAB_PORT_SRV_HTTP" \
	    -h "$(lab_page srv srv)"
	lab_daemon srv iperf3 iperf3 -s -p "$LAB_PORT_IPERF"
	lab_daemon srv udp-echo socat \
	    "UDP6-RECVFROM:$LAB_PORT_SRV_UDP,ipv6only=0,fork" PIPE
}

lab_wait_srv_daemons() {
	lab_wait_listen srv tcp "$LAB_PORT_SRV_HTTP"
	lab_wait_listen srv tcp "$LAB_PORT_IPERF"
	lab_wait_listen srv udp "$LAB_PORT_SRV_UDP"
}

# The public host answers on its own addresses only, not on the attacker's.
lab_start_inet_daemons() {
	_lsi_www=$(lab_page public public)
	lab_daemon inet http4 busybox httpd -f \
	    -p "$LAB_PUBLIC4:$LAB_PORT_PUBLIC" -h "$_lsi_www"
	lab_daemon inet http6 busybox httpd -f \
	    -p "[$LAB_PUBLIC6]:$LAB_PORT_PUBLIC" -h "$_lsi_www"
}

lab_wait_inet_daemons() {
	lab_wait_listen inet tcp "$LAB_PORT_PUBLIC"
}

# --- building -----------------------------------------------------------------

lab_sysctl() { # lab_sysctl HOST KEY=VALUE...
	_lsy_h=$1
	shift
	lab_exec "$_lsy_h" sysctl -q -w "$@" >/dev/null
}

# lab_add_netns HOST: an empty namespace with lo up and IPv6 duplicate
# address detection off (addresses are usable at once; they are also added
# with nodad), and no router advertisements taken.
lab_add_netns() {
	ip netns add "$(lab_ns "$1")"
	lab_sysctl "$1" net.ipv6.conf.all.accept_dad=0 \
	    net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_ra=0 \
	    net.ipv6.conf.default.accept_ra=0
	ip -n "$(lab_ns "$1")" link set lo up
}

# lab_addr HOST IFACE ADDR/LEN [ip-addr options]: add an address (an IPv6
# one without DAD).
lab_addr() {
	_la_ns=$(lab_ns "$1")
	_la_if=$2
	_la_a=$3
	shift 3
	case $_la_a in
	*:*) ip -n "$_la_ns" -6 addr add "$_la_a" dev "$_la_if" nodad "$@" ;;
	*) ip -n "$_la_ns" addr add "$_la_a" dev "$_la_if" "$@" ;;
	esac
}

# lab_route HOST PREFIX GATEWAY
lab_route() {
	case $3 in
	*:*) ip -n "$(lab_ns "$1")" -6 route add "$2" via "$3" ;;
	*) ip -n "$(lab_ns "$1")" route add "$2" via "$3" ;;
	esac
}

# lab_veth GWIF HOST: a veth pair from gw (end GWIF) to HOST (end eth0).
lab_veth() {
	ip -n "$(lab_ns gw)" link add "$1" type veth \
	    peer name eth0 netns "$(lab_ns "$2")"
}

# lab_add_gw: the gateway, forwarding between its three segments (and
# filtering nothing, not even by reverse path: that is airlockd's job),
# with the device bridge.
lab_add_gw() {
	lab_add_netns gw
	lab_sysctl gw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
	    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
	    net.ipv4.conf.all.send_redirects=0 \
	    net.ipv4.conf.default.send_redirects=0
	_lag_ns=$(lab_ns gw)
	ip -n "$_lag_ns" link add br-dev address "$LAB_GW_DEV_MAC" type bridge
	lab_addr gw br-dev "$LAB_GW_DEV4/${LAB_DEV_NET4#*/}"
	lab_addr gw br-dev "$LAB_GW_DEV6/${LAB_DEV_NET6#*/}"
	ip -n "$_lag_ns" link set br-dev up
}

# lab_add_inet: the Internet side, routed to the lab's other prefixes only.
lab_add_inet() {
	lab_add_netns inet
	lab_veth to-inet inet
	lab_addr gw to-inet "$LAB_GW_INET4/${LAB_INET_NET4#*/}"
	lab_addr gw to-inet "$LAB_GW_INET6/${LAB_INET_NET6#*/}"
	ip -n "$(lab_ns gw)" link set to-inet up
	lab_addr inet eth0 "$LAB_ATTACKER4/${LAB_INET_NET4#*/}"
	lab_addr inet eth0 "$LAB_PUBLIC4/${LAB_INET_NET4#*/}"
	lab_addr inet eth0 "$LAB_ATTACKER6/${LAB_INET_NET6#*/}"
	# Deprecated: still answers, but the attacker's is the default source.
	lab_addr inet eth0 "$LAB_PUBLIC6/${LAB_INET_NET6#*/}" preferred_lft 0
	ip -n "$(lab_ns inet)" link set eth0 up
	lab_route inet "$LAB_DEV_ZONE4" "$LAB_GW_INET4"
	lab_route inet "$LAB_SRV_NET4" "$LAB_GW_INET4"
	lab_route inet "$LAB_DEV_ZONE6" "$LAB_GW_INET6"
	lab_route inet "$LAB_SRV_NET6" "$LAB_GW_INET6"
}

# lab_add_srv: the customer's server, routed to the lab's other prefixes.
lab_add_srv() {
	lab_add_netns srv
	lab_veth to-srv srv
	lab_addr gw to-srv "$LAB_GW_SRV4/${LAB_SRV_NET4#*/}"
	lab_addr gw to-srv "$LAB_GW_SRV6/${LAB_SRV_NET6#*/}"
	ip -n "$(lab_ns gw)" link set to-srv up
	lab_addr srv eth0 "$LAB_SRV4/${LAB_SRV_NET4#*/}"
	lab_addr srv eth0 "$LAB_SRV6/${LAB_SRV_NET6#*/}"
	ip -n "$(lab_ns srv)" link set eth0 up
	lab_route srv "$LAB_DEV_ZONE4" "$LAB_GW_SRV4"
	lab_route srv "$LAB_INET_NET4" "$LAB_GW_SRV4"
	lab_route srv "$LAB_DEV_ZONE6" "$LAB_GW_SRV6"
	lab_route srv "$LAB_INET_NET6" "$LAB_GW_SRV6"
}

# lab_add_bridge_host HOST: a host on br-dev (gw's port p-HOST), with its
# plan address, MAC, and a default route to gw (which has none itself).
# Like a SIM on an APN, a host sees only the gateway: its address is a
# /32 and a /128, its port is isolated on the bridge, and it takes no
# redirect. So device-to-device traffic is routed by gw, where airlockd's
# nftables sees it, instead of crossing the bridge unseen.
lab_add_bridge_host() {
	lab_add_netns "$1"
	_lab_ns=$(lab_ns "$1")
	lab_veth "p-$1" "$1"
	# A bridge port is no host: no IPv6 link-local address on it.
	ip -n "$(lab_ns gw)" link set "p-$1" addrgenmode none
	ip -n "$(lab_ns gw)" link set "p-$1" master br-dev up
	bridge -n "$(lab_ns gw)" link set dev "p-$1" isolated on
	lab_sysctl "$1" net.ipv4.conf.all.accept_redirects=0 \
	    net.ipv6.conf.all.accept_redirects=0 \
	    net.ipv6.conf.default.accept_redirects=0
	ip -n "$_lab_ns" link set eth0 address "$(lab_mac "$1")"
	lab_addr "$1" eth0 "$(lab_ip "$1")/32"
	lab_addr "$1" eth0 "$(lab_ip6 "$1")/128"
	ip -n "$_lab_ns" link set eth0 up
	ip -n "$_lab_ns" route add "$LAB_GW_DEV4" dev eth0
	ip -n "$_lab_ns" route add default via "$LAB_GW_DEV4" dev eth0
	ip -n "$_lab_ns" -6 route add "$LAB_GW_DEV6" dev eth0
	ip -n "$_lab_ns" -6 route add default via "$LAB_GW_DEV6" dev eth0
}

# lab_add_device NAME INDEX: device INDEX as namespace NAME (devINDEX is
# the convention that lab_ip and friends know).
lab_add_device() {
	[ "$1" = "dev$2" ] || {
		echo "lab_add_device: name '$1' must be dev$2" >&2
		return 1
	}
	lab_add_bridge_host "$1"
}

lab_add_rogue() { lab_add_bridge_host rogue; }

# lab_check_tools: every program the lab runs is installed.
lab_check_tools() {
	_lct_missing=
	for _lct_t in $LAB_TOOLS; do
		command -v "$_lct_t" >/dev/null 2>&1 ||
		    _lct_missing="$_lct_missing $_lct_t"
	done
	if [ -n "$_lct_missing" ]; then
		echo "lab: missing:$_lct_missing (scripts/deps.sh installs them)" >&2
		return 69
	fi
	busybox httpd --help >/dev/null 2>&1 || {
		echo "lab: this busybox has no httpd applet" >&2
		return 69
	}
}

# lab_up: build the whole lab and return once every daemon listens.
# Expects `set -e` in the caller and no lab of this prefix.
lab_up() {
	_lu_n=$LAB_DEVICES
	case $_lu_n in
	'' | *[!0-9]*) _lu_n=0 ;;
	esac
	if [ "$_lu_n" -lt 1 ] || [ "$_lu_n" -gt "$LAB_DEV_MAX" ]; then
		echo "lab: LAB_DEVICES must be 1..$LAB_DEV_MAX" >&2
		return 64
	fi
	lab_check_tools
	mkdir -p "$LAB_STATE"
	echo "$_lu_n" >"$LAB_STATE/devices"
	lab_write_files
	lab_add_gw
	lab_add_inet
	lab_add_srv
	_lu_i=1
	while [ "$_lu_i" -le "$_lu_n" ]; do
		lab_add_device "dev$_lu_i" "$_lu_i"
		_lu_i=$((_lu_i + 1))
	done
	lab_add_rogue
	lab_start_inet_daemons
	lab_start_srv_daemons
	_lu_i=1
	while [ "$_lu_i" -le "$_lu_n" ]; do
		lab_start_device_daemons "dev$_lu_i"
		_lu_i=$((_lu_i + 1))
	done
	lab_wait_inet_daemons
	lab_wait_srv_daemons
	_lu_i=1
	while [ "$_lu_i" -le "$_lu_n" ]; do
		lab_wait_device_daemons "dev$_lu_i"
		_lu_i=$((_lu_i + 1))
	done
	lab_check
}

# lab_check: every namespace of the plan exists and every daemon is alive.
# Prints what is wrong; fails if anything is.
lab_check() {
	_lc_bad=0
	for _lc_h in $(lab_hosts); do
		[ -e "/run/netns/$(lab_ns "$_lc_h")" ] || {
			echo "lab: namespace $(lab_ns "$_lc_h") is missing" >&2
			_lc_bad=1
		}
	done
	for _lc_f in "$LAB_STATE"/pids/*.pid; do
		[ -e "$_lc_f" ] || {
			echo "lab: no daemon was started ($LAB_STATE/pids is empty)" >&2
			_lc_bad=1
			break
		}
		lab_pid_alive "$_lc_f" || {
			echo "lab: daemon $(basename "$_lc_f" .pid) is not running" \
			    "(log: $LAB_STATE/log/$(basename "$_lc_f" .pid).log)" >&2
			_lc_bad=1
		}
	done
	return "$_lc_bad"
}

# lab_down: stop every process of the lab and delete its namespaces. Never
# fails on a lab that is partly built, partly gone, or not there at all.
lab_down() {
	_ldn_pids=
	for _ldn_f in "$LAB_STATE"/pids/*.pid; do
		if lab_pid_alive "$_ldn_f"; then
			_ldn_pids="$_ldn_pids $(cat "$_ldn_f")"
		fi
	done
	_ldn_nss=$(lab_present)
	# Also what runs in the namespaces without a pid file: the daemons'
	# children (a telnet session, an httpd fork) and a test's own tools.
	for _ldn_ns in $_ldn_nss; do
		for _ldn_p in $(ip netns pids "$_ldn_ns" 2>/dev/null); do
			[ "$_ldn_p" = "$$" ] || _ldn_pids="$_ldn_pids $_ldn_p"
		done
	done
	# shellcheck disable=SC2046,SC2086 # a list of pids
	lab_kill_all $(printf '%s\n' $_ldn_pids | sort -un)
	for _ldn_ns in $_ldn_nss; do
		ip netns del "$_ldn_ns" 2>/dev/null ||
		    echo "lab: could not delete namespace $_ldn_ns" >&2
	done
	if [ -d "$LAB_STATE" ]; then
		rm -rf "${LAB_STATE:?}/pids" "${LAB_STATE:?}/log" \
		    "${LAB_STATE:?}/etc" "${LAB_STATE:?}/bin" "${LAB_STATE:?}/www"
		rm -f "$LAB_STATE/devices"
		rmdir "$LAB_STATE" 2>/dev/null ||
		    echo "lab: $LAB_STATE has files the lab did not put there; left" >&2
	fi
	return 0
}

# lab_kill_all PID...: SIGTERM, up to 3 s to go, then SIGKILL.
lab_kill_all() {
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null || true
	_lka_t=0
	while [ "$_lka_t" -lt 60 ]; do
		_lka_left=
		for _lka_p in "$@"; do
			if lab_running "$_lka_p"; then
				_lka_left="$_lka_left $_lka_p"
			fi
		done
		[ -n "$_lka_left" ] || return 0
		sleep 0.05
		_lka_t=$((_lka_t + 1))
	done
	# shellcheck disable=SC2086 # a list of pids
	kill -KILL $_lka_left 2>/dev/null || true
}

# lab_status: the namespaces, their addresses and the daemons.
lab_status() {
	if ! lab_exists; then
		echo "lab '$LAB_PREFIX' is down"
		return 0
	fi
	echo "lab '$LAB_PREFIX' ($(lab_ndevices) devices, state in $LAB_STATE)"
	for _ls_h in $(lab_hosts); do
		_ls_ns=$(lab_ns "$_ls_h")
		if [ ! -e "/run/netns/$_ls_ns" ]; then
			printf '%-14s MISSING\n' "$_ls_ns"
			continue
		fi
		ip -n "$_ls_ns" -br addr show | awk -v ns="$_ls_ns" '
			$1 == "lo" { next }
			{
				a = ""
				for (i = 3; i <= NF; i++)
					if ($i !~ /^fe80:/) a = a " " $i
				printf "%-14s %-12s %-5s%s\n", ns, $1, $2, a
				ns = ""
			}'
	done
	echo "daemons:"
	for _ls_f in "$LAB_STATE"/pids/*.pid; do
		[ -e "$_ls_f" ] || continue
		if lab_pid_alive "$_ls_f"; then _ls_st=alive; else _ls_st=DEAD; fi
		printf '  %-16s pid %-8s %s\n' "$(basename "$_ls_f" .pid)" \
		    "$(cat "$_ls_f")" "$_ls_st"
	done
}

# lab_http HOST ADDR PORT: the last line of the body of GET / from HOST,
# empty when nothing answers within a second (a dropped SYN) or three.
lab_http() {
	case $2 in
	*:*) _lh_to="TCP6:[$2]:$3,connect-timeout=1" ;;
	*) _lh_to="TCP4:$2:$3,connect-timeout=1" ;;
	esac
	printf 'GET / HTTP/1.0\r\n\r\n' |
	    lab_exec "$1" timeout 4 socat -T3 - "$_lh_to" 2>/dev/null |
	    tail -n 1 | tr -d '\r'
}
