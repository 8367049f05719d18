"""Pieces of the intranet screens: labelled fields with their hint and error holders (a
screen's section, status and alert regions are the pages' shared ones:
``collectivia.platform.pages.layout``). Field ids are the script's handles (``<id>-aide``,
``<id>-erreur``)."""

from __future__ import annotations

SUBMIT_HINT = "Ctrl + Entrée envoie le formulaire depuis une zone de texte."


def textarea(field_id: str, label: str, hint: str = "", rows: int = 6, limit: int = 0) -> str:
    hint_id = f"{field_id}-aide"
    described = f' aria-describedby="{hint_id} {field_id}-erreur"'
    maximum = f' maxlength="{limit}"' if limit else ""
    return (
        f'<label for="{field_id}">{label}</label>'
        f'<p id="{hint_id}" class="indice">{hint}</p>'
        f'<textarea id="{field_id}" name="{field_id}" rows="{rows}"{maximum}{described}>'
        "</textarea>"
        f'<p id="{field_id}-erreur" class="erreur-champ"></p>'
    )


def publication(prefix: str) -> str:
    return (
        f'<div class="choix"><input type="checkbox" id="{prefix}-publication" '
        f'name="for_publication"><label for="{prefix}-publication">Texte destiné à être '
        "publié (il portera la mention « produit avec l'aide d'une intelligence "
        "artificielle » tant qu'un agent ne l'a pas relu)</label></div>"
    )


def template_choice(prefix: str, label: str) -> str:
    return (
        f'<label for="{prefix}-modele">{label}</label>'
        f'<select id="{prefix}-modele" name="template_id" data-modeles="{prefix}" '
        f'aria-describedby="{prefix}-modele-erreur"><option value="">Aucun modèle</option>'
        "</select>"
        f'<p id="{prefix}-modele-erreur" class="erreur-champ"></p>'
        f'<div id="{prefix}-variables" class="variables"></div>'
    )


def rating_fields(prefix: str) -> str:
    scores = "".join(
        f'<div class="choix"><input type="radio" id="{prefix}-{n}" name="score" value="{n}">'
        f'<label for="{prefix}-{n}">{n}{label}</label></div>'
        for n, label in (
            (1, " — inutile"),
            (2, ""),
            (3, ""),
            (4, ""),
            (5, " — très utile"),
        )
    )
    return (
        f'<fieldset aria-describedby="{prefix}-score-erreur"><legend>Note, de 1 à 5</legend>'
        f'{scores}</fieldset><p id="{prefix}-score-erreur" class="erreur-champ"></p>'
        + textarea(
            f"{prefix}-commentaire",
            "Commentaire (facultatif)",
            "Ce qui a marché, ce qu'il a fallu corriger : vos collègues le liront.",
            3,
            2000,
        )
    )
