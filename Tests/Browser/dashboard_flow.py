#!/usr/bin/env python3
"""The dashboard's acceptance flow in headless Chromium, against a running `flotilla serve`.

Run by Tests/EndToEndTests/DashboardBrowserTests.swift, which starts sandbox clusters, the
server and a Git repository, and passes the tokens in the environment (never in argv):
DASHBOARD_OPERATOR_TOKEN, DASHBOARD_VIEWER_TOKEN.

Prints one "ok: ..." line per check; on a failure prints "FAIL: ..." (and saves a screenshot
beside --artifacts) and exits 1.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, Failure  # noqa: E402


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="http://host:port of flotilla serve")
    parser.add_argument("--kubeconfig", required=True)
    parser.add_argument("--context", required=True, help="the cluster's context and name")
    parser.add_argument("--app", required=True, help="an automated Application (no selfHeal) with Deployment web")
    parser.add_argument("--namespace", required=True)
    parser.add_argument("--repo", required=True, help="the Git repository the Application reads, its manifest web/web.yaml")
    parser.add_argument("--xss-app", help="an Application whose name is HTML, to be shown as text")
    parser.add_argument("--xss-parent", help="the --xss-app's parent Application (app of apps): its row is under the parent's")
    parser.add_argument("--artifacts", required=True, help="a folder for screenshots of failures")
    return parser.parse_args()


class Flow:
    def __init__(self, args):
        self.args = args
        self.operator = os.environ["DASHBOARD_OPERATOR_TOKEN"]
        self.viewer = os.environ["DASHBOARD_VIEWER_TOKEN"]
        self.browser = None

    def ok(self, message):
        print("ok: " + message, flush=True)

    def kubectl(self, *arguments):
        result = subprocess.run(["kubectl", "--kubeconfig", self.args.kubeconfig, "--context", self.args.context,
                                 "--cache-dir", os.path.join(self.args.artifacts, "kube-cache"), *arguments],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise Failure(f"kubectl {' '.join(arguments)}: {result.stderr.strip()}")
        return result.stdout

    def replicas(self):
        document = json.loads(self.kubectl("get", "deployment", "web", "-n", self.args.namespace, "-o", "json"))
        return document["spec"]["replicas"]

    def commit(self, replicas):
        """Commits web/web.yaml with `replicas` replicas; the new commit's sha."""
        path = os.path.join(self.args.repo, "web", "web.yaml")
        with open(path) as handle:
            manifest = handle.read()
        lines = [("  replicas: %d" % replicas) if line.startswith("  replicas: ") else line
                 for line in manifest.split("\n")]
        with open(path, "w") as handle:
            handle.write("\n".join(lines))
        git = ["git", "-C", self.args.repo, "-c", "user.email=test@example.com", "-c", "user.name=test"]
        subprocess.run(git + ["commit", "-qam", f"{replicas} replicas"], check=True, capture_output=True)
        return subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()

    def cell(self, application, cluster):
        """The matrix cell of a target (found by its row and column, whatever the name holds)."""
        return self.browser.driver.execute_script(
            "return [...document.querySelectorAll('table.matrix tbody tr')]"
            ".find(row => row.dataset.row === arguments[0])"
            "?.querySelector('td[data-cluster=\"' + CSS.escape(arguments[1]) + '\"]') || null;",
            application, cluster)

    def sign_in(self, token):
        browser = self.browser
        browser.driver.get(self.args.url + "/")
        field = browser.one("the sign-in form", "#token")
        field.send_keys(token)
        browser.one("the sign-in button", "#sign-in button").click()

    def confirm(self):
        self.browser.confirm()

    def act(self, button, done, what, timeout=120):
        return self.browser.act(button, done, what, timeout)

    def run(self):
        for flow in (self.operator_flow, self.viewer_flow):
            self.browser = Browser()
            try:
                flow()
            except Failure:
                self.browser.driver.save_screenshot(os.path.join(self.args.artifacts, "failure.png"))
                raise
            finally:
                self.browser.close()

    def operator_flow(self):
        args, browser = self.args, self.browser
        driver = browser.driver

        self.sign_in("flt_not-a-token")
        browser.wait("the error of a bad token", lambda: "not valid" in browser.text("#sign-in-error"))
        self.ok("a bad token is refused on the sign-in form")

        driver.find_element("css selector", "#token").clear()
        self.sign_in(self.operator)
        browser.one("the matrix", "table.matrix td.cell", timeout=60)
        browser.wait("the target's cell Healthy",
                     lambda: (self.cell(args.app, args.context) or {}) and
                     self.cell(args.app, args.context).get_attribute("data-state") == "Healthy", 60)
        stored = driver.execute_script("return [localStorage.length, sessionStorage.length, document.cookie]")
        if stored[0] or stored[1] or "flotilla_session" in stored[2] or self.operator in driver.page_source:
            raise Failure(f"the token or the session is readable by the page: {stored}")
        self.ok("signed in as an operator: the matrix shows the target Healthy; nothing stored, the cookie HttpOnly")
        summary = browser.text("#summary")
        if "targets on" not in summary:
            raise Failure(f"no summary counts: {summary!r}")
        self.ok(f"summary: {summary}")
        browser.wait("the live indicator", lambda: "live" in browser.text("#live"), 30)

        if args.xss_app:
            xss_row = f"{args.xss_parent} › {args.xss_app}" if args.xss_parent else args.xss_app
            row = browser.wait("the HTML-named Application's row", lambda: driver.execute_script(
                "return [...document.querySelectorAll('table.matrix tbody tr')]"
                ".find(row => row.dataset.row === arguments[0]) || null;", xss_row), 30)
            if row.find_element("css selector", "th").text != xss_row:
                raise Failure(f"the row's name reads {row.text!r}")
            if browser.find("img") or browser.alert_text() is not None:
                raise Failure("an img element or an alert: the name was parsed as HTML")
            browser.click("the HTML-named cell", lambda: self.cell(xss_row, args.context))
            browser.wait("its target page", lambda: args.xss_app in browser.text("#target-header h1"))
            if browser.find("img") or browser.alert_text() is not None:
                raise Failure("an img element or an alert on the target page")
            self.ok("an Application named " + args.xss_app + " renders as text (no img element, no alert)"
                    + (f", its row under its parent's: {xss_row}" if args.xss_parent else ""))
            browser.one("the home link", "#home").click()
            browser.one("the matrix", "table.matrix td.cell")

        # Filters in the URL, as `status -o html`: only the matching row is shown, and counted.
        driver.get(args.url + "/#/?app=" + args.app + "&state=Healthy")
        browser.wait("the filtered matrix", lambda: browser.text("#shown").startswith("showing 1 of"))
        shown = [row.get_attribute("data-row") for row in browser.find("table.matrix tbody tr")
                 if "hidden" not in row.get_attribute("class")]
        if shown != [args.app] or browser.one("state", "#filter-state").get_attribute("value") != "Healthy":
            raise Failure(f"#/?app={args.app}&state=Healthy shows rows {shown}")
        browser.one("the Application filter", "#filter-app").clear()
        browser.wait("the filter in the URL", lambda: driver.execute_script("return location.hash") == "#/?state=Healthy")
        self.ok("filters from the URL: " + browser.text("#shown") + "; a changed filter is written back to the URL")

        # The cluster page: from the matrix's column header.
        browser.one("the cluster's column", "table.matrix th.cluster a").click()
        browser.wait("the cluster page", lambda: "Reachable" in browser.text("#cluster"))
        page = browser.text("#cluster")
        for expected in ["Reachable yes", "Version v", "Latency", "Watches", args.app]:
            browser.wait(f"{expected!r} on the cluster page", lambda: expected in browser.text("#cluster"), 30)
        self.ok("the cluster page: " + " | ".join(line for line in page.split("\n")
                                                  if line.split(" ")[0] in ("Reachable", "Version", "Latency")))
        driver.get(args.url + "/#/")
        browser.one("the matrix", "table.matrix td.cell")

        # Drift behind Flotilla's back: the cell turns OutOfSync with no reload.
        driver.execute_script("window.flotillaNotReloaded = true;"
                              "window.flotillaCell = arguments[0];", self.cell(args.app, args.context))
        self.kubectl("scale", "deployment", "web", "-n", args.namespace, "--replicas=5")
        started = time.monotonic()
        browser.wait("the cell to turn OutOfSync",
                     lambda: self.cell(args.app, args.context).get_attribute("data-state") == "OutOfSync", 60)
        if not driver.execute_script("return window.flotillaNotReloaded === true"):
            raise Failure("the page reloaded")
        if not driver.execute_script("return window.flotillaCell === arguments[0]", self.cell(args.app, args.context)):
            raise Failure("the matrix was drawn again instead of its cell being updated")
        self.ok(f"kubectl scale: the cell turned OutOfSync live in {time.monotonic() - started:.1f} s, no reload, "
                "the same cell element repainted")

        browser.click("the target's cell", lambda: self.cell(args.app, args.context))
        diff = browser.wait("the diff", lambda: next((d.text for d in browser.find("#diff pre.diff")
                                                      if "replicas" in d.text), None), 60)
        if "5" not in diff or "1" not in diff:
            raise Failure(f"the diff does not show replicas 5 -> 1: {diff}")
        self.ok("the target page shows the diff: " + " | ".join(l for l in diff.split("\n") if "replicas" in l))

        self.act("#sync", "Sync succeeded", "the Sync button")
        browser.wait("the target Synced", lambda: browser.one("s", "#target-summary").get_attribute("data-sync") == "Synced", 60)
        if self.replicas() != 1:
            raise Failure(f"after Sync the Deployment has {self.replicas()} replicas")
        self.ok("Sync: succeeded, the target is Synced and the Deployment back to 1 replica")

        browser.one("the home link", "#home").click()
        browser.wait("the cell Healthy again",
                     lambda: (self.cell(args.app, args.context) or {}) and
                     self.cell(args.app, args.context).get_attribute("data-state") == "Healthy", 60)
        self.ok("the matrix shows it Healthy again")

        # Two commits, each reaching the cluster (Refresh asks at once), then a rollback to the first.
        browser.click("the target's cell", lambda: self.cell(args.app, args.context))
        browser.one("the target page", "#target-summary table")
        revisions = []
        for replicas in (2, 3):
            revisions.append(self.commit(replicas))
            browser.one("the Refresh button", "#refresh").click()
            self.confirm()
            browser.wait(f"the Deployment at {replicas} replicas", lambda: self.replicas() == replicas, 120)
            browser.wait(f"history with {revisions[-1][:12]}",
                         lambda: revisions[-1][:12] in browser.text("#history"), 60)
        self.ok("two commits reached the cluster; the history lists both revisions")

        def rollback_button():
            row = browser.wait("the history entry of the first commit", lambda: driver.execute_script(
                "return [...document.querySelectorAll('#history tbody tr')].find(row => row.children[1].textContent"
                " === arguments[0] && row.children[5].textContent === 'succeeded') || null;", revisions[0][:12]))
            return row.find_element("css selector", "button.rollback")
        self.act(rollback_button, "succeeded", "the Rollback button")
        if self.replicas() != 2:
            raise Failure(f"after the rollback the Deployment has {self.replicas()} replicas, not 2")
        history = browser.text("#history")
        if "token:" not in history:
            raise Failure(f"the history does not say which token acted: {history}")
        self.ok(f"Rollback to {revisions[0][:12]}: kubectl get shows 2 replicas; history names the token")
        browser.wait("the hold", lambda: "rolled back to" in browser.text("#target-summary"), 30)
        self.ok("the target says it is held at the rolled-back revision")

        # The cookie alone cannot act: a request without the session's CSRF token is refused.
        status = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/api/v1/' + arguments[0] + '/refresh', {method: 'POST', credentials: 'same-origin',"
            " headers: {'Content-Type': 'application/json'}, body: '{}'}).then(r => done(r.status), e => done(String(e)));",
            "targets/" + args.app + "/" + args.context)
        if status != 403:
            raise Failure(f"a POST with the session cookie but without X-CSRF-Token answered {status}, not 403")
        self.ok("with the session cookie but without the CSRF token an action is refused (403)")
        self.check_console()

    def viewer_flow(self):
        args, browser = self.args, self.browser
        self.sign_in(self.viewer)
        browser.one("the matrix", "table.matrix td.cell", timeout=60)
        self.browser.driver.get(self.args.url + "/#/targets/" + args.app + "/" + args.context)
        sync = browser.one("the Sync button", "#sync")
        browser.one("the target page", "#target-summary table")
        if sync.is_enabled() or browser.one("refresh", "#refresh").is_enabled() or any(
                button.is_enabled() for button in browser.find("button.rollback")):
            raise Failure("a viewer has an enabled action button")
        self.ok("a viewer sees Sync, Refresh and Rollback disabled")
        # Forced on, the server still refuses: the page says 403.
        browser.driver.execute_script("document.getElementById('sync').disabled = false;")
        sync.click()
        self.confirm()
        browser.wait("the refusal", lambda: "403" in browser.text("#result"), 60)
        self.ok("a viewer's forced Sync is refused and shown: " + browser.text("#result"))
        self.check_console()

    def check_console(self):
        errors = [message for message in self.browser.console_errors()
                  if "Content Security Policy" in message or "Uncaught" in message]
        if errors:
            raise Failure("console errors: " + "; ".join(errors))
        self.ok("no script error and no Content-Security-Policy violation in the console")


def main():
    args = parse()
    flow = Flow(args)
    try:
        flow.run()
    except Failure as failure:
        print(f"FAIL: {failure}", flush=True)
        sys.exit(1)
    print("PASS", flush=True)


if __name__ == "__main__":
    main()
