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
