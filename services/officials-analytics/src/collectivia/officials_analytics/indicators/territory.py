"""The territory's indicators from the lake's datasets (SCDL budget, grants, council
deliberations) and from the DSP operators' deliveries: the collectivity's own facts, for the
whole collectivity (no commune).

The datasets are read by their ids in the lake, the ones the demo declares
(``infra/demo/lake.json``); their columns keep the national schemas' names. A budget is
annual: its month is January of the exercise (``MonthOf`` on ``BGT_ANNEE``), so an exercise
counts once in any period that holds its January, and the ``exercise`` dimension shows the
year itself. Amounts are the real operations' (``BGT_OPBUDG`` "réel", not the accounting
transfers "ordre") and the expenses' (``BGT_CODRD`` "dépense"): revenue and expense never
add up.

Thresholds: a budget line, a deliberation, a delivery are the collectivity's or a company's
facts (threshold 1). A grant may go to a person (a sole trader has a SIRET but no RNA
number): a grants' figure is shown only when at least five distinct beneficiaries make it,
and the beneficiary is never a dimension.
"""

from __future__ import annotations

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.declarations import (
    Category,
    Condition,
    Count,
    CountLess,
    Dimension,
    Equals,
    Filled,
    Indicator,
    Matches,
    MonthOf,
    RatioOfSums,
    Source,
    Sum,
)

FINANCES = "Direction des finances"
ASSEMBLIES = "Direction des assemblées"
CONTRACTS = "Direction de la commande publique"

# The lake datasets' ids (those of the demo, infra/demo/lake.json).
BUDGET = "budget"
DELIBERATIONS = "deliberations"
GRANTS = "subventions-associations"

# --- the budget (SCDL budget) ------------------------------------------------------------

PRIMITIVE, ACCOUNT = "budget primitif", "compte administratif"
_BUDGET_DIMENSIONS = (
    Dimension("exercise", f"{BUDGET}.BGT_ANNEE"),
    Dimension("section", f"{BUDGET}.BGT_SECTION"),
    Dimension("nature", f"{BUDGET}.BGT_NATURE_LABEL"),
    Dimension("function", f"{BUDGET}.BGT_FONCTION_LABEL"),
)


def _expenses(stage: str) -> tuple[Condition, ...]:
    return (
        Equals(f"{BUDGET}.BGT_NATDEC", stage),
        Equals(f"{BUDGET}.BGT_CODRD", "dépense"),
        Equals(f"{BUDGET}.BGT_OPBUDG", "réel"),
    )


def _budget(
    name: str,
    label: str,
    definition: str,
    unit: str,
    aggregate: Sum | RatioOfSums,
    stage: str,
    decimals: int = 0,
) -> Indicator:
    return Indicator(
        name=name,
        label=label,
        definition=definition,
        unit=unit,
        source=Source(BUDGET, store="lake"),
        aggregate=aggregate,
        month=MonthOf(f"{BUDGET}.BGT_ANNEE"),
        commune=None,
        owner=FINANCES,
        sources=(BUDGET,),
        dimensions=_BUDGET_DIMENSIONS,
        where=_expenses(stage),
        min_group_size=1,
        decimals=decimals,
    )


BUDGET_VOTED = _budget(
    "depenses-votees",
    "Dépenses votées au budget primitif",
    "Somme des crédits ouverts en dépenses réelles au budget primitif voté par l'assemblée, "
    "par exercice (compté en janvier de l'exercice).",
    "euros",
    Sum(f"{BUDGET}.BGT_CREDOUV"),
    PRIMITIVE,
)
BUDGET_EXECUTED = _budget(
    "depenses-realisees",
    "Dépenses réalisées",
    "Somme des dépenses réelles réalisées selon le compte administratif, par exercice "
    "(compté en janvier de l'exercice).",
    "euros",
    Sum(f"{BUDGET}.BGT_MTREAL"),
    ACCOUNT,
)
BUDGET_EXECUTION_RATE = _budget(
    "taux-execution-depenses",
    "Taux d'exécution des dépenses",
    "Part des crédits ouverts en dépenses réelles (budget primitif et décisions "
    "modificatives) effectivement dépensée selon le compte administratif, par exercice.",
    "%",
    RatioOfSums(f"{BUDGET}.BGT_MTREAL", f"{BUDGET}.BGT_CREDOUV", factor=100.0),
    ACCOUNT,
    decimals=1,
)

# --- grants (SCDL subventions): a beneficiary may be a person -----------------------------

# The beneficiary's category. The SCDL gives no legal nature (catégorie juridique), only
# identifiers, so the rule reads what they tell for sure: an RNA number (W and 9 digits) is
# an association's; a SIREN starting with 1 or 2 (INSEE's numbering: the State, local
# authorities, public establishments) is a public body's; any other SIRET (14 digits) is a
# company's, a sole trader's or another private body's — the SIREN alone cannot tell them
# apart; neither: unidentified. In this order: an association with a SIRET is one.
_RNA = "^W[0-9]{9}$"
_PUBLIC_SIRET = "^[12][0-9]{13}$"
_SIRET = "^[0-9]{14}$"
BENEFICIARY_CATEGORY = Dimension(
    "beneficiary_category",
    f"{GRANTS}.rnaBeneficiaire",
    categories=(
        Category(
            messages.GRANT_BENEFICIARY_ASSOCIATION, (Matches(f"{GRANTS}.rnaBeneficiaire", _RNA),)
        ),
        Category(
            messages.GRANT_BENEFICIARY_PUBLIC_BODY,
            (Matches(f"{GRANTS}.idBeneficiaire", _PUBLIC_SIRET),),
        ),
        Category(
            messages.GRANT_BENEFICIARY_COMPANY_OR_OTHER,
            (Matches(f"{GRANTS}.idBeneficiaire", _SIRET),),
        ),
    ),
    otherwise=messages.GRANT_BENEFICIARY_UNIDENTIFIED,
)
_GRANT_DIMENSIONS = (
    Dimension("object", f"{GRANTS}.objet"),
    Dimension("aid_nature", f"{GRANTS}.nature"),
    BENEFICIARY_CATEGORY,
)


