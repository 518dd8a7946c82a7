#!/usr/bin/env python3
"""flotilla serve under load: N sandbox clusters x M Applications (4 objects each, automated with selfHeal).

Usage: Benchmarks/serve_bench.py [FLOTILLA_BINARY] [--clusters 100] [--apps 10] [--idle-seconds 600]
       Benchmarks/serve_bench.py [FLOTILLA_BINARY] --clusters 200 --apps 50 --first-cycle-only

Measures, for one `flotilla serve` (JSON log with millisecond times):
  - the first full cycle (start to /readyz) and the RSS after it;
  - commit-to-synced with a GitHub webhook: a commit changes every Application, one signed
    push event is sent, and each target's latency is its `sync` log line's time minus the
    commit's (p50/p95 over all targets);
  - drift-to-healed: a ConfigMap of a sample of targets is changed through the API (as
    kubectl would) and polled until serve has put it back (p50/p95);
  - CPU of serve over --idle-seconds with nothing changing (percent of one core: watches,
    not polling), and its peak RSS (VmHWM).
"""
import argparse
import concurrent.futures
import hashlib
import hmac
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fleet_bench import APP, write_fleet  # noqa: E402
from sandbox_bench import connection_factory, start_sandbox  # noqa: E402

SECRET = "bench-secret"


def git(repo, *args):
    subprocess.run(["git", "-C", repo, "-c", "user.email=bench@example.com", "-c", "user.name=bench"] + list(args),
                   check=True, capture_output=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proc_status(pid, field):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def log_lines(path):
    with open(path) as handle:
        for line in handle:
            try:
                yield json.loads(line)
            except ValueError:
                continue


def timestamp(entry):
    return datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).timestamp()


def percentiles(values):
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--apps", type=int, default=10)
    parser.add_argument("--idle-seconds", type=int, default=600)
    parser.add_argument("--drift-samples", type=int, default=50)
    parser.add_argument("--first-cycle-only", action="store_true", help="only the first cycle and its RSS")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    targets = args.clusters * args.apps
    with tempfile.TemporaryDirectory() as folder:
        repo = os.path.join(folder, "apps")
        apps = write_fleet(folder, args.apps)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "apps")
        repo_url = "file://" + repo
        with open(os.path.join(folder, "fleet.yaml")) as handle:
            fleet = handle.read()
        fleet = fleet.replace("repoURL: apps,", f"repoURL: '{repo_url}', targetRevision: main,")
        fleet = fleet.replace("syncOptions: [CreateNamespace=true]",
                              "automated: {prune: true, selfHeal: true}, syncOptions: [CreateNamespace=true]")
        with open(os.path.join(folder, "fleet.yaml"), "w") as handle:
            handle.write(fleet)
        with open(os.path.join(folder, "secrets.yaml"), "w") as handle:
            handle.write(f"github: {SECRET}\n")
        env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), FLOTILLA_KEY="")
        sandbox, config = start_sandbox(binary, folder, ["--clusters", str(args.clusters)])
        kubeconfig = os.path.join(folder, "kubeconfig")
        contexts = [c["name"] for c in config["contexts"] if not c["name"].endswith("-viewer")]
        serve = None
        try:
            subprocess.run([binary, "cluster", "add", "--kubeconfig", kubeconfig] + contexts, env=env, check=True,
                           capture_output=True)
            port = free_port()
            log = os.path.join(folder, "serve.log")
            started = time.time()
            serve = subprocess.Popen(
                [binary, "serve", "fleet.yaml", "--listen", f"127.0.0.1:{port}", "--log-format", "json",
                 "--webhook-secret-file", "secrets.yaml"],
                env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
            base = f"http://127.0.0.1:{port}"
            while True:
                try:
                    if urllib.request.urlopen(base + "/readyz", timeout=5).status == 200:
                        break
                except OSError:
                    pass
                if serve.poll() is not None:
                    sys.exit("serve ended:\n" + open(log).read()[-3000:])
                time.sleep(0.2)
            first_cycle = time.time() - started
            rss_after_cycle = proc_status(serve.pid, "VmRSS")
            print(f"{targets:,} targets ({args.clusters} clusters x {args.apps} Applications x 4 objects):")
            print(f"  first full cycle: {first_cycle:.1f} s, RSS after it {rss_after_cycle:.0f} MB")
            if args.first_cycle_only:
                return

            # A commit that changes every Application, then one signed push event.
            for app in apps:
                with open(os.path.join(repo, app, "app.yaml"), "w") as handle:
                    handle.write(APP.format(app=app).replace("flags: 'a,b,c'", "flags: 'a,b,c,d'"))
            git(repo, "commit", "-qam", "flags d")
            commit = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], capture_output=True, text=True,
                                    check=True).stdout.strip()
            body = json.dumps({"ref": "refs/heads/main", "after": commit,
                               "repository": {"html_url": repo_url, "clone_url": repo_url}}).encode()
            signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            committed = time.time()
            request = urllib.request.Request(base + "/api/webhook", data=body, method="POST", headers={
                "X-GitHub-Event": "push", "X-Hub-Signature-256": signature, "Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=10).read()
            synced = {}
            deadline = time.time() + 300
            while len(synced) < targets and time.time() < deadline:
                for entry in log_lines(log):
                    if entry.get("msg") == "sync" and entry.get("revision") == commit[:12] \
                            and entry.get("result") == "succeeded":
                        synced.setdefault(entry["target"], timestamp(entry) - committed)
                time.sleep(0.5)
            p50, p95 = percentiles(list(synced.values()) or [float("nan")])
            print(f"  commit-to-synced with a webhook: p50 {p50:.1f} s, p95 {p95:.1f} s "
                  f"({len(synced)} of {targets} targets)")

            # Drift: change a ConfigMap of a sample of targets, poll until it is back.
            samples = [(contexts[i % len(contexts)], apps[(i // len(contexts)) % len(apps)])
                       for i in range(min(args.drift_samples, targets))]

            def drift(sample):
                context, app = sample
                make, headers, _ = connection_factory(config, context, folder)
                connection = make()
                path = f"/api/v1/namespaces/{app}/configmaps/{app}-settings"
                patch = json.dumps({"data": {"app": "changed by hand"}})
                changed = time.time()
                connection.request("PATCH", path, body=patch,
                                   headers=dict(headers, **{"Content-Type": "application/merge-patch+json"}))
                connection.getresponse().read()
                while time.time() - changed < 120:
                    connection.request("GET", path, headers=headers)
                    if json.loads(connection.getresponse().read())["data"]["app"] == app:
                        return time.time() - changed
                    time.sleep(0.05)
                return float("inf")

            with concurrent.futures.ThreadPoolExecutor(10) as pool:
                healed = list(pool.map(drift, samples))
            p50, p95 = percentiles(healed)
            print(f"  drift-to-healed: p50 {p50:.2f} s, p95 {p95:.2f} s ({len(samples)} targets)")

            time.sleep(5)
            before = cpu_seconds(serve.pid)
            time.sleep(args.idle_seconds)
            idle = (cpu_seconds(serve.pid) - before) / args.idle_seconds * 100
            print(f"  idle CPU over {args.idle_seconds} s: {idle:.2f}% of one core; "
                  f"peak RSS {proc_status(serve.pid, 'VmHWM'):.0f} MB")
        finally:
            if serve is not None:
                serve.send_signal(signal.SIGTERM)
                serve.wait()
            sandbox.send_signal(signal.SIGINT)
            sandbox.wait()


if __name__ == "__main__":
    main()
