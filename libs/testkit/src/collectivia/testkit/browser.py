"""Real headless-browser tests: Debian's Chromium driven by Playwright, axe-core scans.

Fixtures (registered by the ``collectivia`` plugin): ``browser``, one Chromium for the whole
session, and ``page``, a fresh French context and page per test. Playwright never downloads
a browser here: it drives the system's Chromium (``/usr/bin/chromium``, or the path in
``COLLECTIVIA_CHROMIUM``), which ``infra/install_browser.sh`` installs. Without it the
fixtures fail with that instruction; they never skip.

``axe_violations(page)`` runs the axe-core engine (the copy bundled in the
axe-playwright-python package) on the page and returns its WCAG 2.1 A and AA violations.
Mark browser tests ``@pytest.mark.browser``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_VARIABLE = "COLLECTIVIA_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# What Playwright waits for before failing an action or an expectation, in milliseconds.
ACTION_TIMEOUT_MS = 10_000
# axe-core's tags for the success criteria of WCAG 2.0 and 2.1, levels A and AA.
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


class ChromiumMissing(RuntimeError):
    """The system Chromium that the browser tests drive is not installed."""


def chromium_path() -> Path:
    """The Chromium to drive; :class:`ChromiumMissing` says how to install it."""
    path = Path(os.environ.get(CHROMIUM_VARIABLE) or DEFAULT_CHROMIUM)
    if not os.access(path, os.X_OK):
        raise ChromiumMissing(
            f"Chromium not found at {path}: the browser tests drive Debian's Chromium and "
            "never download one. Install it with `sudo infra/install_browser.sh` (that is "
            "`apt-get install -y --no-install-recommends chromium`), or set "
            f"{CHROMIUM_VARIABLE} to an installed Chromium or Chrome."
        )
    return path


@cache
def axe_source() -> str:
    """axe.min.js as bundled in the axe-playwright-python package."""
    return (files("axe_playwright_python") / "axe.min.js").read_text("utf-8")


@dataclass(frozen=True)
class AxeViolation:
    """One axe-core rule that fails, with the elements where it fails."""

    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    summaries: tuple[str, ...]

    def __str__(self) -> str:
        nodes = "".join(
            f"\n    {target}: {summary}"
            for target, summary in zip(self.targets, self.summaries, strict=True)
        )
        return f"{self.rule} ({self.impact}): {self.help} <{self.help_url}>{nodes}"


def _violation(raw: dict[str, Any]) -> AxeViolation:
    nodes: list[dict[str, Any]] = raw["nodes"]
    return AxeViolation(
        rule=str(raw["id"]),
        impact=str(raw.get("impact") or "unknown"),
        help=str(raw["help"]),
        help_url=str(raw["helpUrl"]),
        targets=tuple(" ".join(map(str, node["target"])) for node in nodes),
        summaries=tuple(" ".join(str(node.get("failureSummary") or "").split()) for node in nodes),
    )


def axe_violations(
    page: Page,
    *,
    include: str | None = None,
    tags: tuple[str, ...] = WCAG_21_AA,
    disabled_rules: tuple[str, ...] = (),
) -> list[AxeViolation]:
    """Run axe-core on ``page`` (or on the elements matching ``include``), return what fails.

    ``assert not violations, "\\n".join(map(str, violations))`` reads well when it fails.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol: the page's CSP does not apply.
        page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "rules": {rule: {"enabled": False} for rule in disabled_rules},
        "resultTypes": ["violations"],
    }
    result: dict[str, Any] = page.evaluate(
        "([context, options]) => window.axe.run(context || document, options)",
        [include, options],
    )
    return [_violation(raw) for raw in result["violations"]]


def console_errors(page: Page) -> list[str]:
    """A list that collects, from now on, the page's console errors and uncaught exceptions."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error.name}: {error.message}"))
    return errors


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test session."""
    try:
        executable = chromium_path()
    except ChromiumMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    # Belt and braces: nothing in this process may make Playwright fetch a browser build.
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new page in its own context (no shared cookies, storage or service worker), in
    French, 1280x800, failing any action that waits longer than 10 s."""
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 800}, service_workers="allow"
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()
