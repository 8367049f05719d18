"""French words for the register's codes, for people reading the public pages."""

from __future__ import annotations

from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import (
    AlgorithmType,
    AutomationLevel,
    DatasetAccess,
    OutputType,
    PolicyDomain,
    RiskClass,
)

STATUS = {
    SystemStatus.DRAFT: "En préparation",
    SystemStatus.IN_REVIEW: "En cours d'examen",
    SystemStatus.APPROVED: "En service",
    SystemStatus.SUSPENDED: "Suspendu",
    SystemStatus.RETIRED: "Retiré du service",
}
# A data-lake dataset that is not public: its title only, and who may read it.
DATASET_ACCESS = {
    DatasetAccess.PUBLIC: "jeu de données ouvert",
    DatasetAccess.RESTRICTED: "accès restreint aux services de la collectivité",
    DatasetAccess.PERSONAL: "accès restreint : données personnelles",
}
RISK = {
    RiskClass.MINIMAL: "Risque minimal",
    RiskClass.LIMITED: "Risque limité (obligations de transparence)",
    RiskClass.HIGH: "Haut risque (obligations renforcées)",
    RiskClass.PROHIBITED: "Pratique interdite",
}
DOMAIN = {
    PolicyDomain.TAXES: "Fiscalité",
    PolicyDomain.HOUSING: "Logement, urbanisme et cadre de vie",
    PolicyDomain.CULTURE_SPORTS_LEISURE: "Culture, sports et loisirs",
    PolicyDomain.DEFENCE: "Défense",
    PolicyDomain.ECONOMY: "Économie et entreprises",
    PolicyDomain.FAMILY_YOUTH: "Famille, jeunesse et foyers",
    PolicyDomain.FINANCE: "Finances",
    PolicyDomain.GENERIC: "Usage général",
    PolicyDomain.HEALTH: "Santé et soins",
    PolicyDomain.IMMIGRATION: "Immigration et intégration",
    PolicyDomain.INTERNATIONAL: "Coopération internationale",
    PolicyDomain.AGRICULTURE_NATURE_FOOD: "Agriculture, nature et alimentation",
    PolicyDomain.ENVIRONMENT_PLANNING_WATER: "Environnement, aménagement et eau",
    PolicyDomain.EDUCATION_SCIENCE: "Éducation et recherche",
    PolicyDomain.PUBLIC_SAFETY: "Sécurité publique",
    PolicyDomain.GOVERNMENT: "Administration et vie publique",
    PolicyDomain.JUSTICE: "Justice",
    PolicyDomain.ABROAD: "Voyager, vivre et travailler à l'étranger",
    PolicyDomain.SUBSIDIES_BENEFITS: "Aides, prestations et subventions",
    PolicyDomain.TRAFFIC_TRANSPORT: "Circulation et transports",
    PolicyDomain.WORK_CAREER: "Emploi et carrière",
}
AUTOMATION = {
    AutomationLevel.INFORMATION_ONLY: "Informe seulement : aucune décision n'en dépend",
    AutomationLevel.DECISION_SUPPORT: "Aide à la décision : un agent décide",
    AutomationLevel.PARTIAL_AUTOMATION: "Décision en partie automatisée, sous contrôle d'un agent",
    AutomationLevel.FULL_AUTOMATION: "Décision entièrement automatisée",
}
ALGORITHM = {
    AlgorithmType.RULES: "Règles écrites à l'avance",
    AlgorithmType.MACHINE_LEARNING: "Apprentissage automatique",
    AlgorithmType.GENERATIVE: "IA générative",
    AlgorithmType.HYBRID: "Règles et apprentissage automatique",
}
OUTPUT = {
    OutputType.DESCRIPTIVE: "Décrit une situation",
    OutputType.DIAGNOSTIC: "Explique une situation",
    OutputType.PREDICTIVE: "Prévoit une évolution",
    OutputType.PRESCRIPTIVE: "Recommande une action",
}
