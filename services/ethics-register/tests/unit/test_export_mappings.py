from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from collectivia.ethics_register.publication.annex_viii import annex_viii_c_document
from collectivia.ethics_register.publication.atrs import atrs_document, atrs_record
from collectivia.ethics_register.publication.ats import DOMAINS, ats_record
from collectivia.ethics_register.publication.native import (
    csv_columns,
    register_csv,
    register_document,
)
from collectivia.ethics_register.systems.record import PolicyDomain
from collectivia.testkit.register_records import system_body
from ethics_register_testing.publication_samples import SAMPLE_ID, complete_body, published


def test_ats_maps_enumerations_to_the_standard() -> None:
    assert DOMAINS[PolicyDomain.TAXES] == "taxes"
    assert DOMAINS[PolicyDomain.WORK_CAREER] == "work and career"
    assert DOMAINS[PolicyDomain.ENVIRONMENT_PLANNING_WATER] == (
        "environment, spacial planning and water"
    )
    cases = [
        ({"risk_class": "high"}, "risk_category", "high risk"),
        ({"risk_class": "minimal"}, "risk_category", "minimal risk"),
        ({"algorithm_type": "rules"}, "algorithm_type", "rule-based"),
        ({"algorithm_type": "machine-learning"}, "algorithm_type", "self-learning"),
        ({"algorithm_type": "generative"}, "algorithm_type", "self-learning"),
        ({"algorithm_type": "hybrid"}, "algorithm_type", "hybrid"),
        ({"output_type": "predictive"}, "type", "predictive"),
        ({"policy_domain": "housing"}, "domain", "housing, living and living environment"),
    ]
    for overrides, key, expected in cases:
        assert ats_record(published(complete_body(**overrides)))[key] == expected


def test_ats_statuses_and_metadata() -> None:
    assert ats_record(published(status="approved"))["status"] == "operational"
    suspended = ats_record(published(status="suspended"))
    assert suspended["status"] == "evaluation"
    assert "suspendue" in suspended["remark"]
    assert ats_record(published(status="retired"))["status"] == "retired"
    export = ats_record(published(), "https://r.example.fr/registre/x")
    assert export["uuid"] == SAMPLE_ID
    assert export["standard_version"] == "0.3.1"
    assert export["lang"] == "fr"
    assert export["publication_date"] == "2026-01-05"
    assert export["last_change_date"] == "2026-02-03"
    assert export["revision_date"] == "2027-02-01"
    assert export["area"] == "57463, 57480"
    assert export["documentation"] == "https://r.example.fr/registre/x"
    assert export["risks"] == "Réponse inexacte — mesure : Sources citées, refus"


def test_ats_leaves_out_what_the_record_does_not_say() -> None:
    export = ats_record(published(system_body()))
    for absent in ("contact_phone", "DPIA_url", "AIA_description", "codebase_url", "website"):
        assert absent not in export
    # Without a planned revision, the register's yearly review.
    assert export["revision_date"] == "2027-02-03"


