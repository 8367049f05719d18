"""The screens of the intranet application, as static HTML that the script fills in.

One <section> per screen, all hidden but one; each has its own <h1>, which receives the
focus when the screen opens. Texts from the service are written by the script with
``textContent`` only.
"""

from __future__ import annotations

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.web.fields import SUBMIT_HINT, rating_fields, textarea
from collectivia.agent_assistant.web.layout import SITE, Frame
from collectivia.agent_assistant.web.task_screen import tasks
from collectivia.platform.pages.layout import alert, screen, screens, sign_in_screen, status


def sign_in(frame: Frame) -> str:
    return sign_in_screen(
        SITE,
        frame,
        "<p>Répondez aux demandes des habitants, résumez et rédigez plus vite, partagez vos "
        "meilleurs modèles de consignes. L'assistant est réservé aux agents de la "
        "collectivité : connectez-vous avec votre compte habituel.</p>",
        messages.JAVASCRIPT_NEEDED,
    )


def charter() -> str:
    return screen(
        "charte",
        "Charte d'utilisation de l'assistant",
        '<p id="charte-statut" class="etat"></p>'
        '<article id="charte-texte" class="charte" aria-labelledby="titre-charte"></article>'
        '<form id="charte-form" class="bloc" novalidate hidden>'
        '<div class="choix"><input type="checkbox" id="charte-lu" name="lu" '
        'aria-describedby="charte-lu-erreur">'
        "<label for=\"charte-lu\">J'ai lu la charte et je m'engage à la respecter</label></div>"
        '<p id="charte-lu-erreur" class="erreur-champ"></p>'
        '<button type="submit" id="charte-accepter">Accepter la charte</button></form>'
        + alert("charte-erreur"),
    )


def inbox() -> str:
    return screen(
        "demandes",
        "Demandes des habitants",
        '<div class="barre"><label for="demandes-statut">Afficher</label>'
        '<select id="demandes-statut"><option value="open">Demandes à traiter</option>'
        '<option value="resolved">Demandes traitées</option></select>'
        '<button type="button" id="demandes-actualiser" class="secondaire">Actualiser la liste'
        "</button></div>" + status("demandes-etat") + '<ul id="demandes-liste" class="liste"></ul>'
        '<section class="bloc" aria-labelledby="titre-relectures">'
        '<h2 id="titre-relectures">Réponses types à relire</h2>'
        "<p>Une réponse proposée comme réponse type par un collègue est publiée dans la base "
        "de connaissances de l'assistant citoyen après votre relecture.</p>"
        + status("relectures-etat")
        + '<ul id="relectures-liste" class="liste"></ul></section>',
    )


def contact_block() -> str:
    """The citizen's e-mail or phone, shown on request only (each reveal is recorded)."""
    return (
        '<div id="contact-bloc" class="bloc" hidden>'
        '<button type="button" id="contact-voir" class="secondaire">Voir le contact de '
        "l'habitant</button>"
        '<p id="contact-valeur" aria-live="polite"></p>'
        '<p class="indice">Réservé aux agents du service destinataire ; chaque consultation '
        "est enregistrée (qui, quand, quelle demande).</p></div>"
    )


def callback_form() -> str:
    """The outcome of a call-back, once the reply by phone is recorded."""
    return (
        '<form id="rappel-form" class="bloc" novalidate hidden aria-labelledby="titre-rappel">'
        '<h2 id="titre-rappel" tabindex="-1">Résultat du rappel</h2>'
        '<label for="rappel-resultat">Résultat de l\'appel</label>'
        '<select id="rappel-resultat" name="outcome">'
        '<option value="reached">Habitant joint</option>'
        '<option value="no-answer">Pas de réponse</option>'
        '<option value="wrong-number">Mauvais numéro</option></select>'
        '<button type="submit">Noter le résultat du rappel</button></form>' + status("rappel-etat")
    )


def handoff() -> str:
    reply = textarea(
        "reponse-texte",
        "Votre réponse à l'habitant",
        "Partez de la suggestion, corrigez-la ou écrivez votre propre réponse. " + SUBMIT_HINT,
        rows=10,
        limit=10_000,
    )
    curated = (
        '<form id="type-form" class="bloc" novalidate hidden aria-labelledby="titre-type">'
        '<h2 id="titre-type" tabindex="-1">Proposer comme réponse type</h2>'
        "<p>Un autre agent de votre service la relira avant qu'elle rejoigne la base de "
        "connaissances de l'assistant citoyen.</p>"
        '<label for="type-titre">Titre</label>'
        '<input type="text" id="type-titre" name="title" maxlength="200" '
        'aria-describedby="type-titre-erreur"><p id="type-titre-erreur" class="erreur-champ"></p>'
        + textarea("type-question", "Question type", "La question, sans donnée personnelle.", 3)
        + textarea("type-reponse", "Réponse type", "Sans donnée personnelle.", 8)
        + '<button type="submit">Proposer la réponse type</button></form>'
        + status("type-etat")
    )
    return screen(
        "demande",
        "Demande",
        '<p><a href="/#demandes">Revenir aux demandes</a></p>'
        '<p id="demande-resume" class="indice"></p>'
        + contact_block()
        + '<h2 id="titre-conversation">Conversation</h2>'
        '<ol id="demande-tours" class="tours" aria-labelledby="titre-conversation"></ol>'
        '<section class="bloc" aria-labelledby="titre-suggestion">'
        '<h2 id="titre-suggestion">Réponse suggérée</h2>'
        + status("suggestion-etat")
        + '<div id="suggestion" class="suggestion"></div></section>'
        '<form id="reponse-form" class="bloc" novalidate aria-labelledby="titre-repondre">'
        '<h2 id="titre-repondre">Répondre</h2>'
        + reply
        + '<div class="choix"><input type="checkbox" id="suggestion-ecartee" '
        'name="suggestion_rejected"><label for="suggestion-ecartee">Je n\'ai pas utilisé la '
        "suggestion (réponse rédigée sans elle)</label></div>"
        '<div class="boutons"><button type="submit" id="reponse-envoyer">Envoyer la réponse'
        '</button><button type="button" id="reponse-reprendre" class="secondaire">'
        "Reprendre la suggestion</button></div></form>"
        + alert("reponse-erreur")
        + '<div id="reponse-resultat" aria-live="polite"></div>'
        + callback_form()
        + curated,
        heading_id="titre-demande",
    )


