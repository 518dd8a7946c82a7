#!/usr/bin/env python3
"""Writes docs/dashboard-matrix.png and docs/dashboard-target.png: the dashboard of a small
served fleet (4 sandbox clusters x 5 Applications), one target drifted behind Flotilla's back;
and docs/dashboard-rollout.png: a rollout's page after a failing commit halted it at its canary.

Usage: Tests/Browser/screenshots.py [FLOTILLA_BINARY] (make dashboard-screenshots)
"""
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser  # noqa: E402
from served_fleet import ROOT, ServedFleet, free_port, git, start_sandbox  # noqa: E402

WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers: [{{name: web, image: '{image}'}}]
"""

ROLLOUT = """apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {{name: web}}
spec:
  generators: [{{clusters: {{}}}}]
  template:
    metadata: {{name: 'web-<<name>>', labels: {{wave: '<<metadata.labels.wave>>'}}}}
    spec:
      project: default
      source: {{repoURL: '{repo}', targetRevision: main, path: web}}
      destination: {{name: '<<name>>', namespace: web}}
      syncPolicy: {{automated: {{prune: true}}, syncOptions: [CreateNamespace=true]}}
  strategy:
    type: RollingSync
    rollingSync:
      steps:
      - matchExpressions: [{{key: wave, operator: In, values: [canary]}}]
        pauseAfter: 5s
      - matchExpressions: [{{key: wave, operator: In, values: [rest]}}]
"""


def rollout_page(binary, docs):
    """A rollout of 4 sandbox clusters (1 canary, 3 rest) under serve: a good commit, then one
    whose image never becomes ready, halted at the canary; its page in the dashboard."""
    binary = os.path.abspath(binary)
    with tempfile.TemporaryDirectory() as folder:
        repo = os.path.join(folder, "apps")
        os.makedirs(os.path.join(repo, "web"))

        def commit(image):
            with open(os.path.join(repo, "web", "web.yaml"), "w") as handle:
                handle.write(WEB.format(image=image))
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", image)

        git(repo, "init", "-q", "-b", "main")
        commit("nginx:1.27")
        with open(os.path.join(folder, "fleet.yaml"), "w") as handle:
            handle.write(ROLLOUT.format(repo="file://" + repo))
        env = dict(os.environ, FLOTILLA_HOME=os.path.join(folder, "home"), FLOTILLA_KEY="")
        sandbox, config = start_sandbox(binary, folder, ["--names", "eu-canary,eu-1,us-1,us-2"])
        serve = None
        try:
            kubeconfig = os.path.join(folder, "kubeconfig")
            for wave, names in (("canary", ["eu-canary"]), ("rest", ["eu-1", "us-1", "us-2"])):
                subprocess.run([binary, "cluster", "add", "--kubeconfig", kubeconfig, "-l", f"wave={wave}", *names],
                               env=env, cwd=folder, check=True, capture_output=True)
            token = subprocess.run([binary, "token", "create", "alice", "--role", "operator"], env=env, cwd=folder,
                                   check=True, capture_output=True, text=True).stdout.strip().split("\n")[-1]
            port = free_port()
            serve = subprocess.Popen([binary, "serve", "fleet.yaml", "--listen", f"127.0.0.1:{port}", "--interval", "2s"],
                                     env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            browser = Browser(width=1100, height=760)
            try:
                url = f"http://127.0.0.1:{port}"
                browser.wait("serve", lambda: ready(url), 120)
                browser.driver.get(url + "/")
                browser.one("the sign-in form", "#token").send_keys(token)
                browser.one("the sign-in button", "#sign-in button").click()
                browser.one("the matrix", "td.cell", 120)
                time.sleep(12)  # the good commit rolls out: canary, its bake time, the rest
                commit("nginx:fail")
                browser.one("the halted rollout's line", "#rollouts .rollout.halted a.rollout-name", 120)
                browser.click("the rollout's name", lambda: browser.one("name", "#rollouts .rollout.halted a.rollout-name"))
                browser.wait("the rollout's steps", lambda: len(browser.find("table")) >= 2, 60)
                time.sleep(1)
                browser.driver.save_screenshot(os.path.join(docs, "dashboard-rollout.png"))
            finally:
                browser.close()
        finally:
            if serve:
                serve.terminate()
                serve.wait()
            sandbox.terminate()
            sandbox.wait()


def ready(url):
    """Whether serve at `url` answers /readyz."""
    try:
        return urllib.request.urlopen(url + "/readyz", timeout=5).status == 200
    except OSError:
        return False


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/flotilla")
    docs = os.path.join(ROOT, "docs")
    with tempfile.TemporaryDirectory() as folder, ServedFleet(binary, folder, clusters=4, apps=5) as fleet:
        token = fleet.token("alice", "operator")
        context, app = fleet.contexts[1], fleet.apps[2]
        fleet.drift(context, app)
        deadline = time.time() + 60
        while fleet.api(f"targets/{app}-{context}/{context}", token)["target"]["syncStatus"] != "OutOfSync":
            if time.time() > deadline:
                sys.exit("the drift was not seen")
            time.sleep(0.5)
        browser = Browser(width=1100, height=600)
        try:
            browser.driver.get(fleet.url + "/")
            browser.one("the sign-in form", "#token").send_keys(token)
            browser.one("the sign-in button", "#sign-in button").click()
            browser.wait("the drifted cell", lambda: browser.find('td.cell[data-state="OutOfSync"]'))
            browser.wait("the live stream", lambda: "live" in browser.text("#live"))
            browser.driver.save_screenshot(os.path.join(docs, "dashboard-matrix.png"))
            browser.find('td.cell[data-state="OutOfSync"]')[0].click()
            browser.wait("the diff", lambda: browser.find("#diff pre.diff"), 60)
            browser.wait("the history", lambda: browser.find("#history table"))
            browser.driver.set_window_size(1100, 1300)
            time.sleep(0.5)
            browser.driver.save_screenshot(os.path.join(docs, "dashboard-target.png"))
        finally:
            browser.close()
    rollout_page(binary, docs)
    print("wrote docs/dashboard-matrix.png, docs/dashboard-target.png and docs/dashboard-rollout.png")


if __name__ == "__main__":
    main()
