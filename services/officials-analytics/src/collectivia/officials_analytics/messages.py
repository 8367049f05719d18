"""Everything the officials' analytics says to people, in French, in one place (problem
details, gRPC statuses, pages). Operators' log messages stay in the code, in English.

One section per area: add a message to its area's section."""

from __future__ import annotations

# --- sink (the suite's events) ----------------------------------------------------------

# --- indicators -------------------------------------------------------------------------
VIEWER_ROLE_REQUIRED = (
    "Les indicateurs sont réservés aux élus (rôle « official ») et à l'intercommunalité "
    "(rôles « admin » ou « data-steward »)."
)
NO_COMMUNE = (
    "Votre compte d'élu n'est rattaché à aucune commune : demandez à l'administrateur de vous "
    "ajouter au groupe de votre commune."
)
COMMUNE_NOT_ALLOWED = (
    "Vous ne pouvez pas consulter les chiffres de la commune {commune} : seulement ceux de "
    "votre commune ({yours})."
)
COMMUNE_INVALID = (
    "Code commune invalide : « {commune} » (le code INSEE de la commune, 5 caractères, ex. 57463)."
)
KPI_NOT_FOUND = "Aucun indicateur « {name} » : la liste des indicateurs est sur /v1/kpis."
DIMENSION_UNKNOWN = (
    "L'indicateur « {name} » ne se ventile pas par « {dimension} » ; dimensions possibles : "
    "{dimensions}."
)
DIMENSION_REPEATED = "La dimension « {dimension} » est demandée deux fois."
NOT_PER_COMMUNE = (
    "L'indicateur « {name} » porte sur l'ensemble de la collectivité, pas sur une commune : "
    "retirez le filtre « commune »."
)
MONTH_INVALID = (
    "Le mois « {field} » doit s'écrire AAAA-MM (par exemple 2026-01) : « {value} » ne convient pas."
)
PERIOD_REVERSED = "La période commence ({first}) après sa fin ({last}) : inversez les deux mois."
PERIOD_TOO_LONG = (
    "La période couvre {months} mois, au-delà de la limite de {limit} mois : réduisez-la."
)
# The CSV export's columns besides the dimensions, and its suppressed mark.
CSV_VALUE = "valeur"
CSV_SUPPRESSED = "secret_statistique"
CSV_YES = "oui"
CSV_NO = "non"


# --- content gaps -----------------------------------------------------------------------
# The themes' and questions' placeholder when the chat gave none.
GAPS_NO_THEME = "(sans thème)"


# --- forecasts --------------------------------------------------------------------------

# Beside every forecast (AI Act Art. 50, Etalab's guidance), with the link to its entry.
FORECAST_MENTION = "Prévision produite par un algorithme"
FORECAST_METHOD = (
    "Lissage exponentiel (AutoETS, statsforecast), choisi automatiquement parmi les modèles "
    "à tendance et saisonnalité annuelle ; intervalles de prévision à 80 % et 95 %."
)
FORECAST_BASELINE = "Référence : naïf saisonnier (la valeur du même mois l'année précédente)."
FORECAST_BACKTEST = (
    "Erreur mesurée sur les {months} derniers mois connus, par origine glissante : "
    "{windows} prévisions successives de {horizon} mois, chacune faite sans connaître les "
    "mois qu'elle prévoit. MASE : erreur absolue moyenne rapportée à celle de la prévision "
    "naïve d'un mois sur l'autre (au-dessous de 1, mieux que cette prévision naïve) ; MAPE : "
    "erreur relative moyenne, en %, sur les mois non nuls."
)
FORECAST_BASELINE_BETTER = (
    "Sur les derniers mois connus, la référence naïve saisonnière s'est trompée moins que le "
    "modèle : lisez cette prévision avec prudence (un historique court, moins de trois ans, "
    "ne permet souvent pas au modèle de retenir la saisonnalité)."
)
FORECAST_ROLE_REQUIRED = (
    "Les prévisions sont réservées aux élus, aux administrateurs et aux responsables de la donnée."
)
FORECAST_COMMUNE_FORBIDDEN = (
    "Vous ne pouvez consulter que les prévisions de vos communes ({communes}) : la commune "
    "{commune} n'en fait pas partie."
)
FORECAST_NO_COMMUNE = "aucune"
FORECAST_THEME_NOT_FOR_WATER = (
    "La consommation d'eau n'a pas de thème : retirez le paramètre theme (ou choisissez la "
    "série demand ou handovers)."
)
FORECAST_NO_DATA = "Aucune donnée pour cette série : rien à prévoir."
FORECAST_TOO_SHORT = (
    "Historique trop court : {months} mois connus, il en faut au moins {needed} (deux cycles "
    "annuels) pour une prévision et sa mesure d'erreur. Aucune prévision n'est faite."
)
FORECAST_SMALL_GROUPS = (
    "Certains mois comptent moins de {minimum} faits pour cette commune : ces mois sont "
    "masqués et la série n'est pas prévue, pour qu'aucune personne ne puisse être reconnue."
)
FORECAST_MISSING_MONTHS = (
    "Des mois manquent dans l'historique ({missing} sur {months}) : une prévision sur une "
    "série incomplète serait trompeuse. Aucune prévision n'est faite."
)
FORECAST_FAILED = (
    "Le calcul de la prévision a échoué ; l'équipe technique est prévenue. Réessayez plus tard."
)
FORECAST_DENIED = (
    "Prévision non affichée : le registre des algorithmes n'autorise pas l'utilisation de cet "
    "algorithme en ce moment (inscription suspendue, retirée ou non approuvée). Détails : {url}"
)
FORECAST_REGISTER_UNREACHABLE = (
    "Prévision non affichée : le registre des algorithmes ne répond pas ; par précaution, "
    "aucune prévision n'est montrée. Réessayez dans quelques instants."
)
SERIES_LABELS = {
    "demand": "Demandes au service citoyen",
    "water": "Consommation d'eau",
    "handovers": "Demandes de mise en relation avec un agent",
}
SERIES_UNITS = {"demand": "demandes", "water": "m³", "handovers": "demandes"}
SERIES_WHOLE_TERRITORY = "tout le territoire"
SERIES_THEME = "thème « {theme} »"
SERIES_COMMUNE = "commune {commune}"

