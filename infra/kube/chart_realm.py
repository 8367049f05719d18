#!/usr/bin/env python3
"""Write the chart's realm (charts/collectivia/files/realm-collectivia.json) from the dev realm
(infra/keycloak/realm-collectivia.json): the same roles, groups, scopes and clients, without
what only a laptop may have — the demo people and their passwords, the demo integrator and
operators, the password-grant CLI client — and with Keycloak's import placeholders
(``${VAR}``, resolved from the Keycloak pod's environment) instead of the dev client secrets
and the localhost addresses. ``--check`` fails when the copy is stale (run by `make test`)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infra.kube.chart_copy import refresh  # noqa: E402

DEV_REALM = ROOT / "infra" / "keycloak" / "realm-collectivia.json"
CHART_REALM = ROOT / "charts" / "collectivia" / "files" / "realm-collectivia.json"


# Clients a production realm never has: demo accounts, and the CLI allowed the password grant.
DEMO_CLIENT_SUFFIX = "-demo"
DEV_ONLY_CLIENTS = {"collectivia-dev-cli"}
# A browser client -> the component whose page it signs in to: its origin is that
# component's address, given to Keycloak as COLLECTIVIA_ORIGIN_<COMPONENT> by the chart.
BROWSER_CLIENT_COMPONENTS = {
    "citizen-web": "citizen-chat",
    "citizen-mobile": "citizen-chat",
    "agent-intranet": "agent-assistant",
    "officials-analytics-web": "officials-analytics",
    "data-lake-web": "data-lake",
    "register-admin-web": "ethics-register",
}


def env_name(prefix: str, component: str) -> str:
    return prefix + component.upper().replace("-", "_")


def secret_placeholder(client_id: str) -> str:
    """The variable holding a service client's secret (the chart fills it from a Secret)."""
    return "${" + env_name("COLLECTIVIA_CLIENT_SECRET_", client_id) + "}"


def origin_placeholder(component: str) -> str:
    return "${" + env_name("COLLECTIVIA_ORIGIN_", component) + "}"


def _is_dev_only(client_id: str) -> bool:
    return client_id.endswith(DEMO_CLIENT_SUFFIX) or client_id in DEV_ONLY_CLIENTS


def _local(uri: str) -> bool:
    return uri.startswith(("http://localhost", "http://127.0.0.1"))


def _browser_client(client: dict[str, Any], component: str) -> None:
    origin = origin_placeholder(component)
    kept = [uri for uri in client.get("redirectUris", []) if not _local(uri)]
    client["redirectUris"] = [f"{origin}/*", *kept]
    client["webOrigins"] = [o if o == "+" else origin for o in client.get("webOrigins", [])]
    client["webOrigins"] = sorted(set(client["webOrigins"]))
    attributes = client.setdefault("attributes", {})
    if "post.logout.redirect.uris" in attributes:
        attributes["post.logout.redirect.uris"] = f"{origin}/*"


def production_realm(dev: dict[str, Any]) -> dict[str, Any]:
    realm = copy.deepcopy(dev)
    realm["displayName"] = realm["displayName"].replace(" (démo)", "")
    realm["sslRequired"] = "external"
    realm["attributes"] = {**realm.get("attributes", {}), "collectivia.environment": "production"}
    clients = []
    for client in realm["clients"]:
        client_id = client["clientId"]
        if _is_dev_only(client_id):
            continue
        if "secret" in client:
            client["secret"] = secret_placeholder(client_id)
        if client_id in BROWSER_CLIENT_COMPONENTS:
            _browser_client(client, BROWSER_CLIENT_COMPONENTS[client_id])
        clients.append(client)
    realm["clients"] = clients
    kept = {client["clientId"] for client in clients}
    # People are the collectivity's own (its directory); service accounts stay with clients.
    realm["users"] = [
        user for user in realm.get("users", []) if user.get("serviceAccountClientId") in kept
    ]
    return realm


def chart_realm(dev_realm: Path = DEV_REALM) -> str:
    dev = json.loads(dev_realm.read_text(encoding="utf-8"))
    return json.dumps(production_realm(dev), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    return refresh(CHART_REALM, chart_realm(), argv, description=__doc__)


if __name__ == "__main__":
    sys.exit(main())
