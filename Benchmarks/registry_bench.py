#!/usr/bin/env python3
"""Benchmark the cluster registry.

Usage: Benchmarks/registry_bench.py [FLOTILLA_BINARY] [--runs 5]

1. `flotilla cluster add --all-contexts` of one kubeconfig with 1,000 contexts, into a fresh
   registry each run.
2. `flotilla cluster list -l 'env in (prod,staging)'` over 10,000 registered clusters.
Prints the median wall time of each (and min/max).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ENVIRONMENTS = ["prod", "staging", "dev", "test", "qa"]


def kubeconfig(path, count, prefix):
    with open(path, "w") as out:
        out.write("apiVersion: v1\nkind: Config\nclusters:\n")
        for index in range(count):
            out.write(f"- name: {prefix}{index}\n  cluster: {{server: 'https://{prefix}{index}.example.com:6443'}}\n")
        out.write("users:\n")
        for index in range(count):
            out.write(f"- name: {prefix}{index}\n  user: {{token: bench-token-{prefix}{index}}}\n")
        out.write("contexts:\n")
        for index in range(count):
            out.write(f"- name: {prefix}{index}\n  context: {{cluster: {prefix}{index}, user: {prefix}{index}}}\n")
        out.write(f"current-context: {prefix}0\n")


def timed(command, env):
    start = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.decode()}")
    return elapsed


def report(label, times):
    print(f"{label}: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {len(times)} runs)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory() as folder:
        base = dict(os.environ, KUBECONFIG="", FLOTILLA_KEY="")
        config = os.path.join(folder, "thousand.yaml")
        kubeconfig(config, 1000, "ctx-")
        times = []
        for run in range(args.runs):
            env = dict(base, FLOTILLA_HOME=os.path.join(folder, f"add-{run}"))
            times.append(timed([binary, "cluster", "add", "--kubeconfig", config, "--all-contexts"], env))
        report("cluster add --all-contexts, 1,000 contexts", times)

        env = dict(base, FLOTILLA_HOME=os.path.join(folder, "ten-thousand"))
        for batch in range(10):
            path = os.path.join(folder, f"batch-{batch}.yaml")
            kubeconfig(path, 1000, f"b{batch}-")
            environment = ENVIRONMENTS[batch % len(ENVIRONMENTS)]
            timed([binary, "cluster", "add", "--kubeconfig", path, "--all-contexts", "-l", f"env={environment}",
                   "-l", f"batch=b{batch}"], env)
        command = [binary, "cluster", "list", "-l", "env in (prod,staging)"]
        selected = subprocess.run(command, env=env, capture_output=True, text=True).stdout.count("\n") - 1
        times = [timed(command, env) for _ in range(args.runs)]
        report(f"cluster list -l 'env in (prod,staging)' over 10,000 clusters ({selected} listed)", times)


if __name__ == "__main__":
    main()
