#!/usr/bin/env python3
"""The dashboard of `flotilla serve` under a big fleet.

Usage: Benchmarks/dashboard_bench.py [FLOTILLA_BINARY] [--loads 10] [--clients 50] [--changes 10]
       [--render-clusters 20 --render-apps 50] [--list-clusters 100 --list-apps 100] [--skip-list]

Measures, against the real server and sandbox clusters (Tests/Browser/served_fleet.py):
  - render: the page with 1,000 targets (20 clusters x 50 Applications) in headless Chromium,
    from navigation start to the matrix painted (the page stamps it), median of --loads reloads;
  - events: --clients EventSource clients (GET /api/v1/events, one connection each), then
    --changes drifts of a ConfigMap behind Flotilla's back, one at a time: each client's
    latency is when its `event: target` saying OutOfSync arrives minus when the drift was written
    (watch, comparison and fan-out included): p50, p95, max over all clients and changes, and
    from serve's log line of the reconciliation (JSON, ms) to each client's arrival, and the
    fan-out alone: for each event, its last client's arrival minus its first's;
  - list: GET /api/v1/targets of 10,000 targets (100 clusters x 100 Applications), median of 20.
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Tests", "Browser"))
from browser import Browser  # noqa: E402
from served_fleet import ServedFleet  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def render(fleet, token, loads):
    browser = Browser(width=1400, height=900)
    try:
        browser.driver.get(fleet.url + "/")
        browser.one("the sign-in form", "#token").send_keys(token)
        browser.one("the sign-in button", "#sign-in button").click()
        browser.one("the matrix", "table.matrix td.cell", timeout=60)
        times = []
        for _ in range(loads):
            browser.driver.refresh()
            painted = browser.wait("the matrix painted", lambda: browser.driver.execute_script(
                "const view = document.getElementById('matrix-view'); return view && view.dataset.paintedAt;"), 60)
            cells = browser.driver.execute_script("return document.querySelectorAll('td.cell[data-state]').length")
            times.append(float(painted))
        return times, cells
    finally:
        browser.close()


class EventClient(threading.Thread):
    """One connection to GET /api/v1/events noting when each target's OutOfSync event arrives."""

    def __init__(self, url, token):
        super().__init__(daemon=True)
        parts = urllib.parse.urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        self.token = token
        self.arrivals = {}
        self.connected = threading.Event()

    def run(self):
        self.connection.request("GET", "/api/v1/events", headers={"Authorization": "Bearer " + self.token,
                                                                  "Accept": "text/event-stream"})
        response = self.connection.getresponse()
        self.connected.set()
        kind = None
        while True:
            line = response.fp.readline()
            if not line:
                return
            line = line.decode().rstrip("\r\n")
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:") and kind == "target":
                item = json.loads(line[5:])
                if item.get("syncStatus") == "OutOfSync":
                    self.arrivals.setdefault((item["application"], item["cluster"]), time.time())
            elif line == "":
                kind = None


def logged_at(fleet, target, after):
    """When serve logged `target` (app@cluster) out of sync after `after` (its JSON log, ms)."""
    with open(fleet.log) as handle:
        for line in handle:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "out of sync" and entry.get("target") == target:
                when = datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).timestamp()
                if when >= after - 0.001:
                    return when
    return None


def events(fleet, token, clients, changes):
    readers = [EventClient(fleet.url, token) for _ in range(clients)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.connected.wait(30)
    time.sleep(1)
    latencies, spreads, published = [], [], []
    for index in range(changes):
        context, app = fleet.contexts[index % len(fleet.contexts)], fleet.apps[index % len(fleet.apps)]
        target = (f"{app}-{context}", context)
        changed = time.time()
        fleet.drift(context, app)
        deadline = changed + 30
        while time.time() < deadline and not all(target in reader.arrivals for reader in readers):
            time.sleep(0.02)
        arrivals = [reader.arrivals.get(target, float("inf")) - changed for reader in readers]
        latencies += arrivals
        if float("inf") not in arrivals:
            spreads.append(max(arrivals) - min(arrivals))
            logged = logged_at(fleet, f"{target[0]}@{target[1]}", changed)
            if logged is not None:
                published += [reader.arrivals[target] - logged for reader in readers]
    return latencies, spreads, published


def list_targets(fleet, token, runs):
    parts = urllib.parse.urlsplit(fleet.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    times, count = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        connection.request("GET", "/api/v1/targets", headers={"Authorization": "Bearer " + token})
        body = connection.getresponse().read()
        times.append((time.perf_counter() - started) * 1000)
        count = len(json.loads(body)["items"])
    return times, count, len(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--render-clusters", type=int, default=20)
    parser.add_argument("--render-apps", type=int, default=50)
    parser.add_argument("--list-clusters", type=int, default=100)
    parser.add_argument("--list-apps", type=int, default=100)
    parser.add_argument("--skip-list", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        with ServedFleet(args.binary, folder, args.render_clusters, args.render_apps) as fleet:
            token = fleet.token("bench", "viewer")
            print(f"{args.render_clusters * args.render_apps:,} targets ({args.render_clusters} clusters x "
                  f"{args.render_apps} Applications), first cycle {time.time() - fleet.started:.1f} s:")
            times, cells = render(fleet, token, args.loads)
            print(f"  page render in Chromium ({cells} cells): median {statistics.median(times):.0f} ms, "
                  f"max {max(times):.0f} ms over {len(times)} loads")
            latencies, spreads, published = events(fleet, token, args.clients, args.changes)
            missed = sum(1 for latency in latencies if latency == float("inf"))
            seen = [latency * 1000 for latency in latencies if latency != float("inf")]
            print(f"  drift to event at {args.clients} clients ({args.changes} changes): "
                  f"p50 {statistics.median(seen):.0f} ms, p95 {percentile(seen, 0.95):.0f} ms, "
                  f"max {max(seen):.0f} ms, {sum(1 for s in seen if s <= 1000)} of {len(latencies)} within 1 s"
                  + (f", {missed} never arrived" if missed else ""))
            published = [latency * 1000 for latency in published]
            if published:
                print(f"  reconciled (serve's log line) to event at {args.clients} clients: "
                      f"p50 {statistics.median(published):.0f} ms, p95 {percentile(published, 0.95):.0f} ms, "
                      f"max {max(published):.0f} ms over {len(published)}")
            spreads = [spread * 1000 for spread in spreads]
            print(f"  fan-out, first to last of the {args.clients} clients for one event: "
                  f"median {statistics.median(spreads):.1f} ms, max {max(spreads):.1f} ms")
    if args.skip_list:
        return
    with tempfile.TemporaryDirectory() as folder:
        with ServedFleet(args.binary, folder, args.list_clusters, args.list_apps) as fleet:
            token = fleet.token("bench", "viewer")
            times, count, size = list_targets(fleet, token, 20)
            print(f"{count:,} targets ({args.list_clusters} clusters x {args.list_apps} Applications), first cycle "
                  f"{time.time() - fleet.started:.1f} s:")
            print(f"  GET /api/v1/targets ({size / 1e6:.1f} MB): median {statistics.median(times):.0f} ms, "
                  f"p95 {percentile(times, 0.95):.0f} ms over {len(times)}")


if __name__ == "__main__":
    main()
