"""The chart's generated copies (files/kafka-topics.json, files/realm-collectivia.json):
fresh, and the realm free of what only a laptop may have. No helm needed."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.collectivia_stack.topics import load_catalogue
from infra.kube import chart_realm, chart_topics

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "collectivia"

SERVICE_CLIENTS = {
    "citizen-chat",
    "agent-assistant",
    "data-lake",
    "ethics-register",
    "officials-analytics",
}


@pytest.fixture(scope="module")
def realm() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(chart_realm.CHART_REALM.read_text(encoding="utf-8"))
    return data


def test_the_chart_copies_are_fresh() -> None:
    assert chart_topics.main(["--check"]) == 0, "run `make chart-files`"
    assert chart_realm.main(["--check"]) == 0, "run `make chart-files`"


def test_a_stale_copy_fails_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "kafka-topics.json"
    stale.write_text('{"topics": []}\n', encoding="utf-8")
    monkeypatch.setattr(chart_topics, "CHART_TOPICS", stale)
    assert chart_topics.main(["--check"]) == 1
    assert chart_topics.main([]) == 0  # rewritten
    assert chart_topics.main(["--check"]) == 0
    names = [t["name"] for t in json.loads(stale.read_text(encoding="utf-8"))["topics"]]
    assert names == [spec.name for spec in load_catalogue()]


def test_the_realm_has_no_demo_people_nor_demo_clients(realm: dict[str, Any]) -> None:
    people = [u for u in realm["users"] if "serviceAccountClientId" not in u]
    assert people == []
    clients = {c["clientId"] for c in realm["clients"]}
    assert clients >= SERVICE_CLIENTS
    assert not {c for c in clients if c.endswith("-demo")}
    assert "collectivia-dev-cli" not in clients
    assert not [c for c in realm["clients"] if c.get("directAccessGrantsEnabled")]
    accounts = {u["serviceAccountClientId"] for u in realm["users"]}
    assert accounts == SERVICE_CLIENTS
    text = json.dumps(realm)
    assert "-dev-secret" not in text and '"credentials"' not in text
    assert "127.0.0.1" not in text and "localhost" not in text
    assert realm["sslRequired"] == "external"


def test_secrets_and_addresses_are_placeholders_the_pod_fills(realm: dict[str, Any]) -> None:
    for client in realm["clients"]:
        if "secret" in client:
            assert re.fullmatch(r"\$\{COLLECTIVIA_CLIENT_SECRET_[A-Z_]+\}", client["secret"])
        for uri in client.get("redirectUris", []):
            # The page's origin, or the mobile app's own scheme: never a fixed web address.
            assert uri.startswith("${COLLECTIVIA_ORIGIN_") or not uri.startswith("http"), uri


def test_the_dev_realm_is_left_as_it_is() -> None:
    dev = json.loads(chart_realm.DEV_REALM.read_text(encoding="utf-8"))
    before = json.dumps(dev, sort_keys=True)
    chart_realm.production_realm(dev)
    assert json.dumps(dev, sort_keys=True) == before
    assert any("serviceAccountClientId" not in u for u in dev["users"])


def _chart_values() -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    return values


def test_every_service_of_the_suite_is_a_component_of_the_chart() -> None:
    services = {p.name for p in (ROOT / "services").iterdir() if not p.name.startswith("_")}
    components = _chart_values()["components"]
    assert services <= set(components), "a service without its entry in the chart's values"
    for service in services:
        prefix = "COLLECTIVIA_" + service.upper().replace("-", "_") + "_"
        assert components[service]["settingsPrefix"] == prefix
        assert components[service]["role"] == "service"


def test_the_chart_deploys_the_images_of_this_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    assert chart["appVersion"] == project["version"]
    assert _chart_values()["global"]["image"]["tag"] == project["version"]
