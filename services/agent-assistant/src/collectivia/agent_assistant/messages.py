"""Every message the assistant says to agents, administrators and integrators, in French, in
one place.

What they can read comes from here: the ``detail`` of the HTTP problem details and the field
messages of ``errors`` (the ``error`` event of a streamed task too), the gRPC status messages
(the servicer's refusals and the domain errors the platform maps), the intranet page's
server-side errors, the reports and history reasons the assistant writes for them, and the
gateway's notices, shown with every output (whether a model wrote it, or why not). Domain
code raises its errors with these constants and functions; it writes no message of its own.
The ``rule`` slugs of :class:`~collectivia.platform.errors.RuleViolation` and the field names
are API: they stay as they are, in the messages too.

Said elsewhere, on purpose: the register's refusals and the special categories of data
(``collectivia.ai.use.messages``, the same for every service that uses AI), unreadable or
too large documents (``collectivia.ai.documents``), tokens and their expiry
(``collectivia.platform.auth``). The content of an output stays with what produces it: each
local method's account of its own output and its advice (``tasks/extractive_summary.py``,
``tasks/plain_language.py``, ``tasks/classification.py``, ``inbox/suggestion.py``...), the
AI marking appended to a text meant for publication (``tasks/publication.py``), the labels
of enumerations, the seeded charter and templates, the prompts sent to a model, the
contributions written into the evidence.

Left in English on purpose, for operators only: log lines, the reasons of
:class:`~collectivia.platform.events.envelope.InvalidEvent` written into the dead-letter
topics' headers (``statistics/handlers.py``), the settings' validation errors and production
problems (``settings.py``), the guard of ``UsageStatistics`` against a group too small to
protect anyone (a configuration error), the areas' descriptions (the service cards), and
``ModelFailure``'s reasons (logged; the agent reads :data:`MODEL_FAILED`).

Conventions: a ``detail`` is a sentence, with its full stop; a field's message is a sentence
where a form shows it beside its field and it says what to do, a short phrase without full
stop in a file's report (« fichier vide »); a colon and a semicolon have a space before; ids
are quoted as Python writes them (``'abc'``), so that an empty or odd id shows; days are
written dd/mm/yyyy. A gateway notice ends with a space when the local method's own notice
follows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from collectivia.platform import messages as platform_messages

# -- who may do what ------------------------------------------------------------------------

AGENTS_ONLY = "L'assistant des agents est réservé aux agents de la collectivité (rôle « agent »)."
ADMINS_ONLY = "Cette action est réservée aux administrateurs (rôle « admin »)."
INTEGRATORS_ONLY = "Ce service est réservé aux applications intégratrices (rôle « integrator »)."
DEPARTMENT_ONLY = (
    "Seuls les agents du service « {department} » (ou un administrateur) peuvent {action}."
)
# What only a department's agents may do (« ... peuvent modifier ce modèle »).
ACT_FOR_DEPARTMENT = "agir pour ce service"
MOVE_TEMPLATE = "déplacer un modèle vers ce service"
EDIT_TEMPLATE = "modifier ce modèle"
EDIT_EXPERIMENT = "modifier cette expérimentation"
NO_DEPARTMENT_SAY_WHICH = (
    "Votre compte n'est rattaché à aucun service : précisez le service concerné."
)
SEVERAL_DEPARTMENTS = (
    "Vous appartenez à plusieurs services ({departments}) : précisez le service concerné."
)


def department_only(department: str, action: str) -> str:
    """« Seuls les agents du service « urbanisme » (ou un administrateur) peuvent ... »."""
    return DEPARTMENT_ONLY.format(department=department, action=action)


def several_departments(departments: Iterable[str]) -> str:
    return SEVERAL_DEPARTMENTS.format(departments=", ".join(departments))


# -- texts and their limits (what a form says of a field) -----------------------------------

TITLE = "Le titre"
TEXT = "Le texte"
NOTE = "La note"
QUESTION = "La question"
ANSWER = "La réponse"
IS_EMPTY = "{what} est vide."
EXCEEDS_CHARACTERS = "{what} dépasse {limit} caractères."
AT_MOST_CHARACTERS = "{limit} caractères au plus."


def is_empty(what: str) -> str:
    """« Le titre est vide. »"""
    return IS_EMPTY.format(what=what)


def exceeds_characters(what: str, limit: int) -> str:
    """« Le titre dépasse 200 caractères. »"""
    return EXCEEDS_CHARACTERS.format(what=what, limit=limit)


def at_most_characters(limit: int) -> str:
    return AT_MOST_CHARACTERS.format(limit=limit)


# -- the usage charter ----------------------------------------------------------------------

CHARTER_NOT_ACCEPTED = (
    "Veuillez lire et accepter la charte d'utilisation (version {version}) avant d'utiliser "
    "l'assistant."
)
NO_CHARTER = "Aucune charte n'est publiée."
CHARTER_TITLE = "Le titre de la charte"
CHARTER_TEXT = "Le texte de la charte"
CHARTER_INCOMPLETE = "La nouvelle version de la charte est incomplète."
CHARTER_UNCHANGED = "Ce texte est déjà celui de la version {version} de la charte."
ACCEPTED_VERSION_MISSING = "La version acceptée manque."
SAY_WHICH_VERSION = "Indiquez la version de la charte que vous avez lue."
NOT_THE_CHARTER_IN_FORCE = (
    "La version {version} n'est pas la version en vigueur de la charte (version {current}) : "
    "relisez la charte en vigueur."
)


def charter_not_accepted(version: int) -> str:
    return CHARTER_NOT_ACCEPTED.format(version=version)


def charter_unchanged(version: int) -> str:
    return CHARTER_UNCHANGED.format(version=version)


def not_the_charter_in_force(version: int, current: int) -> str:
    return NOT_THE_CHARTER_IN_FORCE.format(version=version, current=current)


# -- the tasks ------------------------------------------------------------------------------

SUMMARY_LENGTH = "La longueur du résumé doit être comprise entre {lowest} et {highest} mots."
DOCUMENT_OR_TEXT = "Envoyez un document ou collez un texte, pas les deux."
SUMMARY_TEXT_EMPTY = "Le texte à résumer est vide : collez un texte ou envoyez un document."
THE_DOCUMENT = "Le document « {filename} »"
SOURCE_TOO_LONG = (
    "{what} est trop long ({length} caractères) : la limite est de {limit} caractères. "
    "Envoyez-en une partie."
)
NO_SENTENCE = "{what} ne contient aucune phrase à résumer."
REWRITE_TEXT_EMPTY = "Le texte à réécrire est vide."
CLASSIFY_TEXT_EMPTY = "La demande à classer est vide."
TEXT_TOO_LONG = "Le texte est trop long ({length} caractères) : la limite est de {limit}."
CHOOSE_A_TEMPLATE = "Choisissez un modèle de la bibliothèque."
# The kinds of template (``TemplateKind`` values), as said of « un modèle ».
TEMPLATE_KIND_NAMES = {
    "summarize": "de résumé",
    "plain-language": "de langage clair",
    "draft": "de rédaction",
    "classify": "de classement",
    "free": "libre",
}
NOT_A_DRAFT_TEMPLATE = (
    "Le modèle « {title} » est un modèle {kind} : choisissez un modèle de rédaction."
)
TEMPLATE_NOT_FOR_TASK = (
    "Le modèle « {title} » est un modèle {kind} : il ne convient pas à cette tâche."
)
COMMUNE_CODE = "La commune doit être un code INSEE, par exemple 57463."
VARIABLES_NOT_JSON = (
    'Les variables doivent être un objet JSON de textes, par exemple {"objet": "…"}.'
)
REVIEWED_TEXT = "Le texte relu"
REVIEWED_TEXT_EMPTY = "Le texte relu est vide : collez la version à publier."
PUBLICATION_TEXT_NOT_FOUND = (
    "Aucun texte destiné à publication n'a été produit avec l'IA sous le numéro {task_id!r}."
)
ALREADY_REVIEWED = (
    "Ce texte a déjà fait l'objet d'une relecture éditoriale le {at:%d/%m/%Y à %H:%M} (UTC)."
)


def summary_length(lowest: int, highest: int) -> str:
    return SUMMARY_LENGTH.format(lowest=lowest, highest=highest)


# A file name longer than this is cut where a message quotes it.
SHOWN_FILENAME_CHARACTERS = 80


def the_document(filename: str) -> str:
    """« Le document « budget.pdf » », the subject of a sentence about an upload."""
    if len(filename) > SHOWN_FILENAME_CHARACTERS:
        filename = filename[: SHOWN_FILENAME_CHARACTERS - 1] + "…"
    return THE_DOCUMENT.format(filename=filename)


def source_too_long(what: str, length: int, limit: int) -> str:
    return SOURCE_TOO_LONG.format(what=what, length=length, limit=limit)


def no_sentence(what: str) -> str:
    return NO_SENTENCE.format(what=what)


def text_too_long(length: int, limit: int) -> str:
    return TEXT_TOO_LONG.format(length=length, limit=limit)


def not_a_draft_template(title: str, kind: str) -> str:
    return NOT_A_DRAFT_TEMPLATE.format(title=title, kind=TEMPLATE_KIND_NAMES[kind])


def template_not_for_task(title: str, kind: str) -> str:
    return TEMPLATE_NOT_FOR_TASK.format(title=title, kind=TEMPLATE_KIND_NAMES[kind])


def publication_text_not_found(task_id: str) -> str:
    return PUBLICATION_TEXT_NOT_FOUND.format(task_id=task_id)


def already_reviewed(at: datetime) -> str:
    return ALREADY_REVIEWED.format(at=at)


# -- the gateway's notices, shown with an output (before the local method's own) ------------

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
# Not a notice: the error of a stream the model broke off (HTTP ``error`` event, gRPC).
INTERRUPTED = (
    "Le modèle génératif s'est interrompu avant la fin de sa réponse : le texte partiel "
    "n'est pas fiable. Relancez la tâche ; si le problème persiste, le traitement local "
    "reste disponible quand aucun modèle n'est configuré."
)


def generative(model: str) -> str:
    return GENERATIVE.format(model=model)


def special_categories_local(categories: str) -> str:
    """``categories``: their French labels (``collectivia.ai.use.messages.category_labels``)."""
    return SPECIAL_CATEGORIES_LOCAL.format(categories=categories)


def too_long(limit: int) -> str:
    return TOO_LONG.format(limit=limit)


# -- the handover inbox ---------------------------------------------------------------------

UNKNOWN_STATUS = "Statut inconnu."
HANDOFF_STATUSES = "Valeurs possibles : « open » ou « resolved »."
HANDOFF_NOT_FOUND = "Cette demande n'existe pas ou n'est pas adressée à votre service."
REPLY_EMPTY = "La réponse est vide."
WRITE_A_REPLY = "Écrivez une réponse à l'habitant."
REPLY_TOO_LONG = "La réponse est trop longue."
ALREADY_ANSWERED = "Un agent a déjà répondu à cette demande."
STALE_SUGGESTION = (
    "La suggestion affichée n'est plus valable (elle a expiré) : rouvrez la demande pour "
    "voir la suggestion en cours, puis renvoyez votre réponse."
)
# Shown instead of a suggested reply.
DENIED_NOTICE = (
    "Suggestion indisponible : le registre des algorithmes n'autorise pas l'usage de "
    "l'assistant en ce moment. Rédigez la réponse vous-même."
)
UNREACHABLE_NOTICE = (
    "Suggestion indisponible : la base de connaissances ne répond pas. Réessayez plus tard "
    "ou rédigez la réponse vous-même."
)
NOTHING_FOUND = (
    "Aucun passage pertinent dans la base de connaissances : rédigez la réponse vous-même."
)
KNOWLEDGE_UNREACHABLE = "La base de connaissances de l'assistant citoyen ne répond pas."

# -- how a reply reaches the citizen (delivery/) --------------------------------------------

CONTACT_OTHER_DEPARTMENT = (
    "Cette demande est adressée à un autre service : seuls ses agents peuvent voir le contact "
    "de l'habitant ou lui répondre."
)
HANDOFF_WITHDRAWN = (
    "Cette demande a été retirée : l'habitant a effacé sa conversation (ou sa durée de "
    "conservation est passée). Elle ne peut plus être lue ni recevoir de réponse."
)
NO_CONTACT_GIVEN = (
    "L'habitant a demandé une réponse dans la conversation : il n'a laissé ni adresse "
    "électronique ni numéro de téléphone."
)
CONTACT_GONE = (
    "Le contact de l'habitant n'existe plus : il a effacé sa conversation, ou sa durée de "
    "conservation est passée."
)
CONTACT_UNREACHABLE = (
    "L'assistant citoyen, qui garde le contact de l'habitant, ne répond pas : réessayez dans "
    "quelques minutes."
)
MAIL_NOT_CONFIGURED = (
    "l'envoi de courriels n'est pas configuré (serveur de messagerie de la collectivité et "
    "adresse d'expédition) ; prévenez l'administrateur"
)
MAIL_NO_STARTTLS = "le serveur de messagerie ne propose pas de connexion chiffrée (STARTTLS)"
MAIL_LOGIN_REFUSED = "le serveur de messagerie a refusé l'identifiant de l'assistant"
MAIL_RELAY_UNREACHABLE = "le serveur de messagerie de la collectivité ne répond pas"
MAIL_NOT_SENT = (
    "Le courriel n'a pas été envoyé : {reason}. La demande reste ouverte et votre réponse n'a "
    "pas été transmise."
)
MAIL_SUBJECT = "Réponse à votre demande — {collectivity}"
MAIL_FOOTER = (
    "\n\n--\nCette réponse d'un agent de {collectivity} fait suite à votre demande auprès de "
    "son assistant virtuel. Vous la retrouvez aussi dans votre conversation, tant que vous ne "
    "l'avez pas effacée. Merci de ne pas répondre à ce courriel."
)
CALLBACK_OUTCOME_UNKNOWN = "Résultat du rappel inconnu."
CALLBACK_OUTCOMES = "attendu : {outcomes}"
NOT_A_CALLBACK = "L'habitant n'a pas demandé à être rappelé : il n'y a pas de rappel à noter."
CALLBACK_BEFORE_REPLY = (
    "Enregistrez d'abord votre réponse (le rappel à faire), puis le résultat de l'appel."
)
# What became of a reply, for the agent's screen (``Delivery.outcome``).
DELIVERY_SUMMARIES = {
    "sent": "Réponse envoyée par courriel à l'adresse de l'habitant le {at}.",
    "failed": "Courriel non envoyé le {at} : {reason}.",
    "callback-due": (
        "Rappel à faire enregistré le {at} : appelez l'habitant, puis notez le résultat de l'appel."
    ),
    "reached": "Rappel fait le {at} : habitant joint.",
    "no-answer": "Rappel tenté le {at} : pas de réponse.",
    "wrong-number": "Rappel tenté le {at} : mauvais numéro.",
    "posted": (
        "Réponse publiée le {at} dans la conversation de l'habitant : il la verra s'il y "
        "revient (il n'a laissé ni courriel ni téléphone)."
    ),
}


def mail_recipient_refused(code: int) -> str:
    return f"le serveur de messagerie a refusé l'adresse de l'habitant (code {code})"


def mail_refused(code: int) -> str:
    return f"le serveur de messagerie a refusé le message (code {code})"


def mail_not_sent(reason: str) -> str:
    return MAIL_NOT_SENT.format(reason=reason)


def mail_subject(collectivity: str) -> str:
    return MAIL_SUBJECT.format(collectivity=collectivity)


def mail_body(reply: str, collectivity: str) -> str:
    return reply + MAIL_FOOTER.format(collectivity=collectivity)


def callback_outcomes(outcomes: Iterable[str]) -> str:
    return CALLBACK_OUTCOMES.format(outcomes=", ".join(outcomes))


def delivery_summary(outcome: str, reason: str, at: datetime) -> str:
    moment = at.strftime("%d/%m/%Y à %H:%M") + " (UTC)"
    return DELIVERY_SUMMARIES[outcome].format(at=moment, reason=reason)


# -- curated answers ------------------------------------------------------------------------

CURATED_STATUSES = "Valeurs possibles : « proposed », « published » ou « rejected »."
CONTAINS_PERSONAL_DATA = (
    "{what} contient des données personnelles ({kinds}) : retirez-les, la réponse type sera "
    "publique."
)
CURATED_NOT_PROPOSED = "La réponse type ne peut pas être proposée telle quelle."
CURATED_AFTER_REPLY = "Seule une réponse déjà envoyée à l'habitant peut devenir une réponse type."
PROPOSAL_NOT_FOUND = "Cette proposition n'existe pas ou n'est pas de votre service."
SAY_IF_APPROVED = "Indiquez si vous approuvez (true) ou non."
REVIEW_INCOMPLETE = "La relecture est incomplète."
FOUR_EYES = "Une réponse type doit être relue par un autre agent que son auteur."
PROPOSAL_ALREADY_REVIEWED = "Cette proposition a déjà été relue."


def contains_personal_data(what: str, kinds: Iterable[str]) -> str:
    return CONTAINS_PERSONAL_DATA.format(what=what, kinds=", ".join(kinds))


# -- the prompt library ---------------------------------------------------------------------

TEMPLATE_NOT_FOUND = "Aucun modèle {template_id} dans la bibliothèque."
VERSION_NOT_FOUND = "Le modèle {template_id} n'a pas de version {version}."
NO_SUCH_VERSION_TO_RATE = "Ce modèle n'a pas de version {version} (version actuelle : {current})."
UNKNOWN_VERSION = "Version inconnue."
TEMPLATE_ARCHIVED = "Le modèle « {title} » a été retiré de la bibliothèque."
TEMPLATE_NOT_SAVED = "Le modèle n'est pas enregistré : {reasons}"
TEMPLATE_CHANGED_MEANWHILE = (
    "Ce modèle a été modifié par quelqu'un d'autre pendant votre saisie ({now}, vous êtes "
    "parti de la version {started_from}) : votre modification n'est pas enregistrée. Gardez "
    "votre texte, rechargez le modèle et reportez-y vos changements."
)
TEMPLATE_NOW_AT_VERSION = "il est maintenant en version {current}"
TEMPLATE_CHANGED = "il a changé"
TAG_LENGTH = "chaque étiquette compte de 1 à 40 caractères"
# What the history says of a version the assistant wrote for the agent.
CREATED_REASON = "Création du modèle"
IMPORT_REASON = "Import du fichier « {filename} »"


def template_not_found(template_id: str) -> str:
    shown = platform_messages.quoted_identifier(template_id)
    return TEMPLATE_NOT_FOUND.format(template_id=shown)


def version_not_found(template_id: str, version: int) -> str:
    shown = platform_messages.quoted_identifier(template_id)
    return VERSION_NOT_FOUND.format(template_id=shown, version=version)


def no_such_version_to_rate(version: int, current: int) -> str:
    return NO_SUCH_VERSION_TO_RATE.format(version=version, current=current)


def template_archived(title: str) -> str:
    return TEMPLATE_ARCHIVED.format(title=title)


def template_not_saved(reasons: Iterable[str]) -> str:
    """The field messages (sentences), each said once."""
    return TEMPLATE_NOT_SAVED.format(reasons=" ".join(dict.fromkeys(reasons)))


def template_changed_meanwhile(current: int | None, started_from: int) -> str:
    now = TEMPLATE_NOW_AT_VERSION.format(current=current) if current else TEMPLATE_CHANGED
    return TEMPLATE_CHANGED_MEANWHILE.format(now=now, started_from=started_from)


def import_reason(filename: str) -> str:
    return IMPORT_REASON.format(filename=filename)


# -- a template's text and its {{variables}} ------------------------------------------------

INVALID_PLACEHOLDER = (
    "Nom de variable invalide « {placeholder} » (position {position}) : lettres minuscules, "
    "chiffres et « _ », en commençant par une lettre, par exemple {{{{nom_demandeur}}}}."
)
STRAY_BRACES = (
    "Accolades « {braces} » sans leur pendant (position {position}) : une variable s'écrit "
    "{{{{nom_variable}}}}."
)
INVALID_VARIABLE_NAME = (
    "Nom de variable invalide « {name} » : lettres minuscules, chiffres et « _ », en "
    "commençant par une lettre."
)
VARIABLE_DECLARED_TWICE = "La variable « {name} » est déclarée deux fois."
VARIABLE_NOT_USED = (
    "La variable « {name} » est déclarée mais n'apparaît pas dans le texte (écrivez "
    "{{{{{name}}}}} à l'endroit voulu, ou retirez-la)."
)
VARIABLE_NOT_DECLARED = (
    "La variable « {{{{{name}}}}} » est utilisée dans le texte mais n'est pas déclarée : "
    "ajoutez-la à la liste des variables."
)
VARIABLE_NOT_FILLED = "La variable « {name} » n'est pas renseignée."
NO_SUCH_VARIABLE = "Ce modèle n'a pas de variable « {name} »."
VALUE_TOO_LONG = "La valeur de « {name} » dépasse {limit} caractères."
CANNOT_FILL = "Le modèle ne peut pas être complété : {reasons}."
VARIABLES_NOT_FILLED = "variables non renseignées : {names}"
UNKNOWN_VARIABLES = "variables inconnues : {names}"
VALUE_TOO_LONG_REASON = "valeur trop longue"


def invalid_placeholder(placeholder: str, position: int) -> str:
    return INVALID_PLACEHOLDER.format(placeholder=placeholder, position=position)


def stray_braces(braces: str, position: int) -> str:
    return STRAY_BRACES.format(braces=braces, position=position)


def invalid_variable_name(name: str) -> str:
    return INVALID_VARIABLE_NAME.format(name=platform_messages.without_contact_details(name))


def variable_declared_twice(name: str) -> str:
    return VARIABLE_DECLARED_TWICE.format(name=name)


def variable_not_used(name: str) -> str:
    return VARIABLE_NOT_USED.format(name=name)


def variable_not_declared(name: str) -> str:
    return VARIABLE_NOT_DECLARED.format(name=name)


def variable_not_filled(name: str) -> str:
    return VARIABLE_NOT_FILLED.format(name=name)


def no_such_variable(name: str) -> str:
    return NO_SUCH_VARIABLE.format(name=name)


def value_too_long(name: str, limit: int) -> str:
    return VALUE_TOO_LONG.format(name=name, limit=limit)


def cannot_fill(missing: Sequence[str], unknown: Sequence[str]) -> str:
    """Why a template cannot be filled: variables missing, unknown, else a value too long."""
    reasons = []
    if missing:
        reasons.append(VARIABLES_NOT_FILLED.format(names=", ".join(missing)))
    if unknown:
        reasons.append(UNKNOWN_VARIABLES.format(names=", ".join(unknown)))
    return CANNOT_FILL.format(reasons=" ; ".join(reasons or [VALUE_TOO_LONG_REASON]))


# -- library files (import and export) ------------------------------------------------------

FILE_EMPTY = "Le fichier est vide."
FILE_EMPTY_FIELD = "fichier vide"
FILE_TOO_LARGE = "Le fichier dépasse {megabytes} Mo."
FILE_TOO_LARGE_FIELD = "fichier trop volumineux"
FILE_NOT_UTF8 = (
    "Le fichier n'est pas un texte UTF-8 : exportez-le de nouveau depuis la bibliothèque."
)
FILE_NOT_UTF8_FIELD = "encodage illisible"
FILE_NOT_JSON = "Le fichier n'est pas un JSON valide (ligne {line}, colonne {column})."
FILE_NOT_JSON_FIELD = "JSON invalide ligne {line}, colonne {column}"
NOT_A_LIBRARY_FILE = (
    "Ce fichier n'est pas un export de bibliothèque de modèles CollectivIA (champ « format » "
    "attendu : « {file_format} »)."
)
EXPECTED_VALUE = "valeur attendue : {expected}"
INVALID_TEMPLATE_ID = "identifiant invalide (UUID attendu)"
TWICE_IN_FILE = "modèle présent deux fois dans le fichier"
OWNED_ELSEWHERE = (
    "ce modèle existe déjà ici et appartient au service « {department} » : vous ne pouvez "
    "pas le modifier"
)
FILE_REFUSED = "Fichier refusé, rien n'a été importé — {count} erreur(s) : {reasons}{more}."
MORE_ERRORS = " (et {count} autre(s))"
IMPORTED = (
    "Import terminé : {created} modèle(s) créé(s), {updated} mis à jour, {unchanged} inchangé(s)."
)
# Pydantic's validation errors (their ``type``), as the import report says them.
VALIDATION_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ non prévu par le format",
    "string_too_short": "texte trop court (au moins {min_length} caractère(s))",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "too_short": "pas assez d'éléments (au moins {min_length})",
    "too_long": "trop d'éléments (au plus {max_length})",
    "string_type": "doit être du texte",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "list_type": "doit être une liste",
    "dict_type": "doit être un objet JSON",
    "model_type": "doit être un objet JSON",
    "model_attributes_type": "doit être un objet JSON",
    "enum": "valeur non reconnue (valeurs possibles : {expected})",
    "literal_error": EXPECTED_VALUE,
    "greater_than_equal": "doit être au moins {ge}",
    "less_than_equal": "doit être au plus {le}",
    "datetime_parsing": "date et heure illisibles (format ISO 8601 attendu)",
    "datetime_type": "date et heure illisibles (format ISO 8601 attendu)",
    "date_parsing": "date illisible (format AAAA-MM-JJ attendu)",
    "date_from_datetime_parsing": "date illisible (format AAAA-MM-JJ attendu)",
}
INVALID_VALUE = "valeur invalide"


def file_too_large(megabytes: int) -> str:
    return FILE_TOO_LARGE.format(megabytes=megabytes)


def file_not_json(line: int, column: int) -> str:
    return FILE_NOT_JSON.format(line=line, column=column)


def file_not_json_field(line: int, column: int) -> str:
    return FILE_NOT_JSON_FIELD.format(line=line, column=column)


def not_a_library_file(file_format: str) -> str:
    return NOT_A_LIBRARY_FILE.format(file_format=file_format)


def expected_value(expected: str) -> str:
    return EXPECTED_VALUE.format(expected=expected)


def owned_elsewhere(department: str) -> str:
    return OWNED_ELSEWHERE.format(department=department)


def file_refused(errors: Sequence[tuple[str, str]], shown: int = 10) -> str:
    """The report of a refused file: its first ``shown`` (field, message), and how many more."""
    reasons = " ; ".join(f"{field} : {message}" for field, message in errors[:shown])
    more = MORE_ERRORS.format(count=len(errors) - shown) if len(errors) > shown else ""
    return FILE_REFUSED.format(count=len(errors), reasons=reasons, more=more)


def imported(created: int, updated: int, unchanged: int) -> str:
    return IMPORTED.format(created=created, updated=updated, unchanged=unchanged)


# -- experiments ----------------------------------------------------------------------------

EXPERIMENT_NOT_FOUND = "Aucune expérimentation {experiment_id!r} ne vous est accessible."
EXPERIMENT_HAS_USES = (
    "Des utilisations sont déjà enregistrées : la tâche et le modèle de l'expérimentation "
    "ne peuvent plus changer (ouvrez-en une nouvelle)."
)
NOT_OPEN_TO_DEPARTMENT = (
    "Cette expérimentation est ouverte aux agents des services : {departments}."
)
EXPERIMENT_ENDED = "L'expérimentation est terminée depuis le {ends_on:%d/%m/%Y}."
JOIN_FIRST = "Rejoignez d'abord l'expérimentation pour y enregistrer vos utilisations."
NOT_RUNNING = "L'expérimentation {when} : aucune utilisation ne peut être enregistrée."
STARTS_ON = "commence le {day:%d/%m/%Y}"
ENDED_ON = "est terminée depuis le {day:%d/%m/%Y}"
END_BEFORE_START = "La date de fin précède la date de début."
PERIOD_TOO_LONG = "Une expérimentation dure {days} jours au plus."
TEMPLATE_NOT_IN_LIBRARY = "Ce modèle n'existe pas dans la bibliothèque."
TEMPLATE_WITHDRAWN = "Ce modèle a été retiré de la bibliothèque."
CHOOSE_TEMPLATE_TO_TRY = "Choisissez le modèle de la bibliothèque à expérimenter."
EXPERIMENT_NOT_SAVED = "L'expérimentation n'est pas enregistrée : {reasons}"
EXPERIMENT_CHANGED_MEANWHILE = (
    "Cette expérimentation a été modifiée par quelqu'un d'autre pendant votre saisie "
    "({now}{since}) : votre modification n'est pas enregistrée. Rechargez-la et reportez-y "
    "vos changements."
)
EXPERIMENT_NOW_AT_VERSION = "elle est maintenant en version {current}"
EXPERIMENT_CHANGED = "elle a changé"
STARTED_FROM = ", vous êtes parti de la version {started_from}"


def experiment_not_found(experiment_id: str) -> str:
    return EXPERIMENT_NOT_FOUND.format(experiment_id=experiment_id)


def not_open_to_department(departments: Iterable[str]) -> str:
    return NOT_OPEN_TO_DEPARTMENT.format(departments=", ".join(departments))


def experiment_ended(ends_on: date) -> str:
    return EXPERIMENT_ENDED.format(ends_on=ends_on)


def not_running(starts_on: date | None = None, ended_on: date | None = None) -> str:
    """Planned (``starts_on``) or ended (``ended_on``): no use can be recorded."""
    when = STARTS_ON.format(day=starts_on) if starts_on else ENDED_ON.format(day=ended_on)
    return NOT_RUNNING.format(when=when)


def period_too_long(days: int) -> str:
    return PERIOD_TOO_LONG.format(days=days)


def experiment_not_saved(reasons: Iterable[str]) -> str:
    return EXPERIMENT_NOT_SAVED.format(reasons=" ".join(reasons))


def experiment_changed_meanwhile(current: int | None, started_from: int) -> str:
    now = EXPERIMENT_NOW_AT_VERSION.format(current=current) if current else EXPERIMENT_CHANGED
    since = STARTED_FROM.format(started_from=started_from) if started_from else ""
    return EXPERIMENT_CHANGED_MEANWHILE.format(now=now, since=since)


# -- usage statistics -----------------------------------------------------------------------

UNREADABLE_MONTH = "Mois illisible « {value} » : écrivez-le AAAA-MM, par exemple 2026-03."
MONTH_FORMAT = "format AAAA-MM attendu"
FIRST_MONTH_AFTER_LAST = "Le premier mois suit le dernier."
AFTER_LAST_MONTH = "après « to »"
TOO_MANY_MONTHS = "Choisissez {limit} mois au plus."
PERIOD_TOO_LONG_FIELD = "période trop longue"
OWN_DEPARTMENTS_ONLY = "Vous ne pouvez consulter que les statistiques de vos services."
NO_DEPARTMENT = "Votre compte n'est rattaché à aucun service."


def unreadable_month(value: str) -> str:
    return UNREADABLE_MONTH.format(value=value)


def too_many_months(limit: int) -> str:
    return TOO_MANY_MONTHS.format(limit=limit)


# -- the intranet page (plain text) ---------------------------------------------------------

STATIC_NOT_FOUND = "Introuvable"
JAVASCRIPT_NEEDED = "Cette page a besoin de JavaScript."
