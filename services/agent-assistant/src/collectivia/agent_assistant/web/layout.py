"""The frame of the intranet pages: the pages' shared frame (``collectivia.platform.pages``:
French, skip link, landmarks, no inline script or style) with the assistant's name, menu and
stylesheet, the upload limit for its script and the register's entry in its footer.
"""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.agent_assistant.web.settings import IntranetSettings
from collectivia.ai.use.settings import AiUseSettings
from collectivia.platform.pages import layout
from collectivia.platform.pages.layout import Site, realm_issuer

APPLICATION = "Assistant des agents"

# Screen, label and keyboard shortcut (Alt + Shift + letter) of the menu.
MENU = (
    ("demandes", "Demandes des habitants", "D"),
    ("taches", "Tâches", "T"),
    ("modeles", "Bibliothèque de modèles", "B"),
    ("pilotage", "Pilotage", "P"),
    ("charte", "Charte", "C"),
)

SITE = Site(
    application=APPLICATION,
    menu=MENU,
    back="Revenir à l'assistant",
    stylesheets=("/static/intranet.css",),
)


@dataclass(frozen=True)
class Frame(layout.Frame):
    """What every intranet page shows or needs from the settings."""

    register_url: str
    max_upload_bytes: int

    @classmethod
    def of(
        cls,
        settings: AssistantSettings,
        page: IntranetSettings,
        ai_use: AiUseSettings,
        tasks: TasksSettings,
    ) -> Frame:
        """From the service's settings and the sections of the page, of the assistant's
        entry in the register and of the tasks (the upload limit)."""
        keycloak = page.keycloak_public_url or settings.keycloak.url
        register = ai_use.register_public_url.rstrip("/") + "/registre"
        if ai_use.system_id:
            register += f"/{ai_use.system_id}"
        return cls(
            collectivity=settings.collectivity_name,
            issuer=realm_issuer(keycloak, settings.keycloak.realm),
            client_id=page.intranet_client_id,
            register_url=register,
            max_upload_bytes=tasks.max_upload_bytes,
        )

    def data(self) -> dict[str, str]:
        return {**super().data(), "taille-max": str(self.max_upload_bytes)}

    def links(self) -> tuple[tuple[str, str], ...]:
        return ((self.register_url, "Registre des algorithmes et systèmes d'IA"),)


def page(frame: Frame, title: str, body: str, *, application: bool = False) -> str:
    """A whole document; ``body`` is the already-escaped content of <main>. The
    application page (``application=True``) adds the menu and the account, which its script
    shows once the agent is signed in."""
    return layout.document(SITE, frame, title, body, application=application)
