"""Every message the chat says to people and integrators when it refuses or fails, in French,
in one place.

What a citizen, an agent or an integrator can read of an error comes from here: the
``detail`` of the HTTP problem details and the field messages of ``errors``, the gRPC status
messages (the servicer's refusals, and the domain errors the platform maps to gRPC codes), the
``error`` event of a streamed answer, the errors of the citizen pages, and the reasons an
imported document is refused (``knowledge/documents.py`` and ``knowledge/intake.py`` build
them from here). Domain code raises its errors with these constants and functions; it writes
no message of its own. Role names, rule slugs and field names (``question``, ``query``,
``limit``, ``contact``, ``file``...) are API: they stay as they are, in the messages too.

Not here: the answers themselves (``answering/texts.py``: they are content, not errors), the
labels and texts of the pages (``web/pages.py``), and the reasons given by the shared document
reader (``collectivia.ai.documents``) and by the platform (request validation, tokens), which
are French where they are written.

Left in English on purpose, for operators only: log lines, the reasons of
:class:`~collectivia.platform.events.envelope.InvalidEvent` written into the dead-letter
topic's headers (``library/handlers.py``), the errors of settings and of the start-up folder
(``settings.py``, ``knowledge/settings.py``, ``web/theme.py``, ``knowledge_loading.py``,
``production_problems``), and the internal errors that are logged and never shown (the
re-ranker's answers, the generative model's deadline, a stream that ends without its answer).

Conventions: a ``detail`` is a sentence, with its full stop; a field's message is a short
phrase, without; a colon has a space before it; ids are quoted as Python writes them
(``'abc'``), so that an empty or odd id shows; what a person typed or named (a file, a
commune code, a date, a field of a form) is between « ».
"""

from __future__ import annotations

from collections.abc import Iterable

from collectivia.platform import messages as platform_messages

# -- who may do what ------------------------------------------------------------------------

# The guarded actions, as said in « ... est réservé au rôle ».
ASK_OVER_GRPC = "poser des questions par l'API gRPC"
SEARCH_PASSAGES = "chercher des passages dans la base de connaissances"
MANAGE_LIBRARY = "gérer la bibliothèque des documents"
SEARCH_ROLE_REQUIRED = "{refusal}, et aux services, avec leur propre jeton : {services}."


def role_required(action: str, roles: Iterable[str]) -> str:
    """« Gérer la bibliothèque des documents est réservé au rôle : admin ou data-steward. »"""
    return platform_messages.role_required(action, roles)


def search_role_required(roles: Iterable[str], services: Iterable[str]) -> str:
    """The roles, then the services whose own token (client credentials) may search."""
    refused = role_required(SEARCH_PASSAGES, roles).removesuffix(".")
    return SEARCH_ROLE_REQUIRED.format(
        refusal=refused,
        services=platform_messages.either(services),
    )


# -- conversations and questions (HTTP, and gRPC Ask) ---------------------------------------

CONVERSATION_NOT_FOUND = (
    "Aucune conversation {conversation_id!r} : elle a peut-être été effacée, ou sa durée de "
    "conservation est écoulée."
)
QUESTION_EMPTY = "La question est vide : écrivez-la avant de l'envoyer."
QUESTION_TOO_LONG = "La question dépasse {limit} caractères : raccourcissez-la."
COMMUNE_NOT_AN_INSEE_CODE = (
    "La commune « {commune} » n'est pas un code INSEE : indiquez par exemple 57463 ou 2A004."
)
RATE_LIMITED = (
    "Trop de questions en peu de temps (au plus {limit} par minute) : réessayez dans {delay}."
)
# The ``error`` event of a streamed answer that failed after its start.
STREAM_FAILED = "La réponse a été interrompue par une erreur du service. Réessayez."


def conversation_not_found(conversation_id: str) -> str:
    return CONVERSATION_NOT_FOUND.format(conversation_id=conversation_id)


def question_too_long(limit: int) -> str:
    return QUESTION_TOO_LONG.format(limit=limit)


