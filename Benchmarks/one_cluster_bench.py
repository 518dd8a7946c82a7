#!/usr/bin/env python3
"""Many Applications on ONE cluster: 200 Applications x 4 objects on one sandbox cluster that
answers every request 20 ms late (as a real API server does).

Usage: Benchmarks/one_cluster_bench.py [FLOTILLA_BINARY] [--apps 200] [--latency 20] [--runs 3]

Each run starts a fresh sandbox cluster and registry, sets the latency (PUT /sandbox/faults
{"latencyMilliseconds": N}), and times a fresh `flotilla sync` and a no-op re-sync; then, on
another fresh cluster with the same latency, what a user would script instead: `kubectl apply
--server-side` of every Application's folder, 16 at a time. Medians over the runs are printed.
Needs kubectl and PyYAML.
"""
import argparse
import concurrent.futures
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_bench import APP, timed_rss, write_fleet  # noqa: E402
from sandbox_bench import connection_factory, start_sandbox  # noqa: E402


def set_latency(config, folder, context, milliseconds):
    make, headers, _ = connection_factory(config, context, folder)
    connection = make()
    connection.request("PUT", "/sandbox/faults", body=json.dumps({"latencyMilliseconds": milliseconds}),
                       headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"PUT /sandbox/faults answered {response.status}")


def cluster(binary, folder, latency):
    """A fresh sandbox cluster with `latency` ms per request: the process, kubeconfig and context."""
    kubeconfig = os.path.join(folder, "kubeconfig")
    if os.path.exists(kubeconfig):
        os.remove(kubeconfig)
    process, config = start_sandbox(binary, folder, ["--clusters", "1"])
    context = next(c["name"] for c in config["contexts"] if not c["name"].endswith("-viewer"))
    set_latency(config, folder, context, latency)
    return process, kubeconfig, context


def stop(process):
    process.send_signal(signal.SIGINT)
    process.wait()


def flotilla_run(binary, folder, latency, run, extra):
    process, kubeconfig, context = cluster(binary, folder, latency)
    env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, f"home-{run}"), FLOTILLA_KEY="")
    try:
        subprocess.run([binary, "cluster", "add", "--kubeconfig", kubeconfig, context], env=env, check=True,
                       capture_output=True)
        sync = [binary, "sync", "fleet.yaml"] + extra
        fresh, _, result = timed_rss(sync, env, folder)
        if result.returncode != 0:
            sys.exit(result.stderr + result.stdout[-2000:])
        print("  fresh: " + result.stdout.strip().splitlines()[-1] + f" ({fresh:.1f} s)")
        noop, _, result = timed_rss(sync, env, folder)
        print("  no-op: " + result.stdout.strip().splitlines()[-1] + f" ({noop:.2f} s)")
        return fresh, noop
    finally:
        stop(process)


def kubectl_run(binary, folder, latency, apps):
    process, kubeconfig, context = cluster(binary, folder, latency)
    cache = os.path.join(folder, "kube-cache")

    def apply(app):
        subprocess.run(["kubectl", "--kubeconfig", kubeconfig, "--context", context, "--cache-dir", cache,
                        "apply", "--server-side", "-n", app, "-f", os.path.join(folder, "kubectl", app)],
                       check=True, capture_output=True)
    try:
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            list(pool.map(apply, apps))
        return time.monotonic() - started
    finally:
        stop(process)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--apps", type=int, default=200)
    parser.add_argument("--latency", type=int, default=20, help="milliseconds added to every request")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-kubectl", action="store_true", help="time flotilla only")
    parser.add_argument("--sync-args", default="", help="more arguments of flotilla sync, e.g. '--qps 0'")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory() as folder:
        apps = write_fleet(folder, args.apps)
        for app in apps:  # one folder per Application for kubectl: its namespace first, then the app
            os.makedirs(os.path.join(folder, "kubectl", app))
            with open(os.path.join(folder, "kubectl", app, "00-namespace.yaml"), "w") as handle:
                handle.write(f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {app}}}\n")
            with open(os.path.join(folder, "kubectl", app, "app.yaml"), "w") as handle:
                handle.write(APP.format(app=app))
        fresh, noop, kubectl = [], [], []
        for run in range(args.runs):
            print(f"run {run + 1} of {args.runs}:")
            times = flotilla_run(binary, folder, args.latency, run, args.sync_args.split())
            fresh.append(times[0])
            noop.append(times[1])
            if not args.skip_kubectl:
                kubectl.append(kubectl_run(binary, folder, args.latency, apps))
                print(f"  kubectl apply --server-side, 16 at a time: {kubectl[-1]:.1f} s")
    median = statistics.median
    print(f"{args.apps} Applications x 4 objects on one cluster, {args.latency} ms per request, "
          f"medians of {args.runs}:")
    print(f"  flotilla sync, fresh: {median(fresh):.1f} s (runs: {', '.join(f'{t:.1f}' for t in fresh)})")
    print(f"  flotilla sync, no-op: {median(noop):.2f} s (runs: {', '.join(f'{t:.2f}' for t in noop)})")
    if kubectl:
        print(f"  kubectl apply --server-side, 16 at a time: {median(kubectl):.1f} s "
              f"(runs: {', '.join(f'{t:.1f}' for t in kubectl)}); flotilla's fresh sync is "
              f"{median(kubectl) / median(fresh):.2f}x as fast")


if __name__ == "__main__":
    main()
