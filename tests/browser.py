"""What the browser tests share: a real Chromium (Debian's, driven by playwright), pages that
record any request leaving the machine, screenshots for a person to look at, a free port."""

from __future__ import annotations

import os
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import project_root

SHOTS = Path(os.environ.get("ASSISTANT_ARTIFACTS", project_root() / "artifacts")) / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium() -> Iterator[Any]:
    """A headless Chromium for one test module (the body of its ``browser`` fixture)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def new_page(browser: Any, locale: str, outside: list[str]) -> Any:
    """A page in its own context; every request to anywhere but loopback is appended to ``outside``."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, locale=locale)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None
        ),
    )
    return page


def wait_page_lang(page: Any, lang: str) -> None:
    """Wait until the page's language toggle holds ``lang`` (the first relabel has returned):
    the document's own ``lang`` may already match from the browser's locale, and a question
    sent before that is answered in the toggle's earlier language."""
    page.wait_for_function(
        """(l) => document.querySelector('#lang input[type="radio"]:checked')?.value === l
        && document.documentElement.lang === l""",
        arg=lang,
        timeout=30_000,
    )


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def ask(page: Any, question: str) -> float:
    """Type a question, press Enter, wait for its turn; the seconds it took."""
    turns = page.locator(".turn").count()
    page.fill("#question textarea", question)
    started = time.perf_counter()
    page.press("#question textarea", "Enter")
    page.locator(".turn").nth(turns).wait_for(timeout=30_000)
    return time.perf_counter() - started
