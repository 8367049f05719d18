"""Register entries for tests, written through the register's HTTP API as people would: a
complete record of a limited-risk assistant, and an entry taken to "approved" (register,
triage, submit, approve; the DPO's favourable opinion when asked)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx

from collectivia.testkit.tokens import DemoTokens, bearer

SystemBody = Callable[..., dict[str, object]]

# Answers under which the triage proposes "limited": a conversational assistant.
LIMITED_RISK_TRIAGE = {"interacts_with_people": True, "generates_content": True}


def system_body(**overrides: object) -> dict[str, object]:
    """A complete record of a limited-risk assistant; keyword arguments override fields."""
    return {
        "name": f"Assistant virtuel citoyen {uuid.uuid4().hex[:6]}",
        "purpose": "citizen-information",
        "summary": "Répond aux questions des habitants sur les services publics, avec sources.",
        "description": "Recherche dans les pages publiées par la collectivité et cite ses sources.",
        "organisation": {"name": "Metz Métropole", "department": "Direction du numérique"},
        "owner": "Directeur du numérique",
        "contact": {"email": "algorithmes@demo.collectivia.fr"},
        "policy_domain": "government",
        "area": ["57463", "57480"],
        "goal": "Informer les habitants à toute heure sur les démarches locales.",
        "legal_basis": "Mission de service public d'information des usagers.",
        "decision_process": "Informe seulement ; aucune décision individuelle.",
        "automation_level": "information-only",
        "human_intervention": "Transfert à un agent à tout moment.",
        "affected_groups": "Habitants et usagers des services de la métropole.",
        "impact": "Faible : information générale, sources citées.",
        "proportionality": "Complète l'accueil humain sans le remplacer.",
        "appeal_procedure": "Signaler un problème depuis chaque réponse ; médiateur.",
        "risk_class": "limited",
        "risks": [{"description": "Réponse inexacte", "mitigation": "Sources citées, refus"}],
        "source_data": [{"name": "Pages service-public.fr", "contains_personal_data": False}],
        "training_data": "Aucun entraînement ; modèle pré-entraîné.",
        "connected_data_sources": "Base documentaire de la collectivité.",
        "algorithm_type": "generative",
        "output_type": "descriptive",
        "monitoring": "Taux de réponses utiles, signalements, revue mensuelle.",
        **overrides,
    }


def approved_system(
    http: httpx.Client,
    tokens: DemoTokens,
    triage: dict[str, bool] | None = None,
    *,
    dpo_favourable: bool = False,
    **overrides: object,
) -> dict[str, Any]:
    """Register, triage, submit (the DPO's favourable opinion when ``dpo_favourable``) and
    approve an entry through the API, as people would."""
    officer = bearer(tokens.for_role("ethics-officer"))
    created = http.post("/v1/systems", json=system_body(**overrides), headers=officer)
    created.raise_for_status()
    system: dict[str, Any] = created.json()
    steps: list[tuple[str, str, dict[str, object], dict[str, str]]] = [
        ("put", "triage", {"answers": triage or LIMITED_RISK_TRIAGE}, officer),
        ("post", "submit", {}, officer),
    ]
    if dpo_favourable:
        steps.append(
            ("post", "dpo-review", {"opinion": "favourable"}, bearer(tokens.for_role("dpo")))
        )
    steps.append(("post", "approve", {}, bearer(tokens.for_role("admin"))))
    for method, step, body, headers in steps:
        response = http.request(
            method,
            f"/v1/systems/{system['id']}/{step}",
            json={**body, "version": system["version"]},
            headers=headers,
        )
        response.raise_for_status()
        system = response.json()
    return system
