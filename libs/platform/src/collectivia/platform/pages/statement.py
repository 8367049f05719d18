"""The accessibility statement of a service's page (article 47 of the law of 11 February
2005, RGAA 4.1): the same sections for every page, with the keyboard shortcuts its menu
declares; the page says what applies to it."""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.platform.pages.layout import Frame, Site, document, esc

# Items of « Contenus non accessibles ou non vérifiés » true of every page of the frame.
NEEDS_JAVASCRIPT = "il demande JavaScript ;"
KEYCLOAK_LOGIN = (
    "la page de connexion est celle du service d'authentification (Keycloak) : son "
    "accessibilité n'est pas couverte par cette déclaration ;"
)


@dataclass(frozen=True)
class Statement:
    """What a page's statement says of it (HTML, already escaped)."""

    # What the statement applies to, after « Cette déclaration s'applique ».
    scope: str
    # The paragraph of « État de conformité ».
    conformity: str
    # The items of « Ce qui a été fait ».
    done: tuple[str, ...]
    # The caption of the shortcuts' table.
    shortcuts_caption: str
    # The table's rows after the menu's: keys and action.
    more_shortcuts: tuple[tuple[str, str], ...]
    # The paragraph under the table.
    shortcuts_note: str
    # The items of « Contenus non accessibles ou non vérifiés ».
    not_accessible: tuple[str, ...]
    # What the person could not use, after « une fonction ».
    feedback: str


def _items(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _shortcuts(site: Site, statement: Statement) -> str:
    menu = tuple(
        (
            f"<kbd>Alt</kbd> + <kbd>Maj</kbd> + <kbd>{letter}</kbd>",
            f"Aller à l'écran « {esc(label)} »",
        )
        for _, label, letter in site.menu
    )
    rows = "".join(
        f"<tr><td>{keys}</td><td>{action}</td></tr>"
        for keys, action in (*menu, *statement.more_shortcuts)
    )
    return (
        '<h2 id="raccourcis">Raccourcis clavier</h2>'
        "<p>Tout se fait au clavier : <kbd>Tab</kbd> et <kbd>Maj</kbd> + <kbd>Tab</kbd> "
        "passent d'un élément à l'autre, le focus est toujours visible. Les raccourcis "
        "combinent deux touches de modification et une lettre : ils ne gênent ni la saisie "
        "ni les lecteurs d'écran.</p>"
        f"<table><caption>{statement.shortcuts_caption}</caption>"
        '<thead><tr><th scope="col">Touches</th><th scope="col">Action</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<p>{statement.shortcuts_note}</p>"
    )


def accessibility_page(site: Site, frame: Frame, statement: Statement) -> str:
    """The whole statement page (no script: it needs no sign-in)."""
    body = (
        "<h1>Déclaration d'accessibilité</h1>"
        f"<p>{esc(frame.collectivity)} s'engage à rendre ses services numériques accessibles, "
        "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette "
        f"déclaration s'applique {statement.scope}.</p>"
        "<h2>État de conformité</h2>"
        f"<p>{statement.conformity}</p>"
        f"<h2>Ce qui a été fait</h2>{_items(statement.done)}"
        f"{_shortcuts(site, statement)}"
        "<h2>Contenus non accessibles ou non vérifiés</h2>"
        f"{_items(statement.not_accessible)}"
        "<h2>Retour d'information et contact</h2>"
        f"<p>Si vous n'arrivez pas à utiliser une fonction {statement.feedback}, signalez-le "
        "au service numérique de la collectivité : une alternative vous sera proposée et le "
        "défaut sera corrigé.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous n'obtenez pas de réponse, vous pouvez saisir le Défenseur des droits : "
        '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>, '
        "un délégué dans votre région, ou par courrier gratuit, sans affranchissement : "
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
    )
    return document(site, frame, "Accessibilité", body)
