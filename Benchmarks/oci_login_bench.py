#!/usr/bin/env python3
"""What a registry login costs: `flotilla sync` of Applications whose charts come from an OCI
registry on loopback, pulled anonymously against pulled with the login `flotilla repo add
oci://…` stored (each pull then logs in first, with a credentials file in a private folder).

Usage: Benchmarks/oci_login_bench.py [FLOTILLA_BINARY] [--charts 10] [--runs 5]

Two registries serve the same charts (Python's http.server under TLS, a CA made with openssl,
Helm's OCI media types): one anonymous, one behind basic auth. Each run syncs a fresh
$FLOTILLA_HOME against one sandbox cluster: `--charts` Applications, one distinct chart each,
so one pull (and, logged in, one login) per chart. Prints the medians. Needs Helm (`make helm`'s
library in .tools/, or `helm` on PATH) and openssl.
"""
import argparse
import base64
import hashlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sandbox_bench import start_sandbox  # noqa: E402

PASSWORD = "bench-registry-password"

SERVER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      "Tests", "EndToEndTests", "Fixtures", "helm-repository-server.py")


def mint_tls(folder):
    """A CA and a certificate for 127.0.0.1 signed by it."""
    def run(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=bench-ca")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
        "/CN=127.0.0.1")
    with open(os.path.join(folder, "ext.cnf"), "w") as handle:
        handle.write("subjectAltName=IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
        "server.pem", "-days", "2", "-extfile", "ext.cnf")
    return [os.path.join(folder, name) for name in ("ca.pem", "server.pem", "server.key")]


def publish(www, chart, build):
    """`chart` 1.0.0 as an OCI artifact under www/v2/charts/<chart> (Helm's media types)."""
    source = os.path.join(build, chart)
    os.makedirs(os.path.join(source, "templates"), exist_ok=True)
    with open(os.path.join(source, "Chart.yaml"), "w") as handle:
        handle.write(f"apiVersion: v2\nname: {chart}\nversion: 1.0.0\n")
    with open(os.path.join(source, "templates", "configmap.yaml"), "w") as handle:
        handle.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\n"
                     "data: {chart: {{ .Chart.Name | quote }}}\n")
    archive = os.path.join(build, f"{chart}-1.0.0.tgz")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source, arcname=chart)
    data = open(archive, "rb").read()
    config = json.dumps({"apiVersion": "v2", "name": chart, "version": "1.0.0"}).encode()
    base = os.path.join(www, "v2", "charts", chart)
    for sub in ("blobs", "manifests", "tags"):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    digests = {}
    for blob in (data, config):
        digest = hashlib.sha256(blob).hexdigest()
        digests[blob is data] = digest
        open(os.path.join(base, "blobs", "sha256:" + digest), "wb").write(blob)
    manifest = {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "sha256:" + digests[False],
                   "size": len(config)},
        "layers": [{"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                    "digest": "sha256:" + digests[True], "size": len(data)}],
    }
    with open(os.path.join(base, "manifests", "1.0.0"), "w") as handle:
        json.dump(manifest, handle)
    with open(os.path.join(base, "tags", "list"), "w") as handle:
        json.dump({"name": f"charts/{chart}", "tags": ["1.0.0"]}, handle)


def start_registry(folder, www, cert, key, auth):
    portfile = os.path.join(folder, f"port-{'auth' if auth else 'anonymous'}")
    process = subprocess.Popen([sys.executable, SERVER, www, cert, key, portfile],
                               env=dict(os.environ, HELM_BASIC_AUTH=auth))
    for _ in range(200):
        if os.path.exists(portfile):
            return process, f"oci://127.0.0.1:{open(portfile).read()}/charts"
        time.sleep(0.05)
    sys.exit("the registry did not start")


def fleet(registry, charts, namespace):
    return "".join(f"""---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {{name: app-{index}}}
spec:
  project: default
  source: {{repoURL: '{registry}', chart: chart-{index}, targetRevision: 1.0.0}}
  destination: {{name: bench, namespace: {namespace}}}
  syncPolicy: {{syncOptions: [CreateNamespace=true]}}
""" for index in range(charts))


def timed_sync(binary, folder, kubeconfig, registry, charts, ca, login, namespace):
    home = tempfile.mkdtemp(dir=folder)
    environment = dict(os.environ, FLOTILLA_HOME=home)
    library = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".tools", "helm_python", "lib",
                           "libhelm_c.so")
    if "FLOTILLA_HELM_LIBRARY" not in environment and os.path.exists(library):
        environment["FLOTILLA_HELM_LIBRARY"] = os.path.realpath(library)
    environment.pop("SSL_CERT_FILE", None)
    subprocess.run([binary, "cluster", "add", "bench", "--kubeconfig", kubeconfig], env=environment, check=True,
                   capture_output=True)
    if login:
        subprocess.run([binary, "repo", "add", registry, "--username", "bench", "--password-stdin", "--ca-file", ca],
                       input=PASSWORD + "\n", text=True, env=environment, check=True, capture_output=True)
    else:
        environment["SSL_CERT_FILE"] = ca
    fleet_file = os.path.join(home, "fleet.yaml")
    with open(fleet_file, "w") as handle:
        handle.write(fleet(registry, charts, namespace))
    started = time.monotonic()
    result = subprocess.run([binary, "sync", fleet_file], env=environment, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"sync failed:\n{result.stdout}{result.stderr}")
    subprocess.run([binary, "cluster", "remove", "bench"], env=environment, capture_output=True)
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", nargs="?", default=".build/release/flotilla")
    parser.add_argument("--charts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ca, cert, key = mint_tls(folder)
        www = os.path.join(folder, "www")
        for index in range(options.charts):
            publish(www, f"chart-{index}", os.path.join(folder, "build"))
        auth = base64.b64encode(f"bench:{PASSWORD}".encode()).decode()
        anonymous, open_registry = start_registry(folder, www, cert, key, "")
        private, closed_registry = start_registry(folder, www, cert, key, auth)
        sandbox, _ = start_sandbox(options.binary, folder, ["--names", "bench"])
        kubeconfig = os.path.join(folder, "kubeconfig")
        try:
            times = {"anonymous": [], "logged in": []}
            # Every sync writes into a namespace of its own, so that none finds the last run's objects.
            for run in range(options.runs):
                times["anonymous"].append(timed_sync(
                    options.binary, folder, kubeconfig, open_registry, options.charts, ca, False, f"open-{run}"))
                times["logged in"].append(timed_sync(
                    options.binary, folder, kubeconfig, closed_registry, options.charts, ca, True, f"closed-{run}"))
            for name, values in times.items():
                rounded = " / ".join(f"{value:.2f}" for value in values)
                print(f"{name:>10}: median {statistics.median(values):.2f} s for {options.charts} pulls ({rounded})")
            ratio = statistics.median(times["logged in"]) / statistics.median(times["anonymous"])
            print(f"logged in / anonymous: {ratio:.2f}x")
        finally:
            for process in (sandbox, anonymous, private):
                process.send_signal(signal.SIGTERM)
                process.wait()


if __name__ == "__main__":
    main()
