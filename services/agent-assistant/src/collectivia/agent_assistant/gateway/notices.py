"""The gateway's French texts: the notices shown with an output. The register's refusals
and the refusal of special categories of data are the AI-use pathway's
(``collectivia.ai.use.messages``), the same for every service."""

from __future__ import annotations

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