# The same refusals as the question field's own messages (shown beside the field).
QUESTION_FIELD_EMPTY = "écrivez votre question"
QUESTION_FIELD_TOO_LONG = "{limit} caractères au plus"


def question_field_too_long(limit: int) -> str:
    return QUESTION_FIELD_TOO_LONG.format(limit=limit)


def commune_not_an_insee_code(commune: str) -> str:
    return COMMUNE_NOT_AN_INSEE_CODE.format(commune=platform_messages.shown_identifier(commune))


def rate_limited(limit: int, retry_after: int) -> str:
    return RATE_LIMITED.format(limit=limit, delay=_seconds(retry_after))


# -- the search of passages (gRPC Search) ---------------------------------------------------

QUERY_EMPTY = "Le texte à chercher est vide (champ query)."
QUERY_TOO_LONG = "Le texte à chercher dépasse {limit} caractères (champ query)."
LIMIT_OUT_OF_RANGE = (
    "Le nombre de passages (champ limit) va de 1 à {maximum} ; 0 donne le nombre par défaut, "
    "{default}."
)


def query_too_long(limit: int) -> str:
    return QUERY_TOO_LONG.format(limit=limit)


def limit_out_of_range(maximum: int, default: int) -> str:
    return LIMIT_OUT_OF_RANGE.format(maximum=maximum, default=default)


# -- feedback -------------------------------------------------------------------------------

ANSWER_NOT_FOUND = "Aucune réponse {answer_id!r} dans la conversation {conversation_id!r}."
ALREADY_RATED = "La réponse {answer_id!r} a déjà reçu un avis : un seul avis par réponse."


def answer_not_found(answer_id: str, conversation_id: str) -> str:
    return ANSWER_NOT_FOUND.format(answer_id=answer_id, conversation_id=conversation_id)


def already_rated(answer_id: str) -> str:
    return ALREADY_RATED.format(answer_id=answer_id)


# -- the handover to an agent ---------------------------------------------------------------

# The channels that need a contact (``Channel`` values), as « être recontacté par... ».
CONTACT_CHANNELS = {"email": "par courriel", "phone": "par téléphone"}
# What the contact of each of them must be.
CONTACT_LABELS = {"email": "une adresse électronique", "phone": "un numéro de téléphone"}
CONTACT_INVALID = (
    "Pour être recontacté {how}, indiquez {label} dans le champ contact, sans autre texte."
)
CONTACT_EXPECTED = "attendu : {label}"


def contact_invalid(channel: str) -> str:
    return CONTACT_INVALID.format(how=CONTACT_CHANNELS[channel], label=CONTACT_LABELS[channel])


def contact_expected(channel: str) -> str:
    return CONTACT_EXPECTED.format(label=CONTACT_LABELS[channel])


# The contact of a handover, asked by the agents' assistant (gRPC HandoverContactService).
HANDOFF_ID_REQUIRED = "Indiquez l'identifiant de la demande (handoff_id, 64 caractères au plus)."
HANDOFF_NOT_FOUND = (
    "Demande {handoff_id} introuvable : elle n'existe pas, ou l'habitant a effacé sa "
    "conversation (ou sa durée de conservation est passée) et son contact avec elle."
)
HANDOFF_WITHOUT_CONTACT = (
    "L'habitant a demandé une réponse dans la conversation : il n'a laissé ni adresse "
    "électronique ni numéro de téléphone."
)
REVEAL_PURPOSE_UNKNOWN = "Motif « {purpose} » inconnu : attendu {expected}."
CONTACT_READER_REQUIRED = (
    "Le contact d'un habitant n'est remis qu'à l'assistant des agents, avec son propre jeton "
    "(identifiants client) : {services}."
)


def handoff_not_found(handoff_id: str) -> str:
    return HANDOFF_NOT_FOUND.format(handoff_id=repr(handoff_id))


def reveal_purpose_unknown(purpose: str, expected: Iterable[str]) -> str:
    return REVEAL_PURPOSE_UNKNOWN.format(purpose=purpose, expected=" ou ".join(sorted(expected)))


