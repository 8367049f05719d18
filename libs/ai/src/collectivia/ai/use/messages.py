"""What the pathway says to people, in French: the register's refusals and the special
categories of data (one catalogue, for every service that uses AI)."""

from __future__ import annotations

from collections.abc import Iterable

from collectivia.ai.privacy import SpecialCategory

REGISTER_DENIED = (
    "L'utilisation de ce système d'IA n'est pas autorisée en ce moment par le registre des "
    "algorithmes de la collectivité (inscription suspendue, retirée ou non approuvée) : "
    "rien n'a été fait. Détails : {url}"
)
REGISTER_UNREACHABLE = (
    "Le registre des algorithmes ne répond pas : par précaution, aucune intelligence "
    "artificielle n'est utilisée. Réessayez dans quelques instants."
)
SPECIAL_CATEGORIES = (
    "Le texte contient des données sensibles ({categories}) au sens de l'article 9 du RGPD. "
    "Le modèle génératif configuré n'est pas autorisé pour ces données dans le registre des "
    "algorithmes : rien ne lui a été envoyé. Retirez ces informations du texte, ou faites "
    "approuver un modèle pour ces données (délégué à la protection des données)."
)

_CATEGORY_LABELS = {
    SpecialCategory.HEALTH: "santé",
    SpecialCategory.RELIGION: "religion",
    SpecialCategory.POLITICAL_OPINION: "opinions politiques",
    SpecialCategory.TRADE_UNION: "appartenance syndicale",
    SpecialCategory.SEXUAL_ORIENTATION: "orientation sexuelle",
    SpecialCategory.ETHNIC_ORIGIN: "origine ethnique",
    SpecialCategory.GENETIC_BIOMETRIC: "données génétiques ou biométriques",
}


def category_labels(categories: Iterable[SpecialCategory]) -> str:
    """``{HEALTH, RELIGION}`` -> "religion, santé"."""
    return ", ".join(sorted(_CATEGORY_LABELS[category] for category in categories))
