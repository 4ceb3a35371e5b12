#!/bin/sh
# `airlock analyze` at multi-million-packet scale, against ndpiReader (nDPI)
# and against a bare libpcap read loop, in one invocation, on the same
# traces, one core (every tool pinned to CPU $CPU with taskset):
#   1. four traces in a scratch directory under /tmp, made by
#      bench/tracegen.c (built here with cc, as is bench/pcaploop.c,
#      with airlock's capture.c and decode.c):
#      - mixed: every Ethernet packet of the shared captures
#        (../shared/data/captures: attack/, benign/, benign/iot-sentinel/),
#        copied until there are at least MIXED packets, each copy with its
#        own addresses (private ones onto devices in 10.64.0.0/10, public
#        ones into a block per copy), merged in time order;
#      - small: SMALL 60-byte SYNs (64-byte frames with the FCS), each a
#        TCP flow of its own, from 50,000 devices to 8 servers each;
#      - established: small packets of established flows: EST_FLOWS
#        flows of EST_PACKETS 60-byte packets each (SYN, SYN-ACK, then
#        ACKs each way), 65,536 flows' packets in turn;
#      - flows: the same with FLOWS SYNs, all concurrent (1 us apart);
#   2. on each, ROUNDS rounds of, in turn:
#      - pcaploop TRACE: pcap_open_offline + pcap_next_ex, nothing else,
#        the clock around the loop: the physical limit of reading through
#        libpcap, the issue's;
#      - readloop, pcaploop -a TRACE: the same loop through airlock's own
#        reader (src/monitor/capture.c, which reads classic pcap records
#        itself, faster than libpcap): what airlock pays before its
#        decoder; reported beside the goals, not as one;
#      - airlock analyze TRACE --devices 10.64.0.0/10 --json, every
#        detector on (the defaults): its rate is .stats.packets over
#        .stats.seconds (the reading: the file, decoder, detectors), its
#        whole run (start, tables, report) timed apart; on the flows
#        trace with --set max-flows=1048576, and once more with the
#        defaults;
#      - ndpiReader -i TRACE (nDPI's demo reader, flows and protocols, no
#        per-flow output without -v; -q would hide its figures too): its
#        rate is the packets it read over its own "Packet Processing
#        Time", its whole run timed apart. ndpiReader keeps every flow
#        that has not gone idle, about 3.5 KB each (the SYN traces last
#        5 s and 1 s of trace time: all of them), so 17 GB and 4 to 6
#        minutes a round on the small trace's 5M flows:
#        NDPI_SMALL_ROUNDS rounds there, and none on a trace when the
#        machine's MemAvailable is under 4 KiB per flow (airlock's count);
#   3. the medians, the ratios of the medians (airlock / ndpiReader,
#      pcaploop / airlock), each tool's peak RSS, against the issue's
#      goals: at least 2x ndpiReader, within 1.5x of the read loop, 5 Mpps
#      of small packets (both small traces), 1M concurrent flows in at
#      most 300 MB;
#   4. beside the goals, not one: bench/memfloor (built with airlock),
#      the engine's two table lookups a packet and nothing else, on the
#      established trace's live set, at the default capacities and in
#      tables the caches hold: the share of a packet's time this machine
#      takes for memory alone.
# Wall time and peak RSS come from GNU time (/usr/bin/time -f '%e %M',
# Debian's package `time`): its %M is the process's ru_maxrss in KiB.
# The traces are read from the page cache (each is read once before the
# rounds). Not a test: nothing here asserts on a timing.
#   bench/analyze.sh [BUILD_DIR]   (default build/release)
# Knobs, from the environment: ROUNDS (5), MIXED (3000000 packets at
# least), SMALL (5000000), EST_FLOWS (200000), EST_PACKETS (10), FLOWS
# (1000000), NDPI_SMALL_ROUNDS (1), CPU (1),
# CAPTURES (the shared captures' directory), NDPI (ndpiReader), KEEP=1
# keeps the scratch directory and its traces.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build/release}
case $build in /*) ;; *) build=$top/$build ;; esac
AIRLOCK=$build/airlock
NDPI=${NDPI:-$(command -v ndpiReader || echo /usr/bin/ndpiReader)}
TIME=/usr/bin/time
CAPTURES=${CAPTURES:-$top/../shared/data/captures}
ROUNDS=${ROUNDS:-5}
MIXED=${MIXED:-3000000}
SMALL=${SMALL:-5000000}
FLOWS=${FLOWS:-1000000}
EST_FLOWS=${EST_FLOWS:-200000}
EST_PACKETS=${EST_PACKETS:-10}
NDPI_SMALL_ROUNDS=${NDPI_SMALL_ROUNDS:-1}
CPU=${CPU:-1}
DEVICES=10.64.0.0/10

die() {
	echo "analyze.sh: $*" >&2
	exit 1
}

[ -x "$AIRLOCK" ] || die "no $AIRLOCK: cmake --build ${1:-build/release}" \
    "--target airlock"
[ -x "$NDPI" ] || die "no ndpiReader (apt-get install libndpi-bin)"
[ -x "$TIME" ] || die "no $TIME (apt-get install time): it gives the" \
    "wall time and peak RSS"
for t in cc jq taskset awk; do
	command -v "$t" >/dev/null || die "$t is not installed"
done
[ -d "$CAPTURES/attack" ] || die "no captures in $CAPTURES (CAPTURES=DIR)"
CAPTURES=$(cd "$CAPTURES" && pwd)
[ "$(nproc)" -gt "$CPU" ] || CPU=0

T=$(mktemp -d /tmp/airlock-analyze.XXXXXX)
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then
		echo "scratch directory and traces kept: $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s; }
started=$(now)
# median: of the numbers on stdin, "-" ignored; "-" when there are none.
median() {
	grep -v '^-*$' | sort -g |
	    awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "-") }'
}
# field KEY: the value of KEY= in the line on stdin.
field() {
	awk -v k="$1" '{ for (i = 1; i <= NF; i++) { n = index($i, "=")
	    if (substr($i, 1, n - 1) == k) print substr($i, n + 1) } }'
}
# calc EXPR A B: awk arithmetic on two figures, "-" when either is.
calc() {
	case "$2 $3" in *-*) echo - ;; *)
		awk -v a="$2" -v b="$3" "BEGIN { $1 }" ;;
	esac
}
mpps() { calc 'if (b > 0) printf "%.3f", a / b / 1e6; else print "-"' "$1" "$2"; }
ratio() { calc 'if (b > 0) printf "%.2f", a / b; else print "-"' "$1" "$2"; }
mib() { calc 'printf "%.0f", a / 1024' "$1" 0; }

echo "== building tracegen and pcaploop (cc -O2 ... -lpcap) into $T/bin"
mkdir -p "$T/bin"
cc -O2 -Wall -o "$T/bin/tracegen" "$top/bench/tracegen.c" -lpcap ||
    die "cc tracegen.c failed (libpcap-dev?)"
cc -O2 -Wall -I"$top/src" -o "$T/bin/pcaploop" "$top/bench/pcaploop.c" \
    "$top/src/monitor/capture.c" "$top/src/monitor/decode.c" -lpcap ||
    die "cc pcaploop.c failed (libpcap-dev?)"
TRACEGEN=$T/bin/tracegen
PCAPLOOP=$T/bin/pcaploop
# A copy of airlock, so that a rebuild of BUILD_DIR while this runs (other
# work on the tree) cannot mix two binaries in one invocation.
cp "$AIRLOCK" "$T/bin/airlock"
echo "  airlock: $AIRLOCK, built $(date -r "$AIRLOCK" '+%F %T'), sha256" \
    "$(sha256sum "$AIRLOCK" | cut -c1-12); this script's tree: $(git -C "$top" \
    describe --always --dirty 2>/dev/null || echo unknown)"
AIRLOCK_RUN=$T/bin/airlock

echo "== traces, in $T"
set -- "$CAPTURES"/attack/*.pcap "$CAPTURES"/benign/*.pcap* \
    "$CAPTURES"/benign/iot-sentinel/*/*.pcap
