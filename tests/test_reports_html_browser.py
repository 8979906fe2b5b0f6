"""The HTML report in a real headless Chromium (Debian's `chromium`), driven over the DevTools protocol.

It loads with no console errors and no network requests, the chart is drawn, filtering by rule changes the
rows, a rule's documentation opens in one click, and 100,000 findings load and filter quickly. The browser is
driven through `--remote-debugging-pipe` (JSON messages on file descriptors 3 and 4), so no driver package or
port is needed. Set PAV_SCREENSHOT=FILE to keep a screenshot of the sample batch's report.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from tests.test_reports_html import _render, _results

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _high_fd(fd: int) -> int:
    """The same pipe end on a descriptor above 9, so moving it to 3 or 4 in the child clobbers nothing."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


class Browser:
    """A headless Chromium with one page, spoken to over the DevTools pipe."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM, "chromium is not installed (apt-get install chromium)"
        to_browser_read, self._to_browser = (_high_fd(fd) for fd in os.pipe())
        self._from_browser, from_browser_write = (_high_fd(fd) for fd in os.pipe())
        args = [
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "about:blank",
        ]

        def give_pipe_descriptors() -> None:  # in the child: the pipe ends become descriptors 3 and 4
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *args],
            preexec_fn=give_pipe_descriptors,  # a single-threaded test process
            close_fds=False,  # 3 and 4 must survive exec; every other descriptor is close-on-exec (PEP 446)
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
            session=True,
        )

    def _read_message(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("no message from chromium")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = False, timeout: float = 60
    ) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message(timeout)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 60) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                return event
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self._read_message(deadline - time.monotonic())
            self.events.append(event)
            if event.get("method") == method:
                return event
        raise TimeoutError(method)

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def open(self, path: Path, fragment: str = "") -> None:
        self.events.clear()
        self.call("Page.navigate", {"url": "about:blank"}, session=True)  # so a fragment is a real load
        self.wait_for("Page.loadEventFired")
        self.events.clear()
        self.call("Page.navigate", {"url": path.as_uri() + fragment}, session=True)
        self.wait_for("Page.loadEventFired", timeout=120)
        deadline = time.monotonic() + 60
        while self.evaluate("document.documentElement.getAttribute('data-ready')") != "true":
            assert time.monotonic() < deadline, "the report's script never finished"
            time.sleep(0.05)

    def problems(self, document: Path) -> list[str]:
        """Console errors and warnings, exceptions, and every request that is not the document itself."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                found.append(f"log: {params['entry'].get('text')}")
            elif method == "Network.requestWillBeSent" and params["request"]["url"] != document.as_uri():
                found.append(f"request: {params['request']['url']}")
        return found

    def screenshot(self, path: Path) -> None:
        height = self.evaluate("Math.ceil(document.documentElement.scrollHeight)")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": min(int(height), 2400), "deviceScaleFactor": 1, "mobile": False},
            session=True,
        )
        data = self.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close", timeout=10)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    instance = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def samples_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    cwd = Path.cwd()
    os.chdir(SAMPLES.parent)
    try:
        from validator.cli import main

        main(["check", "--format", f"html={folder / 'samples.html'}", "samples/records/batch.jsonl"])
    finally:
        os.chdir(cwd)
    return folder / "samples.html"


ROWS = "Array.from(document.querySelectorAll('#rows tr'))"


