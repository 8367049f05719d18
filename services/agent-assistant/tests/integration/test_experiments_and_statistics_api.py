"""Experiments and usage statistics through REST with real Keycloak tokens; the statistics
are fed by TASK_COMPLETED events through the real Kafka."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from agent_assistant_testing.running import RunningAssistant, publisher_as
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.events.v1 import assistant_pb2
from collectivia.testkit.tokens import bearer
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration


def demo_template(http: httpx.Client, token: str) -> str:
    listed = http.get(
        "/v1/prompts/templates", params={"tag": "état civil"}, headers=bearer(token)
    ).json()
    template_id: str = listed[0]["id"]
    return template_id


def plan(template_id: str, **changes: Any) -> dict[str, Any]:
    today = datetime.now(UTC).date()
    return {
        "title": "Courriers d'état civil avec l'assistant",
        "task": "draft",
        "template_id": template_id,
        "starts_on": (today - timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
    } | changes


def test_a_department_runs_an_experiment_and_reads_its_report(
    assistant_http: httpx.Client, agent_token: str, second_agent_token: str
) -> None:
    template_id = demo_template(assistant_http, agent_token)
    opened = assistant_http.post(
        "/v1/experiments", json=plan(template_id), headers=bearer(agent_token)
    )
    assert opened.status_code == 201, opened.text
    experiment = opened.json()
    assert (experiment["department"], experiment["status_label"]) == ("etat-civil", "en cours")
    url = f"/v1/experiments/{experiment['id']}"

    not_joined = assistant_http.post(f"{url}/uses", json={"rating": 4}, headers=bearer(agent_token))
    assert not_joined.status_code == 422
    assert "Rejoignez d'abord" in not_joined.json()["detail"]

    for token, rating, minutes in ((agent_token, 5, 20), (second_agent_token, 3, 5)):
        joined = assistant_http.post(f"{url}/participants", headers=bearer(token))
        assert joined.status_code == 200 and joined.json()["joined"] is True
        used = assistant_http.post(
            f"{url}/uses",
            json={"rating": rating, "minutes_saved": minutes, "comment": f"Note {rating}"},
            headers=bearer(token),
        )
        assert used.status_code == 201, used.text
    too_long = assistant_http.post(
        f"{url}/uses", json={"rating": 4, "minutes_saved": 9000}, headers=bearer(agent_token)
    )
    assert too_long.status_code == 422

    report = assistant_http.get(f"{url}/report", headers=bearer(agent_token)).json()
    assert (report["uses"], report["participants"], report["contributors"]) == (2, 2, 2)
    assert report["rating_mean"] == 4.0
    assert report["rating_distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert report["minutes_saved_total"] == 25
    assert sorted(c["comment"] for c in report["comments"]) == ["Note 3", "Note 5"]
    assert "Moins de 5 agents" in report["notice"]


def test_other_departments_read_only_shared_reports(
    assistant_http: httpx.Client, agent_token: str, admin_token: str
) -> None:
    template_id = demo_template(assistant_http, agent_token)
    opened = assistant_http.post(
        "/v1/experiments",
        json=plan(template_id, department="urbanisme", title="Essai de l'urbanisme"),
        headers=bearer(admin_token),
    )
    assert opened.status_code == 201, opened.text
    url = f"/v1/experiments/{opened.json()['id']}"
    assert assistant_http.get(f"{url}/report", headers=bearer(agent_token)).status_code == 404

    shared = assistant_http.post(
        f"{url}/sharing", json={"version": 1, "shared": True}, headers=bearer(admin_token)
    )
    assert shared.status_code == 200 and shared.json()["version"] == 2
    report = assistant_http.get(f"{url}/report", headers=bearer(agent_token))
    assert report.status_code == 200
    assert report.json()["experiment"]["manageable"] is False
    unshare = assistant_http.post(
        f"{url}/sharing", json={"version": 2, "shared": False}, headers=bearer(agent_token)
    )
    assert unshare.status_code == 403
    assert "service « urbanisme »" in unshare.json()["detail"]

    stale = assistant_http.post(
        f"{url}/sharing", json={"version": 1, "shared": False}, headers=bearer(admin_token)
    )
    assert stale.status_code == 409
    assert assistant_http.get(url, headers=bearer(admin_token)).json()["shared"] is True


def test_bad_experiments_are_refused_in_french(
    assistant_http: httpx.Client, agent_token: str
) -> None:
    today = date.today()
    response = assistant_http.post(
        "/v1/experiments",
        json=plan(
            "inconnu",
            starts_on=today.isoformat(),
            ends_on=(today - timedelta(days=3)).isoformat(),
        ),
        headers=bearer(agent_token),
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"ends_on", "template_id"}
    assert "La date de fin précède la date de début." in response.json()["detail"]


def publish_task(running: RunningAssistant, agent: str, template_id: str, at: datetime) -> None:
    """A task's completion on the broker, as the assistant's gateway publishes it."""
    stamp = Timestamp()
    stamp.FromDatetime(at)
    with publisher_as(running, "agent-assistant") as publisher:
        publisher.publish(
            assistant_pb2.TaskCompleted(
                task_id=str(uuid.uuid4()),
                task=assistant_pb2.ASSISTANT_TASK_DRAFT,
                agent=agent,
                department="etat-civil",
                template_id=template_id,
                generative=False,
                latency_ms=30,
                declared_minutes_saved=10,
                completed_at=stamp,
            ),
            key="etat-civil",
            wait=True,
        )


def test_statistics_come_from_task_events_and_hide_small_groups(
    agent_assistant: RunningAssistant,
    assistant_http: httpx.Client,
    agent_token: str,
    admin_token: str,
) -> None:
    template_id = demo_template(assistant_http, agent_token)
    month = datetime(2025, 1, 15, tzinfo=UTC)  # a month no other test writes to
    params = {"from": "2025-01", "to": "2025-01"}

    def january() -> dict[str, Any]:
        response = assistant_http.get(
            "/v1/statistics/usage", params=params, headers=bearer(agent_token)
        )
        assert response.status_code == 200, response.text
        row: dict[str, Any] = response.json()["rows"][0]
        return row

    for index in range(4):
        publish_task(agent_assistant, f"pseudo-{index}", template_id, month)
    wait_until(
        lambda: agent_assistant.service.get(PromptLibrary).get(template_id).uses == 4,
        timeout=20,
        what="four TASK_COMPLETED events counted",
    )
    four = january()
    assert four["suppressed"] is True and four["figures"] is None
    assert "Moins de 5 agents distincts" in four["explanation"]

    publish_task(agent_assistant, "pseudo-4", template_id, month)
    wait_until(lambda: not january()["suppressed"], timeout=20, what="five agents shown")
    five = january()
    assert five["figures"]["tasks"] == 5 and five["figures"]["agents"] == 5
    assert five["figures"]["minutes_saved"] == 50
    assert [t["task"] for t in five["by_task"]] == ["draft"]

    refused = assistant_http.get(
        "/v1/statistics/usage",
        params=params | {"department": "urbanisme"},
        headers=bearer(agent_token),
    )
    assert refused.status_code == 403
    bad = assistant_http.get(
        "/v1/statistics/usage", params={"from": "janvier"}, headers=bearer(agent_token)
    )
    assert bad.status_code == 422 and "AAAA-MM" in bad.json()["detail"]
    everyone = assistant_http.get(
        "/v1/statistics/usage", params=params, headers=bearer(admin_token)
    ).json()
    assert [r["department"] for r in everyone["rows"]] == ["etat-civil"]