in=$("$TRACEGEN" -c "$@" 2>/dev/null)
COPIES=$(((MIXED + in - 1) / in))
echo "  mixed: $# capture files, $in Ethernet packets, $COPIES copies:"
"$TRACEGEN" -n "$COPIES" -o "$T/mixed.pcap" "$@" 2>&1 | sed 's/^/    /'
echo "    reproduce: tracegen -n $COPIES -o mixed.pcap" \
    "CAPTURES/attack/*.pcap CAPTURES/benign/*.pcap*" \
    "CAPTURES/benign/iot-sentinel/*/*.pcap (CAPTURES=$CAPTURES)"
echo "  small: $SMALL SYNs, one flow each:"
"$TRACEGEN" -f "$SMALL" -o "$T/small.pcap" 2>&1 | sed 's/^/    /'
echo "    reproduce: tracegen -f $SMALL -o small.pcap"
echo "  established: $EST_FLOWS flows of $EST_PACKETS small packets:"
"$TRACEGEN" -f "$EST_FLOWS" -k "$EST_PACKETS" -o "$T/established.pcap" 2>&1 |
    sed 's/^/    /'
echo "    reproduce: tracegen -f $EST_FLOWS -k $EST_PACKETS -o established.pcap"
echo "  flows: $FLOWS SYNs, one flow each, all concurrent:"
"$TRACEGEN" -f "$FLOWS" -o "$T/flows.pcap" 2>&1 | sed 's/^/    /'
echo "    reproduce: tracegen -f $FLOWS -o flows.pcap"
for t in mixed small established flows; do
	echo "  $t.pcap: $(wc -c <"$T/$t.pcap") bytes"
	cat "$T/$t.pcap" >/dev/null # into the page cache