def _filter(browser: Browser, select: str, value: str) -> None:
    browser.evaluate(
        f"(() => {{ const s = document.getElementById({json.dumps(select)}); s.value = {json.dumps(value)};"
        " s.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )


def test_loads_clean_with_the_chart_drawn(browser: Browser, samples_report: Path) -> None:
    browser.open(samples_report)
    assert browser.problems(samples_report) == []
    bars = browser.evaluate(
        "Array.from(document.querySelectorAll('svg.chart rect')).map(r => [r.getBBox().width, "
        "getComputedStyle(r).fill])"
    )
    assert len(bars) == 30  # one bar per rule with findings in the samples
    assert all(width > 1 for width, _ in bars)
    assert {fill for _, fill in bars} == {"rgb(198, 40, 40)", "rgb(161, 92, 0)", "rgb(21, 101, 192)"}
    assert browser.evaluate(f"{ROWS}.length") == 30
    severities = browser.evaluate(f"{ROWS}.map(tr => tr.className)")
    assert severities == sorted(severities, key=["error", "warning", "info"].index)  # worst first
    if os.environ.get("PAV_SCREENSHOT"):
        browser.screenshot(Path(os.environ["PAV_SCREENSHOT"]))


def test_filtering_by_rule_site_and_severity_changes_the_rows(browser: Browser, samples_report: Path) -> None:
    browser.open(samples_report)
    _filter(browser, "f-rule", "F202")
    rows = browser.evaluate(f"{ROWS}.map(tr => Array.from(tr.cells).map(td => td.textContent))")
    assert len(rows) == 1 and rows[0][1] == "F202" and "19 digits" in rows[0][4]
    assert browser.evaluate("document.getElementById('f-count').textContent").startswith("Showing 1 of 1 matching")
    assert browser.evaluate("document.getElementById('f-link').getAttribute('href')") == "#filter?rule=F202"
    _filter(browser, "f-rule", "")
    _filter(browser, "f-severity", "warning")
    assert set(browser.evaluate(f"{ROWS}.map(tr => tr.className)")) == {"warning"}
    assert browser.evaluate(f"{ROWS}.length") == 8
    _filter(browser, "f-site", "www.hebei.gov.cn")
    assert browser.evaluate(f"{ROWS}.length") == 0  # its one finding is info
    # A click on a bar of the chart filters by its rule.
    browser.evaluate("document.getElementById('f-reset').click()")
    browser.evaluate(
        "document.querySelector('svg.chart a[data-filter-rule=\"F101\"]')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))"
    )
    assert browser.evaluate(f"{ROWS}.map(tr => tr.cells[1].textContent)") == ["F101"]
    assert browser.problems(samples_report) == []


def test_scorecard_cells_filter_the_findings_and_headings_sort(browser: Browser, samples_report: Path) -> None:
    browser.open(samples_report)
    cell = '#scorecard-table a[data-filter-site="www.sc.gov.cn"][data-filter-requirement="public-security"]'
    assert browser.evaluate(f"document.querySelector('{cell}').textContent") == "19%5/27 F201"
    browser.evaluate(
        f"document.querySelector('{cell}').dispatchEvent(new MouseEvent('click', {{bubbles: true, cancelable: true}}))"
    )
    rows = browser.evaluate(f"{ROWS}.map(tr => [tr.cells[1].textContent, tr.cells[2].textContent])")
    assert sorted(rows) == [
        ["F201", "www.sc.gov.cn"],
        ["F202", "www.sc.gov.cn"],
        ["F203", "www.sc.gov.cn"],
        ["F204", "www.sc.gov.cn"],
        ["F205", "www.sc.gov.cn"],
    ]
    assert browser.evaluate("document.getElementById('f-link').getAttribute('href')") == (
        "#filter?site=www.sc.gov.cn&requirement=public-security"
    )
    sites = "Array.from(document.querySelectorAll('#scorecard-table tbody th')).map(th => th.textContent)"
    heading = "document.querySelector('#scorecard-table thead th:nth-child(2) button').click()"
    browser.evaluate(heading)  # pages, most first
    assert browser.evaluate(sites)[0] == "www.sc.gov.cn"
    browser.evaluate(heading)  # and the other way round
    assert browser.evaluate(sites)[-1] == "www.sc.gov.cn"
    assert (
        browser.evaluate("document.querySelector('#scorecard-table thead th:nth-child(2)').getAttribute('aria-sort')")
        == "ascending"
    )
    assert browser.problems(samples_report) == []


def test_rule_docs_open_in_one_click(browser: Browser, samples_report: Path) -> None:
    browser.open(samples_report)
    browser.evaluate("document.querySelector('#rows a.rule-link').click()")
    assert browser.evaluate("document.getElementById('doc-dialog').open") is True
    text = browser.evaluate("document.getElementById('doc-content').textContent")
    assert "Passing:" in text and "Failing:" in text
    browser.evaluate("document.getElementById('doc-close').click()")
    assert browser.evaluate("document.getElementById('doc-dialog').open") is False


def test_filter_link_restores_the_view(browser: Browser, samples_report: Path) -> None:
    browser.open(samples_report, "#filter?severity=info")
    assert browser.evaluate(f"{ROWS}.map(tr => tr.cells[1].textContent)") == ["F105", "F502"]


def test_100000_findings_load_and_filter_quickly(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    _render(_results(100_000), path)
    started = time.monotonic()
    browser.open(path)
    loaded = time.monotonic() - started
    assert browser.problems(path) == []
    assert browser.evaluate(f"{ROWS}.length") == 200  # a page of rows, not 100,000 DOM rows
    elapsed = browser.evaluate(
        "(() => { const t = performance.now(); const s = document.getElementById('f-rule'); s.value = 'F105';"
        " s.dispatchEvent(new Event('change')); return performance.now() - t; })()"
    )
    assert browser.evaluate("document.getElementById('f-count').textContent") == (
        "Showing 200 of 20,000 matching findings (100,000 listed)"
    )
    text_search = browser.evaluate(
        "(() => { const t = performance.now(); const i = document.getElementById('f-text');"
        " i.value = 'MESSAGE 4243 页脚'; document.getElementById('filters').requestSubmit();"
        " return performance.now() - t; })()"
    )
    assert browser.evaluate(f"{ROWS}.map(tr => tr.cells[4].textContent)") == []  # 4243 is an S007 row
    _filter(browser, "f-rule", "")
    assert browser.evaluate(f"{ROWS}.map(tr => tr.cells[4].textContent)") == ["message 4243 页脚 <b>"]
    assert loaded < 20 and elapsed < 500 and text_search < 2000, (loaded, elapsed, text_search)
