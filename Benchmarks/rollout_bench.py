#!/usr/bin/env python3
"""The cost of gating: a progressive rollout of 100 sandbox clusters in 4 steps against a plain sync.

Usage: Benchmarks/rollout_bench.py [FLOTILLA_BINARY] [--clusters 100] [--steps 4] [--runs 3]

Clusters are registered in `--steps` waves (label `wave=w0`, `w1`, ...). Each run writes two
ApplicationSets of one Application per cluster (a Deployment, a Service and two ConfigMaps, in
a namespace of their own, so that every sync is fresh): one without a strategy, synced with a
plain `flotilla sync`, and one with a RollingSync strategy of one step per wave (no bake time),
rolled out by `flotilla sync`. Prints each run's wall times and their medians.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandbox_bench import start_sandbox  # noqa: E402

APP = """apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {app: web}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: features}
data: {flags: 'a,b,c'}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: main, image: 'nginx:1.27'}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""

FLEET = """apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {{name: {name}}}
spec:
  generators:
  - clusters: {{}}
  template:
    metadata:
      name: '{name}-<<name>>'
      labels: {{wave: '<<metadata.labels.wave>>'}}
    spec:
      project: default
      source: {{repoURL: apps, path: web}}
      destination: {{name: '<<name>>', namespace: '{name}'}}
      syncPolicy: {{syncOptions: [CreateNamespace=true]}}
"""

STRATEGY = """  strategy:
    type: RollingSync
    rollingSync:
      steps:
{steps}
"""


def write_fleet(folder, name, waves):
    text = FLEET.format(name=name)
    if waves:
        steps = "\n".join(f"      - matchExpressions: [{{key: wave, operator: In, values: [w{wave}]}}]"
                          for wave in range(waves))
        text += STRATEGY.format(steps=steps)
    path = os.path.join(folder, f"{name}.yaml")
    with open(path, "w") as handle:
        handle.write(text)
    return path


def timed(command, env, cwd):
    started = time.monotonic()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}{result.stdout[-2000:]}")
    return elapsed, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory() as folder:
        os.makedirs(os.path.join(folder, "apps", "web"))
        with open(os.path.join(folder, "apps", "web", "app.yaml"), "w") as handle:
            handle.write(APP)
        env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), FLOTILLA_KEY="")
        process, config = start_sandbox(binary, folder, ["--clusters", str(args.clusters)])
        kubeconfig = os.path.join(folder, "kubeconfig")
        contexts = [c["name"] for c in config["contexts"] if not c["name"].endswith("-viewer")]
        plain, rolled = [], []
        try:
            for wave in range(args.steps):
                members = contexts[wave::args.steps]
                subprocess.run([binary, "cluster", "add", "--kubeconfig", kubeconfig, "-l", f"wave=w{wave}"] + members,
                               env=env, check=True, capture_output=True)
            for run in range(args.runs):
                fleet = write_fleet(folder, f"plain{run}", 0)
                elapsed, _ = timed([binary, "sync", fleet], env, folder)
                plain.append(elapsed)
                fleet = write_fleet(folder, f"rolled{run}", args.steps)
                elapsed, result = timed([binary, "sync", fleet], env, folder)
                rolled.append(elapsed)
                if "completed" not in result.stderr:
                    sys.exit(f"the rollout did not complete:\n{result.stderr}")
                print(f"run {run + 1}: plain sync {plain[-1]:.1f} s, rollout in {args.steps} steps {rolled[-1]:.1f} s")
        finally:
            process.send_signal(2)
            process.wait()
    plain_median, rolled_median = statistics.median(plain), statistics.median(rolled)
    print(f"{args.clusters} clusters, one Application each (4 objects), medians of {args.runs} runs:")
    print(f"  flotilla sync, no strategy:        {plain_median:.1f} s")
    print(f"  flotilla sync, RollingSync {args.steps} steps: {rolled_median:.1f} s "
          f"(gating costs {rolled_median - plain_median:+.1f} s, {rolled_median / plain_median:.2f}x)")


if __name__ == "__main__":
    main()
