"""A small headless-Chromium driver over the Chrome DevTools Protocol (CDP).

Used by the browser tests and ``scripts/screenshots.py`` to open a scorecard the
way a person would: it records console errors, exceptions, dialogs and every
network request, and can resize the viewport, read the DOM, take screenshots
and print to PDF.  It needs the ``websockets`` package (the ``test`` extra) and a
Chromium binary (Debian's ``chromium``); nothing is downloaded.

Chromium listens on a loopback port chosen by the OS (``--remote-debugging-port=0``)
and writes it to ``DevToolsActivePort`` in its profile folder; we read it there.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHI_CHROMIUM", "/usr/bin/chromium")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
)


class BrowserError(RuntimeError):
    pass


@dataclass
class PageLog:
    """What happened in a page since it was opened."""

    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


class Page:
    def __init__(self, browser: "Browser", session: str, target: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target
        self.log = PageLog()

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30.0) -> dict[str, Any]:
        return self.browser.call(method, params or {}, self.session, timeout)

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.log.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.log.console_errors.append(f"{entry.get('source')}: {entry.get('text')}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.log.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
        elif method == "Network.requestWillBeSent":
            self.log.requests.append(params.get("request", {}).get("url", ""))
        elif method == "Page.javascriptDialogOpening":
            self.log.dialogs.append(params.get("message", ""))
            # Dismiss at once: an open alert() would block the page forever.
            self.browser.post("Page.handleJavaScriptDialog", {"accept": False}, self.session)

    def open(self, url: str, timeout: float = 30.0) -> None:
        """Navigate and wait for the load event."""
        self.browser.loaded.discard(self.session)
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self.browser.wait_for(lambda: self.session in self.browser.loaded, timeout, f"load of {url}")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluation failed: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def viewport(self, width: int, height: int, mobile: bool = False, scale: float = 1.0) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})

    def color_scheme(self, scheme: str) -> None:
        self.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

    def screenshot(self, full_page: bool = True, clip: tuple[int, int, int, int] | None = None) -> bytes:
        """A PNG of the viewport, the whole page, or ``clip`` = (x, y, width, height)."""
        params: dict[str, Any] = {"format": "png"}
        if clip is not None:
            x, y, width, height = clip
            params.update(captureBeyondViewport=True,
                          clip={"x": x, "y": y, "width": width, "height": height, "scale": 1})
        elif full_page:
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1})
        return base64.b64decode(self.send("Page.captureScreenshot", params, timeout=60)["data"])

    def pdf(self) -> bytes:
        result = self.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}, timeout=60)
        return base64.b64decode(result["data"])


class Browser:
    """One headless Chromium process; ``with Browser() as b: page = b.new_page()``."""

    def __init__(self, executable: str = CHROMIUM) -> None:
        self.executable = executable
        self.profile = tempfile.mkdtemp(prefix="chi-chromium-")
        self.process: subprocess.Popen | None = None
        self.ws = None
        self._connection = None
        self.ids = itertools.count(1)
        self.replies: dict[int, dict[str, Any]] = {}
        self.pages: dict[str, Page] = {}
        self.loaded: set[str] = set()

    # ------------------------------------------------------------------ process

    def __enter__(self) -> "Browser":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, timeout: float = 30.0) -> None:
        from websockets.sync.client import connect

        if not Path(self.executable).exists():
            raise BrowserError(f"no Chromium at {self.executable}")
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while True:
            if port_file.exists():
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    break
            if self.process.poll() is not None:
                raise BrowserError(f"Chromium exited with code {self.process.returncode} before it was ready")
            if time.monotonic() > deadline:
                self.close()
                raise BrowserError("Chromium did not open its DevTools port in time")
            time.sleep(0.05)
        port, path = lines[0], lines[1]
        url = f"ws://127.0.0.1:{port}{path}"
        try:
            # never through a proxy from the environment: this is a loopback socket
            self._connection = connect(url, max_size=None, open_timeout=timeout, proxy=None)
        except TypeError:  # websockets before 15 has no proxy support at all
            self._connection = connect(url, max_size=None, open_timeout=timeout)
        self.ws = self._connection.__enter__()

    def close(self) -> None:
        if self.ws is not None:
            try:
                self.post("Browser.close", {})
            except Exception:  # noqa: BLE001 - closing anyway
                pass
            try:
                self._connection.__exit__(None, None, None)
            except Exception:  # noqa: BLE001
                pass
            self.ws = None
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                # Only our own process group: Chromium's helpers live in it.
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            self.process = None
        shutil.rmtree(self.profile, ignore_errors=True)

    # ------------------------------------------------------------------ protocol

    def post(self, method: str, params: dict[str, Any], session: str | None = None) -> int:
        message_id = next(self.ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        return message_id

    def _pump(self, timeout: float) -> None:
        raw = self.ws.recv(timeout=timeout)
        message = json.loads(raw)
        if "id" in message:
            self.replies[message["id"]] = message
            return
        method, params = message.get("method", ""), message.get("params", {})
        if method == "Page.loadEventFired":
            self.loaded.add(message.get("sessionId"))
        page = self.pages.get(message.get("sessionId"))
        if page is not None:
            page._event(method, params)

    def wait_for(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"timed out waiting for {what}")
            try:
                self._pump(left)
            except TimeoutError:
                raise BrowserError(f"timed out waiting for {what}") from None

    def call(self, method: str, params: dict[str, Any], session: str | None = None, timeout: float = 30.0) -> dict[str, Any]:
        message_id = self.post(method, params, session)
        self.wait_for(lambda: message_id in self.replies, timeout, method)
        reply = self.replies.pop(message_id)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def new_page(self, width: int = 1280, height: int = 900) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        self.pages[session] = page
        for domain in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            page.send(domain)
        page.viewport(width, height)
        return page

    def close_page(self, page: Page) -> None:
        self.call("Target.closeTarget", {"targetId": page.target})
        self.pages.pop(page.session, None)
