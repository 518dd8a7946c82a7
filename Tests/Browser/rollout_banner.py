#!/usr/bin/env python3
"""The dashboard shows a halted rollout above the fleet matrix (issue 18).

Usage: rollout_banner.py --url URL --expect TEXT... (the viewer token in $DASHBOARD_VIEWER_TOKEN)

Signs in, waits for the line of a halted rollout, checks that it holds every --expect text,
and that the page logged no script error. Prints `ok: …` per check, then PASS or FAIL.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, Failure  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--expect", action="append", default=[])
    args = parser.parse_args()
    browser = Browser()
    try:
        browser.driver.get(args.url + "/")
        browser.one("the sign-in form", "#token").send_keys(os.environ["DASHBOARD_VIEWER_TOKEN"])
        browser.one("the sign-in button", "#sign-in button").click()
        line = browser.one("the halted rollout's line", "#rollouts .rollout.halted", timeout=60)
        text = line.text
        for expected in args.expect:
            if expected not in text:
                raise Failure(f"the rollout line {text!r} does not say {expected!r}")
        print(f"ok: the halted rollout is shown above the matrix: {text}", flush=True)
        errors = [message for message in browser.console_errors() if "Uncaught" in message
                  or "Content Security Policy" in message]
        if errors:
            raise Failure("console errors: " + "; ".join(errors))
        print("ok: no script error", flush=True)
    except Failure as failure:
        print(f"FAIL: {failure}", flush=True)
        sys.exit(1)
    finally:
        browser.close()
    print("PASS", flush=True)


if __name__ == "__main__":
    main()
