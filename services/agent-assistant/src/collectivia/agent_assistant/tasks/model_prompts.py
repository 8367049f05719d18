"""What a generative model is asked for each task, in French. Every prompt is built from
masked text: the placeholders ([NOM_1], [EMAIL_1]...) must come back unchanged."""

from __future__ import annotations

from collections.abc import Sequence

from collectivia.agent_assistant.gateway.models import Prompt

_ROLE = (
    "Tu assistes les agents d'une collectivité territoriale française. Tu écris en français, "
    "avec exactitude, sans rien inventer : n'utilise que les informations fournies. "
    "Les éléments entre crochets comme [NOM_1], [EMAIL_1] ou [ADRESSE_1] remplacent des "
    "données personnelles : recopie-les tels quels, sans les modifier ni les expliquer."
)


def _with_instructions(system: str, instructions: str) -> str:
    if not instructions.strip():
        return system
    return f"{system}\n\nConsignes de l'agent (modèle de la bibliothèque) :\n{instructions.strip()}"


def summary_prompt(numbered_document: str, max_words: int, instructions: str = "") -> Prompt:
    system = (
        f"{_ROLE}\n\nRésume le document ci-dessous en {max_words} mots au plus. Après chaque "
        "phrase, indique entre crochets le ou les paragraphes d'où elle vient, par exemple "
        "[§2] ou [§3, §5]. N'ajoute ni avis ni information absente du document."
    )
    return Prompt(
        _with_instructions(system, instructions),
        f"Document (paragraphes numérotés) :\n\n{numbered_document}",
        max_tokens=max(128, max_words * 3),
    )


def plain_language_prompt(text: str, instructions: str = "") -> Prompt:
    system = (
        f"{_ROLE}\n\nRéécris le texte ci-dessous selon les règles européennes « Facile à lire "
        "et à comprendre » (FALC) : des phrases courtes (15 mots au plus), une seule idée par "
        "phrase, une phrase par ligne ; des mots simples de tous les jours ; explique chaque "
        "mot difficile qui doit rester ; la voix active ; parle directement au lecteur "
        "(« vous ») ; les nombres en chiffres ; pas de sigle ni d'abréviation sans "
        "explication ; pas de pourcentage ; pas de parenthèses. Garde toutes les informations "
        "importantes (dates, lieux, montants, démarches) et n'en ajoute aucune."
    )
    return Prompt(
        _with_instructions(system, instructions),
        f"Texte à réécrire :\n\n{text}",
        max_tokens=max(256, len(text) // 2),
    )


def draft_prompt(filled_template: str, title: str) -> Prompt:
    system = (
        f"{_ROLE}\n\nLe texte de l'utilisateur vient du modèle « {title} » de la bibliothèque "
        "de la collectivité, rempli avec les faits donnés par l'agent : ce sont soit des "
        "consignes de rédaction (suis-les), soit un courrier à mettre au propre. Rédige le "
        "courrier ou le courriel final : clair, courtois, au ton administratif simple. Garde "
        "tous les faits, dates, montants et références tels quels ; n'ajoute aucun fait, "
        "aucune date, aucun montant ni aucun engagement qui n'y figure pas. Réponds par le "
        "texte final seul."
    )
    return Prompt(system, filled_template, max_tokens=max(400, len(filled_template) // 2))


def classification_prompt(request: str, themes: Sequence[str]) -> Prompt:
    listed = "\n".join(f"- {theme}" for theme in themes)
    system = (
        f"{_ROLE}\n\nClasse la demande d'un usager dans un seul des thèmes suivants :\n{listed}\n"
        "Réponds uniquement par le nom exact du thème, ou par « Aucun » si aucun ne convient."
    )
    return Prompt(system, f"Demande :\n\n{request}", max_tokens=20)
