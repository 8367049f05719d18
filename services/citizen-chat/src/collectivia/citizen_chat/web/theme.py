"""Colours of the citizen page: WCAG 2.1 contrast ratios, checked when settings load."""

from __future__ import annotations

import re

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
