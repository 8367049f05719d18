"""The theme of the citizen page (the web area's settings section) and its colours' WCAG 2.1
contrast ratios, checked when the settings load."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from collectivia.citizen_chat.settings import ChatSection

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# WCAG 2.1 AA for normal text (1.4.3).
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.1 definition)."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    r, g, b = (_channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """Contrast ratio between two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def check_on_white(colour: str) -> str:
    """``colour`` lowercased, if it reaches 4.5:1 against white (text on it and it on white)."""
    ratio = contrast(colour, WHITE)
    if ratio < MIN_CONTRAST:
        raise ValueError(
            f"{colour} has a contrast of {ratio:.2f}:1 with white, under {MIN_CONTRAST}:1"
        )
    return colour.lower()


def theme_css(primary: str, accent: str) -> str:
    """The custom properties that app.css reads (values already validated)."""
    return (
        "/* Theme of the collectivity, from the settings (contrast >= 4.5:1 with white). */\n"
        f":root{{--primaire:{check_on_white(primary)};--accent:{check_on_white(accent)}}}\n"
    )


class ThemeSettings(ChatSection):
    # Logo of the citizen page: "" none, an https:// URL or a path on this site.
    theme_logo_url: str = Field(
        "", max_length=500, pattern=r"^(|https://[^\s\"'<>]+|/[^/\s\"'<>][^\s\"'<>]*)$"
    )
    # Header and buttons; must reach 4.5:1 against white.
    theme_primary_color: str = Field("#0a3d91", pattern=r"^#[0-9a-fA-F]{6}$")
    # Focus and highlights; must reach 4.5:1 against white.
    theme_accent_color: str = Field("#b34000", pattern=r"^#[0-9a-fA-F]{6}$")

    @field_validator("theme_primary_color", "theme_accent_color")
    @classmethod
    def _readable_on_white(cls, colour: str) -> str:
        return check_on_white(colour)
