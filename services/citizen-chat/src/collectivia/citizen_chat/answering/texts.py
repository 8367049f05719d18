"""What the assistant says to citizens, in French, in one place."""

from __future__ import annotations

from datetime import date

DISCLOSURE = (
    "Vous échangez avec un assistant automatisé (système d'intelligence artificielle) : "
    "il cite les pages publiées par la collectivité et peut se tromper. "
    "Vous pouvez demander à parler à un agent à tout moment."
)
REGISTER_LINK = "Fiche de ce système dans le registre des algorithmes : {url}"

INTRO = "Voici ce que disent les sources de la collectivité :"
GENERATED_INTRO = (
    "Réponse rédigée par l'assistant à partir des sources de la collectivité (chaque phrase "
    "renvoie à sa source) :"
)
SOURCES_HEADING = "Sources :"
DONT_KNOW = (
    "Je ne sais pas répondre avec certitude à cette question à partir des pages publiées "
    "par la collectivité."
)
# A question asking whom to vote for (``neutrality.py``).
NEUTRALITY = [
    "Je ne peux pas vous conseiller un vote : le service public est neutre et ne prend parti "
    "pour aucun candidat, aucune liste ni aucun parti.",
    "Les professions de foi des candidats sont adressées à chaque électeur inscrit avant le "
    "scrutin ; vous pouvez aussi les consulter en mairie.",
]
CLOSEST_SOURCES = "Les pages les plus proches de votre question sont peut-être utiles :"
NOTHING_CLOSE = "Je n'ai trouvé aucune page proche de votre question."
OFFER_HUMAN = "Souhaitez-vous que je transmette votre question à un agent ?"
UNAVAILABLE = (
    "L'assistant automatisé est momentanément indisponible : il ne peut pas répondre pour "
    "le moment. Un agent peut prendre votre question en charge."
)
ELIGIBILITY = (
    "Je ne peux pas décider si vous avez droit à une aide, une prestation ou un service : "
    "seul le service compétent le décide, après examen de votre demande. Je peux seulement "
    "vous informer sur la démarche et sur le service qui décide."
)
# The last line of an answer the citizen left before its end, as the conversation keeps it.
INTERRUPTED = (
    "Réponse interrompue : la page a été fermée avant la fin de la réponse ; seules les "
    "phrases ci-dessus ont été affichées."
)
HANDOFF_ACK = (
    "Votre demande a été transmise à un agent, qui vous répondra {channel}. "
    "Votre question et la conversation lui sont transmises sans vos coordonnées en clair."
)
HANDOFF_CHANNELS = {
    "conversation": "dans cette conversation",
    "email": "par courriel",
    "phone": "par téléphone",
}


def answer_body(text: str) -> str:
    """An answer's text without its sources, disclosure and register link."""
    register_prefix = REGISTER_LINK.split("{", 1)[0]
    body: list[str] = []
    for line in text.splitlines():
        if line in (SOURCES_HEADING, DISCLOSURE) or line.startswith(register_prefix):
            break
        body.append(line)
    return "\n".join(body)


def commune_line(commune_name: str) -> str:
    return f"Réponse pour la commune de {commune_name}."


def source_line(
    number: int,
    title: str,
    url: str,
    licence: str,
    published: date | None,
    outdated: bool,
    commune_specific: bool,
) -> str:
    parts = [f"[{number}] {title}"]
    if url:
        parts.append(url)
    details = []
    if licence:
        details.append(f"licence : {licence}")
    if published is not None:
        details.append(f"publiée le {published.strftime('%d/%m/%Y')}")
    if commune_specific:
        details.append("page propre à votre commune")
    line = " — ".join(parts)
    if details:
        line += f" ({', '.join(details)})"
    if outdated and published is not None:
        line += (
            f". Attention : cette source date de {published.year} ; "
            "vérifiez qu'elle est toujours à jour."
        )
    return line


# -- emergencies (answering/emergency_answer.py): the numbers first, in plain French ---------
EMERGENCY_CALL = "Si une personne est en danger, appelez tout de suite :"
EMERGENCY_NUMBERS = {
    "15": "le 15 (SAMU), pour une urgence médicale",
    "18": "le 18 (pompiers), pour un incendie, une fuite de gaz ou un accident",
    "17": "le 17 (police ou gendarmerie), pour une agression ou une violence",
    "3114": "le 3114, si vous pensez au suicide ou si un proche y pense (gratuit, jour et nuit)",
    "119": "le 119, pour un enfant en danger (gratuit, jour et nuit)",
    "3919": "le 3919, Violences Femmes Info (gratuit et anonyme)",
    "112": "le 112, numéro d'urgence européen, depuis n'importe quel téléphone",
    "114": (
        "le 114, par SMS ou avec l'application Urgence 114, si vous ne pouvez pas parler ou "
        "entendre"
    ),
}
EMERGENCY_LIMITS = (
    "Je suis un assistant automatisé : je ne peux pas prévenir les secours à votre place, "
    "ni donner un avis médical ou un traitement."
)
EMERGENCY_AGENT_ALERTED = (
    "Votre message est aussi transmis en priorité à un agent de la collectivité, qui vous "
    "répondra dans cette conversation. N'attendez pas sa réponse pour appeler."
)
EMERGENCY_NO_AGENT = (
    "Aucun agent de la collectivité n'est de permanence en ce moment : appelez le numéro "
    "qui correspond à votre situation."
)
EMERGENCY_THEME = "Urgence"


def emergency_number_line(number: str, last: bool) -> str:
    return f"- {EMERGENCY_NUMBERS[number]}{'.' if last else ' ;'}"
