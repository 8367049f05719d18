"""Everything the officials' analytics says to people, in French, in one place (problem
details, gRPC statuses, pages). Operators' log messages stay in the code, in English.

One section per area: add a message to its area's section."""

from __future__ import annotations

# --- sink (the suite's events) ----------------------------------------------------------

# Between the items of a list in a sentence (« 57463, 57480 »).
LIST_SEPARATOR = ", "

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
FILTER_UNKNOWN = (
    "L'indicateur « {name} » ne se filtre pas par « {dimension} » ; filtres possibles : "
    "{dimensions}."
)
FILTER_NONE = "aucun"
FILTER_INVALID = (
    "Un filtre s'écrit dimension:valeur (par exemple theme:Déchets > Collecte) : le filtre "
    "n° {position} ne convient pas."
)
NOT_PER_COMMUNE = (
    "L'indicateur « {name} » porte sur l'ensemble de la collectivité, pas sur une commune : "
    "retirez le filtre « commune »."
)
LAKE_DATASET_MISSING = (
    "L'indicateur « {name} » se calcule sur le jeu de données « {dataset} » du lac de "
    "données, qui n'y est pas (encore) : un responsable des données doit le déclarer et le "
    "charger."
)
LAKE_COLUMN_MISSING = (
    "L'indicateur « {name} » lit dans le jeu de données « {dataset} » du lac des colonnes "
    "qu'il n'a pas : {columns}. Ce jeu de données doit suivre son schéma national."
)
MONTH_INVALID = (
    "Le mois « {field} » doit s'écrire AAAA-MM (par exemple 2026-01) : « {value} » ne convient pas."
)
PERIOD_REVERSED = "La période commence ({first}) après sa fin ({last}) : inversez les deux mois."
QUERY_ENGINE_UNAVAILABLE = (
    "Le moteur de requêtes des indicateurs (Trino) ne répond pas pour le moment : réessayez "
    "dans quelques minutes ; si cela dure, prévenez l'administrateur de la plateforme."
)
PERIOD_TOO_LONG = (
    "La période couvre {months} mois, au-delà de la limite de {limit} mois : réduisez-la."
)
# The CSV export's columns besides the dimensions, and its suppressed mark.
CSV_VALUE = "valeur"
CSV_COMMUNE_NAME = "nom_commune"
CSV_SUPPRESSED = "secret_statistique"
CSV_YES = "oui"
CSV_NO = "non"


# --- questions (a French question answered by a declared indicator) --------------------
QUESTION_EMPTY = "Posez une question, par exemple : « combien de questions à Metz en mars ? »."
QUESTION_TOO_LONG = "La question dépasse {limit} caractères : raccourcissez-la."
QUESTION_SUGGESTION = "« {label} » ({name})"
QUESTION_NO_INDICATOR = (
    "Je n'ai pas reconnu d'indicateur dans votre question, et je préfère ne pas deviner. "
    "Les indicateurs les plus proches : {suggestions}. Reformulez avec le nom de l'un d'eux."
)
QUESTION_AMBIGUOUS = (
    "Votre question peut désigner plusieurs indicateurs : {suggestions}. Précisez lequel."
)
QUESTION_COMMUNE_UNKNOWN = (
    "Je ne connais pas de commune « {commune} » dans la collectivité ; ses communes : "
    "{names}. Écrivez le nom de l'une d'elles ou son code INSEE."
)
QUESTION_COMMUNE_AMBIGUOUS = (
    "« {commune} » peut désigner plusieurs communes : {names}. Écrivez le nom complet."
)
QUESTION_NO_NAMES = "leurs noms ne sont pas connus ici (écrivez le code INSEE)"
# « J'ai compris : … », the sentence that lets the official check what was computed.
QUESTION_UNDERSTOOD = "J'ai compris : {indicator}{filters} — {scope}, {period}{grouping}."
QUESTION_FILTER = ", {dimension} : {values}"
QUESTION_VALUES_OR = " ou "
QUESTION_GROUPING = ", par {dimensions}"
QUESTION_AND = " et "
QUESTION_DEFAULT_PERIOD = "{period} (aucune période comprise : les derniers mois)"
QUESTION_YOUR_COMMUNES = "vos communes ({communes})"
QUESTION_COMMUNE = "{name} ({code})"
MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

