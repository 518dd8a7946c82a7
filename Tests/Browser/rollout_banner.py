#!/usr/bin/env python3
"""The dashboard shows a halted rollout above the fleet matrix (issue 18), with its Resume and
Abort buttons.

Usage: rollout_banner.py --url URL --expect TEXT... [--step N=STATE...]
       [--target N:APP@CLUSTER:HEALTH:REVISION...] [--xss-reason TEXT] [--abort APPLICATIONSET]
(the viewer token in $DASHBOARD_VIEWER_TOKEN; with --abort, the operator's in $DASHBOARD_OPERATOR_TOKEN)

As the viewer: signs in, waits for the line of a halted rollout, checks that it holds every
--expect text and that its Resume and Abort buttons are there but disabled. With --step or --target, the viewer then clicks the
rollout's name and checks its page: each step N in STATE (done, current, waiting, halted), each
target in step N with HEALTH and last synced at REVISION, Resume and Abort disabled there too, and
the halting target named in the header, a link to its page; with --xss-reason, the halt reason
(HTML) shown as text there, no element made of it. With --abort, as the
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
    if args.step or args.target:
        rollout_page(browser, args)
    check_console(browser)


def page_snapshot(browser):
    """The rollout page in one script (live events redraw it): its header's halt text and link,
    its buttons (text, enabled), and each step's number, state and rows of cell texts."""
    return browser.driver.execute_script(
        "const page = document.querySelector('#rollout-page'); if (!page) return null;"
        "const steps = [...page.querySelectorAll('.rollout-step')]; if (steps.length === 0) return null;"
        "const halt = page.querySelector('#halt'); const link = halt && halt.querySelector('a');"
        "return [halt ? halt.innerText : '', link ? link.getAttribute('href') : '', page.querySelectorAll('img').length,"
        " [...page.querySelectorAll('#actions button')].map(button => [button.textContent, !button.disabled]),"
        " steps.map(step => [step.dataset.step, step.dataset.state, [...step.querySelectorAll('tbody tr')]"
        "  .map(row => [...row.cells].map(cell => cell.innerText))])];")


def rollout_page(browser, args):
    """Opens the halted rollout's page from its line and checks its steps and targets."""
    line = "#rollouts .rollout.halted"
    browser.click("the rollout's name", lambda: browser.one("the rollout's name", line + " a.rollout-name"))
    browser.wait("the rollout page's address", lambda: "#/rollouts/" in browser.driver.current_url)
    expected_steps = dict(item.split("=", 1) for item in args.step)
    expected_targets = [item.split(":", 3) for item in args.target]

    def matches():
        snapshot = page_snapshot(browser)
        if not snapshot:
            return None
        _, _, _, _, steps = snapshot
        states = {number: state for number, state, _ in steps}
        rows = {(number, row[0] + "@" + row[1]): row for number, _, rows in steps for row in rows}
        good = all(states.get(number) == state for number, state in expected_steps.items()) and all(
            (step, target) in rows and rows[(step, target)][4] == health and rows[(step, target)][6] == revision[:12]
            for step, target, health, revision in expected_targets)
        return snapshot if good else None

    try:
        snapshot = browser.wait("the rollout page's steps", matches, 60)
    except Failure:
        raise Failure(f"the rollout page shows {page_snapshot(browser)!r}, not steps {expected_steps} "
                      f"and targets {expected_targets}") from None
    halt, link, images, buttons, steps = snapshot
    for number, state, rows in steps:
        print(f"ok: step {number} is {state}: " + "; ".join(" ".join(row) for row in rows), flush=True)
    if sorted(name for name, _ in buttons) != ["Abort", "Resume"] or any(enabled for _, enabled in buttons):
        raise Failure(f"the rollout page offers a viewer {buttons!r}: Resume and Abort, disabled")
    print("ok: the rollout page shows Resume and Abort disabled for a viewer", flush=True)
    if not link.startswith("#/targets/"):
        raise Failure(f"the halt {halt!r} does not link to the halting target's page ({link!r})")
    print(f"ok: the header names the halting target, linked to {link}: {halt}", flush=True)
    if args.xss_reason:
        if args.xss_reason not in halt or images or browser.alert_text() is not None:
            raise Failure(f"the halt reason {args.xss_reason!r} is not plain text on the page: {halt!r}, "
                          f"{images} img elements, alert {browser.alert_text()!r}")
        print("ok: a halt reason of HTML renders as text (no img element, no alert)", flush=True)


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
    parser.add_argument("--step", action="append", default=[], help="N=STATE on the rollout's page")
    parser.add_argument("--target", action="append", default=[],
                        help="N:APP@CLUSTER:HEALTH:REVISION on the rollout's page (last synced revision)")
    parser.add_argument("--xss-reason", help="the rollout's halt reason, HTML, to be shown as text")
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
