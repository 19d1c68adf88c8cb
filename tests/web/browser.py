"""What every browser test needs: Debian's Chromium, the app served live, and a page that
records failed requests and console errors for the test to assert on."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, Playwright, Request
from sqlalchemy import Engine

from jianguan.core.settings import get_settings
from jianguan.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make browser-deps)"
    ),
]


@contextmanager
def serve(engine: Engine) -> Iterator[str]:
    """The app on a free local port, in a thread, for as long as the block runs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(get_settings(), engine)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Watched:
    page: Page
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def _record_failure(watched: Watched, request: Request) -> None:
    # A load the browser cancelled because the page navigated on (a favicon still in flight
    # when a form posts) is not a server failure; anything else is.
    if request.failure != "net::ERR_ABORTED":
        watched.failed_requests.append(f"{request.url} ({request.failure})")


@contextmanager
def watched_page(playwright: Playwright, height: int = 900) -> Iterator[Watched]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    watched = Watched(browser.new_page(viewport={"width": 1280, "height": height}))
    watched.page.on("requestfailed", lambda request: _record_failure(watched, request))
    watched.page.on(
        "console",
        lambda message: (
            watched.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    try:
        yield watched
    finally:
        browser.close()
