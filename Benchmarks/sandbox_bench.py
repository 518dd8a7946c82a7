#!/usr/bin/env python3
"""Benchmark the sandbox API server.

Usage: Benchmarks/sandbox_bench.py [FLOTILLA_BINARY] [--runs 3] [--seconds 10]

1. GET throughput and latency from 64 concurrent connections (wrk, 2 threads) on one
   ConfigMap, and server-side apply throughput (PATCH application/apply-patch+yaml, each
   request a real write: 1,000 ConfigMaps updated in turn). Median of the runs.
2. Resident memory of one `flotilla sandbox` serving 100 clusters holding 200 objects each.
Needs wrk (Debian's package) and PyYAML.
"""
import argparse
import base64
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

APPLY_SCRIPT = """
counter = 0
request = function()
  counter = counter + 1
  local name = "bench-" .. (counter % 1000)
  local body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"' .. name .. '"},"data":{"n":"' .. counter .. '"}}'
  return wrk.format("PATCH", "/api/v1/namespaces/default/configmaps/" .. name .. "?fieldManager=bench&force=true",
    {["Content-Type"] = "application/apply-patch+yaml", ["Authorization"] = "Bearer TOKEN"}, body)
end
"""


def start_sandbox(binary, folder, args):
    kubeconfig = os.path.join(folder, "kubeconfig")
    process = subprocess.Popen([binary, "sandbox", "--kubeconfig", kubeconfig] + args,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        if os.path.exists(kubeconfig) and os.path.getsize(kubeconfig) > 0:
            break
        time.sleep(0.1)
    else:
        sys.exit("the sandbox did not start")
    time.sleep(0.5)
    with open(kubeconfig) as handle:
        return process, yaml.safe_load(handle)


def connection_factory(config, context_name, folder):
    context = next(c["context"] for c in config["contexts"] if c["name"] == context_name)
    cluster = next(c["cluster"] for c in config["clusters"] if c["name"] == context["cluster"])
    user = next(u["user"] for u in config["users"] if u["name"] == context["user"])
    ssl_context = ssl.create_default_context(cadata=base64.b64decode(cluster["certificate-authority-data"]).decode())
    headers = {"Content-Type": "application/json"}
    if "token" in user:
        headers["Authorization"] = "Bearer " + user["token"]
    else:
        cert = os.path.join(folder, context_name + ".crt")
        key = os.path.join(folder, context_name + ".key")
        open(cert, "wb").write(base64.b64decode(user["client-certificate-data"]))
        open(key, "wb").write(base64.b64decode(user["client-key-data"]))
        ssl_context.load_cert_chain(cert, key)
    host, port = cluster["server"].removeprefix("https://").split(":")
    return lambda: http.client.HTTPSConnection(host, int(port), context=ssl_context), headers, cluster["server"]


def wrk(url, seconds, token, script=None):
    command = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", "-H", f"Authorization: Bearer {token}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    to_ms = lambda m: float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    return rate, to_ms(p50), to_ms(p99), int(errors.group(1)) if errors else 0


def throughput(binary, runs, seconds):
    with tempfile.TemporaryDirectory() as folder:
        process, config = start_sandbox(binary, folder, ["--names", "certs,bench"])
        try:
            token = next(u["user"]["token"] for u in config["users"] if u["name"] == "bench-admin")
            make, headers, server = connection_factory(config, "bench", folder)
            connection = make()
            connection.request("POST", "/api/v1/namespaces/default/configmaps", json.dumps({"metadata": {"name": "x"}, "data": {"a": "1"}}), headers)
            connection.getresponse().read()
            script = os.path.join(folder, "apply.lua")
            open(script, "w").write(APPLY_SCRIPT.replace("TOKEN", token))
            for label, url, lua in [("GET", server + "/api/v1/namespaces/default/configmaps/x", None),
                                    ("server-side apply", server, script)]:
                results = [wrk(url, seconds, token, lua) for _ in range(runs)]
                rate = statistics.median(r[0] for r in results)
                p50 = statistics.median(r[1] for r in results)
                p99 = statistics.median(r[2] for r in results)
                errors = sum(r[3] for r in results)
                print(f"{label}: median {rate:,.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms "
                      f"(64 connections, {runs} runs of {seconds} s, non-2xx: {errors})")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait()


def memory(binary):
    with tempfile.TemporaryDirectory() as folder:
        process, config = start_sandbox(binary, folder, ["--clusters", "100"])
        try:
            contexts = [c["name"] for c in config["contexts"] if not c["name"].endswith("-viewer")]

            def fill(context_name):
                make, headers, _ = connection_factory(config, context_name, folder)
                connection = make()
                for index in range(200):
                    if index % 2 == 0:
                        body = {"metadata": {"name": f"cm-{index}"}, "data": {"index": str(index), "payload": "x" * 200}}
                        path = "/api/v1/namespaces/default/configmaps"
                    else:
                        body = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": f"web-{index}"},
                                "spec": {"selector": {"matchLabels": {"app": f"web-{index}"}},
                                         "template": {"metadata": {"labels": {"app": f"web-{index}"}},
                                                      "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}}
                        path = "/apis/apps/v1/namespaces/default/deployments"
                    connection.request("POST", path, json.dumps(body), headers)
                    response = connection.getresponse()
                    response.read()
                    if response.status != 201:
                        raise RuntimeError(f"{context_name}: {response.status}")
                return 200

            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                total = sum(pool.map(fill, contexts))
            time.sleep(2)
            rss = next(int(line.split()[1]) for line in open(f"/proc/{process.pid}/status") if line.startswith("VmRSS"))
            print(f"memory: {len(contexts)} clusters x 200 objects ({total} objects, half Deployments): RSS {rss / 1024:.0f} MB")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make bench installs it)")
    binary = os.path.abspath(args.binary)
    throughput(binary, args.runs, args.seconds)
    memory(binary)


if __name__ == "__main__":
    main()
