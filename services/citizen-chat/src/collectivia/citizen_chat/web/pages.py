"""The citizen pages: the question page, the accessibility statement, the offline page."""

from __future__ import annotations

from collections.abc import Sequence

from collectivia.citizen_chat.feedback.service import Reason
from collectivia.citizen_chat.web.layout import Theme, esc, page
from collectivia.platform import communes

REASON_LABELS = {
    Reason.INVENTED_CONTENT: "La réponse contient des informations inventées",
    Reason.MISSING_SOURCE: "Il manque une source",
    Reason.WRONG_SOURCE: "La source ne correspond pas à la réponse",
    Reason.OUTDATED: "L'information n'est plus à jour",
    Reason.IMPRECISE: "La réponse est imprécise",
    Reason.TOO_LONG: "La réponse est trop longue",
    Reason.UNCLEAR: "La réponse est difficile à comprendre",
}


def disclosure(theme: Theme) -> str:
    return (
        '<div class="divulgation" id="divulgation"><p><strong>Vous échangez avec un '
        "assistant automatique (intelligence artificielle), pas avec un agent.</strong> "
        "Il cite les documents de la collectivité sans rien inventer, ne décide d'aucun "
        "droit, et peut se tromper : vérifiez les sources et, au besoin, demandez à parler "
        f'à un agent. <a href="{esc(theme.register_url)}">Fiche de cet assistant dans le '
        "registre des algorithmes</a></p></div>"
    )


def _commune_select(member_communes: Sequence[str]) -> str:
    named = {code: communes.commune_name(code) for code in member_communes}
    options = '<option value="">Je ne précise pas</option>' + "".join(
        f'<option value="{esc(code)}">{esc(name)}</option>'
        for code, name in sorted(named.items(), key=lambda item: item[1])
    )
    return (
        '<label for="commune">Votre commune</label>'
        f'<select id="commune" name="commune">{options}</select>'
    )


def _question_form(member_communes: Sequence[str], max_chars: int) -> str:
    return (
        '<form id="formulaire-question" class="bloc" action="/" method="post">'
        f"{_commune_select(member_communes)}"
        '<label for="question">Votre question</label>'
        f'<p id="question-aide" class="indice">{max_chars} caractères au plus. '
        "N'indiquez pas de données personnelles (santé, numéro de sécurité sociale…). "
        "Entrée envoie la question, Maj + Entrée va à la ligne.</p>"
        f'<textarea id="question" name="question" rows="3" maxlength="{max_chars}" required '
        'aria-describedby="question-aide"></textarea>'
        '<button type="submit" id="envoyer">Envoyer la question</button>'
        "</form>"
        '<noscript><p class="alerte">Cette page a besoin de JavaScript pour envoyer vos '
        "questions. Vous pouvez aussi contacter directement votre mairie.</p></noscript>"
    )


def _answers() -> str:
    # The growing text is hidden from assistive technologies; the live region receives
    # the whole answer, with its sources, once it is complete: it is announced once.
    return (
        '<section class="bloc" aria-labelledby="titre-reponse">'
        '<h2 id="titre-reponse">Réponse</h2>'
        '<p id="erreur" class="erreur" role="alert"></p>'
        '<div id="flux" class="flux" aria-hidden="true"></div>'
        '<div id="reponse" aria-live="polite"></div>'
        '<div id="historique"></div>'
        "</section>"
    )


def _feedback() -> str:
    reasons = "".join(
        f'<div class="choix"><input type="checkbox" id="raison-{esc(r.value)}" name="raison" '
        f'value="{esc(r.value)}"><label for="raison-{esc(r.value)}">{esc(label)}</label></div>'
        for r, label in REASON_LABELS.items()
    )
    return (
        '<section id="avis" class="bloc" hidden aria-labelledby="titre-avis">'
        '<h2 id="titre-avis">Votre avis sur cette réponse</h2>'
        '<div class="boutons"><button type="button" id="avis-utile">'
        "Cette réponse m'a aidé</button>"
        '<button type="button" id="avis-inutile" aria-expanded="false" '
        'aria-controls="raisons">Cette réponse ne m\'a pas aidé</button></div>'
        '<form id="raisons" hidden><fieldset><legend>Pourquoi ? (facultatif)</legend>'
        f"{reasons}</fieldset>"
        '<label for="commentaire">Commentaire (facultatif, 1000 caractères au plus)</label>'
        '<textarea id="commentaire" name="commentaire" rows="2" maxlength="1000"></textarea>'
        '<div class="choix"><input type="checkbox" id="signaler" name="signaler">'
        '<label for="signaler">Signaler aussi un problème au registre des algorithmes'
        "</label></div>"
        '<button type="submit">Envoyer mon avis</button></form>'
        '<p id="avis-etat" role="status"></p>'
        "</section>"
    )


