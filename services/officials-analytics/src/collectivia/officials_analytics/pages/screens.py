"""The screens of the officials' page, as static HTML that the script fills in.

One <section> per screen, all hidden but one; each has its own <h1>, which receives the
focus when the screen opens. Texts from the service are written by the script with
``textContent`` only. Element ids are the script's handles.
"""

from __future__ import annotations

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.pages.layout import SITE, Frame
from collectivia.platform.pages.layout import alert, screen, screens, sign_in_screen, status


def sign_in(frame: Frame) -> str:
    return sign_in_screen(
        SITE,
        frame,
        "<p>Suivez, commune par commune, les indicateurs des services numériques de la "
        "collectivité : questions des habitants et réponses de l'assistant, demandes "
        "transmises aux agents, satisfaction, propositions de l'IA relues par les agents, "
        "consommation d'eau ; les questions restées sans réponse et les prévisions. Cet "
        "espace est réservé aux élus : connectez-vous avec votre compte habituel.</p>",
        messages.PAGES_JAVASCRIPT_NEEDED,
    )


def selection(prefix: str) -> str:
    """The commune and the period (months, inclusive), as a form."""
    return (
        f'<form id="{prefix}-selection" class="barre selection" novalidate '
        f'aria-label="Commune et période">'
        f'<div><label for="{prefix}-commune">Commune</label>'
        f'<select id="{prefix}-commune" name="commune"></select></div>'
        f'<div><label for="{prefix}-du">Du mois</label>'
        f'<input type="month" id="{prefix}-du" name="du" min="2000-01" max="2100-12" '
        f'aria-describedby="{prefix}-periode-aide {prefix}-du-erreur"></div>'
        f'<div><label for="{prefix}-au">Au mois</label>'
        f'<input type="month" id="{prefix}-au" name="au" min="2000-01" max="2100-12" '
        f'aria-describedby="{prefix}-periode-aide {prefix}-au-erreur"></div>'
        '<button type="submit">Afficher</button></form>'
        f'<p id="{prefix}-periode-aide" class="indice">Mois inclus, au format AAAA-MM '
        "(par exemple 2026-01).</p>"
        f'<p id="{prefix}-du-erreur" class="erreur-champ"></p>'
        f'<p id="{prefix}-au-erreur" class="erreur-champ"></p>'
    )


def question() -> str:
    """A question in French, answered by a declared indicator: what was understood is shown
    first, so that the official can check what was computed."""
    return (
        '<section id="question" class="bloc" aria-labelledby="titre-question">'
        '<h2 id="titre-question">Poser une question sur les indicateurs</h2>'
        "<p>Écrivez votre question comme vous la diriez : l'indicateur déclaré qui y "
        "répond est choisi, avec ses filtres (commune, période, thème), et affiché avec ce "
        "qui a été compris. Rien n'est deviné : si la question ne désigne pas clairement un "
        "indicateur, les plus proches vous sont proposés.</p>"
        '<form id="question-formulaire" class="barre" novalidate>'
        '<div><label for="question-texte">Votre question</label>'
        '<input type="text" id="question-texte" name="question" maxlength="500" '
        'autocomplete="off" aria-describedby="question-aide question-texte-erreur"></div>'
        '<button type="submit">Demander</button></form>'
        '<p id="question-aide" class="indice">Par exemple : combien de questions sur l\'état '
        "civil à Metz en mars ? ou : taux de réponse par mois depuis janvier.</p>"
        '<p id="question-texte-erreur" class="erreur-champ"></p>'
        + status("question-etat")
        + alert("question-erreur")
        + '<div id="question-reponse" hidden>'
        '<p id="question-compris" class="compris"></p>'
        '<dl id="question-indicateur"></dl>'
        '<div id="question-valeurs"></div></div>'
        "</section>"
    )


def energy() -> str:
    """The energy card: the AI uses' estimated energy by month (chart, summary, table)."""
    return (
        '<section id="energie" class="bloc" aria-labelledby="titre-energie">'
        '<h2 id="titre-energie">Énergie et climat : l\'IA de la collectivité</h2>'
        "<p>L'énergie électrique et les émissions de CO2 estimées des usages de l'IA de la "
        "suite, mois par mois, pour toute la collectivité : chaque usage compte, qu'il vienne "
        "d'un habitant, d'un agent ou d'un calcul de prévision.</p>"
        + status("energie-etat")
        + alert("energie-erreur")
        + '<div id="energie-contenu"></div>'
        "</section>"
    )


def dashboard() -> str:
    return screen(
        "tableau",
        "Tableau de bord",
        "<p>Les indicateurs clés de la commune sur la période choisie. Chaque indicateur "
        "mène à son détail : son graphique, le tableau de ses valeurs par mois ou par thème "
        "et son export CSV. Les groupes trop petits ne sont jamais montrés, pour qu'aucune "
        "personne ne puisse être reconnue.</p>"
        + selection("tableau")
        + status("tableau-etat")
        + alert("tableau-erreur")
        + '<ul id="tableau-indicateurs" class="cartes"></ul>'
        + energy()
        + question()
        + '<section id="rapport" class="bloc" aria-labelledby="titre-rapport">'
        '<h2 id="titre-rapport">Rapport pour le conseil municipal</h2>'
        "<p>Un document PDF à imprimer : les indicateurs de la commune sur la période, "
        "leurs graphiques avec leurs tableaux et leurs résumés, les questions sans réponse "
        "et les prévisions.</p>"
        '<p id="rapport-commune" class="indice" hidden>Choisissez une commune pour son '
        "rapport.</p>"
        '<a id="rapport-lien" class="bouton" href="/v1/reports/commune.pdf" '
        'data-telecharger="rapport" data-etat="rapport-etat" data-erreur="rapport-erreur">'
        "Télécharger le rapport (PDF)</a>"
        + status("rapport-etat")
        + alert("rapport-erreur")
        + "</section>",
    )


