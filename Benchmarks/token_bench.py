#!/usr/bin/env python3
"""Benchmark API token lookups (issue 16): what every request to flotilla serve's API costs
before it is served.

Usage: Benchmarks/token_bench.py [BUILD_FOLDER] [--runs 5] [--lookups 10000]

Runs `flotilla-bench tokens` (10,000 lookups over a registry of 100 tokens, in a new folder
each run) alone and from 8 threads at once; prints the median of the runs' median and p99
latency per lookup.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile


def bench(binary, lookups, concurrency):
    with tempfile.TemporaryDirectory() as folder:
        command = [binary, "tokens", "--home", os.path.join(folder, "home"), "--lookups", str(lookups),
                   "--concurrency", str(concurrency)]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=".build/release")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=10_000)
    args = parser.parse_args()
    binary = os.path.abspath(os.path.join(args.build, "flotilla-bench"))
    for concurrency in [1, 8]:
        runs = [bench(binary, args.lookups, concurrency) for _ in range(args.runs)]
        p50 = statistics.median(run["p50Microseconds"] for run in runs)
        p99 = statistics.median(run["p99Microseconds"] for run in runs)
        rate = statistics.median(run["lookups"] / run["seconds"] for run in runs)
        print(f"token lookup, {concurrency} at once: median {p50:.1f} µs, p99 {p99:.1f} µs, "
              f"{rate:,.0f} lookups/s ({args.lookups:,} lookups over 100 tokens, {args.runs} runs)")


if __name__ == "__main__":
    main()