# --- pages (the officials' page, its charts and the council's report) -------------------

PAGES_JAVASCRIPT_NEEDED = "Cette page a besoin de JavaScript."
PAGES_STATIC_NOT_FOUND = "Introuvable"
PAGES_CHART_ONE_DIMENSION = (
    "Un graphique montre une seule dimension à la fois : demandez au plus un group_by "
    "(par exemple month ou theme)."
)
# Whose figures a chart shows.
PAGES_WHOLE_COLLECTIVITY = "toute la collectivité"
PAGES_EVERY_COMMUNE = "toutes les communes"
PAGES_ONE_COMMUNE = "commune {commune}"
PAGES_COMMUNES = "communes {communes}"
PAGES_NO_VALUE = "(non renseigné)"
# The charts: title, periods, and the sentence that sums each one up (computed from its
# values: charts.summary).
CHART_TITLE = "{indicator}{by} — {scope}, {period}"
CHART_BY = " par {dimension}"
CHART_EMPTY = "Aucune valeur à montrer"
PERIOD_ONE_MONTH = "en {month}"
PERIOD_RANGE = "de {first} à {last}"
SUMMARY_NONE = "{indicator} — {scope} : aucune valeur à montrer."
SUMMARY_ONE = "{indicator} — {scope} : {value}."
SUMMARY_ONE_MONTH = "{indicator} — {scope} : {high_value} en {high}, seul mois montré."
SUMMARY_TOTAL = "{total} au total ; "
SUMMARY_MONTHS = (
    "{indicator} — {scope} : {overall}le plus haut en {high} ({high_value}), le plus bas en "
    "{low} ({low_value}) ; {trend} entre {first} ({first_value}) et {last} ({last_value})."
)
SUMMARY_TRENDS = {"up": "en hausse", "down": "en baisse", "flat": "stable"}
SUMMARY_ONE_GROUP = "{indicator} — {scope} : {high_value} pour « {high} », seul groupe montré."
SUMMARY_GROUPS_ADDITIVE = (
    "{indicator} — {scope} : {total} au total, en {count} groupes par {dimension} ; "
    "« {high} » vient en tête ({high_value}, {share} du total)."
)
SUMMARY_GROUPS = (
    "{indicator} — {scope} : de {low_value} (« {low} ») à {high_value} (« {high} »), "
    "en {count} groupes par {dimension}."
)
SUMMARY_SUPPRESSED_SIZE = " (moins de {minimum})"
SUMMARY_SUPPRESSED_ONE = (
    " 1 groupe trop petit{size} n'est pas montré, pour que personne ne puisse être reconnu."
)
SUMMARY_SUPPRESSED_MANY = (
    " {count} groupes trop petits{size} ne sont pas montrés, pour que personne ne puisse "
    "être reconnu."
)
# The council's report (PDF).
PAGES_REPORT_TITLE = "Rapport au conseil municipal — commune {commune}"
PAGES_REPORT_SUBJECT = "Indicateurs des services numériques de la commune {commune}, {period}"
PAGES_REPORT_KEYWORDS = "indicateurs, conseil municipal, assistant citoyen, IA, prévisions"
PAGES_REPORT_INTRODUCTION = (
    "Les indicateurs des services numériques de la collectivité pour la commune, {period} : "
    "questions des habitants et réponses de l'assistant, demandes transmises aux agents, "
    "satisfaction, propositions de l'IA relues par les agents, consommation d'eau ; puis les "
    "questions restées sans réponse et les prévisions. Document produit le {day}."
)
PAGES_REPORT_PRIVACY = (
    "Secret statistique : un groupe trop petit (moins de personnes ou de faits que le seuil "
    "de l'indicateur) n'est ni tracé ni chiffré, pour que personne ne puisse être reconnu. "
    "Les usages de l'IA par les agents concernent toute la collectivité : ils n'ont pas de "
    "commune."
)
PAGES_REPORT_KEY_FIGURES = "Indicateurs clés"
PAGES_REPORT_KEY_FIGURES_CAPTION = "Indicateurs clés, {period}"
PAGES_TABLE_CAPTION = "Tableau des valeurs : {title}"
PAGES_INDICATOR = "Indicateur"
PAGES_SCOPE = "Périmètre"
PAGES_VALUE = "Valeur"
PAGES_MONTH = "Mois"
PAGES_SUPPRESSED = "Non montré (secret statistique)"
PAGES_NO_DATA = "Aucune donnée"
PAGES_GAPS_TITLE = "Questions sans réponse"
PAGES_GAPS_INTRODUCTION = (
    "Ce que les habitants ont demandé sans obtenir de réponse de l'assistant (refus ou "
    "transmission à un agent), du plus au moins fréquent : les pages à écrire ou à "
    "compléter en priorité. Une question n'est montrée que si au moins {minimum} "
    "conversations différentes l'ont posée, sans les données personnelles."
)
PAGES_THEME = "Thème"
PAGES_UNANSWERED = "Questions sans réponse"
PAGES_GAPS_THEMES_CAPTION = "Questions sans réponse par thème, de la plus à la moins fréquente"
PAGES_GAPS_QUESTIONS_CAPTION = "Questions les plus posées restées sans réponse"
PAGES_GAPS_NO_THEME = "Aucun thème à montrer sur la période."
PAGES_GAPS_NO_QUESTION = "Aucune question posée assez souvent pour être montrée sur la période."
PAGES_GAPS_HIDDEN_THEMES = (
    "{count} thème(s) de trop petite taille ne sont pas chiffrés (secret statistique)."
)
PAGES_QUESTION = "Question"
PAGES_ASKED = "Posée"
PAGES_PEOPLE = "Conversations"
PAGES_FORECASTS_TITLE = "Prévisions"
PAGES_FORECAST_NOT_SHOWN = "Prévision non affichée."
PAGES_FORECAST_REGISTER = "Fiche de l'algorithme au registre public des algorithmes : {url}"
PAGES_FORECAST_ERROR = (
    "Erreur mesurée sur les {months} derniers mois connus : MASE {mase} (la référence, naïf "
    "saisonnier : {baseline_mase} ; au-dessous de 1, mieux qu'une prévision naïve), MAPE "
    "{mape}."
)
PAGES_NOT_MEASURED = "non mesurée"
PAGES_FORECAST_CAPTION = "Prévision : {label}"
PAGES_FORECAST_VALUE = "Prévision"
PAGES_INTERVAL_80 = "Intervalle à 80 %"
PAGES_INTERVAL_95 = "Intervalle à 95 %"
PAGES_INTERVAL = "{low} à {high}"
PAGES_FORECASTS_INTRODUCTION = (
    "{mention} : les prévisions ci-dessous sont calculées à partir de l'historique par un "
    "algorithme inscrit au registre public des algorithmes de la collectivité ; chacune est "
    "donnée avec son erreur mesurée sur le passé et ses intervalles de prévision. Elles "
    "éclairent la décision, elles ne la prennent pas."
)
# The chart of a forecast (its history, the forecast and its intervals).
PAGES_FORECAST_CHART_TITLE = "{label} : historique et prévision"
PAGES_FORECAST_CHART_HISTORY_LEGEND = "Historique"
PAGES_FORECAST_CHART_FORECAST_LEGEND = "Prévision"
PAGES_FORECAST_CHART_SUMMARY = (
    "{mention} — {label} : {first_value} en {first}, {last_value} en {last} (intervalle à "
    "95 % du premier mois : {low} à {high}){error}."
)
PAGES_FORECAST_CHART_ERROR = " ; erreur mesurée sur les {months} derniers mois connus : MASE {mase}"
PAGES_FORECAST_CHART_HISTORY = "{months} mois d'historique, de {first} à {last}"
PAGES_FORECAST_CHART_NO_HISTORY = "aucun historique"
PAGES_FORECAST_CHART_NONE = "{label} : {history} ; aucune prévision montrée. {reason}"
