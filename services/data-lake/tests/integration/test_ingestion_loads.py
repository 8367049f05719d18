"""Loads over HTTP on the real Kafka and Keycloak, with the real SCDL subventions schema and
examples: a valid file becomes a version and is announced, an invalid one is refused with a
French report and waits in quarantine until corrected, uploads stop at the limit."""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import Workbook

from collectivia.data_lake.ingestion.area import IngestionSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.platform.events.catalogue import DATASET_UPDATED
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until
from data_lake_testing.datasets import dataset_body
from data_lake_testing.running import running_lake

pytestmark = pytest.mark.integration

REPOSITORY = Path(__file__).resolve().parents[4]
SCHEMAS = REPOSITORY.parent / "shared" / "lake" / "schemas"
SUBVENTIONS = SCHEMAS / "scdl" / "subventions"
VALID = (SUBVENTIONS / "exemple-valide.csv").read_bytes()
INVALID_CELLS = (SUBVENTIONS / "exemple-invalide-erreurs-cellules.csv").read_bytes()
VALID_ROWS = 29
MAX_BYTES = 100_000


@pytest.fixture(scope="module")
def lake(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningApp[DataLakeSettings]]:
    folder = tmp_path_factory.mktemp("lake")
    ingestion = IngestionSettings(
        schema_folders=[str(SCHEMAS)],
        quarantine_folder=str(folder / "quarantine"),
        upload_max_bytes=MAX_BYTES,
    )
    with running_lake(kafka_server, keycloak_server, folder, supplied=[ingestion]) as running:
        yield running


def steward(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("data-steward", audience="data-lake"))


def new_dataset(http: httpx.Client, demo_tokens: DemoTokens, **fields: Any) -> str:
    dataset_id = f"subventions-{uuid.uuid4().hex[:8]}"
    body = dataset_body(
        dataset_id,
        schema_name="scdl/subventions",
        key_columns=["referenceDecision"],
        **fields,
    )
    created = http.post("/v1/datasets", json=body, headers=steward(demo_tokens))
    assert created.status_code == 201, created.text
    return dataset_id


def upload(
    http: httpx.Client,
    dataset_id: str,
    content: bytes,
    headers: dict[str, str],
    filename: str = "subventions.csv",
) -> httpx.Response:
    return http.post(
        f"/v1/datasets/{dataset_id}/loads", files={"file": (filename, content)}, headers=headers
    )


def updates(kafka: KafkaServer, dataset_id: str, count: int) -> list[Any]:
    def published() -> list[Any]:
        found = events_on(kafka.bootstrap_servers, DATASET_UPDATED, dataset_id)
        return found if len(found) >= count else []

    return wait_until(published, timeout=20, what=f"{count} dataset-updated of {dataset_id}")


def changed_grants() -> bytes:
    """The valid example, one amount changed, its last row gone and a new row added."""
    lines = VALID.decode().splitlines()
    header, rows = lines[0], lines[1:]
    rows[1] = rows[1].replace(",33000,", ",34500,")
    assert "34500" in rows[1]
    new = rows[0].replace("CONV N° 2074-15 2015-06-19", "CONV N° 9999-24")
    return "\n".join([header, *rows[:-1], new, ""]).encode()


