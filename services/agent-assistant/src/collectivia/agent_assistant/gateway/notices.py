"""The gateway's French texts: notices shown with an output, refusals."""

from __future__ import annotations

from collections.abc import Iterable

from collectivia.ai.privacy import SpecialCategory

GENERATIVE = (
    "Texte produit avec l'aide d'une intelligence artificielle (modèle « {model} »). "
    "Les données personnelles ont été masquées avant l'envoi au modèle puis remises en place. "
    "Relisez et vérifiez ce texte avant tout usage."
)
NO_MODEL = "Aucun modèle génératif n'est configuré : traitement local, sans IA générative. "
MODEL_FAILED = (
    "Le modèle génératif n'a pas répondu à temps ou a échoué : traitement local, "
    "sans IA générative. "
)
MODEL_EMPTY = "Le modèle génératif n'a rien produit : traitement local, sans IA générative. "
MODEL_UNUSABLE = (
    "Le modèle génératif n'a rien produit d'utilisable (aucune phrase appuyée sur les "
    "sources) : traitement local, sans IA générative. "
)
SPECIAL_CATEGORIES_LOCAL = (
    "Le texte contient des données sensibles ({categories}) au sens de l'article 9 du RGPD "
    "et le modèle génératif n'est pas autorisé pour ces données : rien ne lui a été envoyé, "
    "traitement local, sans IA générative. "
)
TOO_LONG = (
    "Le texte dépasse la taille que le modèle génératif accepte ({limit} caractères) : "
    "traitement local, sans IA générative. "
)
INTERRUPTED = (
    "Le modèle génératif s'est interrompu avant la fin de sa réponse : le texte partiel "
    "n'est pas fiable. Relancez la tâche ; si le problème persiste, le traitement local "
    "reste disponible quand aucun modèle n'est configuré."
)

REGISTER_DENIED = (
    "L'utilisation de l'assistant n'est pas autorisée en ce moment par le registre des "
    "algorithmes de la collectivité (inscription suspendue, retirée ou non approuvée) : "
    "aucune tâche n'est réalisée. Détails : {url}"
)
REGISTER_UNREACHABLE = (
    "Le registre des algorithmes ne répond pas : par précaution, l'assistant ne réalise "
    "aucune tâche. Réessayez dans quelques instants."
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
    return ", ".join(sorted(_CATEGORY_LABELS[category] for category in categories))
