"""The HTML report in a real browser: it loads from the file alone, without a single request.

Headless Chromium is driven over the Chrome DevTools Protocol on ``--remote-debugging-pipe``
(the browser reads commands on fd 3 and writes replies on fd 4, NUL-separated JSON), so the
test needs nothing beyond the standard library. Every request the page makes is recorded
from ``Network.requestWillBeSent``; a canary page proves the recording sees requests at all.
The network is cut three ways: offline emulation, a host resolver that resolves nothing, and
a proxy on a closed loopback port.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.report_summaries import EDGE_CASES, example
from tone.report_html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BASH = shutil.which("bash") or "/bin/bash"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed: run scripts/ensure-chromium.sh (as root) to install it",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--remote-debugging-pipe",
]
TIMEOUT = 45.0


class DevTools:
    """A headless Chromium and a DevTools session on one page, over the debugging pipe."""

    def __init__(self, profile: Path):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Move the browser's ends above fd 9 so bash's 3<&N 4>&M can't clobber one with the other
        # (bash, not sh: dash only redirects single-digit descriptors).
        read_end, write_end = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_r, from_browser_w))
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)
        self._stderr = open(profile / "chromium.log", "wb")  # noqa: SIM115  (closed in close())
        self.process = subprocess.Popen(
            [
                BASH,
                "-c",
                f'exec "$0" "$@" 3<&{read_end} 4>&{write_end}',
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
            ],
            pass_fds=(read_end, write_end),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        os.close(read_end)
        os.close(write_end)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = True
    ) -> dict[str, Any]:
        """Send a command and wait for its reply; events that arrive meanwhile are kept in order."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        reply = self._read_until(lambda m: m.get("id") == self._next_id)
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        return reply.get("result", {})

    def wait_for(self, method: str) -> dict[str, Any]:
        """Wait for an event of this page's session (or return one that already came)."""
        for event in self.events:
            if event.get("method") == method:
                return event
        return self._read_until(lambda m: m.get("method") == method)

    def _read_until(self, wanted) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise AssertionError(f"no answer from chromium in {TIMEOUT:.0f}s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise AssertionError("chromium closed the DevTools pipe")
            self._buffer += chunk

    def open_page(self) -> None:
        """Attach to a fresh blank page with the network recorded and cut."""
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )
        self.session = attached["sessionId"]
        for method in ("Network.enable", "Page.enable", "Runtime.enable", "Log.enable"):
            self.send(method)
        self.send(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )

    def load(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")
        self.send(
            "Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 300))", "awaitPromise": True}
        )

    def requested(self) -> list[str]:
        return [
            e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"
        ]

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and log errors (a blocked load would show up here)."""
        found = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                found.append(str(params.get("exceptionDetails", {}).get("text")))
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") == "error":
                found.append(str(params.get("args")))
            elif event["method"] == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                found.append(str(params["entry"].get("text")))
        return found

    def evaluate(self, expression: str) -> Any:
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get(
            "value"
        )

    def screenshot(self, path: Path) -> Path:
        height = self.evaluate("Math.ceil(document.documentElement.scrollHeight)")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": int(height), "deviceScaleFactor": 1, "mobile": False},
        )
        shot = self.send("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False)
            self.process.wait(timeout=10)
        except (AssertionError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            self._stderr.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    devtools = DevTools(tmp_path_factory.mktemp("chromium-profile"))
    try:
        devtools.open_page()
        yield devtools
    finally:
        devtools.close()


def test_report_loads_with_no_request_but_the_file_itself(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(example()), encoding="utf-8")
    browser.load(page.as_uri())

    assert browser.requested() == [page.as_uri()]
    assert browser.problems() == []
    assert browser.evaluate("document.title") == "Tone report · WhatsApp Chat with Sam.txt"
    assert browser.evaluate("document.querySelectorAll('svg').length") >= 10
    assert browser.evaluate("document.querySelectorAll('script').length") == 0
    assert browser.evaluate("document.querySelector('#labels bdi[title^=\"Sam\"]').textContent") == (
        "Sam <script>alert(1)</script>"
    )
    shot = browser.screenshot(tmp_path / "report.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


@pytest.mark.parametrize("case", ["many senders", "long text, RTL and emoji", "zero scored"])
def test_edge_cases_load_with_no_request_either(browser, tmp_path, case):
    page = tmp_path / "report.html"
    page.write_text(render_html(EDGE_CASES[case]()), encoding="utf-8")
    browser.load(page.as_uri())

    assert browser.requested() == [page.as_uri()]
    assert browser.problems() == []
    assert browser.evaluate("document.querySelectorAll('section').length") == 6


def test_the_recorder_does_see_a_page_that_asks_for_something(browser, tmp_path):
    # The canary points at a closed loopback port; with the network cut it is only attempted.
    page = tmp_path / "canary.html"
    page.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/canary.png" alt="">', encoding="utf-8")
    browser.load(page.as_uri())

    assert "http://127.0.0.1:9/canary.png" in browser.requested()