def library() -> str:
    kinds = "".join(
        f'<option value="{value}">{label}</option>'
        for value, label in (
            ("", "Tous"),
            ("draft", "Rédaction"),
            ("summarize", "Résumé"),
            ("plain-language", "Langage clair (FALC)"),
            ("classify", "Classement"),
            ("free", "Libre"),
        )
    )
    return screen(
        "modeles",
        "Bibliothèque de modèles",
        "<p>Les modèles de consignes partagés par les agents, les plus utiles d'abord "
        "(notes et utilisations).</p>"
        '<form id="modeles-recherche" class="barre" role="search" novalidate>'
        '<label for="modeles-texte">Mots à chercher</label>'
        '<input type="search" id="modeles-texte" name="q" maxlength="200">'
        f'<label for="modeles-type">Type</label><select id="modeles-type" name="kind">{kinds}'
        '</select><button type="submit">Chercher</button></form>'
        + status("modeles-etat")
        + '<ol id="modeles-liste" class="liste"></ol>'
        '<section class="bloc" aria-labelledby="titre-echange">'
        '<h2 id="titre-echange">Échanger des modèles avec d\'autres services</h2>'
        '<button type="button" id="modeles-exporter" class="secondaire">'
        "Exporter les modèles affichés (fichier JSON)</button>"
        '<form id="modeles-import" novalidate>'
        '<label for="modeles-fichier">Fichier de modèles à importer (JSON exporté)</label>'
        '<p id="modeles-fichier-aide" class="indice">Tout le fichier est importé, ou rien : '
        "un fichier invalide est refusé avec la liste des erreurs.</p>"
        '<input type="file" id="modeles-fichier" accept=".json,application/json" '
        'aria-describedby="modeles-fichier-aide modeles-fichier-erreur">'
        '<p id="modeles-fichier-erreur" class="erreur-champ"></p>'
        '<button type="submit">Importer</button></form>'
        + status("modeles-echange-etat")
        + "</section>",
    )


def template() -> str:
    rating = (
        '<form id="modele-note" class="bloc" novalidate aria-labelledby="titre-modele-note">'
        '<h2 id="titre-modele-note">Noter ce modèle</h2>'
        + rating_fields("modele-note")
        + '<button type="submit">Enregistrer ma note</button></form>'
        + status("modele-note-etat")
    )
    return screen(
        "modele",
        "Modèle",
        '<p><a href="/#modeles">Revenir à la bibliothèque</a></p>'
        '<dl id="modele-infos" class="infos"></dl>'
        '<p><a id="modele-utiliser" class="bouton" href="/#taches">Utiliser ce modèle</a></p>'
        '<h2 id="titre-modele-texte">Texte du modèle</h2>'
        '<pre id="modele-texte" class="modele" tabindex="0" '
        'aria-labelledby="titre-modele-texte"></pre>'
        '<h2>Éléments à remplir</h2><ul id="modele-variables"></ul>'
        + rating
        + '<h2 id="titre-modele-avis">Retours d\'expérience</h2>'
        '<ul id="modele-avis" class="liste" aria-labelledby="titre-modele-avis"></ul>',
        heading_id="titre-modele",
    )


def steering() -> str:
    return screen(
        "pilotage",
        "Pilotage",
        '<section class="bloc" aria-labelledby="titre-statistiques">'
        '<h2 id="titre-statistiques">Utilisation par service et par mois</h2>'
        '<p id="statistiques-methode" class="indice"></p>'
        + status("statistiques-etat")
        + '<div id="statistiques" class="tableau" tabindex="0" '
        'aria-labelledby="titre-statistiques"></div></section>'
        '<section class="bloc" aria-labelledby="titre-experiences">'
        '<h2 id="titre-experiences">Expérimentations</h2>'
        + status("experiences-etat")
        + '<ul id="experiences-liste" class="liste"></ul>'
        '<div id="experience-bilan" aria-live="polite"></div></section>',
    )


def application(frame: Frame) -> str:
    """Every screen; the script shows one."""
    return screens(
        sign_in(frame),
        charter(),
        inbox(),
        handoff(),
        tasks(frame),
        library(),
        template(),
        steering(),
    )