def contact_reader_required(services: Iterable[str]) -> str:
    return CONTACT_READER_REQUIRED.format(services=", ".join(sorted(services)))


# -- the library: imports and documents -----------------------------------------------------

IMPORT_NOT_FOUND = "Aucun import {import_id!r}."
DOCUMENT_NOT_FOUND = "Aucun document {document_id!r} dans la bibliothèque."
UPLOAD_TOO_LARGE = (
    "L'envoi est trop volumineux ({size}) : la taille maximale d'un fichier est de {limit}."
)
ONE_FILE_REQUIRED = "Le champ « file » doit contenir le fichier à importer, un seul."
UNKNOWN_FIELD = "Champ inconnu : « {name} »."
SHORT_TEXT_REQUIRED = "Le champ « {name} » doit être un texte court."
# Added to the formats the document reader accepts, in its refusal of another format.
JSON_LINES_FORMAT = "JSON Lines (.jsonl, format du corpus partagé)"
JSON_LINES_FIELDS = (
    "Un fichier JSON Lines porte les informations de chaque document sur sa ligne : retirez "
    "les champs {fields}."
)
FILE_REFUSED = "Le fichier « {filename} » est refusé : {reason}"
FILE_HEADER_REFUSED = "« {filename} », en-tête : {reason}"
NOT_AN_INSEE_CODE = "« {code} » n'est pas un code INSEE de commune"


def import_not_found(import_id: str) -> str:
    return IMPORT_NOT_FOUND.format(import_id=import_id)


def document_not_found(document_id: str) -> str:
    return DOCUMENT_NOT_FOUND.format(document_id=document_id)


def upload_too_large(size: str, limit: str) -> str:
    """``size`` and ``limit`` as people read them (« 2,5 Mo »)."""
    return UPLOAD_TOO_LARGE.format(size=size, limit=limit)


def unknown_field(name: str) -> str:
    return UNKNOWN_FIELD.format(name=platform_messages.shown_identifier(name))


def short_text_required(name: str) -> str:
    return SHORT_TEXT_REQUIRED.format(name=name)


def json_lines_fields(fields: Iterable[str]) -> str:
    return JSON_LINES_FIELDS.format(fields=", ".join(fields))


def file_refused(filename: str, reason: object) -> str:
    return FILE_REFUSED.format(filename=filename, reason=reason)


def file_header_refused(filename: str, reason: str) -> str:
    return FILE_HEADER_REFUSED.format(filename=filename, reason=reason)


def not_an_insee_code(code: str) -> str:
    return NOT_AN_INSEE_CODE.format(code=platform_messages.shown_identifier(code))


def invalid_fields(reasons: Iterable[str]) -> str:
    """The field messages of a refusal, one sentence: « « Metz » n'est pas ... ; la date... »."""
    return " ; ".join(reasons) + "."


# -- the library: what may reach citizens (knowledge/screening.py, library/review.py) --------

INTERNAL_DOCUMENT_REFUSED = (
    "« {name} » est marqué comme document interne (« {marking} ») : il n'est pas publié dans "
    "la base de connaissances des habitants. Retirez la mention si le document est public."
)
HELD_FOR_PERSONAL_DATA = (
    "données personnelles trouvées ({kinds}) : une personne doit vérifier le document avant "
    "qu'il soit cité aux habitants"
)
HELD_FOR_APPROVAL = (
    "les documents de la source « {origin} » ne sont cités qu'après l'approbation d'une "
    "seconde personne"
)
REVIEW_NOT_FOUND = "Aucune version du document {document_id!r} n'attend de relecture."
REVIEW_FOUR_EYES = (
    "Vous avez proposé cette version : une autre personne doit l'approuver ou la refuser "
    "(principe des quatre yeux)."
)
REVIEW_DECISION_REQUIRED = "Indiquez si vous approuvez la version (« approve » : true ou false)."
REVIEW_COMMENT_TOO_LONG = "Le commentaire dépasse {limit} caractères."
REVIEW_REASON_REQUIRED = "Indiquez la raison du refus de cette version (« comment »)."