def test_the_valid_scdl_example_becomes_version_1_and_is_announced(
    lake: RunningApp[DataLakeSettings],
    http: httpx.Client,
    demo_tokens: DemoTokens,
    kafka_server: KafkaServer,
) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    loaded = upload(http, dataset_id, VALID, steward(demo_tokens))
    assert loaded.status_code == 201, loaded.text
    load = loaded.json()
    assert (load["accepted"], load["status"], load["rows"]) == (True, "accepted", VALID_ROWS)
    assert load["snapshot_id"].isdigit()
    assert load["sha256"] == hashlib.sha256(VALID).hexdigest()
    assert load["schema_version"] == "2.1.1"
    dataset = http.get(f"/v1/datasets/{dataset_id}").json()
    assert dataset["latest_snapshot_id"] == load["snapshot_id"]
    assert (dataset["row_count"], dataset["schema_version"]) == (VALID_ROWS, "2.1.1")
    versions = http.get(f"/v1/datasets/{dataset_id}/versions").json()
    assert [v["snapshot_id"] for v in versions] == [load["snapshot_id"]]
    # Typed by the schema: numbers are numbers, dates are dates.
    rows = http.get(f"/v1/datasets/{dataset_id}/rows", params={"limit": 1}).json()["rows"]
    assert rows[0]["montant"] == 99786.57
    assert rows[0]["dateConvention"] == "2015-07-07"
    assert rows[0]["notificationUE"] is False

    [event] = updates(kafka_server, dataset_id, 1)
    assert event.snapshot_id == load["snapshot_id"]
    assert (event.mode, event.rows_added, event.rows_removed, event.total_rows) == (
        "replace",
        VALID_ROWS,
        0,
        VALID_ROWS,
    )
    assert (event.schema_name, event.schema_version) == ("scdl/subventions", "2.1.1")
    assert event.access_rights == "public"

    history = http.get(f"/v1/datasets/{dataset_id}/loads", headers=steward(demo_tokens)).json()
    assert [h["id"] for h in history] == [load["id"]]
    assert history[0]["announced"] is True
    # The submitter is a pseudonym: a SHA-256, never the name.
    assert len(history[0]["submitted_by"]) == 64
    assert "thomas" not in str(history)
    one = http.get(f"/v1/loads/{load['id']}", headers=steward(demo_tokens))
    assert one.json() == history[0]
    assert http.get("/v1/loads/inconnu", headers=steward(demo_tokens)).status_code == 404