# The grants' beneficiary categories (the « beneficiary_category » dimension's values,
# derived from the SCDL identifiers: indicators/territory.py).
GRANT_BENEFICIARY_ASSOCIATION = "association"
GRANT_BENEFICIARY_PUBLIC_BODY = "organisme public"
GRANT_BENEFICIARY_COMPANY_OR_OTHER = "entreprise ou autre organisme"
GRANT_BENEFICIARY_UNIDENTIFIED = "non identifié"

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
# The measured performance each run sends to the register (its entry's public page).
PERFORMANCE_METHOD = (
    "Validation glissante sur les {months} derniers mois connus : {windows} prévisions "
    "successives de {horizon} mois, chacune faite sans connaître les mois qu'elle prévoit ; "
    "médianes sur les {series} séries prévues, comparées à la référence naïve saisonnière."
)
PERFORMANCE_METRICS = {
    "mase_median": "MASE médiane du modèle (au-dessous de 1 : mieux que la prévision naïve)",
    "mape_median": "MAPE médiane du modèle (erreur relative moyenne)",
    "baseline_mase_median": "MASE médiane de la référence naïve saisonnière",
    "baseline_mape_median": "MAPE médiane de la référence naïve saisonnière",
}
SERIES_LABELS = {
    "demand": "Demandes au service citoyen",
    "water": "Consommation d'eau",
    "handovers": "Demandes de mise en relation avec un agent",
}
SERIES_UNITS = {"demand": "demandes", "water": "m³", "handovers": "demandes"}
SERIES_WHOLE_TERRITORY = "tout le territoire"
SERIES_THEME = "thème « {theme} »"
SERIES_COMMUNE = "commune {commune}"

# --- briefings (the officials' monthly briefing) -----------------------------------------

