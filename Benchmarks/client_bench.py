#!/usr/bin/env python3
"""Benchmark the Kubernetes client (KubeClient over libcurl) against one sandbox cluster.

Usage: Benchmarks/client_bench.py [BUILD_DIR] [--runs 3] [--requests 10000]

1. 10,000 GETs and 10,000 server-side applies through `flotilla-bench` at concurrency 64
   (median of the runs: requests/s, p50, p99).
2. The sandbox's own capacity for the same GET, measured with wrk (64 connections), for the
   client/server ratio.
3. `kubectl get configmap` in a loop, as a user would script it (200 calls), for the
   client/kubectl ratio.
Needs wrk (Debian's package), kubectl and PyYAML.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import signal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandbox_bench import start_sandbox, wrk  # noqa: E402


def bench_client(bench, kubeconfig, verb, requests):
    output = subprocess.run(
        [bench, "--kubeconfig", kubeconfig, "--context", "bench", "--verb", verb, "--requests", str(requests),
         "--concurrency", "64"], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=".build/release")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--kubectl-calls", type=int, default=200)
    args = parser.parse_args()
    flotilla = os.path.abspath(os.path.join(args.build, "flotilla"))
    bench = os.path.abspath(os.path.join(args.build, "flotilla-bench"))
    with tempfile.TemporaryDirectory() as folder:
        process, config = start_sandbox(flotilla, folder, ["--names", "certs,bench"])
        kubeconfig = os.path.join(folder, "kubeconfig")
        try:
            client = {}
            for verb in ["get", "apply"]:
                runs = [bench_client(bench, kubeconfig, verb, args.requests) for _ in range(args.runs)]
                client[verb] = {key: statistics.median(run[key] for run in runs)
                                for key in ["requestsPerSecond", "p50Milliseconds", "p99Milliseconds"]}
                figures = client[verb]
                print(f"client {verb}: median {figures['requestsPerSecond']:,.0f} requests/s, "
                      f"p50 {figures['p50Milliseconds']:.1f} ms, p99 {figures['p99Milliseconds']:.1f} ms "
                      f"({args.requests:,} requests at concurrency 64, {args.runs} runs)")
            token = next(u["user"]["token"] for u in config["users"] if u["name"] == "bench-admin")
            server = next(c["cluster"]["server"] for c in config["clusters"] if c["name"] == "bench")
            rates = [wrk(server + "/api/v1/namespaces/default/configmaps/bench-0", 10, token)[0]
                     for _ in range(args.runs)]
            capacity = statistics.median(rates)
            print(f"sandbox GET capacity (wrk, 64 connections): {capacity:,.0f} requests/s; "
                  f"client reaches {client['get']['requestsPerSecond'] / capacity:.0%} of it")
            cache = os.path.join(folder, "kube-cache")
            command = ["kubectl", "--kubeconfig", kubeconfig, "--context", "bench", "--cache-dir", cache,
                       "get", "configmap", "bench-0", "-o", "name"]
            subprocess.run(command, capture_output=True, check=True)  # warm the discovery cache
            started = time.monotonic()
            for _ in range(args.kubectl_calls):
                subprocess.run(command, capture_output=True, check=True)
            kubectl_rate = args.kubectl_calls / (time.monotonic() - started)
            print(f"kubectl get in a loop: {kubectl_rate:,.1f} requests/s "
                  f"({args.kubectl_calls} calls); client is {client['get']['requestsPerSecond'] / kubectl_rate:,.0f}x faster")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait()


if __name__ == "__main__":
    main()
