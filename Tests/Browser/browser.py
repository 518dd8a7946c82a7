"""Headless Chromium driven by Selenium, for the dashboard's browser tests, screenshots and benchmark.

Selenium comes from PyPI into the repository's .tools/ (`make selenium`), chromedriver and
chromium from Debian (`chromium`, `chromium-driver`).
"""
import os
import shutil
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, ".tools"))

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError as missing:
    sys.exit(f"FAIL: Selenium is missing ({missing}): run `make selenium` (it installs into {ROOT}/.tools)")

__all__ = ["By", "Browser", "NoAlertPresentException", "StaleElementReferenceException", "Failure"]


class Failure(Exception):
    """A check of the dashboard that did not hold."""


class Browser:
    """One headless Chromium window of `width` x `height`, with polling waits."""

    def __init__(self, width=1280, height=900):
        options = webdriver.ChromeOptions()
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if binary:
            options.binary_location = binary
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", f"--window-size={width},{height}"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
        if not binary or not os.path.exists(driver):
            raise Failure("chromium and chromedriver are needed: run `make test-deps` (Debian's chromium-driver)")
        self.driver = webdriver.Chrome(options=options, service=Service(driver))
        self.driver.set_page_load_timeout(60)

    def close(self):
        self.driver.quit()

    def wait(self, what, condition, timeout=30.0):
        """Polls `condition` (every 100 ms) until it returns a truthy value, which is returned."""
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                value = condition()
                if value:
                    return value
            except StaleElementReferenceException as error:
                last_error = error
            time.sleep(0.1)
        raise Failure(f"timed out after {timeout:.0f} s waiting for {what}" + (f" ({last_error})" if last_error else ""))

    def find(self, css):
        """The elements matching `css`."""
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def click(self, what, find, timeout=30.0):
        """Clicks the element `find()` returns, finding it again when the page re-rendered it
        between finding and clicking (live events redraw a target's history)."""
        def attempt():
            try:
                find().click()
                return True
            except StaleElementReferenceException:
                return False
        self.wait(what, attempt, timeout)

    def one(self, what, css, timeout=30.0):
        """Waits for the first element matching `css`."""
        return self.wait(what, lambda: next(iter(self.find(css)), None), timeout)

    def text(self, css):
        """The text of the first element matching `css`, or ''."""
        found = self.find(css)
        return found[0].text if found else ""

    def alert_text(self):
        """The text of an open JavaScript alert, or None."""
        try:
            return self.driver.switch_to.alert.text
        except NoAlertPresentException:
            return None

    def console_errors(self):
        """Severe console messages so far (script errors, CSP violations)."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def confirm(self):
        """Confirms the dialog of an action once it is open."""
        self.wait("the confirmation dialog", lambda: not self.one("modal", "#modal").get_attribute("hidden"))
        self.one("the confirm button", "#modal-confirm").click()

    def act(self, button, done, what, timeout=120):
        """Clicks `button` (a CSS selector or an element), confirms, and waits for the result
        panel to contain `done`; a 409 (a refresh cycle was running the target just then) is
        shown by the page and retried, as a person would. The page marks a finished action with
        `data-outcome`; while it runs the panel says "<action> running…" (the 409's own text says
        "already running;", so only the ellipsis marks an action in flight)."""
        for _ in range(5):
            self.click(what, (lambda: self.one(what, button)) if isinstance(button, str) else button)
            self.confirm()
            try:
                result = self.wait(f"the result of {what}", lambda: (
                    self.one("result", "#result").get_attribute("data-outcome") and
                    "running…" not in self.text("#result") and self.text("#result")), timeout)
            except Failure as failure:
                raise Failure(f"{failure}; the page shows: result {self.text('#result')!r}, "
                              f"dialog {self.text('#modal')!r}") from None
            if done in result:
                return result
            if "(409)" not in result:
                raise Failure(f"{what}: {result}")
            time.sleep(1)
        raise Failure(f"{what} stayed busy (409)")
