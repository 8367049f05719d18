"""The screens of the stewards' page, as static HTML that the script fills in.

One <section> per screen, all hidden but one; each has its own <h1>, which receives the
focus when the screen opens. Texts from the service are written by the script with
``textContent`` only. Element ids are the script's handles (``<id>-erreur`` under a field).
"""

from __future__ import annotations

from collectivia.data_lake import messages
from collectivia.data_lake.pages.layout import SITE, Frame
from collectivia.platform.pages.layout import alert, screen, screens, sign_in_screen, status


def table_holder(element_id: str, heading_id: str) -> str:
    """Where the script puts a table that may be wider than the screen: a named region that
    takes the focus, so that it scrolls with the keyboard."""
    return (
        f'<div id="{element_id}" class="tableau" role="region" tabindex="0" '
        f'aria-labelledby="{heading_id}"></div>'
    )


def sign_in(frame: Frame) -> str:
    return sign_in_screen(
        SITE,
        frame,
        "<p>Suivez les jeux de données de la collectivité et leurs versions, chargez leurs "
        "fichiers (validés à l'entrée), consultez la quarantaine et les livraisons des "
        "délégataires de service public. Cet espace est réservé aux administrateurs des "
        "données : connectez-vous avec votre compte habituel.</p>",
        messages.PAGES_JAVASCRIPT_NEEDED,
    )


def datasets() -> str:
    return screen(
        "jeux",
        "Jeux de données",
        "<p>Les jeux de données de la collectivité, avec leur dernière version. Choisissez "
        "un jeu de données pour voir ses versions, ses lignes, et pour lui charger un "
        "fichier.</p>"
        '<div class="barre"><button type="button" id="jeux-actualiser" class="secondaire">'
        "Actualiser la liste</button></div>"
        + status("jeux-etat")
        + '<div id="jeux-tableau"></div>',
    )


def _upload() -> str:
    return (
        '<section id="chargement" class="bloc" aria-labelledby="titre-chargement">'
        '<h2 id="titre-chargement">Charger un fichier</h2>'
        '<p id="chargement-aide" class="indice">Le fichier est validé à l\'entrée contre le '
        "schéma du jeu de données. Conforme, il devient la nouvelle version ; sinon rien "
        "n'est chargé, le rapport de validation s'affiche ici et le fichier est gardé en "
        "quarantaine.</p>"
        '<form id="chargement-form" novalidate>'
        '<label for="chargement-fichier">Fichier à charger</label>'
        '<input type="file" id="chargement-fichier" name="file" '
        'aria-describedby="chargement-aide chargement-fichier-erreur">'
        '<p id="chargement-fichier-erreur" class="erreur-champ"></p>'
        '<button type="submit" id="chargement-envoyer">Envoyer le fichier</button></form>'
        + status("chargement-etat")
        + alert("chargement-erreur")
        + '<div id="chargement-rapport"></div></section>'
    )


def dataset() -> str:
    return screen(
        "jeu",
        "Jeu de données",
        '<p><a href="/#jeux">Revenir aux jeux de données</a></p>'
        + status("jeu-etat")
        + '<dl id="jeu-infos" class="infos"></dl>'
        + _upload()
        + '<section id="versions" class="bloc" aria-labelledby="titre-versions" hidden>'
        '<h2 id="titre-versions">Versions</h2>'
        + status("versions-etat")
        + '<div id="versions-tableau"></div></section>'
        '<section id="chargements" class="bloc" aria-labelledby="titre-chargements">'
        '<h2 id="titre-chargements">Chargements</h2>'
        + status("chargements-etat")
        + '<div id="chargements-tableau"></div></section>'
        '<section id="lignes" class="bloc" aria-labelledby="titre-lignes" hidden>'
        '<h2 id="titre-lignes">Aperçu des lignes</h2>'
        '<form id="lignes-form" class="barre" novalidate>'
        '<label for="lignes-version">Version</label><select id="lignes-version"></select>'
        '<button type="submit">Afficher les lignes</button></form>'
        + status("lignes-etat")
        + alert("lignes-erreur")
        + table_holder("lignes-tableau", "titre-lignes")
        + '<div class="boutons"><button type="button" id="lignes-precedentes" '
        'class="secondaire" hidden>Lignes précédentes</button><button type="button" '
        'id="lignes-suivantes" class="secondaire" hidden>Lignes suivantes</button></div>'
        "</section>"
        '<section id="comparaison" class="bloc" aria-labelledby="titre-comparaison" hidden>'
        '<h2 id="titre-comparaison">Comparer deux versions</h2>'
        '<form id="comparaison-form" class="barre" novalidate>'
        '<label for="comparaison-depart">Version de départ</label>'
        '<select id="comparaison-depart"></select>'
        '<label for="comparaison-arrivee">Version d\'arrivée</label>'
        '<select id="comparaison-arrivee"></select>'
        '<button type="submit">Comparer</button></form>'
        + status("comparaison-etat")
        + alert("comparaison-erreur")
        + '<div id="comparaison-resultat"></div></section>',
        heading_id="titre-jeu",
    )