def test_an_invalid_file_is_refused_with_a_french_report_and_waits_in_quarantine(
    lake: RunningApp[DataLakeSettings], http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    first = upload(http, dataset_id, VALID, steward(demo_tokens)).json()

    refused = upload(http, dataset_id, INVALID_CELLS, steward(demo_tokens), "erreurs.csv")
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert_french(problem["detail"])
    assert "erreurs.csv" in problem["detail"]
    issues = problem["issues"]
    assert issues and all(set(i) == {"row", "column", "rule", "message"} for i in issues)
    for issue in issues:
        assert_french(issue["message"])
    # "05/12/2016" on the file's row 5 (the header is row 1) is not an ISO date.
    assert any(i["row"] == 5 and i["column"] == "dateConvention" for i in issues), issues
    # "100000,1" (row 6) is not a number.
    assert any(i["row"] == 6 and i["column"] == "montant" for i in issues), issues
    assert {e["field"] for e in problem["errors"]} >= {"dateConvention", "montant"}
    entry_id = problem["quarantine_id"]
    assert problem["load"]["status"] == "rejected"

    # Nothing changed in the dataset.
    dataset = http.get(f"/v1/datasets/{dataset_id}").json()
    assert dataset["latest_snapshot_id"] == first["snapshot_id"]
    assert len(http.get(f"/v1/datasets/{dataset_id}/versions").json()) == 1

    pending = http.get(
        "/v1/quarantine", params={"dataset_id": dataset_id}, headers=steward(demo_tokens)
    ).json()
    assert [(p["id"], p["status"], p["file_kept"]) for p in pending] == [
        (entry_id, "pending", True)
    ]
    detail = http.get(f"/v1/quarantine/{entry_id}", headers=steward(demo_tokens)).json()
    assert detail["issues"] == issues
    assert detail["sha256"] == hashlib.sha256(INVALID_CELLS).hexdigest()
    kept = http.get(f"/v1/quarantine/{entry_id}/file", headers=steward(demo_tokens))
    assert kept.status_code == 200
    assert kept.content == INVALID_CELLS
    history = http.get(f"/v1/datasets/{dataset_id}/loads", headers=steward(demo_tokens)).json()
    assert (history[0]["status"], history[0]["quarantine_id"]) == ("rejected", entry_id)

    # The corrected file is accepted and replaces the quarantined one (whose file goes).
    corrected = upload(http, dataset_id, changed_grants(), steward(demo_tokens))
    assert corrected.status_code == 201, corrected.text
    replaced = http.get(f"/v1/quarantine/{entry_id}", headers=steward(demo_tokens)).json()
    assert (replaced["status"], replaced["file_kept"]) == ("replaced", False)
    assert replaced["closed_at"] is not None
    gone = http.get(f"/v1/quarantine/{entry_id}/file", headers=steward(demo_tokens))
    assert gone.status_code == 404
    assert_french(gone.json()["detail"])
    again = http.post(f"/v1/quarantine/{entry_id}/discard", headers=steward(demo_tokens))
    assert again.status_code == 422
    assert again.json()["rule"] == "quarantaine-en-attente"


def test_a_second_valid_load_is_version_2_and_the_diff_shows_what_changed(
    lake: RunningApp[DataLakeSettings],
    http: httpx.Client,
    demo_tokens: DemoTokens,
    kafka_server: KafkaServer,
) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    first = upload(http, dataset_id, VALID, steward(demo_tokens)).json()
    second = upload(http, dataset_id, changed_grants(), steward(demo_tokens)).json()
    assert second["accepted"] is True
    versions = http.get(f"/v1/datasets/{dataset_id}/versions").json()
    assert [v["snapshot_id"] for v in versions] == [second["snapshot_id"], first["snapshot_id"]]
    diff = http.get(
        f"/v1/datasets/{dataset_id}/diff",
        params={"from": first["snapshot_id"], "to": second["snapshot_id"]},
    ).json()
    assert (diff["added"], diff["removed"], diff["changed"]) == (1, 1, 1)
    assert diff["added_rows"][0]["referenceDecision"] == "CONV N° 9999-24"
    assert diff["removed_rows"][0]["nomBeneficiaire"] == "THEATRE DE LA MARGUERITE"
    assert diff["changed_rows"][0]["montant"] == 34500

    events = updates(kafka_server, dataset_id, 2)
    assert [e.snapshot_id for e in events] == [first["snapshot_id"], second["snapshot_id"]]
    assert (events[1].rows_added, events[1].rows_removed, events[1].total_rows) == (
        VALID_ROWS,
        VALID_ROWS,
        VALID_ROWS,
    )


def test_who_may_load_and_into_what(http: httpx.Client, demo_tokens: DemoTokens) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    agent = bearer(demo_tokens.for_role("agent", audience="data-lake"))
    refused = upload(http, dataset_id, VALID, agent)
    assert refused.status_code == 403
    assert_french(refused.json()["detail"])
    for path in ("/v1/quarantine", f"/v1/datasets/{dataset_id}/loads"):
        assert http.get(path, headers=agent).status_code == 403
    assert upload(http, dataset_id, VALID, {}).status_code == 401
    unknown = upload(http, "aucun-jeu", VALID, steward(demo_tokens))
    assert unknown.status_code == 404
    assert_french(unknown.json()["detail"])
    assert http.get("/v1/quarantine/0123", headers=steward(demo_tokens)).status_code == 404

    no_schema = f"sans-schema-{uuid.uuid4().hex[:8]}"
    body = dataset_body(no_schema, schema_name="")
    assert http.post("/v1/datasets", json=body, headers=steward(demo_tokens)).status_code == 201
    refused = upload(http, no_schema, VALID, steward(demo_tokens))
    assert refused.status_code == 422
    assert refused.json()["rule"] == "schema-requis"
    assert_french(refused.json()["detail"])

    unknown_schema = f"schema-inconnu-{uuid.uuid4().hex[:8]}"
    body = dataset_body(unknown_schema, schema_name="scdl/inexistant")
    assert http.post("/v1/datasets", json=body, headers=steward(demo_tokens)).status_code == 201
    refused = upload(http, unknown_schema, VALID, steward(demo_tokens))
    assert refused.json()["rule"] == "schema-inconnu"


def test_an_upload_over_the_limit_is_refused_without_being_read(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    header = VALID.splitlines(keepends=True)[0]
    row = VALID.splitlines(keepends=True)[1]
    just_over = header + row * (MAX_BYTES // len(row) + 1)  # the file part passes the limit
    far_over = header + row * (3 * MAX_BYTES // len(row))  # the declared length does
    for content in (just_over, far_over):
        refused = upload(http, dataset_id, content, steward(demo_tokens))
        assert refused.status_code == 413, refused.text
        assert_french(refused.json()["detail"])
        assert "100 Ko" in refused.json()["detail"]

    # Sent in chunks, with no length declared: the reading stops past the limit.
    form = httpx.Request("POST", "http://lake/", files={"file": ("a.csv", far_over)})
    refused = http.post(
        f"/v1/datasets/{dataset_id}/loads",
        content=_chunks(form.read()),
        headers={**steward(demo_tokens), "content-type": form.headers["content-type"]},
    )
    assert refused.status_code == 413
    assert http.get(f"/v1/datasets/{dataset_id}").json()["latest_snapshot_id"] is None


def _chunks(body: bytes) -> Iterator[bytes]:
    for start in range(0, len(body), 8192):
        yield body[start : start + 8192]


def test_a_spreadsheet_with_a_formula_is_refused(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    lines = VALID.decode().splitlines()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(lines[0].split(","))
    cells: list[Any] = lines[2].split(",")
    cells[8] = "=30000+3000"  # montant computed by a formula
    sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    refused = upload(http, dataset_id, buffer.getvalue(), steward(demo_tokens), "subv.xlsx")
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert_french(problem["detail"])
    [issue] = problem["issues"]
    assert issue["rule"] == "fichier-refuse"
    assert "formule" in issue["message"].lower()
    assert_french(issue["message"])
    assert http.get(f"/v1/datasets/{dataset_id}").json()["latest_snapshot_id"] is None


def test_an_empty_file_is_refused(http: httpx.Client, demo_tokens: DemoTokens) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    refused = upload(http, dataset_id, b"", steward(demo_tokens), "vide.csv")
    assert refused.status_code == 422, refused.text
    [issue] = refused.json()["issues"]
    assert issue["rule"] == "fichier-refuse"
    assert "vide.csv" in issue["message"]
    assert_french(issue["message"])
    not_a_form = http.post(
        f"/v1/datasets/{dataset_id}/loads", json={"file": "x"}, headers=steward(demo_tokens)
    )
    assert not_a_form.status_code == 422
    assert_french(not_a_form.json()["detail"])


def test_a_steward_discards_a_quarantined_file(http: httpx.Client, demo_tokens: DemoTokens) -> None:
    dataset_id = new_dataset(http, demo_tokens)
    refused = upload(http, dataset_id, INVALID_CELLS, steward(demo_tokens)).json()
    entry_id = refused["quarantine_id"]
    agent = bearer(demo_tokens.for_role("agent", audience="data-lake"))
    assert http.post(f"/v1/quarantine/{entry_id}/discard", headers=agent).status_code == 403
    discarded = http.post(f"/v1/quarantine/{entry_id}/discard", headers=steward(demo_tokens))
    assert discarded.status_code == 200, discarded.text
    assert (discarded.json()["status"], discarded.json()["file_kept"]) == ("discarded", False)
    assert discarded.json()["issues"]  # the report stays
    assert (
        http.get(f"/v1/quarantine/{entry_id}/file", headers=steward(demo_tokens)).status_code == 404
    )
    listed = http.get(
        "/v1/quarantine", params={"status": "pending"}, headers=steward(demo_tokens)
    ).json()
    assert entry_id not in {e["id"] for e in listed}
