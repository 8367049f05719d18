"""Documents over HTTP on the real Keycloak and Kafka: data stewards publish, revise and
withdraw them; every version is kept; each change is on the broker for the citizen chat."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.events.v1.lake_pb2 import DocumentPublished, DocumentWithdrawn
from collectivia.platform.events.catalogue import DOCUMENT_PUBLISHED, DOCUMENT_WITHDRAWN
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

CANTINE = (
    "# La cantine scolaire\n\n"
    "Les repas de la cantine sont servis de 11 h 45 à 13 h 30 dans les écoles de Metz.\n\n"
    "## Tarifs\n\nLe repas coûte 3,20 € pour les familles domiciliées à Metz.\n"
)


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    with running_lake(kafka_server, keycloak_server, tmp_path_factory.mktemp("lake")) as lake:
        yield lake


@pytest.fixture(scope="module")
def steward(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("data-steward", audience="data-lake"))


def document(document_id: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": document_id,
        "title": "La cantine scolaire",
        "text": CANTINE,
        "url": "https://metz.example/cantine",
        "theme": "Enfance > Cantine",
        "communes": ["57463"],
        "published": "2026-04-01",
    }
    body.update(fields)
    return body


def new_id() -> str:
    return f"cantine-{uuid.uuid4().hex[:8]}"


def published_events(kafka: KafkaServer, document_id: str, count: int) -> list[DocumentPublished]:
    def arrived() -> list[DocumentPublished]:
        found = [
            e
            for e in events_on(kafka.bootstrap_servers, DOCUMENT_PUBLISHED, document_id)
            if isinstance(e, DocumentPublished)
        ]
        return found if len(found) >= count else []

    return wait_until(arrived, timeout=30, what=f"{count} document-published events")


def test_only_data_stewards_publish(
    http: httpx.Client, demo_tokens: DemoTokens, steward: dict[str, str]
) -> None:
    assert http.post("/v1/documents", json=document(new_id())).status_code == 401
    agent = bearer(demo_tokens.for_role("agent", audience="data-lake"))
    refused = http.post("/v1/documents", json=document(new_id()), headers=agent)
    assert refused.status_code == 403
    assert_french(refused.json()["detail"])
    assert http.delete("/v1/documents/quelconque", headers=agent).status_code == 403


def test_a_published_document_is_announced_then_revised_with_every_version_kept(
    http: httpx.Client, kafka_server: KafkaServer, steward: dict[str, str]
) -> None:
    document_id = new_id()
    created = http.post("/v1/documents", json=document(document_id), headers=steward)
    assert created.status_code == 201, created.text
    first = created.json()
    assert (first["status"], first["version_number"]) == ("published", 1)
    assert first["version"] == first["content_hash"] and len(first["content_hash"]) == 64
    again = http.post("/v1/documents", json=document(document_id), headers=steward)
    assert again.status_code == 409
    assert_french(again.json()["detail"])

    [event] = published_events(kafka_server, document_id, 1)
    assert (event.document_id, event.title, event.text) == (
        document_id,
        "La cantine scolaire",
        CANTINE.strip(),  # surrounding blanks are not kept
    )
    assert (event.origin, list(event.communes), event.published) == (
        "data-lake",
        ["57463"],
        "2026-04-01",
    )
    assert event.licence == "Licence Ouverte / Open Licence v2.0"
    assert event.published_at.seconds > 0

    revision = {k: v for k, v in document(document_id).items() if k != "id"}
    revision.update(text=CANTINE.replace("3,20", "3,40"), version="2026-09")
    revised = http.put(f"/v1/documents/{document_id}", json=revision, headers=steward)
    assert revised.status_code == 200, revised.text
    assert (revised.json()["version_number"], revised.json()["version"]) == (2, "2026-09")
    events = published_events(kafka_server, document_id, 2)
    assert "3,40 €" in events[-1].text and events[-1].version == "2026-09"

    versions = http.get(f"/v1/documents/{document_id}/versions", headers=steward)
    assert [(v["number"], v["version"]) for v in versions.json()] == [
        (2, "2026-09"),
        (1, first["content_hash"]),
    ]
    assert http.get(f"/v1/documents/{document_id}/versions").status_code == 401
    public = http.get(f"/v1/documents/{document_id}")
    assert public.status_code == 200 and "3,40 €" in public.json()["text"]


def test_a_withdrawn_document_is_announced_and_hidden_until_republished(
    http: httpx.Client, kafka_server: KafkaServer, steward: dict[str, str]
) -> None:
    document_id = new_id()
    assert (
        http.post("/v1/documents", json=document(document_id), headers=steward).status_code == 201
    )
    withdrawn = http.delete(
        f"/v1/documents/{document_id}", params={"reason": "Tarifs périmés"}, headers=steward
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["status"], withdrawn.json()["withdrawal_reason"]) == (
        "withdrawn",
        "Tarifs périmés",
    )

    def withdrawals() -> list[DocumentWithdrawn]:
        events = events_on(kafka_server.bootstrap_servers, DOCUMENT_WITHDRAWN, document_id)
        return [e for e in events if isinstance(e, DocumentWithdrawn)]

    [event] = wait_until(withdrawals, timeout=30, what="the document-withdrawn event")
    assert (event.document_id, event.reason) == (document_id, "Tarifs périmés")
    assert http.get(f"/v1/documents/{document_id}").status_code == 404
    assert document_id not in {d["id"] for d in http.get("/v1/documents").json()}
    listed = {d["id"]: d for d in http.get("/v1/documents", headers=steward).json()}
    assert listed[document_id]["status"] == "withdrawn"

    body = {k: v for k, v in document(document_id).items() if k != "id"}
    back = http.put(f"/v1/documents/{document_id}", json=body, headers=steward)
    assert (back.json()["status"], back.json()["version_number"]) == ("published", 2)
    assert http.get(f"/v1/documents/{document_id}").status_code == 200


def test_bad_documents_are_refused_naming_what_is_wrong(
    http: httpx.Client, steward: dict[str, str]
) -> None:
    bad_commune = http.post(
        "/v1/documents", json=document(new_id(), communes=["Metz"]), headers=steward
    )
    assert bad_commune.status_code == 422
    assert any("communes" in e["field"] for e in bad_commune.json()["errors"])
    huge = http.post("/v1/documents", json=document(new_id(), text="é" * 460_000), headers=steward)
    assert huge.status_code == 422
    assert_french(huge.json()["detail"])
    assert [e["field"] for e in huge.json()["errors"]] == ["text"]
    body = {k: v for k, v in document("x").items() if k != "id"}
    assert http.put("/v1/documents/absent", json=body, headers=steward).status_code == 404
    missing = http.delete("/v1/documents/absent", headers=steward)
    assert missing.status_code == 404
    assert_french(missing.json()["detail"])
