#!/usr/bin/env python3
"""App of apps at scale: root Applications whose folders hold many child Applications.

Usage: Benchmarks/appofapps_bench.py [FLOTILLA_BINARY] [--clusters 10] [--children 100] [--runs 3]

Each sandbox cluster gets a root Application (`fleet.yaml`, a plain folder source) whose
folder holds `--children` child Application documents, each deploying one ConfigMap to a
namespace of its own on that cluster: `clusters × children` child targets. Times a first
`flotilla sync` (every child new: applied documents recorded, every object created), a
no-op `sync` (the parents' applied documents read back and compared with the render), and a
`diff` after one child document changed in every root (the change waits for the parent's
sync: children run from the applied documents). Prints each run's wall times and medians.
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

ROOT = """apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {{name: root-{cluster}}}
spec:
  project: default
  source: {{repoURL: apps, path: roots/{cluster}}}
  destination: {{name: {cluster}, namespace: argocd}}
"""

CHILD = """apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {{name: {name}, namespace: argocd}}
spec:
  project: default
  source: {{repoURL: apps, path: leaf{variant}}}
  destination: {{name: {cluster}, namespace: {name}}}
  syncPolicy: {{syncOptions: [CreateNamespace=true]}}
"""

LEAF = "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings}}\ndata: {{variant: '{variant}'}}\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def timed(command, env, cwd, accept=(0,)):
    started = time.monotonic()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode not in accept:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}{result.stdout[-2000:]}")
    return elapsed, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--clusters", type=int, default=10)
    parser.add_argument("--children", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    first, noop, diff = [], [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), FLOTILLA_KEY="")
            process, config = start_sandbox(binary, folder, ["--clusters", str(args.clusters)])
            try:
                kubeconfig = os.path.join(folder, "kubeconfig")
                contexts = [c["name"] for c in config["contexts"] if not c["name"].endswith("-viewer")]
                subprocess.run([binary, "cluster", "add", "--kubeconfig", kubeconfig] + contexts,
                               env=env, check=True, capture_output=True)
                for variant in ("", "2"):
                    write(os.path.join(folder, "fleets", f"leaf{variant}", "cm.yaml"), LEAF.format(variant=variant))
                roots = []
                for cluster in contexts:
                    roots.append(ROOT.format(cluster=cluster))
                    for index in range(args.children):
                        name = f"{cluster}-app-{index}"
                        write(os.path.join(folder, "fleets", "roots", cluster, f"{name}.yaml"),
                              CHILD.format(name=name, cluster=cluster, variant=""))
                write(os.path.join(folder, "fleet.yaml"), "---\n".join(roots))
                os.rename(os.path.join(folder, "fleets"), os.path.join(folder, "apps"))
                elapsed, _ = timed([binary, "sync", "fleet.yaml"], env, folder)
                first.append(elapsed)
                elapsed, _ = timed([binary, "sync", "fleet.yaml"], env, folder)
                noop.append(elapsed)
                for cluster in contexts:
                    name = f"{cluster}-app-0"
                    write(os.path.join(folder, "apps", "roots", cluster, f"{name}.yaml"),
                          CHILD.format(name=name, cluster=cluster, variant="2"))
                elapsed, result = timed([binary, "diff", "fleet.yaml"], env, folder, accept=(1,))
                if "child Applications differ from Git" not in result.stdout:
                    sys.exit("diff did not report the changed child documents:\n" + result.stdout[-2000:])
                diff.append(elapsed)
            finally:
                process.terminate()
                process.wait()
        targets = args.clusters * (args.children + 1)
        print(f"run {run + 1} ({targets} targets): first sync {first[-1]:.2f} s, no-op sync {noop[-1]:.2f} s, "
              f"diff with a changed child per root {diff[-1]:.2f} s", flush=True)
    print(f"median: first sync {statistics.median(first):.2f} s, no-op sync {statistics.median(noop):.2f} s, "
          f"diff {statistics.median(diff):.2f} s")


if __name__ == "__main__":
    main()
