"""Sample published entries for the publication tests: every optional field filled."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from collectivia.ethics_register.systems.schemas import SystemRead
from collectivia.testkit.register_records import system_body

SAMPLE_ID = "0b9f7c1e-4d2a-4c55-9a51-3f2c6d8e1a7b"


def complete_body(**overrides: Any) -> dict[str, Any]:
    """``system_body`` with every optional field filled as well."""
    return system_body(
        **{
            "keywords": ["accueil", "information"],
            "organisation": {
                "name": "Metz Métropole",
                "siret": "24570084500017",
                "department": "Direction du numérique",
                "address": "Harmony Park, 11 boulevard Solidarité, 57070 Metz",
            },
            "contact": {
                "email": "algorithmes@demo.collectivia.fr",
                "phone": "03 87 00 00 00",
                "name": "Mission données",
            },
            "oversight_persons": [{"name": "Chargée d'accueil", "role": "Chargée d'accueil"}],
            "website": "https://www.example.fr/assistant",
            "out_of_scope": "Aucune démarche n'est faite à la place de l'habitant.",
            "yearly_decisions": 12000,
            "alternatives_considered": "Foire aux questions statique.",
            "dpia": {
                "summary": "Aucune donnée personnelle conservée.",
                "completed_on": "2026-01-15",
                "url": "https://www.example.fr/aipd.pdf",
            },
            "fria": {
                "processes": "Accueil des usagers.",
                "period_and_frequency": "En continu.",
                "affected_categories": "Habitants.",
                "risks_of_harm": "Information erronée.",
                "oversight_measures": "Transfert à un agent.",
                "remediation": "Signalement et correction sous 48 h.",
                "completed_on": "2026-01-20",
                "url": "https://www.example.fr/aidf.pdf",
            },
            "source_data": [
                {"name": "Pages service-public.fr", "contains_personal_data": False},
                {
                    "name": "Questions posées",
                    "description": "Conservées 30 jours",
                    "contains_personal_data": True,
                },
            ],
            "data_collection": "Saisie des usagers.",
            "data_bias": "Moins bonnes réponses aux questions rares.",
            "methods_and_models": "Recherche documentaire et modèle de langue.",
            "parameters": [{"name": "seuil", "weight": "0,7"}],
            "performance": "82 % de réponses jugées utiles.",
            "supplier": {"name": "Éditeur SAS", "siren": "123456789", "role": "Hébergement"},
            "codebase_url": "https://git.example.fr/assistant",
            "rollback": "Désactivation par l'administrateur.",
            "staff_training": "Formation d'une demi-journée.",
            "eu_database_url": "https://ec.europa.eu/ai-database/entry/42",
            "next_revision": "2027-02-01",
            **overrides,
        }
    )


def published(body: dict[str, Any] | None = None, **fields: Any) -> SystemRead:
    """A published entry as the register reads it back; ``fields`` set id, status..."""
    moment = datetime(2026, 2, 3, 10, 30, tzinfo=UTC)
    return SystemRead.model_validate(
        {
            **(body if body is not None else complete_body()),
            "id": SAMPLE_ID,
            "status": "approved",
            "version": 4,
            "created_at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
            "updated_at": moment,
            **fields,
        }
    )
