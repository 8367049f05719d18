"""The accessibility statement of the stewards' page, with its keyboard shortcuts: the pages'
shared statement (``collectivia.platform.pages.statement``) with what applies to the
stewards' space."""

from __future__ import annotations

from collectivia.data_lake.pages.layout import SITE, Frame
from collectivia.platform.pages import statement
from collectivia.platform.pages.statement import KEYCLOAK_LOGIN, NEEDS_JAVASCRIPT, Statement

STATEMENT = Statement(
    scope="à l'espace des administrateurs des données du lac de données",
    conformity=(
        "L'espace des administrateurs des données est <strong>partiellement "
        "conforme</strong> au référentiel général d'amélioration de l'accessibilité (RGAA) "
        "version 4.1 : il a été conçu pour le respecter, mais <strong>aucun audit</strong> "
        "n'a encore été réalisé. Seuls des contrôles automatiques sont passés à chaque "
        "modification, dans un navigateur Chromium : l'outil axe-core (critères WCAG 2.1 A "
        "et AA qu'un outil peut vérifier, une part seulement des critères du RGAA) ne relève "
        "aucune erreur sur les écrans essayés."
    ),
    done=(
        "Pages en français, lien d'évitement, zones de la page balisées (en-tête, menu, "
        "contenu, pied de page), un titre principal par écran ;",
        "champs étiquetés, erreurs décrites en toutes lettres et annoncées aux lecteurs d'écran ;",
        "rapports de validation présentés en tableaux avec une légende : ligne, colonne, "
        "règle et message de chaque erreur ;",
        "aucune information donnée par la seule couleur : chaque statut est écrit ;",
        "focus visible, déplacé sur le titre de chaque nouvel écran ;",
        "contrastes d'au moins 4,5:1, tailles relatives pour le zoom.",
    ),
    shortcuts_caption="Raccourcis du lac de données",
    more_shortcuts=(
        (
            "<kbd>Entrée</kbd>",
            "Sur un lien ou un bouton : l'activer (ouvrir un jeu de données, envoyer un fichier)",
        ),
    ),
    shortcuts_note=(
        "À chaque changement d'écran, le focus va sur le titre de l'écran. Le résultat "
        "d'un chargement est annoncé une fois, quand la validation est finie ; un rapport de "
        "validation est un tableau, avec sa légende, qui prend le focus pour défiler au "
        "clavier."
    ),
    not_accessible=(
        "L'espace n'a pas été testé avec des lecteurs d'écran (NVDA, JAWS, VoiceOver) ;",
        NEEDS_JAVASCRIPT,
        KEYCLOAK_LOGIN,
        "les fichiers chargés et les lignes des jeux de données sont montrés tels "
        "qu'ils ont été livrés.",
    ),
    feedback="de cet espace",
)


def accessibility_page(frame: Frame) -> str:
    return statement.accessibility_page(SITE, frame, STATEMENT)
