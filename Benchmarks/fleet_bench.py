#!/usr/bin/env python3
"""The headline benchmark: 100 sandbox clusters x 10 Applications x 4 objects = 1,000 targets.

Usage: Benchmarks/fleet_bench.py [FLOTILLA_BINARY] [--clusters 100] [--apps 10]

Times a fresh `flotilla sync` of the whole fleet, then a no-op re-sync (write requests
counted by every sandbox cluster), with the peak RSS of each; then what a user would script
instead: `kubectl apply --server-side -f DIR --context C` for every target, 16 at a time,
on a fresh set of clusters. Needs kubectl and PyYAML.
"""
import argparse
import concurrent.futures
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandbox_bench import connection_factory, start_sandbox  # noqa: E402

APP = """apiVersion: v1
kind: ConfigMap
metadata: {{name: {app}-settings}}
data: {{app: {app}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: {app}-features}}
data: {{flags: 'a,b,c'}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: {app}}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {app}}}}}
  template:
    metadata: {{labels: {{app: {app}}}}}
    spec:
      containers: [{{name: main, image: 'nginx:1.27'}}]
---
apiVersion: v1
kind: Service
metadata: {{name: {app}}}
spec:
  selector: {{app: {app}}}
  ports: [{{port: 80}}]
"""

# The fleet's source: the `apps` folder beside the fleet file, one folder per Application.
LOCAL_SOURCE = "{repoURL: apps, path: '<<app>>'}"

FLEET = """apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {{name: bench}}
spec:
  generators:
  - matrix:
      generators:
      - list:
          elements: [{elements}]
      - clusters: {{}}
  template:
    metadata: {{name: '<<app>>-<<name>>'}}
    spec:
      project: default
      source: {source}
      destination: {{name: '<<name>>', namespace: '<<app>>'}}
      syncPolicy: {{syncOptions: [CreateNamespace=true]}}
"""


def write_fleet(folder, apps):
    names = [f"app{index:02}" for index in range(apps)]
    for name in names:
        os.makedirs(os.path.join(folder, "apps", name))
        with open(os.path.join(folder, "apps", name, "app.yaml"), "w") as handle:
            handle.write(APP.format(app=name))
    with open(os.path.join(folder, "fleet.yaml"), "w") as handle:
        handle.write(FLEET.format(elements=", ".join(f"{{app: {name}}}" for name in names), source=LOCAL_SOURCE))
    return names


def total_write_requests(config, folder, contexts):
    def one(context):
        make, headers, _ = connection_factory(config, context, folder)
        connection = make()
        connection.request("GET", "/sandbox/statistics", headers=headers)
        return json.loads(connection.getresponse().read())["writeRequests"]
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        return sum(pool.map(one, contexts))


def timed_rss(command, env, cwd):
    """Wall time and the child's peak RSS (MB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--apps", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=32, help="flotilla's --concurrency")
    parser.add_argument("--skip-kubectl", action="store_true", help="time flotilla only")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    targets = args.clusters * args.apps
    with tempfile.TemporaryDirectory() as folder:
        apps = write_fleet(folder, args.apps)
        env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), FLOTILLA_KEY="")
        process, config = start_sandbox(binary, folder, ["--clusters", str(args.clusters)])
        kubeconfig = os.path.join(folder, "kubeconfig")
        contexts = [c["name"] for c in config["contexts"] if not c["name"].endswith("-viewer")]
        try:
            subprocess.run([binary, "cluster", "add", "--kubeconfig", kubeconfig] + contexts, env=env, check=True,
                           capture_output=True)
            sync = [binary, "sync", "fleet.yaml", "--concurrency", str(args.concurrency)]
            fresh, fresh_rss, result = timed_rss(sync, env, folder)
            print(result.stdout.strip().splitlines()[-1])
            if result.returncode != 0:
                sys.exit(result.stderr + result.stdout[-2000:])
            writes = total_write_requests(config, folder, contexts)
            noop, noop_rss, result = timed_rss(sync, env, folder)
            noop_writes = total_write_requests(config, folder, contexts) - writes
            print(result.stdout.strip().splitlines()[-1])
        finally:
            process.send_signal(signal.SIGINT)
            process.wait()

        if args.skip_kubectl:
            print(f"flotilla sync, fresh: {fresh:.1f} s ({fresh_rss:.0f} MB); no-op: {noop:.1f} s ({noop_rss:.0f} MB), "
                  f"{noop_writes / targets:.2f} write requests per target")
            return
        process, config = start_sandbox(binary, folder, ["--clusters", str(args.clusters)])
        try:
            cache = os.path.join(folder, "kube-cache")

            def apply(job):
                context, app = job
                subprocess.run(["kubectl", "--kubeconfig", kubeconfig, "--context", context, "--cache-dir", cache,
                                "apply", "--server-side", "-n", app, "-f", os.path.join(folder, "kubectl", app)],
                               check=True, capture_output=True)

            for app in apps:  # one folder per target for kubectl: its namespace first, then the app
                os.makedirs(os.path.join(folder, "kubectl", app))
                with open(os.path.join(folder, "kubectl", app, "00-namespace.yaml"), "w") as handle:
                    handle.write(f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {app}}}\n")
                with open(os.path.join(folder, "kubectl", app, "app.yaml"), "w") as handle:
                    handle.write(APP.format(app=app))
            started = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                list(pool.map(apply, [(context, app) for context in contexts for app in apps]))
            kubectl = time.monotonic() - started
        finally:
            process.send_signal(signal.SIGINT)
            process.wait()
    print(f"{targets:,} targets ({args.clusters} clusters x {args.apps} Applications x 4 objects):")
    print(f"  flotilla sync, fresh:  {fresh:.1f} s, peak RSS {fresh_rss:.0f} MB")
    print(f"  flotilla sync, no-op:  {noop:.1f} s, peak RSS {noop_rss:.0f} MB, "
          f"{noop_writes / targets:.2f} write requests per target")
    print(f"  kubectl apply --server-side, 16 at a time: {kubectl:.1f} s "
          f"(flotilla fresh sync is {kubectl / fresh:.1f}x faster)")


if __name__ == "__main__":
    main()
