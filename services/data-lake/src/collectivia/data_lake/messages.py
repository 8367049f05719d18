"""Everything the data lake says to people, in French, in one place (problem details, gRPC
statuses, validation reports, pages). Operators' log messages stay in the code, in English.

One section per area: add a message to its area's section."""

from __future__ import annotations

# --- datasets ---------------------------------------------------------------------------
DATASET_NOT_FOUND = (
    "Aucun jeu de données « {dataset_id} » (ou vous n'avez pas le droit de le voir)."
)
DATASET_EXISTS = "Le jeu de données « {dataset_id} » existe déjà."
DATASET_ID_INVALID = (
    "Identifiant de jeu de données invalide : « {dataset_id} » (minuscules, chiffres et tirets)."
)
STEWARD_REQUIRED = (
    "La gestion des jeux de données est réservée aux administrateurs des données "
    "(rôle « data-steward » ou « admin »)."
)
PERSONAL_NEVER_PUBLIC = (
    "Règle « donnees-personnelles-jamais-publiques » : le jeu de données « {dataset_id} » "
    "contient des données personnelles ; il ne peut pas être rendu public."
)
KEY_COLUMN_REPEATED = "La colonne clé « {column} » est donnée deux fois."
NO_VERSION_YET = (
    "Le jeu de données « {dataset_id} » n'a encore aucune version : rien n'a été chargé."
)
VERSION_NOT_FOUND = "Le jeu de données « {dataset_id} » n'a pas de version « {version} »."
VERSION_INVALID = "Version invalide : « {version} » (l'identifiant numérique d'une version)."
NO_VERSION_AS_OF = "Le jeu de données « {dataset_id} » n'avait encore aucune version le {moment}."
AS_OF_NAIVE = "La date « as_of » doit préciser son fuseau horaire (ex. 2026-05-01T12:00:00+02:00)."
BOTH_VERSION_AND_AS_OF = "Donnez une version ou une date (as_of), pas les deux."
PAGE_LIMIT = "Au plus {limit} lignes par page."

# --- storage ----------------------------------------------------------------------------

# --- validation (files and rows checked at the door) -------------------------------------

# --- ingestion (loads, quarantine) ------------------------------------------------------
LOADS_STEWARD_REQUIRED = (
    "Charger des fichiers et consulter les chargements et la quarantaine est réservé aux "
    "administrateurs des données (rôle « data-steward » ou « admin »)."
)
UPLOAD_NOT_MULTIPART = (
    "Envoyez le fichier dans un formulaire « multipart/form-data », dans le champ « file »."
)
UPLOAD_MALFORMED = "Le formulaire envoyé est illisible (« multipart/form-data » mal formé)."
UPLOAD_ONE_FILE = "Envoyez un et un seul fichier, dans le champ « file »."
UPLOAD_TOO_LARGE = (
    "Le fichier envoyé dépasse la taille maximale acceptée ({limit}) : il n'a pas été lu."
)
UPLOAD_TOO_LARGE_TITLE = "Fichier trop volumineux"
FILE_EMPTY = "Le fichier « {filename} » est vide : il n'y a rien à charger."
NOT_A_TABLE_DATASET = (
    "Règle « chargement-de-tables » : le jeu de données « {dataset_id} » est de type "
    "« {kind} » ; seuls les jeux de données de type « table » se chargent par fichier."
)
SCHEMA_REQUIRED = (
    "Règle « schema-requis » : le jeu de données « {dataset_id} » ne déclare aucun schéma. "
    "Chaque fichier est validé à l'entrée : déclarez d'abord son schéma "
    "(par exemple « scdl/subventions »)."
)
SCHEMA_UNKNOWN = (
    "Règle « schema-inconnu » : le schéma « {schema_name} » du jeu de données « {dataset_id} » "
    "n'est pas connu du lac de données."
)
DELIVERY_OTHER_CONTRACT = (
    "Règle « livraison-du-contrat » : le jeu de données « {dataset_id} » n'est pas livré "
    "au titre du contrat « {contract_id} »."
)
LOAD_REJECTED = (
    "Le fichier « {filename} » n'est pas conforme au schéma « {schema_name} » "
    "({errors}) : rien n'a été chargé, la version en ligne est inchangée. Le fichier et son "
    "rapport sont gardés en quarantaine (« {quarantine_id} ») ; corrigez-le puis envoyez-le "
    "de nouveau."
)
LOAD_WRITE_FAILED = (
    "Le fichier est valide, mais son écriture dans le lac de données a échoué : rien n'a été "
    "modifié. Réessayez dans quelques instants."
)
FILE_LEVEL = "fichier"
QUARANTINE_NOT_FOUND = "Aucun fichier en quarantaine « {quarantine_id} »."
QUARANTINE_NOT_PENDING = (
    "Règle « quarantaine-en-attente » : le fichier en quarantaine « {quarantine_id} » n'est "
    "plus en attente (statut « {status} »)."
)
QUARANTINE_FILE_GONE = (
    "Le fichier en quarantaine « {quarantine_id} » n'est plus conservé (statut « {status} ») ; "
    "son rapport reste consultable."
)
ERASURE_ROLE_REQUIRED = (
    "L'effacement des données d'une personne est réservé au délégué à la protection des "
    "données et aux administrateurs des données (rôle « dpo » ou « data-steward »)."
)
ERASURE_PERSONAL_ONLY = (
    "Règle « effacement-donnees-personnelles » : le jeu de données « {dataset_id} » ne "
    "contient pas de données personnelles (accès « {access_rights} ») ; l'effacement des "
    "lignes d'une personne ne s'applique qu'aux jeux de données personnelles."
)
ERASURE_UNKNOWN_COLUMN = "Le jeu de données « {dataset_id} » n'a pas de colonne « {column} »."
ERASURE_VALUE_INVALID = (
    "La valeur donnée ne convient pas à la colonne « {column} » (de type {type})."
)


def load_errors_count(count: int, truncated: bool) -> str:
    """« 1 erreur », « 12 erreurs », « plus de 1000 erreurs »."""
    noun = "erreur" if count == 1 else "erreurs"
    return f"plus de {count} {noun}" if truncated else f"{count} {noun}"


def load_size(size: int) -> str:
    """« 200 Mo », « 1,5 Ko », « 12 octets » (decimal units, as French software shows them)."""
    for unit, factor in (("Go", 10**9), ("Mo", 10**6), ("Ko", 10**3)):
        if size >= factor:
            value = f"{size / factor:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{value} {unit}"
    return f"{size} octet" + ("s" if size > 1 else "")


# --- telemetry --------------------------------------------------------------------------

# --- contracts (DSP) --------------------------------------------------------------------

# --- documents --------------------------------------------------------------------------

# --- open data (catalogue, downloads) ----------------------------------------------------

# --- pages ------------------------------------------------------------------------------