def quarantine() -> str:
    choices = "".join(
        f'<option value="{value}">{label}</option>'
        for value, label in (
            ("pending", "En attente de correction"),
            ("replaced", "Remplacés par un fichier corrigé"),
            ("discarded", "Écartés"),
            ("", "Tous"),
        )
    )
    return screen(
        "quarantaine",
        "Quarantaine",
        "<p>Les fichiers refusés à l'entrée, gardés avec leur rapport de validation jusqu'à "
        "ce qu'un fichier corrigé soit accepté pour le même jeu de données, ou qu'un "
        "administrateur des données les écarte.</p>"
        '<form id="quarantaine-filtre" class="barre" novalidate>'
        f'<label for="quarantaine-statut">Afficher</label><select id="quarantaine-statut">'
        f"{choices}</select>"
        '<button type="submit" class="secondaire">Actualiser la liste</button></form>'
        + status("quarantaine-etat")
        + '<div id="quarantaine-tableau"></div>',
    )


def quarantined() -> str:
    return screen(
        "quarantaine-fichier",
        "Fichier en quarantaine",
        '<p><a href="/#quarantaine">Revenir à la quarantaine</a></p>'
        + status("quarantaine-fichier-etat")
        + '<dl id="quarantaine-infos" class="infos"></dl>'
        '<div id="quarantaine-actions" class="boutons">'
        '<button type="button" id="quarantaine-telecharger" class="secondaire" hidden>'
        "Télécharger le fichier refusé</button>"
        '<button type="button" id="quarantaine-ecarter" hidden>Écarter ce fichier</button>'
        "</div>"
        '<form id="quarantaine-confirmation" class="bloc alerte" novalidate hidden '
        'aria-labelledby="titre-ecarter">'
        '<h2 id="titre-ecarter" tabindex="-1">Écarter ce fichier ?</h2>'
        "<p>Le fichier sera supprimé ; son rapport de validation restera consultable. Un "
        "fichier écarté ne peut pas être récupéré.</p>"
        '<div class="boutons"><button type="submit">Écarter définitivement</button>'
        '<button type="button" id="quarantaine-annuler" class="secondaire">Annuler</button>'
        "</div></form>"
        + alert("quarantaine-fichier-erreur")
        + '<h2 id="titre-quarantaine-rapport">Rapport de validation</h2>'
        '<div id="quarantaine-rapport"></div>',
        heading_id="titre-quarantaine-fichier",
    )


def contracts() -> str:
    return screen(
        "contrats",
        "Contrats de DSP",
        "<p>Les contrats de délégation de service public et les données que chaque "
        "délégataire doit livrer à la collectivité (code de la commande publique, articles "
        "L3131-2 et suivants) : ce qui est attendu, ce qui est arrivé, à temps ou non.</p>"
        '<div class="barre"><button type="button" id="contrats-actualiser" class="secondaire">'
        "Actualiser la liste</button></div>"
        + status("contrats-etat")
        + '<div id="contrats-tableau"></div>',
    )


def contract() -> str:
    return screen(
        "contrat",
        "Contrat de DSP",
        '<p><a href="/#contrats">Revenir aux contrats</a></p>'
        + status("contrat-etat")
        + '<dl id="contrat-infos" class="infos"></dl>'
        '<section id="contrat-clauses-bloc" class="bloc" aria-labelledby="titre-clauses" hidden>'
        '<h2 id="titre-clauses">Clauses relatives aux données</h2>'
        '<div id="contrat-clauses"></div></section>'
        '<section class="bloc" aria-labelledby="titre-conformite">'
        '<h2 id="titre-conformite">Respect des livraisons</h2>'
        '<p id="conformite-date" class="indice"></p>'
        + status("conformite-etat")
        + '<div id="conformite"></div></section>'
        '<section class="bloc" aria-labelledby="titre-livraisons">'
        '<h2 id="titre-livraisons">Livraisons reçues</h2>'
        + status("livraisons-etat")
        + '<div id="livraisons-tableau"></div></section>',
        heading_id="titre-contrat",
    )


def application(frame: Frame) -> str:
    """Every screen; the script shows one."""
    return screens(
        sign_in(frame),
        datasets(),
        dataset(),
        quarantine(),
        quarantined(),
        contracts(),
        contract(),
    )
