"""A fleet served by the real `flotilla serve` for the dashboard's screenshots and benchmark:
`flotilla sandbox` clusters, a Git repository of Applications (one ApplicationSet per
Application, so the matrix has one row each), the clusters registered, tokens created.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
from fleet_bench import APP  # noqa: E402
from sandbox_bench import connection_factory, start_sandbox  # noqa: E402

APPLICATION_SET = """apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {{name: {app}}}
spec:
  generators: [{{clusters: {{}}}}]
  template:
    metadata: {{name: '{app}-<<name>>'}}
    spec:
      project: default
      source: {{repoURL: '{repo}', targetRevision: main, path: '{app}'}}
      destination: {{name: '<<name>>', namespace: '{app}'}}
      syncPolicy: {{automated: {{prune: true}}, syncOptions: [CreateNamespace=true]}}
"""


def git(repo, *args):
    subprocess.run(["git", "-C", repo, "-c", "user.email=dash@example.com", "-c", "user.name=dash"] + list(args),
                   check=True, capture_output=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServedFleet:
    """`clusters` sandbox clusters x `apps` Applications (4 objects each) under `flotilla serve`."""

    def __init__(self, binary, folder, clusters, apps, interval="10m"):
        self.binary, self.folder = os.path.abspath(binary), folder
        self.apps = [f"app{index:02}" for index in range(apps)]
        repo = os.path.join(folder, "apps")
        documents = []
        for app in self.apps:
            os.makedirs(os.path.join(repo, app))
            with open(os.path.join(repo, app, "app.yaml"), "w") as handle:
                handle.write(APP.format(app=app))
            documents.append(APPLICATION_SET.format(app=app, repo="file://" + repo))
        with open(os.path.join(folder, "fleet.yaml"), "w") as handle:
            handle.write("---\n".join(documents))
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "apps")
        self.env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), FLOTILLA_KEY="")
        self.sandbox, self.config = start_sandbox(self.binary, folder, ["--clusters", str(clusters)])
        self.contexts = [c["name"] for c in self.config["contexts"] if not c["name"].endswith("-viewer")]
        self.serve = None
        try:
            self.flotilla("cluster", "add", "--kubeconfig", os.path.join(folder, "kubeconfig"), *self.contexts)
            self.log = os.path.join(folder, "serve.log")
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            self.serve = subprocess.Popen(
                [self.binary, "serve", "fleet.yaml", "--listen", f"127.0.0.1:{port}", "--interval", interval,
                 "--log-format", "json"],
                env=self.env, cwd=folder, stdout=subprocess.DEVNULL, stderr=open(self.log, "w"))
            self.started = time.time()
            self.wait_ready()
        except BaseException:
            self.close()
            raise

    def flotilla(self, *args):
        """Runs `flotilla args…`; its standard output."""
        result = subprocess.run([self.binary, *args], env=self.env, cwd=self.folder, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"flotilla {args[0]} {args[1] if len(args) > 1 else ''}: {result.stderr}")
        return result.stdout

    def token(self, name, role):
        """A new token's secret (the last line `token create` prints)."""
        return self.flotilla("token", "create", name, "--role", role).strip().split("\n")[-1]

    def wait_ready(self, timeout=1800):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/readyz", timeout=5).status == 200:
                    return
            except OSError:
                pass
            if self.serve.poll() is not None:
                sys.exit("serve ended:\n" + open(self.log).read()[-3000:])
            time.sleep(0.2)
        sys.exit("serve was not ready in time")

    def api(self, path, token, method="GET", body=None):
        """One API call with a bearer token: the decoded JSON answer."""
        request = urllib.request.Request(self.url + "/api/v1/" + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": "Bearer " + token,
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def drift(self, context, app):
        """Changes `app`'s settings ConfigMap on `context` behind Flotilla's back (as kubectl would)."""
        make, headers, _ = connection_factory(self.config, context, self.folder)
        connection = make()
        connection.request("PATCH", f"/api/v1/namespaces/{app}/configmaps/{app}-settings",
                           body=json.dumps({"data": {"app": "changed by hand"}}),
                           headers=dict(headers, **{"Content-Type": "application/merge-patch+json"}))
        connection.getresponse().read()

    def close(self):
        if self.serve and self.serve.poll() is None:
            self.serve.terminate()
            try:
                self.serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.serve.kill()
        self.sandbox.terminate()
        self.sandbox.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