done

# timed OUT CMD...: CMD on CPU $CPU, its stdout in OUT, its stderr in
# OUT.err, "WALL_S PEAK_KIB" in OUT.time, its exit code in OUT.rc.
timed() {
	out=$1
	shift
	rc=0
	taskset -c "$CPU" "$TIME" -f '%e %M' -o "$out.time" "$@" \
	    >"$out" 2>"$out.err" || rc=$?
	echo "$rc" >"$out.rc"
	tail -n 1 "$out.time" >"$out.wk"
}

# figures OUT: "packets= seconds= wall= kib= mpps= wall_mpps=" of a run.
figures() {
	read -r wall kib <"$1.wk"
	echo "packets=$2 seconds=$(calc 'printf "%.3f", a' "$3" 0)" \
	    "wall=$wall kib=$kib" \
	    "mpps=$(mpps "$2" "$3") wall_mpps=$(mpps "$2" "$wall") $4"
}

# run_pcaploop OUT [-a] TRACE: libpcap's loop, or airlock's reader's.
run_pcaploop() {
	o=$1
	shift
	timed "$o" "$PCAPLOOP" "$@"
	[ "$(cat "$o.rc")" = 0 ] || die "pcaploop failed: $(cat "$o.err")"
	l=$(cat "$o")
	figures "$o" "$(echo "$l" | field packets)" \
	    "$(echo "$l" | field seconds)" ""
}

