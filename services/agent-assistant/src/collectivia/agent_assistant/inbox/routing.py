"""Which department answers a handed-over conversation: by theme, else by commune, else the
default department."""

from __future__ import annotations

from collections.abc import Mapping


def theme_key(theme: str) -> str:
    """ "Déchets > Déchèteries" -> "déchets"."""
    return theme.split(">", 1)[0].strip().lower()


class DepartmentRouting:
    def __init__(
        self,
        theme_departments: Mapping[str, str],
        commune_departments: Mapping[str, str],
        default_department: str,
        urgent_department: str = "",
    ) -> None:
        self.theme_departments = {k.strip().lower(): v for k, v in theme_departments.items()}
        self.commune_departments = dict(commune_departments)
        self.default_department = default_department
        # The agents on duty for emergencies; "": routed as any other request.
        self.urgent_department = urgent_department

    def department_for(self, theme: str, commune: str, *, urgent: bool = False) -> str:
        if urgent and self.urgent_department:
            return self.urgent_department
        full, first = theme.strip().lower(), theme_key(theme)
        for key in (full, first):
            if key and key in self.theme_departments:
                return self.theme_departments[key]
        return self.commune_departments.get(commune.strip(), self.default_department)
