"""The citizen page in a real headless Chromium: the collectivity's name, logo and colours
from the settings; the installable app (manifest, service worker, offline page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.web.theme import ThemeSettings
from collectivia.testkit.browser import chromium_path, console_errors

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def rgb(colour: str) -> str:
    """``#rrggbb`` as the browser's computed styles write it."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def style(page: Page, selector: str, prop: str) -> str:
    value: str = page.eval_on_selector(
        selector, "(e, prop) => getComputedStyle(e).getPropertyValue(prop)", prop
    )
    return value


def test_the_name_logo_and_colours_come_from_the_settings(
    chat_page: Page, chat_settings: ChatSettings, chat_theme: ThemeSettings
) -> None:
    name, logo_url = chat_settings.collectivity_name, chat_theme.theme_logo_url
    primary, accent = chat_theme.theme_primary_color, chat_theme.theme_accent_color
    assert (primary, accent) != ("#0a3d91", "#b34000")  # not the defaults
    expect(chat_page).to_have_title(re.compile(re.escape(name) + "$"))
    expect(chat_page.locator("header .collectivite")).to_have_text(name)
    expect(chat_page.locator("h1")).to_contain_text(name)
    logo = chat_page.locator("header img.logo")
    expect(logo).to_have_attribute("src", logo_url)
    # Decorative next to the name, and really loaded (the CSP lets it through).
    expect(logo).to_have_attribute("alt", "")
    assert chat_page.eval_on_selector("header img.logo", "(e) => e.naturalWidth") > 0
    assert style(chat_page, "header", "background-color") == rgb(primary)
    assert style(chat_page, "#envoyer", "background-color") == rgb(primary)
    meta = chat_page.locator('meta[name="theme-color"]')
    expect(meta).to_have_attribute("content", primary)
    chat_page.focus("#question")
    chat_page.keyboard.press("Shift+Tab")  # focus by keyboard: the focus ring shows
    chat_page.keyboard.press("Tab")
    assert style(chat_page, "#question", "outline-color") == rgb(accent)


def test_the_browser_reads_the_manifest_and_finds_the_app_installable(
    browser: Browser, chat_url: str, chat_settings: ChatSettings, tmp_path: Path
) -> None:
    # Chromium never offers to install from a private (incognito) window, which every new
    # context is: a profile on disk, in a browser of its own, for this one test.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=chromium_path(), headless=True, locale="fr-FR"
    )
    try:
        page = context.new_page()
        page.goto(chat_url + "/")
        page.evaluate("navigator.serviceWorker.ready")
        session = context.new_cdp_session(page)
        manifest = session.send("Page.getAppManifest")
        assert manifest["url"] == chat_url + "/manifest.webmanifest"
        assert manifest["errors"] == []
        assert f"Assistant citoyen — {chat_settings.collectivity_name}" in manifest["data"]
        installability = session.send("Page.getInstallabilityErrors")
        assert installability["installabilityErrors"] == [], installability
    finally:
        context.close()


def test_the_service_worker_takes_control_and_the_offline_page_is_served(
    chat_page: Page, chat_url: str, chat_theme: ThemeSettings
) -> None:
    errors = console_errors(chat_page)
    scope = chat_page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == chat_url + "/"
    chat_page.wait_for_function("navigator.serviceWorker.controller !== null")

    chat_page.context.set_offline(True)
    try:
        # The shell comes from the cache: the question page still opens, styled.
        chat_page.reload()
        expect(chat_page.locator("h1")).to_contain_text("Posez votre question")
        primary = rgb(chat_theme.theme_primary_color)
        assert style(chat_page, "header", "background-color") == primary
        # A page never cached: the offline page instead of the browser's error.
        chat_page.goto(chat_url + "/accessibilite")
        expect(chat_page.locator("h1")).to_have_text("Vous êtes hors ligne")
        # Asking while offline says so, in French, where the errors are announced.
        chat_page.goto(chat_url + "/")
        chat_page.fill("#question", "Quels sont les horaires de la mairie ?")
        chat_page.press("#question", "Enter")
        expect(chat_page.locator("#erreur")).to_have_text(
            "Connexion impossible : vérifiez votre réseau."
        )
        expect(chat_page.locator("#erreur")).to_have_attribute("role", "alert")
    finally:
        chat_page.context.set_offline(False)
    chat_page.goto(chat_url + "/accessibilite")
    expect(chat_page.locator("h1")).to_have_text("Déclaration d'accessibilité")
    # Only the failed loads while offline were reported, nothing from the scripts.
    assert not [e for e in errors if e.startswith("uncaught")], errors
