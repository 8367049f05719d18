"""Template text: placeholders checked against the declared variables, rendering."""

from __future__ import annotations

import pytest

from collectivia.agent_assistant.prompts.template_text import check_template, placeholders, render
from collectivia.platform.errors import InvalidInput

TEXT = "Madame, Monsieur {{destinataire}}, votre demande du {{ date_demande }} est {{suite}}."
DECLARED = ["destinataire", "date_demande", "suite"]


def test_consistent_template_has_no_error() -> None:
    assert check_template(TEXT, DECLARED) == []


def test_accented_names_are_allowed() -> None:
    assert check_template("Le {{numéro_dossier}}", ["numéro_dossier"]) == []


def test_used_but_undeclared_variable_is_reported_in_french() -> None:
    errors = check_template(TEXT, ["destinataire", "suite"])
    assert [e.field for e in errors] == ["variables"]
    assert (
        "« {{date_demande}} » est utilisée dans le texte mais n'est pas déclarée"
        in errors[0].message
    )


def test_declared_but_unused_variable_is_reported() -> None:
    errors = check_template(TEXT, [*DECLARED, "service"])
    assert [e.field for e in errors] == ["variables.3.name"]
    assert "déclarée mais n'apparaît pas" in errors[0].message


def test_declared_twice_is_reported() -> None:
    errors = check_template(TEXT, [*DECLARED, "suite"])
    assert [e.message for e in errors] == ["La variable « suite » est déclarée deux fois."]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Bonjour {{Nom Prénom}}", "Nom de variable invalide « {{Nom Prénom}} »"),
        ("Bonjour {{1er}}", "Nom de variable invalide"),
        ("Bonjour {{nom", "Accolades « {{ » sans leur pendant"),
        ("Bonjour nom}}", "Accolades « }} » sans leur pendant"),
        ("Bonjour {{}}", "Nom de variable invalide"),
    ],
)
def test_malformed_placeholders_are_reported(text: str, fragment: str) -> None:
    _, errors = placeholders(text)
    assert errors
    assert fragment in errors[0].message


def test_single_braces_are_plain_text() -> None:
    assert check_template("Un ensemble {a, b} et {{x}}", ["x"]) == []


def test_render_fills_every_placeholder() -> None:
    text = render(
        TEXT,
        DECLARED,
        {"destinataire": "Mme Martin", "date_demande": "3 mars", "suite": "acceptée"},
    )
    assert text == "Madame, Monsieur Mme Martin, votre demande du 3 mars est acceptée."


def test_render_lists_every_unfilled_variable() -> None:
    with pytest.raises(InvalidInput) as caught:
        render(TEXT, DECLARED, {"destinataire": "Mme Martin", "suite": "  "})
    assert caught.value.detail == (
        "Le modèle ne peut pas être complété : variables non renseignées : date_demande, suite."
    )
    assert [e.field for e in caught.value.errors] == ["variables.date_demande", "variables.suite"]


def test_render_refuses_unknown_variables() -> None:
    with pytest.raises(InvalidInput) as caught:
        render(
            TEXT, DECLARED, {"destinataire": "a", "date_demande": "b", "suite": "c", "sutie": "d"}
        )
    assert "variables inconnues : sutie" in caught.value.detail


def test_values_are_not_rendered_again() -> None:
    assert render("{{a}} {{b}}", ["a", "b"], {"a": "{{b}}", "b": "x"}) == "{{b}} x"
