"""Demo content for `make up`: a few register entries, entered through the public API
as the demo ethics officer would, once per run folder."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from .config import REALM, StackConfig, StackError

log = logging.getLogger(__name__)

DEV_CLIENT = "collectivia-dev-cli"
OFFICER = ("nadia.ethique", "nadia.ethique-demo")

DEMO_SYSTEMS: tuple[dict[str, str], ...] = (
    {
        "name": "Assistant virtuel citoyen",
        "purpose": "citizen-information",
        "description": "Répond aux questions des habitants sur les services publics locaux, "
        "toujours avec ses sources, et passe la main à un agent quand il ne sait pas.",
        "owner": "Direction du numérique",
        "risk_class": "limited",
        "status": "approved",
    },
    {
        "name": "Assistant des agents",
        "purpose": "agent-drafting",
        "description": "Aide les agents à résumer, reformuler en langage clair et rédiger; "
        "chaque texte est relu par un agent avant envoi.",
        "owner": "Direction des ressources humaines",
        "risk_class": "minimal",
        "status": "approved",
    },
    {
        "name": "Prévision de fréquentation des déchèteries",
        "purpose": "waste-centre-forecast",
        "description": "Prévoit la fréquentation des déchèteries pour adapter les horaires.",
        "owner": "Direction des déchets",
        "risk_class": "minimal",
        "status": "draft",
    },
)


def _post(url: str, data: bytes, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback URL)
        return json.load(response)


def seed(cfg: StackConfig, register_url: str) -> None:
    marker = cfg.run_dir / "demo-data.done"
    if marker.is_file():
        log.info("demo data: already loaded")
        return
    form = urllib.parse.urlencode(
        {
            "client_id": DEV_CLIENT,
            "grant_type": "password",
            "username": OFFICER[0],
            "password": OFFICER[1],
            "scope": "openid audience-ethics-register",
        }
    ).encode()
    try:
        token = _post(
            f"{cfg.keycloak_url}/realms/{REALM}/protocol/openid-connect/token",
            form,
            {"content-type": "application/x-www-form-urlencoded"},
        )["access_token"]
        for system in DEMO_SYSTEMS:
            created = _post(
                f"{register_url}/v1/systems",
                json.dumps(system).encode(),
                {"content-type": "application/json", "authorization": f"Bearer {token}"},
            )
            log.info(
                "demo data: %s -> %s/v1/systems/%s", system["name"], register_url, created["id"]
            )
    except (urllib.error.URLError, OSError, KeyError, ValueError) as error:
        raise StackError(
            "load demo data", f"the register refused the demo entries: {error}"
        ) from error
    marker.write_text("loaded\n")