def _handoff() -> str:
    channels = (
        ("conversation", "Dans cette conversation"),
        ("email", "Par courriel"),
        ("phone", "Par téléphone"),
    )
    radios = "".join(
        f'<div class="choix"><input type="radio" id="canal-{value}" name="canal" '
        f'value="{value}"{" checked" if value == "conversation" else ""}>'
        f'<label for="canal-{value}">{label}</label></div>'
        for value, label in channels
    )
    return (
        '<section class="bloc" aria-labelledby="titre-agent">'
        '<h2 id="titre-agent">Parler à un agent</h2>'
        '<form id="agent"><fieldset><legend>Comment souhaitez-vous être recontacté ?</legend>'
        f"{radios}</fieldset>"
        '<label for="contact">Adresse électronique ou numéro de téléphone '
        "(seulement pour un contact par courriel ou par téléphone)</label>"
        '<input type="text" id="contact" name="contact" maxlength="320" autocomplete="email">'
        '<button type="submit">Parler à un agent</button></form>'
        '<p id="agent-etat" role="status"></p>'
        '<button type="button" id="effacer" class="secondaire">Effacer ma conversation'
        "</button>"
        '<p class="indice" id="appareil-info">Cette page garde dans votre navigateur un '
        "identifiant de la conversation (rien d'autre), pour que vous la retrouviez, avec la "
        "réponse d'un agent, si vous rechargez la page. Vous pouvez l'effacer de cet appareil : "
        "la conversation est ensuite effacée par le service à la fin de sa durée de "
        "conservation (ou tout de suite avec « Effacer ma conversation »).</p>"
        '<button type="button" id="oublier" class="secondaire" '
        'aria-describedby="appareil-info">Effacer cette conversation de cet appareil</button>'
        "</section>"
    )


def home_page(theme: Theme, member_communes: Sequence[str], max_chars: int) -> str:
    body = (
        f"<h1>Posez votre question à l'assistant de {esc(theme.collectivity)}</h1>"
        f"{disclosure(theme)}{_question_form(member_communes, max_chars)}{_answers()}"
        f"{_feedback()}{_handoff()}"
    )
    return page(theme, "Assistant citoyen", body)


def offline_page(theme: Theme) -> str:
    body = (
        "<h1>Vous êtes hors ligne</h1>"
        "<p>Vous êtes hors ligne… L'assistant a besoin d'une connexion pour répondre. "
        "Vérifiez votre connexion puis réessayez.</p>"
        '<p><a href="/">Revenir à l\'assistant</a></p>'
    )
    return page(theme, "Hors ligne", body)


def accessibility_page(theme: Theme) -> str:
    name = esc(theme.collectivity)
    body = (
        "<h1>Déclaration d'accessibilité</h1>"
        f"<p>{name} s'engage à rendre ses services numériques accessibles, conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration "
        "s'applique à l'assistant citoyen.</p>"
        "<h2>État de conformité</h2>"
        "<p>L'assistant citoyen est <strong>partiellement conforme</strong> au référentiel "
        "général d'amélioration de l'accessibilité (RGAA) version 4.1 : il a été conçu pour "
        "le respecter, mais <strong>aucun audit</strong> n'a encore été réalisé, ni par un "
        "expert, ni avec des personnes en situation de handicap. Seuls des contrôles "
        "automatiques sont passés à chaque modification, dans un navigateur Chromium : "
        "l'outil axe-core (critères WCAG 2.1 A et AA qu'un outil peut vérifier, une part "
        "seulement des critères du RGAA) ne relève aucune erreur sur ces pages, et des "
        "essais vérifient l'usage au clavier seul, l'annonce unique de la réponse et "
        "l'affichage sur un écran de 320 pixels de large.</p>"
        "<h2>Ce qui a été fait</h2><ul>"
        "<li>Page en français, lien d'évitement, un seul titre principal ;</li>"
        "<li>champ de question étiqueté, utilisable au clavier seul, focus visible ;</li>"
        "<li>contrastes d'au moins 4,5:1, tailles relatives pour le zoom, pas de défilement "
        "horizontal à 320 pixels de large ni à 200 % de zoom ;</li>"
        "<li>touche Entrée pour envoyer la question, Maj + Entrée pour aller à la ligne ;"
        "</li>"
        "<li>réponse annoncée une seule fois aux lecteurs d'écran, quand elle est "
        "complète, avec ses sources sous forme de liens ;</li>"
        "<li>réponse d'un agent affichée dans la conversation tant que la page reste ouverte, "
        "annoncée une seule fois et présentée comme venant d'une personne.</li></ul>"
        "<h2>Contenus non accessibles ou non vérifiés</h2><ul>"
        "<li>La page n'a pas été testée avec des lecteurs d'écran (NVDA, JAWS, VoiceOver, "
        "TalkBack) ;</li>"
        "<li>poser une question demande JavaScript ;</li>"
        "<li>les documents cités en source (PDF, pages externes) peuvent ne pas être "
        "accessibles ;</li>"
        "<li>le logo et les couleurs choisis par la collectivité ne sont vérifiés que pour "
        "le contraste.</li></ul>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, utilisez le "
        "formulaire « Parler à un agent » de l'assistant, ou contactez votre mairie : une "
        "alternative accessible vous sera proposée.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous n'obtenez pas de réponse, vous pouvez saisir le Défenseur des droits : "
        '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>, '
        "un délégué dans votre région, ou par courrier gratuit, sans affranchissement : "
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
    )
    return page(theme, "Accessibilité", body)
