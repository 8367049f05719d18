"""The DSP contracts screens in a real Chromium: a contract declared by a steward, one valid
late delivery and one refused delivery from the operator's own account (client credentials
of operator-eau-demo); the steward reads the compliance period by period and the deliveries,
the refused one's report a link away; axe-core finds nothing."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import Page, expect

from collectivia.data_lake.settings import DataLakeSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.tokens import DemoTokens, bearer

from .conftest import SUBVENTIONS, declared

pytestmark = [pytest.mark.integration, pytest.mark.browser]

OPERATOR = "operator-eau-demo"


def delivered(
    lake: RunningApp[DataLakeSettings],
    demo_tokens: DemoTokens,
    contract_id: str,
    dataset_id: str,
    period_start: str,
    filename: str,
) -> httpx.Response:
    """A file delivered by the operator, with its own token."""
    token = demo_tokens.for_service(OPERATOR)
    with httpx.Client(base_url=lake.base_url, timeout=30, headers=bearer(token)) as http:
        return http.post(
            f"/v1/contracts/{contract_id}/deliveries",
            params={"dataset_id": dataset_id, "period_start": period_start},
            files={"file": (filename, (SUBVENTIONS / filename).read_bytes())},
        )


def test_a_steward_follows_the_deliveries_of_a_dsp_contract(
    lake: RunningApp[DataLakeSettings],
    steward_page: Page,
    steward_api: httpx.Client,
    demo_tokens: DemoTokens,
) -> None:
    page = steward_page
    errors = console_errors(page)
    found: list[str] = []
    suffix = uuid.uuid4().hex[:8]
    contract_id, dataset_id = f"dsp-eau-{suffix}", f"aides-eau-{suffix}"
    title = f"Délégation de l'eau potable {suffix}"
    declared(steward_api, dataset_id, contract_id=contract_id)
    contract = {
        "id": contract_id,
        "title": title,
        "public_service": "eau-potable",
        "operator_client_id": OPERATOR,
        "operator_name": "Eau de démonstration SAS",
        "operator_siren": "123456789",
        "starts_on": "2026-01-01",
        "ends_on": "2035-12-31",
        "clauses": {"clause_text": "Le délégataire livre chaque mois les aides versées."},
        "datasets": [{"dataset_id": dataset_id, "frequency": "monthly", "deadline_days": 15}],
    }
    created = steward_api.post("/v1/contracts", json=contract)
    assert created.status_code == 201, created.text
    valid = delivered(
        lake, demo_tokens, contract_id, dataset_id, "2026-01-01", "exemple-valide.csv"
    )
    assert valid.status_code == 201, valid.text
    refused = delivered(
        lake,
        demo_tokens,
        contract_id,
        dataset_id,
        "2026-02-01",
        "exemple-invalide-erreurs-cellules.csv",
    )
    assert refused.status_code == 422, refused.text

    page.get_by_role("link", name="Contrats de DSP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contrats de DSP")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    link = page.get_by_role("link", name=title)
    expect(link).to_be_visible()
    found += [f"contrats: {v}" for v in axe_violations(page)]

    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#contrat-infos")).to_contain_text("Eau de démonstration SAS")
    expect(page.locator("#contrat-clauses")).to_contain_text("livre chaque mois")
    periods = page.get_by_role(
        "table", name=f"Périodes de « {dataset_id} », la plus récente d'abord"
    )
    january = periods.locator("tbody tr", has_text="1 janvier 2026")
    expect(january).to_contain_text("livrée en retard")
    february = periods.locator("tbody tr", has_text="1 février 2026")
    expect(february).to_contain_text("refusée à l'entrée")
    deliveries = page.get_by_role("table", name="Livraisons reçues, la plus récente d'abord (2)")
    expect(deliveries.locator("tbody tr")).to_have_count(2)
    expect(deliveries.locator("tbody tr").first).to_contain_text("Refusée à l'entrée")
    expect(deliveries.locator("tbody tr").nth(1)).to_contain_text("Complète")
    found += [f"contrat: {v}" for v in axe_violations(page)]

    deliveries.get_by_role("link", name="Voir le rapport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fichier en quarantaine : exemple-invalide-erreurs-cellules.csv"
    )
    expect(page.locator("#quarantaine-infos")).to_contain_text(contract_id)

    assert not found, "\n".join(found)
    assert errors == []
