"""Demo content for `make up`: register entries from `infra/demo/register-systems.json`,
entered through the public API as the demo ethics officer and administrator would
(register, triage, submit, approve), once per run folder."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from .config import INFRA_DIR, REALM, StackConfig, StackError

log = logging.getLogger(__name__)

DEV_CLIENT = "collectivia-dev-cli"
OFFICER = "nadia.ethique"
ADMIN = "marc.admin"
DEMO_FILE = INFRA_DIR / "demo" / "register-systems.json"


def _call(method: str, url: str, body: bytes, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback URL)
        return json.load(response)


def _token(cfg: StackConfig, username: str) -> str:
    form = urllib.parse.urlencode(
        {
            "client_id": DEV_CLIENT,
            "grant_type": "password",
            "username": username,
            "password": f"{username}-demo",  # the demo realm's documented passwords
            "scope": "openid audience-ethics-register",
        }
    ).encode()
    url = f"{cfg.keycloak_url}/realms/{REALM}/protocol/openid-connect/token"
    response = _call("POST", url, form, {"content-type": "application/x-www-form-urlencoded"})
    return str(response["access_token"])


def _enter(register_url: str, demo: dict[str, Any], officer: str, admin: str) -> str:
    def send(method: str, path: str, body: dict[str, Any], token: str) -> dict[str, Any]:
        headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
        result: dict[str, Any] = _call(
            method, f"{register_url}{path}", json.dumps(body).encode(), headers
        )
        return result

    system = send("POST", "/v1/systems", demo["record"], officer)
    url = f"/v1/systems/{system['id']}"
    system = send(
        "PUT", f"{url}/triage", {"answers": demo["triage"], "version": system["version"]}, officer
    )
    if demo["approve"]:
        system = send("POST", f"{url}/submit", {"version": system["version"]}, officer)
        system = send("POST", f"{url}/approve", {"version": system["version"]}, admin)
    return f"{system['status']}: {register_url}{url}"


def seed(cfg: StackConfig, register_url: str) -> None:
    marker = cfg.run_dir / "demo-data.done"
    if marker.is_file():
        log.info("demo data: already loaded")
        return
    try:
        officer, admin = _token(cfg, OFFICER), _token(cfg, ADMIN)
        # Entries already there (an earlier, interrupted seeding) are not entered twice.
        listing = urllib.request.Request(  # noqa: S310
            f"{register_url}/v1/systems", headers={"authorization": f"Bearer {officer}"}
        )
        with urllib.request.urlopen(listing, timeout=30) as response:  # noqa: S310
            present = {system["name"] for system in json.load(response)}
        for demo in json.loads(DEMO_FILE.read_text(encoding="utf-8")):
            if demo["record"]["name"] in present:
                continue
            log.info(
                "demo data: %s (%s)",
                demo["record"]["name"],
                _enter(register_url, demo, officer, admin),
            )
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:500]
        raise StackError(
            "load demo data", f"the register refused a demo entry: {detail}"
        ) from error
    except (urllib.error.URLError, OSError, KeyError, ValueError) as error:
        raise StackError("load demo data", f"could not enter the demo entries: {error}") from error
    marker.write_text("loaded\n")
