"""The accessibility statement of the officials' page, with its keyboard shortcuts: the
pages' shared statement (``collectivia.platform.pages.statement``) with what applies to the
officials' dashboard, its charts and its printable report."""

from __future__ import annotations

from collectivia.officials_analytics.pages.layout import SITE, Frame
from collectivia.platform.pages import statement
from collectivia.platform.pages.statement import KEYCLOAK_LOGIN, NEEDS_JAVASCRIPT, Statement

STATEMENT = Statement(
    scope="à l'espace de pilotage des élus (tableau de bord des indicateurs par commune, "
    "questions sans réponse, prévisions, rapport imprimable)",
    conformity=(
        "L'espace de pilotage des élus est <strong>partiellement conforme</strong> au "
        "référentiel général d'amélioration de l'accessibilité (RGAA) version 4.1 : il a été "
        "conçu pour le respecter, mais <strong>aucun audit</strong> n'a encore été réalisé. "
        "Seuls des contrôles automatiques sont passés à chaque modification, dans un "
        "navigateur Chromium : l'outil axe-core (critères WCAG 2.1 A et AA qu'un outil peut "
        "vérifier, une part seulement des critères du RGAA) ne relève aucune erreur sur les "
        "écrans essayés."
    ),
    done=(
        "Pages en français, lien d'évitement, zones de la page balisées (en-tête, menu, "
        "contenu, pied de page), un titre principal par écran ;",
        "chaque graphique est accompagné de son tableau de données (avec une légende) et "
        "d'une phrase qui le résume, calculée à partir des valeurs : aucune information "
        "n'est donnée par le seul graphique ;",
        "couleurs des graphiques tirées de la palette d'Okabe et Ito, distinguables quelle "
        "que soit la vision des couleurs ; chaque valeur est aussi écrite sur sa barre ;",
        "les graphiques, téléchargeables en SVG, portent un titre et une description lus par "
        "les lecteurs d'écran ;",
        "champs étiquetés, erreurs décrites en toutes lettres et annoncées aux lecteurs d'écran ;",
        "focus visible, déplacé sur le titre de chaque nouvel écran ;",
        "contrastes d'au moins 4,5:1 pour le texte et 3:1 pour les graphiques, tailles "
        "relatives pour le zoom.",
    ),
    shortcuts_caption="Raccourcis de l'espace de pilotage",
    more_shortcuts=(
        (
            "<kbd>Entrée</kbd>",
            "Sur un lien ou un bouton : l'activer (ouvrir le détail d'un indicateur, "
            "télécharger un export)",
        ),
    ),
    shortcuts_note=(
        "À chaque changement d'écran, le focus va sur le titre de l'écran. Le résultat "
        "d'une sélection (commune, période) est annoncé une fois les indicateurs affichés ; "
        "un tableau plus large que l'écran prend le focus pour défiler au clavier."
    ),
    not_accessible=(
        "L'espace n'a pas été testé avec des lecteurs d'écran (NVDA, JAWS, VoiceOver) ;",
        NEEDS_JAVASCRIPT,
        KEYCLOAK_LOGIN,
        "le rapport imprimable (PDF) n'est pas un PDF balisé : ses textes et ses tableaux "
        "reprennent ceux des écrans, qui restent la version accessible ;",
        "les thèmes et les questions sans réponse sont montrés tels que l'assistant les a classés.",
    ),
    feedback="de cet espace",
)


def accessibility_page(frame: Frame) -> str:
    return statement.accessibility_page(SITE, frame, STATEMENT)
