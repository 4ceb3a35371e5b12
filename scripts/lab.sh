#!/bin/sh
# The airlock network lab: a gateway namespace routing between an Internet
# namespace, a customer-server namespace and a bridge of device namespaces,
# each running real daemons. Nothing is filtered: the gateway's nftables
# comes from airlockd. See docs/lab.md.
#
#   scripts/lab.sh up              build it (if it is up already: check it)
#   scripts/lab.sh down            stop its daemons, delete its namespaces
#   scripts/lab.sh status          namespaces, addresses, daemons
#   scripts/lab.sh check           exit 0 when everything is up and alive
#   scripts/lab.sh exec HOST CMD   run CMD in HOST (gw, inet, srv, dev1...)
#
# Environment: LAB_PREFIX (default lab: namespaces lab-gw, lab-dev1, ...;
# state in /run/airlock-$LAB_PREFIX), LAB_DEVICES (default 3).
set -eu

usage() {
	echo "usage:" >&2
	sed -n 's/^#   /  /p' "$0" >&2
	exit 64
}

[ $# -ge 1 ] || usage
case $1 in
up | down | status | check | exec) ;;
*) usage ;;
esac

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "$0")/lab-lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "lab.sh: must run as root (network namespaces need CAP_SYS_ADMIN" \
	    "and CAP_NET_ADMIN); try: sudo $0 $*" >&2
	exit 77
fi

case $1 in
up)
	if lab_exists; then
		echo "lab '$LAB_PREFIX' is already up; checking it"
		if lab_check; then
			echo "lab '$LAB_PREFIX' is fine"
			exit 0
		fi
		echo "lab.sh: the lab is broken; run '$0 down' first" >&2
		exit 1
	fi
	start=$(date +%s.%N)
	# A lab that fails half-way is taken down again.
	trap 'echo "lab.sh: up failed; tearing down" >&2; lab_down' EXIT
	trap 'exit 130' INT TERM
	lab_up
	trap - EXIT INT TERM
	secs=$(awk -v a="$start" -v b="$(date +%s.%N)" \
	    'BEGIN { printf "%.2f", b - a }')
	echo "lab '$LAB_PREFIX' is up: $(lab_hosts | wc -w) namespaces in" \
	    "${secs}s (see: $0 status)"
	;;
down)
	lab_down
	echo "lab '$LAB_PREFIX' is down"
	;;
status)
	lab_status
	;;
check)
	lab_check
	;;
exec)
	[ $# -ge 3 ] || usage
	ns=$(lab_ns "$2")
	shift 2
	exec ip netns exec "$ns" "$@"
	;;
esac