def indicator() -> str:
    return screen(
        "indicateur",
        "Indicateur",
        '<p><a id="indicateur-retour" href="/#tableau">Revenir au tableau de bord</a></p>'
        '<p id="indicateur-definition"></p>'
        '<dl id="indicateur-infos" class="infos"></dl>'
        + selection("indicateur")
        + '<fieldset id="indicateur-repartition" class="repartition">'
        "<legend>Répartition</legend>"
        '<div id="indicateur-choix" class="choix-liste"></div></fieldset>'
        + status("indicateur-etat")
        + alert("indicateur-erreur")
        + '<section id="indicateur-detail" class="bloc" aria-labelledby="titre-detail" hidden>'
        '<h2 id="titre-detail" tabindex="-1">Détail</h2>'
        '<figure id="indicateur-figure" class="graphique">'
        '<img id="indicateur-graphique" alt="" hidden>'
        '<figcaption id="indicateur-resume" class="resume"></figcaption></figure>'
        + '<div id="indicateur-tableau"></div>'
        '<p class="boutons"><a id="indicateur-csv" class="bouton secondaire" '
        'href="/v1/kpis/indicateur.csv" data-telecharger="csv" '
        'data-etat="indicateur-telechargement" data-erreur="indicateur-telechargement-erreur">'
        "Télécharger les données (CSV)</a>"
        '<a id="indicateur-svg" class="bouton secondaire" href="/v1/charts/indicateur.svg" '
        'data-telecharger="svg" data-etat="indicateur-telechargement" '
        'data-erreur="indicateur-telechargement-erreur">Télécharger le graphique (SVG)</a></p>'
        + status("indicateur-telechargement")
        + alert("indicateur-telechargement-erreur")
        + "</section>",
        heading_id="titre-indicateur",
    )


def gaps() -> str:
    return screen(
        "lacunes",
        "Questions sans réponse",
        "<p>Ce que les habitants ont demandé sans trouver de réponse, classé du plus au moins "
        "fréquent : les pages à écrire ou à compléter en priorité. Les questions sont "
        "montrées sans les données personnelles, et seulement quand assez de personnes les "
        "ont posées.</p>"
        + selection("lacunes")
        + status("lacunes-etat")
        + alert("lacunes-erreur")
        + '<div id="lacunes-liste"></div>',
    )


def briefing() -> str:
    """The monthly briefing of a commune: its sentences, each linked to its figures, and
    how it was written."""
    return screen(
        "synthese",
        "Synthèse du mois",
        "<p>Les principales évolutions du mois dans la commune, en phrases simples : chaque "
        "chiffre vient des indicateurs calculés et mène à son détail. Les groupes trop petits "
        "ne sont jamais cités.</p>"
        '<form id="synthese-selection" class="barre selection" novalidate '
        'aria-label="Commune et mois">'
        '<div><label for="synthese-commune">Commune</label>'
        '<select id="synthese-commune" name="commune"></select></div>'
        '<div><label for="synthese-mois">Mois</label>'
        '<input type="month" id="synthese-mois" name="mois" min="2000-01" max="2100-12" '
        'aria-describedby="synthese-mois-aide synthese-mois-erreur"></div>'
        '<button type="submit">Afficher</button></form>'
        '<p id="synthese-mois-aide" class="indice">Au format AAAA-MM (par exemple 2026-03) ; '
        "par défaut, le dernier mois complet.</p>"
        '<p id="synthese-mois-erreur" class="erreur-champ"></p>'
        + status("synthese-etat")
        + alert("synthese-erreur")
        + '<div id="synthese-contenu"></div>',
    )


def forecasts() -> str:
    return screen(
        "previsions",
        "Prévisions",
        "<p>Les prévisions des prochains mois, calculées chaque mois à partir de "
        "l'historique. Chaque prévision est accompagnée de son erreur mesurée sur le passé "
        "et de la fiche de l'algorithme au registre public des algorithmes.</p>"
        '<p class="mention-ia">' + messages.FORECAST_MENTION + "</p>"
        '<form id="previsions-selection" class="barre selection" novalidate '
        'aria-label="Commune">'
        '<div><label for="previsions-commune">Commune</label>'
        '<select id="previsions-commune" name="commune"></select></div>'
        '<button type="submit">Afficher</button></form>'
        + status("previsions-etat")
        + alert("previsions-erreur")
        + '<div id="previsions-liste"></div>',
    )


def application(frame: Frame) -> str:
    """Every screen; the script shows one."""
    return screens(sign_in(frame), dashboard(), indicator(), gaps(), forecasts(), briefing())
