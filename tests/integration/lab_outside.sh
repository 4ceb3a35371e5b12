# Sourced first by a lab test, after it sets LAB_TEST_PREFIX (a short
# namespace prefix) and LAB_TEST_DEVICES: outside the lab, build a lab of
# its own, run the calling script again inside its gateway's namespace
# (where airlockd, its API and its nftables table live), take the lab down
# and exit with the script's status. Inside, it does nothing.
if [ -z "${AIRLOCK_LAB_INSIDE:-}" ]; then
	export LAB_PREFIX="$LAB_TEST_PREFIX$$" LAB_DEVICES="$LAB_TEST_DEVICES"
	trap '"$top/scripts/lab.sh" down >/dev/null 2>&1 || true' EXIT
	trap 'exit 143' INT TERM
	"$top/scripts/lab.sh" up >/dev/null
	AIRLOCK_LAB_INSIDE=1 ip netns exec "$LAB_PREFIX-gw" "$0" "$@"
	exit
fi
