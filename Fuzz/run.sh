#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer, seeds them from the test
# fixtures and runs each for SECONDS (default 600). A crash, hang or sanitizer report stops
# the run with its reproducer under Fuzz/crashes/<target>/; the summary line of each target
# (runs, coverage, corpus) is printed as it finishes.
# Usage: Fuzz/run.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzFleet FuzzTemplate FuzzSelector FuzzKubeConfig FuzzJSON FuzzSandboxRequest)
scratch="${FUZZ_BUILD:-.build-fuzz}"
swift build --package-path Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Fuzz/seed.py "$work/corpus" >/dev/null
for target in "${targets[@]}"; do
  mkdir -p "Fuzz/crashes/$target"
  log="$work/$target.log"
  # Leaks at exit are Foundation's caches, not findings; Swift's own crash handler would
  # trip AddressSanitizer while reporting a real crash.
  if ! ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$scratch/debug/$target" "$work/corpus/$target" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
      -artifact_prefix="Fuzz/crashes/$target/" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "$target: FAILED (reproducer in Fuzz/crashes/$target/)" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  line=$(grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -n 1)
  echo "$target: $runs runs in ${seconds}s; ${line#*DONE }"
done
