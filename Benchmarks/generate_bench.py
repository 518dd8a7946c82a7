#!/usr/bin/env python3
"""Benchmark `flotilla generate`: a matrix of list elements x clusters, expanded and written as YAML.

Usage: Benchmarks/generate_bench.py [FLOTILLA_BINARY] [--runs 5] [--projects]

For each size it writes a fleet (one ApplicationSet: matrix of a list generator with
E elements and a clusters generator over C clusters) and a clusters file to a
temporary folder, runs the binary RUNS times with stdout to /dev/null, and prints
the median wall time and the peak resident set size of the runs.

With --projects the Applications go to five AppProjects (team-1 … team-5), each with
source globs and a `!` denial, destination globs, kind lists and sync windows, so that
`generate` checks every Application's source and destination (the cost of enforcement).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

SIZES = [(100, 100), (1000, 100)]


PROJECT = """---
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {{name: team-{index}}}
spec:
  sourceRepos: ['https://git.example.com/team-{index}/*', 'https://git.example.com/platform/**', '!https://git.example.com/platform/secret']
  destinations:
  - {{server: 'https://c*.example.com', namespace: 'app-*'}}
  - {{name: 'cluster-*', namespace: '!kube-*'}}
  - {{server: '*', namespace: 'team-{index}-*'}}
  clusterResourceWhitelist: [{{group: '', kind: Namespace}}]
  namespaceResourceBlacklist: [{{group: '', kind: ResourceQuota}}]
  syncWindows:
  - {{kind: deny, schedule: '0 22 * * 1-5', duration: 8h, timeZone: Europe/Berlin, namespaces: ['app-*']}}
  - {{kind: allow, schedule: '*/30 * * * *', duration: 10m, applications: ['*-cluster-00*']}}
"""


def write_inputs(folder, elements, clusters, projects=False):
    os.makedirs(os.path.join(folder, "fleets"), exist_ok=True)
    with open(os.path.join(folder, "clusters.yaml"), "w") as out:
        out.write("apiVersion: flotilla.dev/v1alpha1\nkind: ClusterList\nitems:\n")
        for index in range(clusters):
            env = ("dev", "staging", "prod")[index % 3]
            out.write(
                f"- {{name: cluster-{index:04d}, server: 'https://c{index}.example.com', "
                f"labels: {{env: {env}, region: r{index % 7}}}}}\n"
            )
    with open(os.path.join(folder, "fleets", "bench.yaml"), "w") as out:
        out.write(
            "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: bench}\nspec:\n"
            "  generators:\n  - matrix:\n      generators:\n      - list:\n          elements:\n"
        )
        for index in range(elements):
            out.write(f"          - {{app: app-{index:04d}, replicas: {index % 5 + 1}}}\n")
        out.write(
            "      - clusters: {}\n"
            "  template:\n"
            "    metadata:\n"
            "      name: '<<app>>-<<nameNormalized>>'\n"
            "      labels: {app: '<<app>>', env: '<<metadata.labels.env>>'}\n"
            "    spec:\n"
            + ("      project: 'team-<<replicas>>'\n" if projects else "      project: default\n")
            + "      source:\n"
            "        repoURL: https://git.example.com/platform/gitops.git\n"
            "        targetRevision: main\n"
            "        path: 'apps/<<app>>/<<metadata.labels.env>>'\n"
            "        kustomize:\n"
            "          replicas: [{name: '<<app>>', count: '<<replicas>>'}]\n"
            "      destination: {server: '<<server>>', namespace: '<<app>>'}\n"
            "      syncPolicy:\n"
            "        automated: {prune: true, selfHeal: true}\n"
            "        syncOptions: [CreateNamespace=true]\n"
        )
        if projects:
            for index in range(1, 6):
                out.write(PROJECT.format(index=index))


def run_once(binary, folder):
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(
            [binary, "generate", "fleets", "--clusters", "clusters.yaml"], cwd=folder, stdout=devnull
        )
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"flotilla generate failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", action="store_true", help="Applications in five enforced AppProjects")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    kind = "five AppProjects" if args.projects else "project default"
    print(f"flotilla generate benchmark ({args.runs} runs each, {os.cpu_count()} cores, {kind})")
    for elements, clusters in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            write_inputs(folder, elements, clusters, args.projects)
            runs = [run_once(binary, folder) for _ in range(args.runs)]
            times = [wall for wall, _ in runs]
            peak = max(rss for _, rss in runs)
            print(
                f"{elements:>5} elements x {clusters} clusters = {elements * clusters:>7} Applications: "
                f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}), "
                f"peak RSS {peak:.0f} MB"
            )


if __name__ == "__main__":
    main()
