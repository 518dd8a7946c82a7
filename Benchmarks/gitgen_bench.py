#!/usr/bin/env python3
"""Benchmark `flotilla generate` of a git directories generator over 1,000 folders x 10
clusters (10,000 Applications) from a warm mirror.

Usage: Benchmarks/gitgen_bench.py [BUILD_DIR] [--runs 5] [--folders 1000] [--clusters 10]

A real Git repository with FOLDERS app folders is made; one `flotilla generate` warms the
mirror in a private FLOTILLA_HOME; then RUNS timed runs print the median wall time, both
plain (the mirror fetched: `git remote update` of a local repository) and with --offline.
Target: <= 1 s.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

FLEET = """apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: apps}
spec:
  generators:
    - matrix:
        generators:
          - git:
              repoURL: ./repo
              directories: [{path: 'apps/*'}]
          - clusters: {}
  template:
    metadata: {name: '<<path.basename>>-<<name>>'}
    spec:
      project: default
      source: {repoURL: https://git.example.com/apps.git, targetRevision: HEAD, path: '<<path>>'}
      destination: {server: '<<server>>', namespace: '<<path.basenameNormalized>>'}
"""


def make_repository(folder, folders):
    repo = os.path.join(folder, "repo")
    os.makedirs(repo)
    for index in range(folders):
        app = os.path.join(repo, "apps", f"app-{index:04d}")
        os.makedirs(app)
        with open(os.path.join(app, "deployment.yaml"), "w") as handle:
            handle.write("kind: Deployment\n")
    git = ["git", "-C", repo, "-c", "user.email=bench@flotilla.dev", "-c", "user.name=bench"]
    subprocess.run(git[:3] + ["init", "--quiet", "--initial-branch=main"], check=True)
    subprocess.run(git + ["add", "--all"], check=True)
    subprocess.run(git + ["commit", "--quiet", "-m", "apps"], check=True)


def write_clusters(folder, clusters):
    lines = ["apiVersion: flotilla.dev/v1alpha1", "kind: ClusterList", "items:"]
    lines += [f"- {{name: c{index:02d}, server: 'https://c{index:02d}.example.com'}}" for index in range(clusters)]
    with open(os.path.join(folder, "clusters.yaml"), "w") as handle:
        handle.write("\n".join(lines) + "\n")


def timed(flotilla, folder, extra, expected):
    environment = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), HOME=folder)
    start = time.monotonic()
    result = subprocess.run([flotilla, "generate", "fleet.yaml", "--clusters", "clusters.yaml", "-o", "name"] + extra,
                            cwd=folder, env=environment, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"flotilla generate failed: {result.stderr}")
    count = len(result.stdout.splitlines())
    if count != expected:
        raise SystemExit(f"expected {expected} Applications, got {count}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=".build/release")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folders", type=int, default=1000)
    parser.add_argument("--clusters", type=int, default=10)
    args = parser.parse_args()
    flotilla = os.path.abspath(os.path.join(args.build, "flotilla"))
    expected = args.folders * args.clusters
    with tempfile.TemporaryDirectory() as folder:
        make_repository(folder, args.folders)
        write_clusters(folder, args.clusters)
        with open(os.path.join(folder, "fleet.yaml"), "w") as handle:
            handle.write(FLEET)
        cold = timed(flotilla, folder, [], expected)
        print(f"cold (mirror cloned): {cold:.3f} s")
        for label, extra in [("warm mirror", []), ("warm mirror, --offline", ["--offline"])]:
            runs = [timed(flotilla, folder, extra, expected) for _ in range(args.runs)]
            print(f"{label}: median {statistics.median(runs):.3f} s for {expected:,} Applications "
                  f"({args.folders:,} folders x {args.clusters} clusters, {args.runs} runs; target <= 1 s)")


if __name__ == "__main__":
    main()
