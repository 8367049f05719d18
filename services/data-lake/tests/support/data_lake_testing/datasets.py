"""Datasets as a data steward declares them, for the tests."""

from __future__ import annotations

from typing import Any


def dataset_body(dataset_id: str, **fields: Any) -> dict[str, Any]:
    """A complete declaration; ``fields`` override any part."""
    body: dict[str, Any] = {
        "id": dataset_id,
        "title": f"Jeu de données {dataset_id}",
        "description": "Un jeu de données de démonstration pour les tests.",
        "publisher": "Eurométropole de démonstration",
        "contact_name": "Service de la donnée",
        "contact_email": "donnees@collectivite.example",
        "themes": ["ECON"],
        "communes": [],
        "frequency": "ANNUAL",
        "access_rights": "public",
        "schema_name": "",
        "owner_department": "numerique",
        "steward": "Thomas Petit",
        "provider": "Eurométropole de démonstration",
    }
    body.update(fields)
    return body
