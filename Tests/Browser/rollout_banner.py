#!/usr/bin/env python3
"""The dashboard shows a halted rollout above the fleet matrix (issue 18), with its Resume and
Abort buttons.

Usage: rollout_banner.py --url URL --expect TEXT... [--abort APPLICATIONSET]
(the viewer token in $DASHBOARD_VIEWER_TOKEN; with --abort, the operator's in $DASHBOARD_OPERATOR_TOKEN)

As the viewer: signs in, waits for the line of a halted rollout, checks that it holds every
--expect text and that its Resume and Abort buttons are there but disabled. With --abort, as the
operator: clicks Abort on that ApplicationSet's line, confirms, waits for the result and for the
line to say the rollout is aborted, with Resume enabled. Checks that no page logged a script
error. Prints `ok: …` per check, then PASS or FAIL.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Browser, Failure  # noqa: E402


def sign_in(browser, url, token):
    browser.driver.get(url + "/")
    browser.one("the sign-in form", "#token").send_keys(token)
    browser.one("the sign-in button", "#sign-in button").click()


def check_console(browser):
    errors = [message for message in browser.console_errors() if "Uncaught" in message
              or "Content Security Policy" in message]
    if errors:
        raise Failure("console errors: " + "; ".join(errors))
    print("ok: no script error", flush=True)


def line_of(application_set):
    return f'#rollouts .rollout[data-application-set="{application_set}"]'


def snapshot(browser, what, css, timeout=60):
    """The text of the first element matching `css` and its buttons' (text, enabled, title),
    read in one script: live events redraw the rollout lines, so elements found in one call
    may be gone in the next."""
    return browser.wait(what, lambda: browser.driver.execute_script(
        "const line = document.querySelector(arguments[0]); if (!line) return null;"
        "return [line.innerText, [...line.querySelectorAll('button')]"
        ".map(button => [button.textContent, !button.disabled, button.title])];", css), timeout)


def viewer(browser, args):
    sign_in(browser, args.url, os.environ["DASHBOARD_VIEWER_TOKEN"])
    text, buttons = snapshot(browser, "the halted rollout's line", "#rollouts .rollout.halted")
    for expected in args.expect:
        if expected not in text:
            raise Failure(f"the rollout line {text!r} does not say {expected!r}")
    print(f"ok: the halted rollout is shown above the matrix: {text}", flush=True)
    names = sorted(name for name, _, _ in buttons)
    if names != ["Abort", "Resume"]:
        raise Failure(f"a halted rollout's line has buttons {names}, not Abort and Resume")
    if any(enabled for _, enabled, _ in buttons):
        raise Failure("a viewer's Resume or Abort button is enabled")
    title = next(title for name, _, title in buttons if name == "Abort")
    print("ok: a viewer sees Resume and Abort disabled: " + title, flush=True)
    check_console(browser)


def operator_abort(browser, args):
    sign_in(browser, args.url, os.environ["DASHBOARD_OPERATOR_TOKEN"])
    line = line_of(args.abort)
    browser.one("the halted rollout's line", line + ".halted", timeout=60)
    result = browser.act(line + " button.rollout-abort", f"Abort of rollout {args.abort} done", "the Abort button")
    print("ok: Abort clicked and confirmed: " + " | ".join(result.splitlines()), flush=True)
    text, buttons = snapshot(browser, "the line to say aborted", line + ".aborted")
    if [(name, enabled) for name, enabled, _ in buttons] != [("Resume", True)]:
        raise Failure(f"an aborted rollout's line offers {buttons!r}: Resume only, enabled")
    print("ok: the line says the rollout is aborted, and offers Resume: " + text, flush=True)
    check_console(browser)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--abort", help="an ApplicationSet whose halted rollout the operator aborts")
    args = parser.parse_args()
    flows = [viewer] + ([operator_abort] if args.abort else [])
    for flow in flows:
        browser = Browser()
        try:
            flow(browser, args)
        except Failure as failure:
            print(f"FAIL: {failure}", flush=True)
            sys.exit(1)
        finally:
            browser.close()
    print("PASS", flush=True)


if __name__ == "__main__":
    main()