# On every briefing (AI Act Art. 50): written with a model, or from templates.
BRIEFING_MENTION_MODEL = "Rédigé avec l'aide de l'IA — chaque chiffre a été vérifié"
BRIEFING_MENTION_TEMPLATE = "Synthèse produite automatiquement à partir des indicateurs calculés"
BRIEFING_METHOD_MODEL = (
    "Un modèle de langage (« {model} ») a reformulé en phrases simples les chiffres calculés "
    "par les indicateurs de la commune ; chaque nombre de chaque phrase a ensuite été comparé "
    "aux valeurs calculées (à l'arrondi près) et toute phrase dont un chiffre ne correspond à "
    "aucune valeur a été écartée. Les groupes trop petits ne sont jamais cités."
)
BRIEFING_METHOD_TEMPLATE = (
    "Phrases types remplies avec les valeurs calculées par les indicateurs de la commune : "
    "le mois choisi, le mois précédent et le même mois de l'année précédente, les plus fortes "
    "évolutions en premier, puis les questions restées sans réponse. Les groupes trop petits "
    "ne sont jamais cités."
)
BRIEFING_TITLE = "Synthèse de {month} — {commune}"
BRIEFING_DROPPED_ONE = "1 phrase écartée : chiffre non vérifié"
BRIEFING_DROPPED_MANY = "{count} phrases écartées : chiffres non vérifiés"
BRIEFING_REGISTER_DENIED = (
    "Le registre des algorithmes n'autorise pas en ce moment la rédaction par l'IA : la "
    "synthèse ci-dessous est produite à partir des indicateurs, sans modèle de langage."
)
BRIEFING_MODEL_FAILED = (
    "Le modèle de langage n'a pas donné de texte vérifiable : la synthèse ci-dessous est "
    "produite à partir des indicateurs, sans modèle de langage."
)
BRIEFING_NOTHING = (
    "Aucun chiffre à présenter pour {commune} en {month} : pas encore de données, ou des "
    "groupes trop petits pour être montrés."
)
BRIEFING_MONTH_FUTURE = (
    "Le mois {month} n'a pas encore commencé : choisissez le mois en cours ou un mois passé."
)
BRIEFING_COMMUNE_UNKNOWN = "Commune inconnue : aucun code INSEE « {commune} » dans l'annuaire."
# The units written after a figure; counts (questions, demandes...) stand alone.
BRIEFING_UNITS = {"%": "%", "heures": "heures", "minutes": "minutes", "m3": "m³", "m3/h": "m³/h"}
# The sentences of the template briefing: a figure, its change over a month, over a year.
BRIEFING_COLLECTIVITY = "{label} (ensemble de la collectivité)"
BRIEFING_ALONE = "{subject} : {value} en {month}."
BRIEFING_MORE = "{subject} : {value} en {month}, soit {change} de plus qu'en {before} ({previous})."
BRIEFING_LESS = (
    "{subject} : {value} en {month}, soit {change} de moins qu'en {before} ({previous})."
)
BRIEFING_SAME = "{subject} : {value} en {month}, comme en {before} ({previous})."
BRIEFING_FROM = "{subject} : {value} en {month}, contre {previous} en {before}."
BRIEFING_YEAR_MORE = "Sur un an, c'est {change} de plus qu'en {before} ({previous})."
BRIEFING_YEAR_LESS = "Sur un an, c'est {change} de moins qu'en {before} ({previous})."
BRIEFING_YEAR_SAME = "Sur un an, c'est autant qu'en {before} ({previous})."
BRIEFING_YEAR_FROM = "Sur un an, c'est {value} contre {previous} en {before}."
BRIEFING_POINTS = "{value}\u00a0point"
BRIEFING_POINTS_MANY = "{value}\u00a0points"
BRIEFING_GAP_THEMES = "Questions restées sans réponse en {month}, par thème : {themes}."
BRIEFING_GAP_THEME = "« {theme} » ({count})"
BRIEFING_GAP_QUESTION = "Question la plus posée sans réponse : « {question} » ({count} fois)."
BRIEFING_GAPS_LABEL = "Questions sans réponse"
# What a model's use contributed, in the evidence (ai.used).
BRIEFING_CONTRIBUTION = (
    "Reformulation en français simple des chiffres calculés d'une commune pour un mois ; "
    "chaque chiffre vérifié, les phrases non vérifiées écartées ; information des élus, "
    "aucune décision individuelle."
)
# What the model is asked (French in, French out); the facts follow, one per line.
BRIEFING_PROMPT = (
    "Tu rédiges la synthèse mensuelle d'une commune pour ses élus, en français simple : "
    "phrases courtes, sans jargon. Reformule les faits ci-dessous, les plus importants "
    "d'abord. Recopie chaque nombre exactement comme il est écrit, n'en calcule aucun "
    "autre et n'ajoute aucun fait. Réponds par le texte seul, sans titre ni liste."
)


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

# --- scheduled jobs (the service's ``-jobs`` command, read in the CronJob's log) -----------
JOB_SNAPSHOTS_EXPIRED = (
    "Expiration des versions : {tables} table(s) d'analyse ; {expired} instantané(s) Iceberg "
    "antérieur(s) au {cutoff} oublié(s) (les {keep_last} dernières versions de chacun "
    "gardées), {removed} fichier(s) que plus rien ne référence supprimé(s) ; {files} "
    "fichier(s) de données dans les versions courantes."
)
JOB_COMPACTED = (
    "Compactage : {tables} table(s) d'analyse ; {before} fichier(s) de données avant, {after} "
    "après."
)