def test_atrs_tiers() -> None:
    system = published()
    record = atrs_record(system, "https://r.example.fr/registre/x")
    assert record["tier_1"]["tier_1_information"] == {
        "name": system.name,
        "description": f"{system.summary}\n{system.goal}",
        "website_url": "https://r.example.fr/registre/x",
        "contact_email": "algorithmes@demo.collectivia.fr",
    }
    metadata = record["metadata"]
    assert metadata["standard_version"] == "3.0"
    assert (metadata["organisation_type"], metadata["function"]) == (
        "Local authority",
        "General public services",
    )
    assert (metadata["date_of_completion"], metadata["date_updated"]) == (
        "2026-01-05",
        "2026-02-03",
    )
    assert record["title_information"]["organisation_name"] == "Metz Métropole"
    tier_2 = record["tier_2"]
    owner = tier_2["owner_and_responsibility"]
    assert owner["senior_responsible_owner"] == "Directeur du numérique"
    assert owner["external_supplier_involvement"] == "Yes"
    # A SIREN is not a Companies House number: it goes with the supplier's name.
    assert owner["external_supplier"] == "Éditeur SAS (SIREN 123456789)"
    assert owner["companies_house_number"] is None
    assert tier_2["tool_specification"]["phase"] == "Production"
    assert tier_2["decision_making_process"]["frequency_and_scale_of_usage"] == (
        "Environ 12000 décisions par an."
    )
    data = tier_2["data_specification"]
    assert data["source_data_name"] == "Pages service-public.fr ; Questions posées"
    assert data["sensitive_attributes"] == "Questions posées : contient des données personnelles"
    assessments = tier_2["risks_mitigations_and_impact_assessments"]["impact_assessment"]
    assert assessments.startswith(
        "Analyse d'impact relative à la protection des données (AIPD), terminée le 15/01/2026 :"
    )
    assert assessments.count("20/01/2026") == 1 and "https://www.example.fr/aidf.pdf" in assessments
    assert tier_2["risks_mitigations_and_impact_assessments"]["risks_and_mitigations"] == (
        "Réponse inexacte — mesure : Sources citées, refus"
    )
    retired = atrs_record(published(status="retired"))
    assert retired["tier_2"]["tool_specification"]["phase"] == "Retired"
    assert retired["title_information"]["phase"] == "Retired"
    suspended = atrs_record(published(status="suspended"))
    assert "suspendue" in suspended["tier_2"]["tool_specification"]["maintenance"]
    document = atrs_document([published()], {})
    assert document["records"][0]["tier_1"]["tier_1_information"]["website_url"] == (
        "https://www.example.fr/assistant"
    )
    without_supplier = atrs_record(published(complete_body(supplier=None)))
    assert without_supplier["tier_2"]["owner_and_responsibility"]["external_supplier"] is None
    assert (
        without_supplier["tier_2"]["owner_and_responsibility"]["external_supplier_involvement"]
        == "No"
    )


def test_annex_viii_c_items() -> None:
    high = published(complete_body(risk_class="high"))
    entry = annex_viii_c_document([high, published(system_body())])["deployers_entries"]
    assert entry[0]["registration_required"] is True
    assert entry[0]["deployer"] == {
        "name": "Metz Métropole",
        "address": "Harmony Park, 11 boulevard Solidarité, 57070 Metz",
        "contact": "algorithmes@demo.collectivia.fr, 03 87 00 00 00",
    }
    assert entry[0]["submitted_by"]["name"] == "Mission données"
    assert entry[0]["eu_database_provider_entry_url"] == "https://ec.europa.eu/ai-database/entry/42"
    assert entry[0]["fria_summary"].startswith("Processus : Accueil des usagers.")
    assert entry[0]["dpia_summary"] == "Aucune donnée personnelle conservée."
    minimal = entry[1]
    assert minimal["registration_required"] is False
    assert minimal["submitted_by"]["name"] == "Directeur du numérique"
    assert minimal["fria_summary"] is None
    assert minimal["eu_database_provider_entry_url"] is None


def test_register_json_keeps_every_record_field() -> None:
    document = register_document([published()], datetime(2026, 3, 1, tzinfo=UTC))
    system = json.loads(json.dumps(document))["systems"][0]
    assert system["id"] == SAMPLE_ID
    assert system["status"] == "approved"
    assert set(complete_body()) <= set(system)
    assert system["fria"]["remediation"] == "Signalement et correction sous 48 h."


def test_register_csv_has_stable_columns_and_joined_lists() -> None:
    text = register_csv([published(), published(system_body(), id="other")])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["id", *(c for c in csv_columns() if c != "id")]
    full, minimal = rows
    assert full["organisation.name"] == "Metz Métropole"
    assert full["area"] == "57463 | 57480"
    assert full["source_data.name"] == "Pages service-public.fr | Questions posées"
    assert full["source_data.contains_personal_data"] == "false | true"
    assert full["risks.mitigation"] == "Sources citées, refus"
    assert full["next_revision"] == "2027-02-01"
    assert minimal["id"] == "other"
    assert minimal["supplier.name"] == ""
    assert minimal["fria.processes"] == ""
    # The same columns whatever the data.
    assert register_csv([]).splitlines()[0] == text.splitlines()[0]
