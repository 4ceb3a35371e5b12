#!/bin/sh
# Driver of the detection golden tests: a case file names captures (or
# conn.logs) and the device networks; its output is `airlock analyze`'s
# report on them, which compare.sh checks against the case's .out file.
#   AIRLOCK=path/to/airlock AIRLOCK_CAPTURES=dir detect_golden.sh CASE
# A case file's lines:
#   devices CIDR[,CIDR]      the device networks
#   file PATH                one input, under $AIRLOCK_CAPTURES (or, when
#                            it starts with tests/, under the source tree)
#   set NAME=VALUE           a detector setting
#   all                      list every device seen (--all)
#   expect HOST TYPE         a labelled attack (LABELS.md): the report
#                            must show it; bench/detect-eval scores them
# Paths in the report are shortened to what the case said.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
case_file=$1
devices=""
set --
while read -r key value; do
	case $key in
	devices) devices=$value ;;
	file)
		case $value in
		tests/*) set -- "$@" "$here/$value" ;;
		*) set -- "$@" "$AIRLOCK_CAPTURES/$value" ;;
		esac
		;;
	set) set -- "$@" --set "$value" ;;
	expect) ;;
	all) set -- "$@" --all ;;
	'' | '#'*) ;;
	*)
		echo "$case_file: unknown line: $key" >&2
		exit 2
		;;
	esac
done <"$case_file"
rc=0
"$AIRLOCK" analyze --devices "$devices" "$@" 2>&1 |
    sed -e "s|$AIRLOCK_CAPTURES/||g" -e "s|$here/||g" || rc=$?
exit $rc
