"""The words people use for each declared indicator, besides its label: one entry per
indicator (a test checks that none is missing), so that adding an indicator to the catalogue
is adding a line here. Each entry is a few phrases; a phrase matches a question that has all
its words (accents, case and plurals aside)."""

from __future__ import annotations

from collections.abc import Mapping

SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "questions-posees": (
        "questions",
        "questions posées",
        "demandes",
        "demandes des habitants",
        "sollicitations",
        "messages des habitants",
    ),
    "reponses-sourcees": ("réponses sourcées", "réponses avec sources", "sources citées"),
    "questions-refusees": (
        "questions sans réponse",
        "questions refusées",
        "refus",
        "je ne sais pas",
        "non répondues",
    ),
    "questions-transmises": (
        "questions transmises",
        "questions confiées à un agent",
        "questions passées à un agent",
    ),
    "taux-de-reponse": ("taux de réponse", "part des réponses", "pourcentage de réponses"),
    "satisfaction": ("satisfaction", "réponses utiles", "avis des habitants", "avis positifs"),
    "demandes-agent": (
        "demandes transmises",
        "demandes transmises à un agent",
        "mises en relation",
        "transferts à un agent",
    ),
    "demandes-agent-repondues": (
        "demandes répondues",
        "demandes traitées par un agent",
        "réponses des agents",
    ),
    "delai-reponse-agent": (
        "délai de réponse",
        "délai",
        "temps de réponse",
        "temps de traitement",
    ),
    "taches-assistant": ("tâches de l'assistant", "tâches des agents", "résumés et brouillons"),
    "minutes-gagnees": ("temps gagné", "minutes gagnées", "gain de temps", "heures gagnées"),
    "propositions-ia-acceptees": ("propositions acceptées", "IA acceptée"),
    "propositions-ia-modifiees": ("propositions modifiées", "IA modifiée"),
    "propositions-ia-ecartees": ("propositions écartées", "IA écartée", "propositions rejetées"),
    "usages-ia": ("usages de l'IA", "utilisations de l'IA", "recours à l'IA"),
    "energie-ia": ("énergie de l'IA", "électricité de l'IA", "consommation électrique de l'IA"),
    "co2-ia": ("CO2 de l'IA", "émissions de CO2", "empreinte carbone de l'IA", "carbone"),
    "energie-par-usage": ("énergie par usage", "énergie par réponse", "coût énergétique"),
    "systemes-ia-inscrits": ("systèmes inscrits", "registre des algorithmes", "algorithmes"),
    "incidents-ia": ("incidents", "signalements"),
    "suspensions-ia": ("suspensions", "systèmes suspendus"),
    "livraisons-dsp-en-retard": (
        "livraisons en retard",
        "retards de livraison",
        "délégataires en retard",
        "DSP en retard",
    ),
    "consommation-eau": ("consommation d'eau", "eau consommée", "volumes d'eau", "eau"),
    "debit-eau": ("débit", "débit d'eau", "débit du réseau"),
    "depenses-votees": ("budget voté", "budget primitif", "crédits votés", "dépenses prévues"),
    "depenses-realisees": ("dépenses réalisées", "dépenses", "compte administratif"),
    "taux-execution-depenses": ("taux d'exécution", "exécution du budget", "budget exécuté"),
    "subventions-attribuees": ("subventions", "nombre de subventions", "aides aux associations"),
    "montant-subventions": ("montant des subventions", "somme des subventions"),
    "deliberations-adoptees": ("délibérations", "actes du conseil", "décisions du conseil"),
    "livraisons-dsp-recues": ("livraisons reçues", "livraisons des délégataires", "livraisons"),
    "livraisons-dsp-a-l-heure": ("livraisons à l'heure", "livraisons dans les délais"),
    "part-livraisons-dsp-a-l-heure": (
        "part des livraisons à l'heure",
        "taux de livraisons à l'heure",
        "ponctualité des délégataires",
    ),
}
