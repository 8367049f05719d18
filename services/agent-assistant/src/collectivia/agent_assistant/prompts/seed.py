"""Demo templates of the library (French), entered once at start when the library lacks them."""

from __future__ import annotations

import uuid

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.prompts.models import PromptTemplateRow
from collectivia.agent_assistant.prompts.schemas import TemplateContent, TemplateKind, VariableSpec
from collectivia.agent_assistant.prompts.service import PromptLibrary, check_content

_NAMESPACE = uuid.UUID("6f1c1f0e-5b7a-4c8e-9d43-2b1f3f0a7c11")
DEMO_OWNER = "demo-collectivia"


def _v(name: str, label: str, example: str = "", description: str = "") -> VariableSpec:
    return VariableSpec(name=name, label=label, example=example, description=description)


DEMO_TEMPLATES: list[tuple[str, TemplateContent]] = [
    (
        "etat-civil",
        TemplateContent(
            title="Courrier de réponse à une demande d'acte d'état civil",
            description=(
                "Réponse à un usager qui a demandé un acte (naissance, mariage, décès) : "
                "envoi, refus motivé ou pièces manquantes. Vérifiez toujours la suite donnée "
                "avant d'envoyer."
            ),
            kind=TemplateKind.DRAFT,
            tags=["état civil", "courrier", "acte"],
            text=(
                "Rédige un courrier de réponse clair et courtois du service de l'état civil "
                "de la mairie à une demande d'acte.\n\n"
                "Destinataire : {{destinataire}}\n"
                "Acte demandé : {{type_acte}}\n"
                "Date de la demande : {{date_demande}}\n"
                "Suite donnée : {{suite_donnee}}\n\n"
                "Consignes :\n"
                "- vouvoiement, phrases courtes, pas de jargon administratif ;\n"
                "- si des pièces manquent, liste-les une par ligne ;\n"
                "- rappelle que la demande d'acte est gratuite et peut se faire en ligne "
                "sur service-public.fr ;\n"
                "- termine par une formule de politesse et la signature « Le service de "
                "l'état civil ».\n"
                "N'ajoute aucune information absente des éléments ci-dessus."
            ),
            variables=[
                _v("destinataire", "Destinataire", "Madame Jeanne Martin"),
                _v("type_acte", "Acte demandé", "copie intégrale d'acte de naissance"),
                _v("date_demande", "Date de la demande", "12 mars 2026"),
                _v(
                    "suite_donnee",
                    "Suite donnée",
                    "acte envoyé par courrier ce jour",
                    "Envoi, refus et son motif, ou pièces manquantes.",
                ),
            ],
        ),
    ),
    (
        "numerique",
        TemplateContent(
            title="Résumé d'une délibération du conseil municipal",
            description="Pour informer les services d'une délibération en quelques lignes.",
            kind=TemplateKind.SUMMARIZE,
            tags=["délibération", "conseil municipal", "résumé"],
            text=(
                "Résume la délibération ci-dessous pour des agents qui n'ont pas assisté "
                "au conseil, en {{nombre_mots}} mots au plus.\n\n"
                "Délibération :\n{{texte_deliberation}}\n\n"
                "Présente :\n"
                "1. l'objet de la délibération en une phrase ;\n"
                "2. les décisions prises (montants, dates, bénéficiaires) ;\n"
                "3. le résultat du vote ;\n"
                "4. ce qui change pour les services et pour les habitants.\n"
                "N'ajoute rien qui ne figure pas dans le texte et signale les passages ambigus."
            ),
            variables=[
                _v("nombre_mots", "Longueur maximale (en mots)", "150"),
                _v("texte_deliberation", "Texte de la délibération"),
            ],
        ),
    ),
    (
        "action-sociale",
        TemplateContent(
            title="Réécriture en FALC (facile à lire et à comprendre)",
            description=(
                "Rend un courrier ou une page accessible à tous. Faites relire le résultat "
                "par une personne concernée quand c'est possible."
            ),
            kind=TemplateKind.PLAIN_LANGUAGE,
            tags=["falc", "accessibilité", "langage clair"],
            text=(
                "Réécris le texte suivant selon les règles européennes du « facile à lire "
                "et à comprendre » (FALC), pour {{public}}.\n\n"
                "Texte :\n{{texte}}\n\n"
                "Règles :\n"
                "- une idée par phrase, des phrases de 15 mots au plus ;\n"
                "- des mots simples et courants ; explique le mot difficile qu'on ne peut "
                "pas éviter ;\n"
                "- pas de sigle sans explication, pas d'abréviation, pas de pourcentage ;\n"
                "- la voix active et la forme positive ;\n"
                "- parle directement au lecteur avec « vous » ;\n"
                "- écris les dates en entier : « le lundi 3 mars 2026 » ;\n"
                "- garde toutes les informations utiles : dates, lieux, documents à apporter."
            ),
            variables=[
                _v("public", "Public visé", "les usagers du centre communal d'action sociale"),
                _v("texte", "Texte à réécrire"),
            ],
        ),
    ),
    (
        "numerique",
        TemplateContent(
            title="Classement d'une demande d'usager",
            description="Propose le thème et le service compétent ; l'agent décide.",
            kind=TemplateKind.CLASSIFY,
            tags=["accueil", "orientation"],
            text=(
                "Classe la demande ci-dessous : donne son thème principal et le service "
                "compétent parmi : {{services}}.\n\n"
                "Demande :\n{{demande}}\n\n"
                "Réponds sur deux lignes, « Thème : … » puis « Service : … », suivies d'une "
                "phrase qui justifie ce choix. Si plusieurs services sont concernés, "
                "cite-les par ordre d'importance."
            ),
            variables=[
                _v(
                    "services",
                    "Services possibles",
                    "état civil, urbanisme, déchets, mobilités, action sociale",
                ),
                _v("demande", "Texte de la demande"),
            ],
        ),
    ),
    (
        "dechets",
        TemplateContent(
            title="Réponse à une réclamation sur la collecte des déchets",
            description="Réponse à un usager dont le bac n'a pas été collecté.",
            kind=TemplateKind.DRAFT,
            tags=["déchets", "réclamation", "courrier"],
            text=(
                "Rédige une réponse courte et empathique à la réclamation d'un usager.\n\n"
                "Destinataire : {{destinataire}}\n"
                "Objet de la réclamation : {{objet}}\n"
                "Mesure prise par le service : {{mesure}}\n\n"
                "Reconnais la gêne sans rejeter la faute sur quiconque, explique la mesure "
                "prise et la date de passage, rappelle les jours de collecte du secteur si "
                "elles figurent ci-dessus. Signature : « Le service Déchets »."
            ),
            variables=[
                _v("destinataire", "Destinataire", "Monsieur Paul Durand"),
                _v("objet", "Objet de la réclamation", "bac jaune non collecté le 4 mars"),
                _v("mesure", "Mesure prise", "passage de rattrapage le jeudi 6 mars"),
            ],
        ),
    ),
]


def demo_template_id(title: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, title))


def seed_demo_templates(library: PromptLibrary) -> int:
    """Enter the demo templates the library lacks; returns how many were entered."""
    entered = 0
    with library.sessions.begin() as session:
        for department, content in DEMO_TEMPLATES:
            template_id = demo_template_id(content.title)
            if session.get(PromptTemplateRow, template_id) is not None:
                continue
            assert not check_content(content), content.title
            owner = Agent(DEMO_OWNER, DEMO_OWNER, (department,), (), is_admin=False)
            library.add_template(
                session, template_id, content, department, owner, "Modèle de démonstration"
            )
            entered += 1
    return entered
