"""The web area's routes alone, for the page tests: no service started, the objects the
views are given built from settings as the web area builds them."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic_settings import BaseSettings

from collectivia.citizen_chat.settings import ChatAiUseSettings, ChatSettings
from collectivia.citizen_chat.web import views
from collectivia.citizen_chat.web.layout import Theme
from collectivia.citizen_chat.web.theme import ThemeSettings
from collectivia.platform.assembly import Provisions

_SETTINGS: tuple[type[BaseSettings], ...] = (ChatSettings, ThemeSettings, ChatAiUseSettings)


def web_app(**fields: Any) -> FastAPI:
    """The citizen pages; each of ``fields`` goes to the settings (or section) declaring it."""
    unknown = set(fields) - {name for cls in _SETTINGS for name in cls.model_fields}
    if unknown:
        raise TypeError(f"no settings field {sorted(unknown)}")

    def of(cls: type[BaseSettings]) -> dict[str, Any]:
        return {name: value for name, value in fields.items() if name in cls.model_fields}

    settings = ChatSettings(**of(ChatSettings))
    theme = Theme.of(
        settings, ThemeSettings(**of(ThemeSettings)), ChatAiUseSettings(**of(ChatAiUseSettings))
    )
    app = FastAPI()
    app.state.provisions = Provisions.of({ChatSettings: settings, Theme: theme})
    app.include_router(views.router)
    return app
