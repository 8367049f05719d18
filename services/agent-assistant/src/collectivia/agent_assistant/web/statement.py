"""The accessibility statement of the intranet page, with its keyboard shortcuts."""

from __future__ import annotations

from collectivia.agent_assistant.web.layout import MENU, Frame, esc, page


def _shortcuts() -> str:
    rows = "".join(
        f"<tr><td><kbd>Alt</kbd> + <kbd>Maj</kbd> + <kbd>{letter}</kbd></td>"
        f"<td>Aller à l'écran « {esc(label)} »</td></tr>"
        for _, label, letter in MENU
    )
    return (
        '<h2 id="raccourcis">Raccourcis clavier</h2>'
        "<p>Tout se fait au clavier : <kbd>Tab</kbd> et <kbd>Maj</kbd> + <kbd>Tab</kbd> "
        "passent d'un élément à l'autre, le focus est toujours visible. Les raccourcis "
        "combinent deux touches de modification et une lettre : ils ne gênent ni la saisie "
        "ni les lecteurs d'écran.</p>"
        "<table><caption>Raccourcis de l'assistant des agents</caption>"
        '<thead><tr><th scope="col">Touches</th><th scope="col">Action</th></tr></thead>'
        f"<tbody>{rows}"
        "<tr><td><kbd>Ctrl</kbd> + <kbd>Entrée</kbd></td><td>Dans une zone de texte : "
        "envoyer le formulaire (réponse à l'habitant, tâche)</td></tr>"
        "<tr><td><kbd>Entrée</kbd></td><td>Sur un lien ou un bouton : l'activer (ouvrir une "
        "demande, un modèle)</td></tr>"
        "</tbody></table>"
        "<p>À chaque changement d'écran, le focus va sur le titre de l'écran ; le résultat "
        "d'une tâche est annoncé une seule fois, quand il est complet.</p>"
    )


def accessibility_page(frame: Frame) -> str:
    name = esc(frame.collectivity)
    body = (
        "<h1>Déclaration d'accessibilité</h1>"
        f"<p>{name} s'engage à rendre ses services numériques accessibles, conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration "
        "s'applique à l'assistant des agents (intranet).</p>"
        "<h2>État de conformité</h2>"
        "<p>L'assistant des agents est <strong>partiellement conforme</strong> au référentiel "
        "général d'amélioration de l'accessibilité (RGAA) version 4.1 : il a été conçu pour "
        "le respecter, mais <strong>aucun audit</strong> n'a encore été réalisé, ni par un "
        "expert, ni avec des agents en situation de handicap. Seuls des contrôles "
        "automatiques sont passés à chaque modification, dans un navigateur Chromium : "
        "l'outil axe-core (critères WCAG 2.1 A et AA qu'un outil peut vérifier, une part "
        "seulement des critères du RGAA) ne relève aucune erreur sur chaque écran, et des "
        "essais vérifient le parcours principal au clavier seul.</p>"
        "<h2>Ce qui a été fait</h2><ul>"
        "<li>Pages en français, lien d'évitement, zones de la page balisées (en-tête, menu, "
        "contenu, pied de page), un titre principal par écran ;</li>"
        "<li>champs étiquetés, erreurs décrites en toutes lettres à côté du champ concerné, "
        "rien de ce qui a été saisi n'est perdu (y compris quand la session expire) ;</li>"
        "<li>focus visible, déplacé sur le titre de chaque nouvel écran ;</li>"
        "<li>résultats annoncés une seule fois aux lecteurs d'écran, quand ils sont "
        "complets ;</li>"
        "<li>contrastes d'au moins 4,5:1, tailles relatives pour le zoom, pas de défilement "
        "horizontal à 320 pixels de large.</li></ul>"
        f"{_shortcuts()}"
        "<h2>Contenus non accessibles ou non vérifiés</h2><ul>"
        "<li>L'assistant n'a pas été testé avec des lecteurs d'écran (NVDA, JAWS, "
        "VoiceOver) ;</li>"
        "<li>il demande JavaScript ;</li>"
        "<li>la page de connexion est celle du service d'authentification (Keycloak) : son "
        "accessibilité n'est pas couverte par cette déclaration ;</li>"
        "<li>les documents envoyés pour être résumés et les sources citées peuvent ne pas "
        "être accessibles.</li></ul>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous n'arrivez pas à utiliser une fonction de l'assistant, signalez-le au "
        "service numérique de la collectivité : une alternative vous sera proposée et le "
        "défaut sera corrigé.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous n'obtenez pas de réponse, vous pouvez saisir le Défenseur des droits : "
        '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>, '
        "un délégué dans votre région, ou par courrier gratuit, sans affranchissement : "
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
    )
    return page(frame, "Accessibilité", body)