# run_airlock OUT TRACE [ARGS...]: airlock's exit code may be EX_DATAERR
# (a file error, events over its cap) with the report still written.
run_airlock() {
	out=$1
	trace=$2
	shift 2
	timed "$out" "$AIRLOCK_RUN" analyze "$trace" --devices "$DEVICES" \
	    --json "$@"
	jq -e .stats "$out" >/dev/null 2>&1 ||
	    die "airlock analyze gave no report (exit $(cat "$out.rc")):" \
	    "$(head -c 500 "$out.err")"
	[ "$(cat "$out.rc")" = 0 ] || echo "  (airlock exited" \
	    "$(cat "$out.rc"): $(head -n 3 "$out.err" | tr '\n' ' '))" >&2
	s=$(jq -r '.stats | "flows=\(.flows) evicted=\(.flows_evicted)" +
	    " events=\(.events) table_bytes=\(.table_bytes)"' "$out")
	figures "$out" "$(jq .stats.packets "$out")" \
	    "$(jq .stats.seconds "$out")" "$s"
}

# run_ndpi OUT TRACE: its packets are "IP packets: N of M packets total",
# its time "Packet Processing Time: N msec".
run_ndpi() {
	timed "$1" "$NDPI" -i "$2"
	if [ "$(cat "$1.rc")" != 0 ]; then
		echo "  (ndpiReader exited $(cat "$1.rc"):" \
		    "$(tail -n 3 "$1.err" | tr '\n' ' '))" >&2
		echo "packets=- seconds=- wall=- kib=- mpps=- wall_mpps=-"
		return
	fi
	p=$(awk '/IP packets:/ { for (i = 1; i <= NF; i++)
	    if ($i == "of") { print $(i + 1); exit } }' "$1")
	ms=$(awk '/Packet Processing Time:/ { if ($NF == "msec") print $(NF - 1)
	    else if ($NF == "sec") print $(NF - 1) * 1000; exit }' "$1")
	if [ -z "$p" ] || [ -z "$ms" ]; then
		die "ndpiReader's figures not found in $1 (KEEP=1 keeps it)"
	fi
	figures "$1" "$p" "$(calc 'print a / 1000' "$ms" 0)" ""
}

# tools TRACE: the runs of a round on TRACE.
tools() {
	case $1 in
	flows) echo "pcaploop readloop airlock airlock_default ndpi" ;;
	*) echo "pcaploop readloop airlock ndpi" ;;
	esac
}

# ndpi_ok TRACE ROUND: whether ndpiReader runs in this round.
ndpi_ok() {
	if [ "$1" = small ] && [ "$2" -gt "$NDPI_SMALL_ROUNDS" ]; then
		return 1
	fi
	flows=$(field flows <"$T/fig.$1.airlock.1")
	avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	if [ "$avail" -lt $((flows * 4)) ]; then
		echo "  ndpiReader skipped: $flows flows need about" \
		    "$((flows * 4 / 1024)) MiB, MemAvailable is" \
		    "$((avail / 1024)) MiB" >&2
		return 1
	fi
}

# describe TOOL FIGURES: a run in a few words.
describe() {
	f=$2
	case $1 in
	pcaploop | readloop) echo "$1 $(echo "$f" | field mpps) Mpps" \
	    "($(echo "$f" | field seconds) s)" ;;
	airlock*) echo "$1 $(echo "$f" | field mpps) Mpps" \
	    "($(echo "$f" | field seconds) s reading, $(echo "$f" | field wall)" \
	    "s in all, $(mib "$(echo "$f" | field kib)") MiB)" ;;
	ndpi) echo "ndpiReader $(echo "$f" | field mpps) Mpps" \
	    "($(echo "$f" | field seconds) s processing," \
	    "$(echo "$f" | field wall) s in all," \
	    "$(mib "$(echo "$f" | field kib)") MiB)" ;;
	esac
}

# med TRACE TOOL KEY: the median of KEY over the rounds.
med() {
	for r in $(seq "$ROUNDS"); do
		f=$T/fig.$1.$2.$r
		if [ -f "$f" ]; then field "$3" <"$f"; fi
	done | median
}

