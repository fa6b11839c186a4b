"""A real server on 127.0.0.1 and a headless Debian chromium, for the browser tests and
``make screenshots``: both drive the pages through the same machinery.

``browser_unavailable()`` names what is missing (Playwright, chromium, or the npm assets), so
tests can skip with a clear reason.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlparse

from werkzeug.serving import make_server

from claimgraph.server.pages import vendor_installed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def browser_unavailable() -> str | None:
    """Why browser tests cannot run here, or None if they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is not installed"
    if not shutil.which(CHROMIUM):
        return f"{CHROMIUM} is not installed"
    if not vendor_installed():
        return "front-end assets are not installed (run `make assets`)"
    return None


@contextmanager
def live_server(app) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


class Watch:
    """Records console errors, page errors and every request that leaves 127.0.0.1."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("request", self._request)

    def _request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if url.hostname != "127.0.0.1":
            self.outside.append(request.url)


@contextmanager
def browser() -> Iterator[object]:
    """A headless chromium (Playwright) that may only talk to 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(chromium, width: int = 1360, height: int = 900):
    """A fresh page with a Watch attached (``page.watch``); requests elsewhere are aborted."""
    context = chromium.new_context(viewport={"width": width, "height": height},
                                   accept_downloads=True)
    page = context.new_page()
    page.watch = Watch(page)

    def guard(route) -> None:
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()
    page.route("**/*", guard)
    return page
