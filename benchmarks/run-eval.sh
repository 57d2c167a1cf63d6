#!/usr/bin/env bash
# Benchmark of `policyctl eval` (release build) on generated snapshots.
#
#   benchmarks/run-eval.sh [COUNT] [SEED]      (default: 1000000 snapshots, seed 42)
#
# Prints snapshots/s and peak memory for 2 worker threads and for 1, and checks that both
# runs give byte-identical output. Data goes to benchmarks/data/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
seed=${2:-42}
data=benchmarks/data/snapshots-$count-$seed.ndjson
mkdir -p benchmarks/data

swift build -c release --product policyctl >/dev/null
bin=.build/release/policyctl
if [ ! -f "$data" ]; then
  python3 benchmarks/generate.py --count "$count" --seed "$seed" > "$data"
fi
bytes=$(stat -c %s "$data")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "input: $count snapshots, $((bytes / 1024 / 1024)) MiB"

run() {
  local jobs=$1 out=$2
  /usr/bin/time -f '%e %M' -o /tmp/policyctl-bench-time "$bin" eval --policy policies --jobs "$jobs" "$data" > "$out" 2>/dev/null || true
  read -r seconds kb < /tmp/policyctl-bench-time
  awk -v n="$count" -v s="$seconds" -v kb="$kb" -v j="$jobs" \
    'BEGIN { printf "jobs %d: %.1f s, %.0f snapshots/s, peak memory %.1f MiB\n", j, s, n / s, kb / 1024 }'
}
run 2 benchmarks/data/out-j2.ndjson
run 1 benchmarks/data/out-j1.ndjson
if cmp -s benchmarks/data/out-j1.ndjson benchmarks/data/out-j2.ndjson; then
  echo "output: identical on 1 and 2 workers ($(wc -l < benchmarks/data/out-j2.ndjson) lines)"
else
  echo "output: DIFFERS between 1 and 2 workers" >&2
  exit 1
fi