# bench TRACE WHAT: the rounds on one trace, then its medians.
bench() {
	tr=$1
	echo "== $tr: $2, $ROUNDS rounds on CPU $CPU"
	[ "$tr" != flows ] || echo "  (airlock: --set max-flows=1048576;" \
	    "airlock_default: the defaults)"
	for r in $(seq "$ROUNDS"); do
		line="  round $r:"
		for tool in $(tools "$tr"); do
			o=$T/out.$tr.$tool
			case $tool in
			pcaploop) f=$(run_pcaploop "$o" "$T/$tr.pcap") ;;
			readloop) f=$(run_pcaploop "$o" -a "$T/$tr.pcap") ;;
			airlock)
				if [ "$tr" = flows ]; then
					f=$(run_airlock "$o" "$T/$tr.pcap" \
					    --set max-flows=1048576)
				else
					f=$(run_airlock "$o" "$T/$tr.pcap")
				fi ;;
			airlock_default) f=$(run_airlock "$o" "$T/$tr.pcap") ;;
			ndpi)
				ndpi_ok "$tr" "$r" || continue
				f=$(run_ndpi "$o" "$T/$tr.pcap") ;;
			esac
			echo "$f" >"$T/fig.$tr.$tool.$r"
			line="$line $(describe "$tool" "$f");"
		done
		echo "$line"
	done
	a1=$T/fig.$tr.airlock.1
	echo "  airlock: $(field packets <"$a1") packets," \
	    "$(field flows <"$a1") flows ($(field evicted <"$a1") evicted)," \
	    "$(field events <"$a1") events, tables $(field table_bytes <"$a1")" \
	    "bytes"
	if [ "$tr" = flows ]; then
		d1=$T/fig.$tr.airlock_default.1
		echo "  airlock with the defaults: $(field flows <"$d1") flows" \
		    "($(field evicted <"$d1") evicted), tables" \
		    "$(field table_bytes <"$d1") bytes"
	fi
	printf '  %-22s %10s %10s %10s %10s %10s\n' "median of $ROUNDS" \
	    "Mpps" "seconds" "Mpps run" "run s" "peak MiB"
	for tool in $(tools "$tr"); do
		n=$(for r in $(seq "$ROUNDS"); do
			[ ! -f "$T/fig.$tr.$tool.$r" ] || echo x
		done | wc -l)
		for k in mpps seconds wall_mpps wall kib; do
			med "$tr" "$tool" "$k" >"$T/med.$tr.$tool.$k"
		done
		printf '  %-22s %10s %10s %10s %10s %10s\n' "$tool ($n)" \
		    "$(cat "$T/med.$tr.$tool.mpps")" \
		    "$(cat "$T/med.$tr.$tool.seconds")" \
		    "$(cat "$T/med.$tr.$tool.wall_mpps")" \
		    "$(cat "$T/med.$tr.$tool.wall")" \
		    "$(mib "$(cat "$T/med.$tr.$tool.kib")")"
	done
	report=$(calc 'printf "%.2f", a - b' \
	    "$(cat "$T/med.$tr.airlock.wall")" \
	    "$(cat "$T/med.$tr.airlock.seconds")")
	echo "  airlock outside the reading (start, tables, report): $report s"
	echo "  reproduce:"
	echo "    taskset -c $CPU $TIME -f '%e %M' pcaploop $tr.pcap"
	echo "    taskset -c $CPU $TIME -f '%e %M' pcaploop -a $tr.pcap"
	if [ "$tr" = flows ]; then
		echo "    taskset -c $CPU $TIME -f '%e %M' $AIRLOCK analyze" \
		    "$tr.pcap --devices $DEVICES --json --set max-flows=1048576"
	fi
	echo "    taskset -c $CPU $TIME -f '%e %M' $AIRLOCK analyze $tr.pcap" \
	    "--devices $DEVICES --json"
	echo "    taskset -c $CPU $TIME -f '%e %M' $NDPI -i $tr.pcap"
}

m() { cat "$T/med.$1.$2.$3" 2>/dev/null || echo -; }

bench mixed "the shared captures x $COPIES"
bench small "$SMALL SYNs of 60 bytes, one flow each"
bench established "$EST_FLOWS flows of $EST_PACKETS packets of 60 bytes"
bench flows "$FLOWS concurrent flows, one SYN each"

# goal WHAT VALUE OP LIMIT: a median against its goal.
goal() {
	v=$2
	case $v in -) ok="not measured" ;; *)
		ok=$(awk -v v="$v" -v l="$4" -v op="$3" 'BEGIN {
		    r = (op == ">=") ? v >= l : v <= l
		    print (r ? "met" : "MISSED") }') ;;
	esac
	echo "  $1: $v, goal $3 $4: $ok"
}

