#!/usr/bin/env python3
"""Benchmark reconciling one Application of 200 objects on a sandbox cluster.

Usage: Benchmarks/reconcile_bench.py [FLOTILLA_BINARY] [--runs 3]

For a Git repository holding 100 ConfigMaps, 50 Deployments and 50 Services, times
`flotilla sync` (first and no-op), `flotilla diff`, and the write requests each sends
(counted by the sandbox); then `kubectl apply --server-side -f` (first and again) and
`kubectl diff --server-side -f` of the same folder on a fresh cluster. Medians of the runs.
Needs kubectl, git and PyYAML.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandbox_bench import connection_factory, start_sandbox  # noqa: E402


def write_repository(folder):
    apps = os.path.join(folder, "repo", "apps", "big")
    os.makedirs(apps)
    for index in range(100):
        with open(os.path.join(apps, f"cm-{index:03}.yaml"), "w") as handle:
            handle.write(f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm-{index:03}}}\ndata: {{n: '{index}'}}\n")
    for index in range(50):
        with open(os.path.join(apps, f"web-{index:02}.yaml"), "w") as handle:
            handle.write(f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: web-{index:02}}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: web-{index:02}}}}}
  template:
    metadata: {{labels: {{app: web-{index:02}}}}}
    spec:
      containers: [{{name: web, image: 'nginx:1.27'}}]
---
apiVersion: v1
kind: Service
metadata: {{name: web-{index:02}}}
spec:
  selector: {{app: web-{index:02}}}
  ports: [{{port: 80}}]
""")
    repo = os.path.join(folder, "repo")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.email=b@flotilla.dev", "-c", "user.name=bench", "commit", "-qm", "big"],
                   cwd=repo, check=True)
    with open(os.path.join(folder, "fleet.yaml"), "w") as handle:
        handle.write("""apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: big}
spec:
  project: default
  source: {repoURL: repo, targetRevision: main, path: apps/big}
  destination: {name: bench, namespace: shop}
  syncPolicy: {syncOptions: [CreateNamespace=true]}
""")
    return apps


def write_requests(config, folder):
    make, headers, _ = connection_factory(config, "bench", folder)
    connection = make()
    connection.request("GET", "/sandbox/statistics", headers=headers)
    return json.loads(connection.getresponse().read())["writeRequests"]


def timed(command, env, cwd, ok=(0,)):
    started = time.monotonic()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode not in ok:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr}{result.stdout}")
    return time.monotonic() - started


def one_run(binary):
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        apps = write_repository(folder)
        process, config = start_sandbox(binary, folder, ["--names", "bench,kubectl"])
        kubeconfig = os.path.join(folder, "kubeconfig")
        env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), FLOTILLA_KEY="")
        try:
            subprocess.run([binary, "cluster", "add", "--kubeconfig", kubeconfig, "bench"], env=env, check=True,
                           capture_output=True)
            sync = [binary, "sync", "fleet.yaml", "--app", "big"]
            writes = write_requests(config, folder)
            figures["sync"] = timed(sync, env, folder)
            figures["sync writes"] = write_requests(config, folder) - writes
            writes = write_requests(config, folder)
            figures["no-op sync"] = timed(sync, env, folder)
            figures["no-op writes"] = write_requests(config, folder) - writes
            figures["diff"] = timed([binary, "diff", "fleet.yaml", "--app", "big"], env, folder)
            kubectl = ["kubectl", "--kubeconfig", kubeconfig, "--context", "kubectl", "--cache-dir",
                       os.path.join(folder, "kube-cache")]
            namespace = os.path.join(folder, "namespace.yaml")
            with open(namespace, "w") as handle:
                handle.write("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
            subprocess.run(kubectl + ["apply", "--server-side", "-f", namespace], check=True, capture_output=True)
            apply = kubectl + ["apply", "--server-side", "-n", "shop", "-f", apps]
            figures["kubectl apply"] = timed(apply, env, folder)
            figures["kubectl re-apply"] = timed(apply, env, folder)
            figures["kubectl diff"] = timed(kubectl + ["diff", "--server-side", "-n", "shop", "-f", apps], env, folder)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait()
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(os.path.abspath(args.binary)) for _ in range(args.runs)]
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(f"one Application of 200 objects ({args.runs} runs, medians):")
    print(f"  flotilla sync (first):   {median['sync']:.2f} s, {median['sync writes']:.0f} write requests "
          f"(incl. waiting for health)")
    print(f"  flotilla sync (no-op):   {median['no-op sync']:.2f} s, {median['no-op writes']:.0f} write requests")
    print(f"  flotilla diff:           {median['diff']:.2f} s")
    print(f"  kubectl apply --server-side (first / again): {median['kubectl apply']:.2f} s / "
          f"{median['kubectl re-apply']:.2f} s")
    print(f"  kubectl diff --server-side: {median['kubectl diff']:.2f} s")
    print(f"  ratios: no-op sync / kubectl re-apply {median['no-op sync'] / median['kubectl re-apply']:.2f}, "
          f"diff / kubectl diff {median['diff'] / median['kubectl diff']:.2f}")


if __name__ == "__main__":
    main()