def internal_document_refused(name: str, marking: str) -> str:
    return INTERNAL_DOCUMENT_REFUSED.format(name=name, marking=marking)


def held_for_personal_data(kinds: Iterable[str]) -> str:
    return HELD_FOR_PERSONAL_DATA.format(kinds=", ".join(kinds))


def held_for_approval(origin: str) -> str:
    return HELD_FOR_APPROVAL.format(origin=origin)


def review_not_found(document_id: str) -> str:
    return REVIEW_NOT_FOUND.format(document_id=document_id)


def review_comment_too_long(limit: int) -> str:
    return REVIEW_COMMENT_TOO_LONG.format(limit=limit)


# Why a document (imported, from the start-up folder or from the data lake) is not valid.
DOCUMENT_ID_INVALID = (
    "un document a besoin d'un identifiant imprimable de {limit} caractères au plus"
)
TITLE_EMPTY = "document {document_id} : le titre est vide"
TEXT_EMPTY = "document {document_id} : le texte est vide"
DOCUMENT_COMMUNE_INVALID = "document {document_id} : « {code} » n'est pas un code INSEE de commune"
FIELD_NOT_TEXT = "le champ « {name} » manque ou n'est pas un texte"
COMMUNES_NOT_A_LIST = "le champ « communes » doit être une liste de codes INSEE"
DATE_INVALID = "la date de publication « {raw} » n'est pas une date AAAA-MM-JJ"
# A line of a JSON Lines file, and what is wrong with it.
LINE_NOT_AN_OBJECT = "une ligne doit contenir un objet JSON"
LINE_NOT_JSON = "JSON invalide"
DUPLICATE_ID = "l'identifiant « {document_id} » est en double"
CORPUS_LINE = "{source}, ligne {number} : {reason}"


def document_id_invalid(limit: int) -> str:
    return DOCUMENT_ID_INVALID.format(limit=limit)


def title_empty(document_id: str) -> str:
    return TITLE_EMPTY.format(document_id=document_id)


def text_empty(document_id: str) -> str:
    return TEXT_EMPTY.format(document_id=document_id)


def document_commune_invalid(document_id: str, code: str) -> str:
    return DOCUMENT_COMMUNE_INVALID.format(document_id=document_id, code=code)


def field_not_text(name: str) -> str:
    return FIELD_NOT_TEXT.format(name=name)


def date_invalid(raw: object) -> str:
    return DATE_INVALID.format(raw=platform_messages.shown_identifier(str(raw)))


def duplicate_id(document_id: str) -> str:
    return DUPLICATE_ID.format(document_id=document_id)


def corpus_line(source: str, number: int, reason: str) -> str:
    return CORPUS_LINE.format(source=source, number=number, reason=reason)


# -- the citizen pages (plain text) ---------------------------------------------------------

STATIC_NOT_FOUND = "Fichier introuvable."


# -- scheduled jobs (collectivia-citizen-chat-jobs, read in the CronJob's log) ---------------

JOB_CONVERSATIONS_PURGED = (
    "Purge de rétention : {count} conversation(s) inactive(s) depuis plus de {days} jours "
    "supprimée(s), avec leurs questions, avis et demandes de contact."
)
JOB_NO_CONVERSATION_TO_PURGE = (
    "Purge de rétention : aucune conversation inactive depuis plus de {days} jours ; rien "
    "n'est supprimé."
)


def job_conversations_purged(count: int, days: int) -> str:
    if count == 0:
        return JOB_NO_CONVERSATION_TO_PURGE.format(days=days)
    return JOB_CONVERSATIONS_PURGED.format(count=count, days=days)


# -- helpers --------------------------------------------------------------------------------


def _seconds(count: int) -> str:
    """« 1 seconde », « 42 secondes »."""
    return f"{count} seconde" if count == 1 else f"{count} secondes"
