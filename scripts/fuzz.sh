#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (with -sanitize=fuzzer,address) and runs each for a
# fixed time, starting from its seed corpus in fuzz/corpus/<target>/. Fails when a target
# crashes, trips an assertion or a sanitizer, or hangs; the input that did it is saved as
# .build-fuzz/findings/<target>/crash-… (or timeout-…, oom-…), with the fuzzer's log beside it.
#
#   scripts/fuzz.sh [SECONDS]     SECONDS per target, default 20
#
# New inputs that the fuzzer finds interesting go to .build-fuzz/corpus/<target>/ (not to the
# committed seeds); see docs/fuzzing.md for adding some to fuzz/corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
scratch=.build-fuzz
mkdir -p "$scratch"
# lld: gold fails with an internal error on the sanitizer runtime's duplicate `main`.
swift build --package-path fuzz -c debug --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld \
  > "$scratch/build.log" 2>&1 || { tail -n 40 "$scratch/build.log"; echo "fuzz: build failed (log: $scratch/build.log)" >&2; exit 1; }

status=0
for pair in snapshot-decoder:FuzzSnapshotDecoder policy-loader:FuzzPolicyLoader cel:FuzzCEL; do
  name=${pair%%:*}
  target=${pair#*:}
  findings="$scratch/findings/$name"
  corpus="$scratch/corpus/$name"
  mkdir -p "$findings" "$corpus"
  # Leak checks are off: the libraries' global tables live until exit, which LeakSanitizer
  # reports as leaks. -timeout is per input; -rss_limit_mb bounds memory.
  if ASAN_OPTIONS=detect_leaks=0 "$scratch/debug/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -detect_leaks=0 \
      -max_len=16384 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "fuzz/corpus/$name" \
      > "$findings/fuzz.log" 2>&1; then
    echo "fuzz: $name: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$findings/fuzz.log" | grep -o '[0-9]*$') inputs in ${seconds}s, no crash"
  else
    status=1
    grep -E '^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*Fatal error)|artifact_prefix|Test unit written' "$findings/fuzz.log" | head -n 20 >&2 || true
    echo "fuzz: $name FAILED (log: $findings/fuzz.log)" >&2
  fi
done
exit "$status"