def _grants(name: str, label: str, definition: str, unit: str, aggregate: Count | Sum) -> Indicator:
    return Indicator(
        name=name,
        label=label,
        definition=definition,
        unit=unit,
        source=Source(GRANTS, store="lake"),
        aggregate=aggregate,
        month=MonthOf(f"{GRANTS}.dateConvention"),
        commune=None,
        owner=FINANCES,
        sources=(GRANTS,),
        dimensions=_GRANT_DIMENSIONS,
        privacy_unit=f"{GRANTS}.nomBeneficiaire",
    )


GRANTS_AWARDED = _grants(
    "subventions-attribuees",
    "Subventions attribuées",
    "Nombre de subventions attribuées par la collectivité (mois de la convention), par objet, "
    "nature de l'aide et catégorie de bénéficiaire (association, organisme public, entreprise "
    "ou autre organisme, d'après son numéro RNA ou SIRET) ; montré à partir de cinq "
    "bénéficiaires distincts.",
    "subventions",
    Count(),
)
GRANTS_AMOUNT = _grants(
    "montant-subventions",
    "Montant des subventions attribuées",
    "Somme des montants des subventions attribuées par la collectivité (mois de la "
    "convention), par objet, nature de l'aide et catégorie de bénéficiaire (association, "
    "organisme public, entreprise ou autre organisme, d'après son numéro RNA ou SIRET) ; "
    "montré à partir de cinq bénéficiaires distincts.",
    "euros",
    Sum(f"{GRANTS}.montant"),
)

# --- the council's deliberations (SCDL délibérations) ------------------------------------

DELIBERATIONS_ADOPTED = Indicator(
    name="deliberations-adoptees",
    label="Délibérations adoptées",
    definition="Nombre de délibérations adoptées par l'assemblée (mois de la séance), par "
    "matière de la nomenclature des actes.",
    unit="délibérations",
    source=Source(DELIBERATIONS, store="lake"),
    aggregate=Count(),
    month=MonthOf(f"{DELIBERATIONS}.DELIB_DATE"),
    commune=None,
    owner=ASSEMBLIES,
    sources=(DELIBERATIONS,),
    dimensions=(Dimension("subject", f"{DELIBERATIONS}.DELIB_MATIERE_NOM"),),
    # Public acts of the assembly.
    min_group_size=1,
)

# --- DSP deliveries: received (dataset updates naming a contract), late, on time ---------

_RECEIVED = (Filled("lake_updates.contract_id"), Equals("lake_updates.mode", "replace"))
_LATE = (Equals("lake_deliveries.status", "late"),)
_DELIVERY_DIMENSIONS = (
    Dimension("contract", "lake_updates.contract_id"),
    Dimension("dataset", "lake_updates.dataset_id"),
)


def _deliveries(
    name: str,
    label: str,
    definition: str,
    unit: str,
    aggregate: Count | CountLess,
    decimals: int = 0,
) -> Indicator:
    return Indicator(
        name=name,
        label=label,
        definition=definition,
        unit=unit,
        source=Source("lake_updates"),
        aggregate=aggregate,
        month="lake_updates.month",
        commune=None,
        owner=CONTRACTS,
        sources=("lake.dataset-updated", "lake.delivery-late")
        if isinstance(aggregate, CountLess)
        else ("lake.dataset-updated",),
        dimensions=_DELIVERY_DIMENSIONS,
        where=_RECEIVED,
        # A company's obligations under a public contract, not a person's.
        min_group_size=1,
        decimals=decimals,
    )


DELIVERIES_RECEIVED = _deliveries(
    "livraisons-dsp-recues",
    "Livraisons de données des délégataires reçues",
    "Nombre de livraisons de données valides reçues d'un délégataire de service public (DSP), "
    "par contrat (mois de réception).",
    "livraisons",
    Count(),
)
DELIVERIES_ON_TIME = _deliveries(
    "livraisons-dsp-a-l-heure",
    "Livraisons de données des délégataires à l'heure",
    "Nombre de livraisons de données valides reçues d'un délégataire avant leur échéance : "
    "les livraisons reçues moins celles annoncées en retard, par contrat (mois de réception).",
    "livraisons",
    CountLess("lake_deliveries", _LATE),
)
DELIVERIES_ON_TIME_SHARE = _deliveries(
    "part-livraisons-dsp-a-l-heure",
    "Part des livraisons des délégataires à l'heure",
    "Part des livraisons de données valides reçues d'un délégataire qui sont arrivées avant "
    "leur échéance, par contrat (mois de réception ; les livraisons manquantes sont comptées "
    "par « Livraisons de données des délégataires en retard »).",
    "%",
    CountLess("lake_deliveries", _LATE, percent=True),
    decimals=1,
)

TERRITORY: tuple[Indicator, ...] = (
    BUDGET_VOTED,
    BUDGET_EXECUTED,
    BUDGET_EXECUTION_RATE,
    GRANTS_AWARDED,
    GRANTS_AMOUNT,
    DELIBERATIONS_ADOPTED,
    DELIVERIES_RECEIVED,
    DELIVERIES_ON_TIME,
    DELIVERIES_ON_TIME_SHARE,
)
