"""The accessibility statement of the stewards' page, with its keyboard shortcuts."""

from __future__ import annotations

from collectivia.data_lake.pages.layout import MENU, Frame, esc, page


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
        "<table><caption>Raccourcis du lac de données</caption>"
        '<thead><tr><th scope="col">Touches</th><th scope="col">Action</th></tr></thead>'
        f"<tbody>{rows}"
        "<tr><td><kbd>Entrée</kbd></td><td>Sur un lien ou un bouton : l'activer (ouvrir un "
        "jeu de données, envoyer un fichier)</td></tr>"
        "</tbody></table>"
        "<p>À chaque changement d'écran, le focus va sur le titre de l'écran. Le résultat "
        "d'un chargement est annoncé une fois, quand la validation est finie ; un rapport de "
        "validation est un tableau, avec sa légende, qui prend le focus pour défiler au "
        "clavier.</p>"
    )


def accessibility_page(frame: Frame) -> str:
    name = esc(frame.collectivity)
    body = (
        "<h1>Déclaration d'accessibilité</h1>"
        f"<p>{name} s'engage à rendre ses services numériques accessibles, conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration "
        "s'applique à l'espace des administrateurs des données du lac de données.</p>"
        "<h2>État de conformité</h2>"
        "<p>L'espace des administrateurs des données est <strong>partiellement "
        "conforme</strong> au référentiel général d'amélioration de l'accessibilité (RGAA) "
        "version 4.1 : il a été conçu pour le respecter, mais <strong>aucun audit</strong> "
        "n'a encore été réalisé. Seuls des contrôles automatiques sont passés à chaque "
        "modification, dans un navigateur Chromium : l'outil axe-core (critères WCAG 2.1 A "
        "et AA qu'un outil peut vérifier, une part seulement des critères du RGAA) ne relève "
        "aucune erreur sur les écrans essayés.</p>"
        "<h2>Ce qui a été fait</h2><ul>"
        "<li>Pages en français, lien d'évitement, zones de la page balisées (en-tête, menu, "
        "contenu, pied de page), un titre principal par écran ;</li>"
        "<li>champs étiquetés, erreurs décrites en toutes lettres et annoncées aux lecteurs "
        "d'écran ;</li>"
        "<li>rapports de validation présentés en tableaux avec une légende : ligne, colonne, "
        "règle et message de chaque erreur ;</li>"
        "<li>aucune information donnée par la seule couleur : chaque statut est écrit ;</li>"
        "<li>focus visible, déplacé sur le titre de chaque nouvel écran ;</li>"
        "<li>contrastes d'au moins 4,5:1, tailles relatives pour le zoom.</li></ul>"
        f"{_shortcuts()}"
        "<h2>Contenus non accessibles ou non vérifiés</h2><ul>"
        "<li>L'espace n'a pas été testé avec des lecteurs d'écran (NVDA, JAWS, "
        "VoiceOver) ;</li>"
        "<li>il demande JavaScript ;</li>"
        "<li>la page de connexion est celle du service d'authentification (Keycloak) : son "
        "accessibilité n'est pas couverte par cette déclaration ;</li>"
        "<li>les fichiers chargés et les lignes des jeux de données sont montrés tels "
        "qu'ils ont été livrés.</li></ul>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous n'arrivez pas à utiliser une fonction de cet espace, signalez-le au "
        "service numérique de la collectivité : une alternative vous sera proposée et le "
        "défaut sera corrigé.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous n'obtenez pas de réponse, vous pouvez saisir le Défenseur des droits : "
        '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>, '
        "un délégué dans votre région, ou par courrier gratuit, sans affranchissement : "
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
    )
    return page(frame, "Accessibilité", body)
