"""What the inbox shows instead of codes: the commune's name (and its department's) from the
official list, the service's label from the settings."""

from __future__ import annotations

from collections.abc import Mapping

from collectivia.platform.communes import commune_label

# Department (Keycloak group /departments/<name>) -> the label agents know it by.
DEFAULT_DEPARTMENT_LABELS = {
    "etat-civil": "État civil",
    "dechets": "Déchets",
    "mobilites": "Mobilités",
    "urbanisme": "Urbanisme",
    "action-sociale": "Action sociale",
    "numerique": "Numérique",
}


class HandoffLabels:
    def __init__(self, *, departments: Mapping[str, str]) -> None:
        self.departments = dict(departments)

    def department(self, department: str) -> str:
        """The label of a department; one the settings do not name, as it is."""
        return self.departments.get(department, department)

    def commune(self, code: str) -> str:
        """ "Metz (Moselle)" for "57463"; an unknown code as it is."""
        return commune_label(code)