echo "== summary: medians of $ROUNDS rounds (ndpiReader:" \
    "$NDPI_SMALL_ROUNDS on small), each tool alone on CPU $CPU; Mpps of the" \
    "reading (airlock: .stats.seconds; ndpiReader: its processing time)"
printf '  %-11s %9s %10s %10s %10s %10s %10s %10s\n' trace packets pcaploop \
    airlock ndpiReader "al/ndpi" "loop/al" "al/ndpi run"
for tr in mixed small established flows; do
	printf '  %-11s %9s %10s %10s %10s %10s %10s %10s\n' "$tr" \
	    "$(field packets <"$T/fig.$tr.airlock.1")" \
	    "$(m "$tr" pcaploop mpps)" "$(m "$tr" airlock mpps)" \
	    "$(m "$tr" ndpi mpps)" \
	    "$(ratio "$(m "$tr" airlock mpps)" "$(m "$tr" ndpi mpps)")" \
	    "$(ratio "$(m "$tr" pcaploop mpps)" "$(m "$tr" airlock mpps)")" \
	    "$(ratio "$(m "$tr" airlock wall_mpps)" "$(m "$tr" ndpi wall_mpps)")"
done
echo "  peak RSS, MiB (airlock / ndpiReader): mixed" \
    "$(mib "$(m mixed airlock kib)") / $(mib "$(m mixed ndpi kib)"), small" \
    "$(mib "$(m small airlock kib)") / $(mib "$(m small ndpi kib)")," \
    "established $(mib "$(m established airlock kib)") /" \
    "$(mib "$(m established ndpi kib)"), flows" \
    "$(mib "$(m flows airlock kib)") / $(mib "$(m flows ndpi kib)")" \
    "(airlock with the defaults: $(mib "$(m flows airlock_default kib)"))"
echo "== goals"
for tr in mixed small established flows; do
	goal "airlock / ndpiReader, $tr" \
	    "$(ratio "$(m "$tr" airlock mpps)" "$(m "$tr" ndpi mpps)")" ">=" 2
done
for tr in mixed small established flows; do
	goal "pcaploop / airlock, $tr" \
	    "$(ratio "$(m "$tr" pcaploop mpps)" "$(m "$tr" airlock mpps)")" \
	    "<=" 1.5
done
# Not a goal: against airlock's own reader, which is not libpcap's loop.
for tr in mixed small established flows; do
	echo "  (readloop / airlock, $tr:" \
	    "$(ratio "$(m "$tr" readloop mpps)" "$(m "$tr" airlock mpps)"):" \
	    "against airlock's own reader, $(m "$tr" readloop mpps) Mpps)"
done
goal "airlock, small packets, each a new flow, Mpps" \
    "$(m small airlock mpps)" ">=" 5
goal "airlock, small packets of established flows, Mpps" \
    "$(m established airlock mpps)" ">=" 5
mb=$(calc 'printf "%.0f", a * 1024 / 1e6' "$(m flows airlock kib)" 0)
goal "airlock's peak RSS, $FLOWS concurrent flows, max-flows=1048576, MB" \
    "$mb" "<=" 300
echo "  (of those flows, $(field evicted <"$T/fig.flows.airlock.1")" \
    "were evicted from the table)"
if [ -x "$build/bench/memfloor" ]; then
	echo "== the engine's table lookups alone (bench/memfloor, not a goal)"
	# at most 2^20 flows: a larger EST_FLOWS is looked up as that many
	mf=$EST_FLOWS
	[ "$mf" -le 1048576 ] || mf=1048576
	taskset -c "$CPU" "$build/bench/memfloor" -f "$mf" -r "$ROUNDS" |
	    sed "s/^/  /" || echo "  memfloor failed"
fi
echo "== $(($(now) - started)) s in all; airlock $AIRLOCK; ndpiReader" \
    "$("$NDPI" -h 2>&1 | sed -n 's/.*nDPI \([0-9.]*\).*/\1/p' | head -n 1);" \
    "the traces by bench/tracegen.c, the loops bench/pcaploop.c"
