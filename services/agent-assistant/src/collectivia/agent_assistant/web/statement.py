"""The accessibility statement of the intranet page, with its keyboard shortcuts: the pages'
shared statement (``collectivia.platform.pages.statement``) with what applies to the
assistant."""

from __future__ import annotations

from collectivia.agent_assistant.web.layout import SITE, Frame
from collectivia.platform.pages import statement
from collectivia.platform.pages.statement import KEYCLOAK_LOGIN, NEEDS_JAVASCRIPT, Statement

STATEMENT = Statement(
    scope="à l'assistant des agents (intranet)",
    conformity=(
        "L'assistant des agents est <strong>partiellement conforme</strong> au référentiel "
        "général d'amélioration de l'accessibilité (RGAA) version 4.1 : il a été conçu pour "
        "le respecter, mais <strong>aucun audit</strong> n'a encore été réalisé, ni par un "
        "expert, ni avec des agents en situation de handicap. Seuls des contrôles "
        "automatiques sont passés à chaque modification, dans un navigateur Chromium : "
        "l'outil axe-core (critères WCAG 2.1 A et AA qu'un outil peut vérifier, une part "
        "seulement des critères du RGAA) ne relève aucune erreur sur chaque écran, et des "
        "essais vérifient le parcours principal au clavier seul."
    ),
    done=(
        "Pages en français, lien d'évitement, zones de la page balisées (en-tête, menu, "
        "contenu, pied de page), un titre principal par écran ;",
        "champs étiquetés, erreurs décrites en toutes lettres à côté du champ concerné, "
        "rien de ce qui a été saisi n'est perdu (y compris quand la session expire) ;",
        "focus visible, déplacé sur le titre de chaque nouvel écran ;",
        "résultats annoncés une seule fois aux lecteurs d'écran, quand ils sont complets ;",
        "contrastes d'au moins 4,5:1, tailles relatives pour le zoom, pas de défilement "
        "horizontal à 320 pixels de large.",
    ),
    shortcuts_caption="Raccourcis de l'assistant des agents",
    more_shortcuts=(
        (
            "<kbd>Ctrl</kbd> + <kbd>Entrée</kbd>",
            "Dans une zone de texte : envoyer le formulaire (réponse à l'habitant, tâche)",
        ),
        (
            "<kbd>Entrée</kbd>",
            "Sur un lien ou un bouton : l'activer (ouvrir une demande, un modèle)",
        ),
    ),
    shortcuts_note=(
        "À chaque changement d'écran, le focus va sur le titre de l'écran ; le résultat "
        "d'une tâche est annoncé une seule fois, quand il est complet."
    ),
    not_accessible=(
        "L'assistant n'a pas été testé avec des lecteurs d'écran (NVDA, JAWS, VoiceOver) ;",
        NEEDS_JAVASCRIPT,
        KEYCLOAK_LOGIN,
        "les documents envoyés pour être résumés et les sources citées peuvent ne pas "
        "être accessibles.",
    ),
    feedback="de l'assistant",
)


def accessibility_page(frame: Frame) -> str:
    return statement.accessibility_page(SITE, frame, STATEMENT)
