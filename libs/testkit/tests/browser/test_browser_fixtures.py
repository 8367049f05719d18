"""The shared browser fixtures: Debian's Chromium or a clear failure, never a skip; axe-core
finds real WCAG violations and reports them readably."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from collectivia.testkit.browser import (
    CHROMIUM_VARIABLE,
    ChromiumMissing,
    axe_violations,
    chromium_path,
    console_errors,
)

ACCESSIBLE = """<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head><body>
<main><h1>Essai</h1><p>Un texte lisible.</p>
<label for="q">Votre question</label><input id="q" type="text"></main></body></html>"""

INACCESSIBLE = """<!DOCTYPE html><html><head><title>Essai</title></head><body>
<main><h1>Essai</h1><p style="color:#aaaaaa;background:#ffffff">Texte trop pâle.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input id="q" type="text"><button></button></main></body></html>"""


def test_a_missing_chromium_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHROMIUM_VARIABLE, "/nonexistent/chromium")
    with pytest.raises(ChromiumMissing, match=r"infra/install_browser\.sh"):
        chromium_path()


def test_without_chromium_a_browser_test_fails_and_is_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "test_needs_a_browser.py").write_text(
        "def test_page(page):\n    pass\n", encoding="utf-8"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "collectivia.testkit.plugin"]
    run = subprocess.run(
        [*command, "-p", "no:cacheprovider", "-q", str(tmp_path)],
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            CHROMIUM_VARIABLE: "/nonexistent/chromium",
            # This package's plugin alone: the other services' need not load.
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 error" in run.stdout and "skipped" not in run.stdout, run.stdout
    assert "Chromium not found at /nonexistent/chromium" in run.stdout
    assert "infra/install_browser.sh" in run.stdout


@pytest.mark.browser
def test_the_page_is_french_in_debians_chromium(page: Page) -> None:
    assert page.context.browser is not None
    assert page.evaluate("navigator.language") == "fr-FR"
    assert "HeadlessChrome" in page.evaluate("navigator.userAgent")


@pytest.mark.browser
def test_axe_finds_nothing_on_an_accessible_page(page: Page) -> None:
    page.set_content(ACCESSIBLE)
    assert axe_violations(page) == []


@pytest.mark.browser
def test_axe_reports_each_wcag_violation_with_its_elements(page: Page) -> None:
    page.set_content(INACCESSIBLE)
    violations = {v.rule: v for v in axe_violations(page)}
    assert set(violations) == {
        "html-has-lang",
        "color-contrast",
        "image-alt",
        "label",
        "button-name",
    }
    contrast = violations["color-contrast"]
    assert contrast.impact == "serious"
    assert contrast.targets == ("p",)
    assert "contrast" in contrast.summaries[0]
    report = str(violations["image-alt"])
    assert report.startswith("image-alt (critical): Images must have alternative text")
    assert "dequeuniversity.com" in report and "\n    img: " in report
    # Rules can be turned off one by one, and the scan limited to part of the page.
    remaining = axe_violations(page, disabled_rules=("color-contrast", "html-has-lang"))
    assert {v.rule for v in remaining} == {"image-alt", "label", "button-name"}
    assert {v.rule for v in axe_violations(page, include="button")} == {"button-name"}


@pytest.mark.browser
def test_console_errors_and_uncaught_exceptions_are_collected(page: Page) -> None:
    errors = console_errors(page)
    page.set_content("<p>Essai</p>")
    page.evaluate("console.error('en panne')")
    page.evaluate("setTimeout(() => { throw new Error('non rattrapée'); })")
    page.wait_for_timeout(50)
    assert errors == ["en panne", "uncaught: Error: non rattrapée"], errors
