#!/usr/bin/env python3
"""Helm at fleet scale: 1,000 targets of one chart (100 sandbox clusters x 10 Applications,
each with its own values file) against the same fleet from plain manifests.

Usage: Benchmarks/helm_bench.py [FLOTILLA_BINARY] [--clusters 100] [--apps 10] [--runs 3]

Each run starts fresh sandbox clusters and a fresh $FLOTILLA_HOME, then times a fresh
`flotilla sync` of the chart fleet (a Git repository holding the chart and its values files)
and, on other fresh clusters, of the same objects as plain YAML in the same repository.
Prints the renders Flotilla ran (its stderr's `helm: N renders for M chart sources (T s rendering)`) and the
medians. Needs Helm: a `helm` on PATH, or `make helm`'s library in .tools/.
"""
import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_bench import APP, FLEET  # noqa: E402
from sandbox_bench import start_sandbox  # noqa: E402

TEMPLATE = """apiVersion: v1
kind: ConfigMap
metadata: {name: {{ .Release.Name }}-settings}
data: {app: {{ .Release.Name | quote }}, team: {{ .Values.team | quote }}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: {{ .Release.Name }}-features}
data: {flags: {{ .Values.flags | quote }}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: {{ .Release.Name }}}
spec:
  replicas: {{ .Values.replicas }}
  selector: {matchLabels: {app: {{ .Release.Name }}}}
  template:
    metadata: {labels: {app: {{ .Release.Name }}}}
    spec:
      containers: [{name: main, image: {{ .Values.image | quote }}}]
---
apiVersion: v1
kind: Service
metadata: {name: {{ .Release.Name }}}
spec:
  selector: {app: {{ .Release.Name }}}
  ports: [{port: 80}]
"""

# The chart's objects as plain YAML: the fleet benchmark's Application with a `team` setting.
PLAIN = APP.replace("data: {{app: {app}}}", "data: {{app: {app}, team: {app}}}")

HELM_SOURCE = ("{repoURL: gitops, targetRevision: main, path: chart, "
               "helm: {releaseName: '<<app>>', valueFiles: ['values/<<app>>.yaml']}}")
PLAIN_SOURCE = "{repoURL: gitops, targetRevision: main, path: 'plain/<<app>>'}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def write_repository(folder, apps):
    """One Git repository: the chart with a values file per Application, and the same objects as plain YAML."""
    repo = os.path.join(folder, "gitops")
    write(os.path.join(repo, "chart", "Chart.yaml"), "apiVersion: v2\nname: bench\nversion: 1.0.0\n")
    write(os.path.join(repo, "chart", "values.yaml"), "replicas: 1\nimage: nginx:1.27\nflags: a,b,c\nteam: none\n")
    write(os.path.join(repo, "chart", "templates", "app.yaml"), TEMPLATE)
    for app in apps:
        write(os.path.join(repo, "chart", "values", f"{app}.yaml"), f"team: {app}\n")
        write(os.path.join(repo, "plain", app, "app.yaml"), PLAIN.format(app=app))
    for command in (["init", "-q", "-b", "main"], ["add", "-A"],
                    ["-c", "user.name=bench", "-c", "user.email=bench@flotilla.dev", "commit", "-qm", "bench"]):
        subprocess.run(["git", "-C", repo] + command, check=True)
    elements = ", ".join(f"{{app: {app}}}" for app in apps)
    write(os.path.join(folder, "helm.yaml"), FLEET.format(elements=elements, source=HELM_SOURCE))
    write(os.path.join(folder, "plain.yaml"), FLEET.format(elements=elements, source=PLAIN_SOURCE))


def fresh_sync(binary, folder, fleet, clusters, run):
    """A fresh sync of `fleet` on new clusters with a new home: (seconds, stderr)."""
    home = os.path.join(folder, f"home-{fleet}-{run}")
    env = dict(os.environ, FLOTILLA_HOME=home, FLOTILLA_KEY="")
    if os.path.exists(os.path.join(folder, "kubeconfig")):
        os.remove(os.path.join(folder, "kubeconfig"))
    process, config = start_sandbox(binary, folder, ["--clusters", str(clusters)])
    try:
        contexts = [c["name"] for c in config["contexts"] if not c["name"].endswith("-viewer")]
        subprocess.run([binary, "cluster", "add", "--kubeconfig", os.path.join(folder, "kubeconfig")] + contexts,
                       env=env, check=True, capture_output=True)
        started = time.monotonic()
        result = subprocess.run([binary, "sync", f"{fleet}.yaml"], env=env, cwd=folder, capture_output=True,
                                text=True)
        elapsed = time.monotonic() - started
        if result.returncode != 0:
            sys.exit(result.stderr[-2000:] + result.stdout[-2000:])
        return elapsed, result.stderr
    finally:
        process.send_signal(signal.SIGINT)
        process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--apps", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    apps = [f"app{index:02}" for index in range(args.apps)]
    with tempfile.TemporaryDirectory() as folder:
        write_repository(folder, apps)
        helm, plain, renders = [], [], []
        for run in range(args.runs):
            elapsed, stderr = fresh_sync(binary, folder, "helm", args.clusters, run)
            helm.append(elapsed)
            line = next((line for line in stderr.splitlines() if line.startswith("helm: ")), "")
            renders.append(line)
            counted = re.match(r"helm: (\d+) renders? for (\d+) chart sources? \(([0-9.]+)s rendering\)", line)
            print(f"run {run + 1}: helm fleet {elapsed:.1f} s ({line})")
            if counted is None:
                sys.exit("flotilla did not report its Helm renders")
            elapsed, _ = fresh_sync(binary, folder, "plain", args.clusters, run)
            plain.append(elapsed)
            print(f"run {run + 1}: plain fleet {elapsed:.1f} s")
    targets = args.clusters * args.apps
    helm_median, plain_median = statistics.median(helm), statistics.median(plain)
    print(f"{targets:,} targets ({args.clusters} clusters x {args.apps} Applications of one chart, "
          f"{args.apps} values files), medians of {args.runs} fresh syncs:")
    print(f"  chart fleet:  {helm_median:.1f} s ({renders[-1]})")
    print(f"  plain fleet:  {plain_median:.1f} s")
    print(f"  chart / plain: {helm_median / plain_median:.2f}x (goal: at most 1.5x, 10 renders)")


if __name__ == "__main__":
    main()
