#!/bin/sh
# `make bench`: every benchmark, each printing its figures and the command
# that reproduces them.
set -eu
build=${1:-build/release}
cd "$(dirname "$0")/.."
bench/registry.sh "$build"
bench/radius.sh "$build"
bench/policy.sh "$build"
bench/airlock_lab.sh "$build"
bench/detect-eval "$build"
bench/analyze.sh "$build"
bench/detect_lab.sh "$build"
bench/scan.sh "$build"
for i in 1 2 3; do "$build/bench/scan_store" 200000; done
