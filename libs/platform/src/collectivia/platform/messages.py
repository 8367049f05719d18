"""What the platform itself says to people and integrators, in French, in one place: sign-in
refusals, a dependency that does not answer, the HTTP errors no service raised itself.
Each service keeps its own catalogue (``<service>/messages.py``); log lines stay English."""

from __future__ import annotations

import re
from collections.abc import Iterable
from http import HTTPStatus

# Sign-in and tokens.
TOKEN_EXPECTED = "Authentification requise : un jeton (bearer) est attendu."
TOKEN_EXPECTED_GRPC = "Un jeton (bearer) est attendu dans la métadonnée authorization."
NO_CALLER = "Aucun appelant authentifié."
ROLE_REQUIRED = "Cette action est réservée au rôle : {roles}."
SERVICES_ONLY = "Méthode réservée aux services (jeton client credentials)."
UNKNOWN_KEY = "Le jeton est signé par une clé inconnue."
NOT_A_JWT = "Le jeton n'est pas un JWT."
ALGORITHM_REFUSED = "L'algorithme de signature ou la clé du jeton n'est pas accepté."
TOKEN_EXPIRED = "La session a expiré (jeton expiré) : reconnectez-vous."
TOKEN_NOT_YET_VALID = "Le jeton n'est pas encore valide."
OTHER_ISSUER = "Le jeton a été émis par un autre domaine (realm)."
BAD_SIGNATURE = "La signature du jeton n'est pas valide."
TOKEN_INVALID = "Le jeton n'est pas valide : {reason}."
OTHER_AUDIENCE = "Le jeton n'est pas destiné à {audience}."
ACCESS_TOKENS_ONLY = "Seuls les jetons d'accès sont acceptés."
IDENTITY_KEYS_UNAVAILABLE = (
    "Le service d'identité ne donne pas ses clés de signature : la connexion ne peut pas être "
    "vérifiée pour l'instant. Réessayez dans quelques instants."
)
SERVICE_CLIENT_REFUSED = (
    "Le service d'identité refuse le compte de service {client_id} : vérifiez son secret."
)
SERVICE_TOKEN_UNAVAILABLE = (
    "Le service d'identité n'a pas délivré de jeton de service. Réessayez dans quelques instants."
)

# The platform's dependencies and its own state.
KAFKA_UNREACHABLE = "Le bus d'événements (Kafka) ne répond pas. Réessayez dans quelques instants."
EVENT_NOT_DELIVERED = (
    "L'événement n'a pas pu être transmis au bus d'événements (Kafka). Réessayez dans "
    "quelques instants."
)
STARTING = "Le service démarre ; réessayez dans un instant."
INVALID_FIELDS = "Champs non valides — {fields}"
UNREADABLE_FORM = "le formulaire envoyé (multipart/form-data) n'est pas lisible"
UNREADABLE_MESSAGE = (
    "Le message reçu n'est pas lisible : ce n'est pas un message protobuf valide de cette "
    "méthode (un texte doit être en UTF-8)."
)
INTERNAL_ERROR = "Une erreur inattendue s'est produite ; elle a été enregistrée."

# Scheduled jobs (``collectivia-<service>-jobs JOB``), read in a CronJob's log.
JOB_USAGE = "Usage : {program} TÂCHE — tâches : {jobs}."
JOB_UNKNOWN = "Tâche inconnue « {job} » : les tâches de ce service sont {jobs}."
JOB_SETTINGS_INVALID = "Réglages non valides, la tâche « {job} » ne démarre pas : {problems}."
JOB_FAILED = "La tâche « {job} » a échoué : {detail}"
JOB_CRASHED = (
    "La tâche « {job} » n'a pas pu aller au bout ({error}) : base de données ou stockage "
    "injoignable ? La trace est dans le journal ; la tâche peut être relancée."
)

# HTTP errors raised by the web framework itself (an unknown route, a wrong method...):
# status -> (title, detail).
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    HTTPStatus.NOT_FOUND: ("Ressource introuvable", "Aucune ressource à cette adresse."),
    HTTPStatus.METHOD_NOT_ALLOWED: (
        "Méthode non permise",
        "Cette méthode n'est pas acceptée à cette adresse.",
    ),
    HTTPStatus.NOT_ACCEPTABLE: ("Format non disponible", "Ce format de réponse n'est pas servi."),
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: (
        "Requête trop grande",
        "La requête dépasse la taille acceptée.",
    ),
    HTTPStatus.UNSUPPORTED_MEDIA_TYPE: (
        "Format non pris en charge",
        "Le format du corps de la requête n'est pas pris en charge.",
    ),
    HTTPStatus.BAD_REQUEST: ("Requête invalide", "La requête n'a pas pu être lue."),
}
HTTP_ERROR = ("Erreur", "La requête n'a pas abouti.")


def either(names: Iterable[str]) -> str:
    """« admin », « admin ou dpo », « admin, dpo ou ethics-officer » (sorted)."""
    ordered = sorted(names)
    if len(ordered) < 2:
        return "".join(ordered)
    return f"{', '.join(ordered[:-1])} ou {ordered[-1]}"


def role_required(action: str, roles: Iterable[str]) -> str:
    """« Suspendre est réservé au rôle : admin ou ethics-officer. » (``action``: a verb)."""
    return f"{action[:1].upper()}{action[1:]} est réservé au rôle : {either(roles)}."


# An identifier of the suite (a UUID, a slug, a number): anything else sent in its place may
# be what a person typed (an e-mail, a phone number), and an error never sends it back.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,79}")
_LONG_NUMBER = re.compile(r"\+?[0-9]{9,}")
NOT_AN_IDENTIFIER = "(identifiant non valide)"


def shown_identifier(value: str) -> str:
    """``value`` when it has the shape of an identifier, else a French placeholder."""
    if _IDENTIFIER.fullmatch(value) and not _LONG_NUMBER.fullmatch(value):
        return value
    return NOT_AN_IDENTIFIER


def quoted_identifier(value: str) -> str:
    """``'value'`` when it has the shape of an identifier, else a French placeholder."""
    shown = shown_identifier(value)
    return repr(shown) if shown == value else shown


# What looks like contact details (an e-mail address, a phone number): a message that quotes
# a person's own text to help them (a variable name) hides it all the same.
_CONTACT_DETAILS = re.compile(r"@|(?:\+|\d)[\d .]{7,}\d")
CONTACT_DETAILS_HIDDEN = "(valeur masquée : elle ressemble à une coordonnée personnelle)"


def without_contact_details(value: str) -> str:
    """``value``, unless it looks like it holds an e-mail address or a phone number."""
    return CONTACT_DETAILS_HIDDEN if _CONTACT_DETAILS.search(value) else value
