#!/usr/bin/env python3
"""Writes docs/dashboard-matrix.png and docs/dashboard-target.png: the dashboard of a small
served fleet (4 sandbox clusters x 5 Applications), one target drifted behind Flotilla's back.

Usage: Tests/Browser/screenshots.py [FLOTILLA_BINARY] (make dashboard-screenshots)
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser  # noqa: E402
from served_fleet import ROOT, ServedFleet  # noqa: E402


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
    print("wrote docs/dashboard-matrix.png and docs/dashboard-target.png")


if __name__ == "__main__":
    main()
