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
# Files refused at the door (InvalidInput): which file, what is wrong, what to do.
FILE_EMPTY = (
    "Le fichier « {filename} » est vide : déposez un fichier avec une ligne d'en-tête (les noms "
    "des colonnes) et les lignes de données."
)
FILE_TOO_LARGE = (
    "Le fichier « {filename} » pèse {size}, au-delà de la limite de {limit} : découpez-le en "
    "plusieurs fichiers."
)
TOO_MANY_ROWS = (
    "Le fichier « {filename} » compte {rows} lignes de données, au-delà de la limite de "
    "{limit} : découpez-le en plusieurs fichiers."
)
TOO_MANY_ROWS_AT_LEAST = (
    "Le fichier « {filename} » compte plus de {limit} lignes de données, la limite : "
    "découpez-le en plusieurs fichiers."
)
FORMAT_UNSUPPORTED = (
    "Le format du fichier « {filename} » n'est pas pris en charge : déposez un fichier CSV, "
    "XLSX, JSON ou Parquet (avec son extension : .csv, .xlsx, .json, .parquet)."
)
LEGACY_SPREADSHEET = (
    "Le fichier « {filename} » est au format {format}, non pris en charge : enregistrez-le au "
    "format .xlsx, ou en CSV (UTF-8), puis déposez-le de nouveau."
)
NO_COLUMNS = (
    "Le fichier « {filename} » ne contient aucune colonne : sa première ligne doit porter les "
    "noms des colonnes."
)
NOT_TEXT = (
    "Le fichier « {filename} » n'est pas un fichier texte lisible : enregistrez-le en CSV "
    "(UTF-8), ou déposez le classeur lui-même au format .xlsx."
)
NO_HEADER = (
    "La première ligne du fichier « {filename} » est vide : elle doit porter les noms des colonnes."
)
CSV_UNREADABLE = (
    "Le fichier « {filename} » n'est pas un CSV lisible vers la ligne {row} (une cellule trop "
    "longue, ou des guillemets mal fermés) : vérifiez-le dans un tableur et enregistrez-le de "
    "nouveau en CSV."
)
ENCODING_GUESSED = (
    "Le fichier « {filename} » n'est pas encodé en UTF-8 : il a été lu comme du {encoding}. "
    "Vérifiez les accents dans les données ; la prochaine fois, enregistrez-le en CSV UTF-8."
)
LABELS_TRIMMED = "Espaces retirés autour des noms de colonnes : {labels}."
FORMULA_REFUSED = (
    "Le fichier « {filename} » contient une formule de tableur ligne {row}, colonne "
    "« {column} » : « {value} »{others}. Les formules sont refusées (elles peuvent s'exécuter "
    "à l'ouverture du fichier) : exportez les valeurs seules, ou retirez le signe placé en "
    "tête de cellule."
)
FORMULA_OTHERS = " (et {count} autres cellules)"
FORMULA_BEYOND_HEADER = (
    "Le fichier « {filename} » contient une formule de tableur ligne {row}, dans la cellule "
    "n° {position}, au-delà des colonnes de l'en-tête : « {value} ». Les formules sont "
    "refusées : exportez les valeurs seules."
)
XLSX_FORMULA = (
    "Le classeur « {filename} » contient une formule en {cell} (feuille « {sheet} ») : "
    "« {value} ». Les formules sont refusées : copiez les cellules puis collez les valeurs "
    "seules (collage spécial), enregistrez et déposez de nouveau le fichier."
)
XLSX_UNREADABLE = (
    "Le classeur « {filename} » est illisible : ce n'est pas un fichier .xlsx valide (il est "
    "peut-être protégé par un mot de passe ou endommagé). Ouvrez-le dans votre tableur et "
    "enregistrez-le de nouveau au format .xlsx."
)
XLSX_EXTRA_SHEETS = (
    "Le classeur « {filename} » compte {count} feuilles : seule la première, « {sheet} », a "
    "été lue."
)
UNCOMPRESSED_TOO_LARGE = (
    "Le fichier « {filename} » occuperait {size} une fois décompressé, au-delà de la limite "
    "de {limit} : découpez-le en plusieurs fichiers."
)
ZIP_BOMB = (
    "Le classeur « {filename} » est refusé : son élément « {member} » est comprimé de façon "
    "anormale ({ratio} pour 1), signe d'un fichier piégé. Enregistrez-le de nouveau depuis "
    "votre tableur."
)
JSON_UNREADABLE = (
    "Le fichier « {filename} » n'est pas un JSON valide (erreur ligne {line}, colonne "
    "{column}) : vérifiez sa syntaxe."
)
JSON_TOO_COMPLEX = (
    "Le fichier « {filename} » est un JSON trop imbriqué ou contient un nombre trop long : "
    "donnez un tableau d'objets aux valeurs simples."
)
JSON_NOT_UTF8 = "Le fichier JSON « {filename} » doit être encodé en UTF-8."
JSON_EMPTY = (
    "Le tableau JSON du fichier « {filename} » est vide : donnez un objet par ligne de données."
)
JSON_NOT_ARRAY = (
    "Le fichier « {filename} » doit contenir un tableau JSON d'objets, un objet par ligne "
    '([{{"colonne": "valeur"}}, ...]) ; il contient {found}.'
)
JSON_ITEM_NOT_OBJECT = (
    "L'élément n° {index} du tableau JSON du fichier « {filename} » est {found} : chaque "
    'élément doit être un objet, {{"colonne": "valeur"}}.'
)
JSON_KINDS = {
    "dict": "un objet",
    "list": "un tableau",
    "str": "une chaîne de caractères",
    "bool": "un booléen",
    "int": "un nombre",
    "float": "un nombre",
    "NoneType": "la valeur null",
}
PARQUET_UNREADABLE = (
    "Le fichier « {filename} » n'est pas un fichier Parquet lisible (il est peut-être tronqué "
    "ou endommagé) : exportez-le de nouveau."
)
PARQUET_COLUMN_TYPE = (
    "La colonne « {column} » du fichier « {filename} » est de type {type}, non pris en charge : "
    "les colonnes doivent contenir des valeurs simples (textes, nombres, dates, booléens)."
)

# The schemas of the catalogue.
SCHEMA_NOT_FOUND = "Aucun schéma « {schema} » dans le catalogue ; schémas connus : {names}."
SCHEMA_UNREADABLE = "Le fichier de schéma {schema} n'est pas un JSON lisible."
SCHEMA_INVALID = (
    "Le schéma {schema} n'est pas un schéma Table Schema valide : vérifiez-le avec un "
    "validateur de schémas."
)
SCHEMA_DUPLICATE = "Deux schémas portent le nom « {schema} » : {first} et {second}."
SCHEMA_BOUND_INVALID = (
    "Le schéma « {schema} » donne à la colonne « {column} » une borne {constraint} illisible "
    "pour son type : « {value} »."
)
CHECK_UNKNOWN = (
    "Le schéma « {schema} » demande la vérification « {check} », que le lac de données ne sait "
    "pas faire ; vérifications connues : {known}."
)
CHECK_PARAMS = (
    "Le schéma « {schema} » donne des paramètres incomplets à la vérification « {check} » : "
    "il manque {params}."
)
CHECK_COLUMN_UNKNOWN = (
    "Le schéma « {schema} » applique la vérification « {check} » à une colonne qu'il ne "
    "déclare pas : « {column} »."
)
CHECK_OPERATOR = (
    "Le schéma « {schema} » donne à « compare-columns-value » un opérateur inconnu : "
    "« {op} » (attendu : {ops})."
)

# Warnings of a validation report (the file is accepted all the same).
MISSING_OPTIONAL_COLUMN = "Colonne facultative « {column} » absente du fichier : elle restera vide."
EXTRA_COLUMN = (
    "Colonne « {column} » ignorée : le schéma « {schema} » ne la prévoit pas ; elle ne sera "
    "pas enregistrée."
)
UNNAMED_EMPTY_COLUMN = "La colonne n° {position} n'a pas de nom et est vide : elle a été ignorée."
COLUMNS_REORDERED = (
    "Les colonnes ne sont pas dans l'ordre du schéma : elles ont été remises dans cet ordre."
)

# The errors of a validation report: where, then what. Rows are counted as in a spreadsheet
# (the header is row 1 of a CSV or XLSX file; a JSON or Parquet file's first row is row 1).
WHERE_CELL = "Ligne {row}, colonne « {column} »"
WHERE_ROW = "Ligne {row}"
WHERE_COLUMN = "Colonne « {column} » du schéma"
WHERE_FILE = "Fichier"
# One message per rule (the frictionless error type, ``:`` its constraint or variant).
ISSUES = {
    "type-error": "{where} : « {value} » n'est pas {expected} (règle « type-error »).{hint}",
    "constraint-error:required": "{where} : valeur obligatoire manquante (règle « required »).",
    "constraint-error:pattern": (
        "{where} : « {value} » n'a pas la forme attendue, décrite par l'expression régulière "
        "{limit} (règle « pattern »)."
    ),
    "constraint-error:enum": (
        "{where} : « {value} » ne fait pas partie des valeurs autorisées : {limit} "
        "(règle « enum »)."
    ),
    "constraint-error:minimum": (
        "{where} : « {value} » est inférieur au minimum autorisé, {limit} (règle « minimum »)."
    ),
    "constraint-error:maximum": (
        "{where} : « {value} » dépasse le maximum autorisé, {limit} (règle « maximum »)."
    ),
    "constraint-error:exclusiveMinimum": (
        "{where} : « {value} » doit être strictement supérieur à {limit} "
        "(règle « exclusiveMinimum »)."
    ),
    "constraint-error:exclusiveMaximum": (
        "{where} : « {value} » doit être strictement inférieur à {limit} "
        "(règle « exclusiveMaximum »)."
    ),
    "constraint-error:minLength": (
        "{where} : « {value} » compte {length} caractères ; il en faut au moins {limit} "
        "(règle « minLength »)."
    ),
    "constraint-error:maxLength": (
        "{where} : la valeur compte {length} caractères ; {limit} au plus sont admis "
        "(règle « maxLength »)."
    ),
    "unique-error": (
        "{where} : « {value} » figure déjà ligne {previous} ; chaque valeur de la colonne doit "
        "être unique (règle « unique »)."
    ),
    "primary-key": (
        "{where} : la clé ({columns}) « {value} » figure déjà ligne {previous} ; chaque ligne "
        "doit avoir sa propre clé (règle « primary-key »)."
    ),
    "primary-key:blank": (
        "{where} : la clé ({columns}) est vide ; chaque ligne doit avoir la sienne "
        "(règle « primary-key »)."
    ),
    "blank-row": "{where} : ligne vide ; supprimez-la (règle « blank-row »).",
    "missing-cell": (
        "{where} : cellule manquante, la ligne compte moins de cellules que l'en-tête "
        "(règle « missing-cell »)."
    ),
    "extra-cell": (
        "{where} : cellule en trop en colonne n° {position}, au-delà des {width} colonnes de "
        "l'en-tête (règle « extra-cell »)."
    ),
    "missing-label": (
        "{where} : cette colonne obligatoire manque dans le fichier (règle « missing-label »)."
    ),
    "incorrect-label": (
        "{where} : la colonne « {value} » du fichier doit porter exactement ce nom "
        "(règle « incorrect-label »)."
    ),
    "duplicate-label": (
        "{where} : la colonne figure {count} fois dans l'en-tête ; gardez-en une seule "
        "(règle « duplicate-label »)."
    ),
    "blank-label": (
        "{where} : la colonne n° {position} contient des données mais n'a pas de nom dans "
        "l'en-tête (règle « blank-label »)."
    ),
    "out-of-range": (
        "{where} : « {value} » est un entier trop grand pour être enregistré, 19 chiffres au "
        "plus (règle « out-of-range »)."
    ),
    "french-siret-value": (
        "{where} : « {value} » n'est pas un numéro SIRET valide : 14 chiffres dont le dernier "
        "est une clé de contrôle (règle « french-siret-value »)."
    ),
    "one-of-required": (
        "{where} : renseignez « {column} » ou « {other} », au moins l'une des deux "
        "(règle « one-of-required »)."
    ),
    "one-of-required:columns": (
        "{where} : ni la colonne « {column} » ni la colonne « {other} » ne figure dans le "
        "fichier ; l'une des deux est obligatoire (règle « one-of-required »)."
    ),
    "year-interval-value:format": (
        "{where} : « {value} » n'est ni une année (AAAA) ni une période (AAAA/AAAA) "
        "(règle « year-interval-value »)."
    ),
    "year-interval-value:period": (
        "{where} : « {value} » n'est pas une période au format AAAA/AAAA "
        "(règle « year-interval-value »)."
    ),
    "year-interval-value:same": (
        "{where} : la période « {value} » doit relier deux années différentes "
        "(règle « year-interval-value »)."
    ),
    "year-interval-value:reversed": (
        "{where} : dans la période « {value} », la deuxième année doit suivre la première "
        "(règle « year-interval-value »)."
    ),
    "cohesive-columns-value": (
        "{where} : les colonnes {columns} doivent être toutes remplies ou toutes vides ; ici, "
        "seules {filled} le sont (règle « cohesive-columns-value »)."
    ),
    "cohesive-columns-value:columns": (
        "{where} : les colonnes {columns} doivent figurer toutes dans le fichier, ou aucune ; "
        "il manque {missing} (règle « cohesive-columns-value »)."
    ),
    "compare-columns-value:broken": (
        "{where} : « {value} » devrait être {op} à la valeur de la colonne « {other} », "
        "« {other_value} » (règle « compare-columns-value »)."
    ),
    "compare-columns-value:incomparable": (
        "{where} : « {value} » ne peut pas être comparé à la valeur de la colonne « {other} », "
        "« {other_value} » (règle « compare-columns-value »)."
    ),
    "sum-columns-value": (
        "{where} : « {value} » devrait être la somme des colonnes {columns}, soit {total} "
        "(règle « sum-columns-value »)."
    ),
    "nomenclature-actes-value:slash": (
        "{where} : « {value} » nomme une matière de la nomenclature ACTES ; écrivez la matière "
        "puis la sous-matière, séparées par une barre oblique, par exemple « Finances "
        "locales/Subventions » (règle « nomenclature-actes-value »)."
    ),
    "nomenclature-actes-value:spaces": (
        "{where} : dans « {value} », la barre oblique ne doit être ni précédée ni suivie d'une "
        "espace (règle « nomenclature-actes-value »)."
    ),
    "nomenclature-actes-value:code": (
        "{where} : la matière « {value} » a un code {matter}.x dans la nomenclature ACTES, "
        "mais la colonne « {other} » donne « {other_value} » (règle « nomenclature-actes-value »)."
    ),
}
ISSUE_WITH_VALUE = "{where} : valeur « {value} » refusée (règle « {rule} »)."
ISSUE_WITHOUT_VALUE = "{where} : règle « {rule} » non respectée."
# How compare-columns-value's operators read: « devrait être supérieure ou égale à ».
OPERATOR_WORDS = {
    ">": "supérieure",
    ">=": "supérieure ou égale",
    "==": "égale",
    "<=": "inférieure ou égale",
    "<": "inférieure",
}
# What a cell of each type (and format) should be: « n'est pas {expected} ».
TYPE_EXPECTED = {
    "string": "un texte",
    "string/email": "une adresse électronique valide (par exemple nom@domaine.fr)",
    "string/uri": "une adresse web complète, avec son protocole (par exemple https://exemple.fr)",
    "string/uuid": "un identifiant UUID",
    "string/binary": "un contenu encodé en base64",
    "string/wkt": "une géométrie au format WKT",
    "integer": "un nombre entier (des chiffres, sans espace ni séparateur de milliers)",
    "number": (
        "un nombre (des chiffres, le point comme séparateur décimal, sans espace ni séparateur "
        "de milliers)"
    ),
    "boolean": "une des valeurs {values}",
    "date": "une date au format {format}",
    "datetime": "une date et heure au format {format}",
    "time": "une heure au format {format}",
    "year": "une année sur quatre chiffres (AAAA)",
    "yearmonth": "une année et un mois (AAAA-MM)",
    "duration": "une durée au format ISO 8601 (par exemple P1DT2H)",
    "geopoint": "un point géographique ({format})",
    "geojson": "un objet GeoJSON",
    "object": "un objet JSON",
    "array": "un tableau JSON",
    "list": "une liste de valeurs",
}
TYPE_EXPECTED_OTHER = "une valeur de type {type}"
DEFAULT_TIME_FORMATS = {
    "date": "AAAA-MM-JJ",
    "datetime": "AAAA-MM-JJTHH:MM:SSZ",
    "time": "HH:MM:SS",
}
GEOPOINT_FORMATS = {
    "default": "« longitude, latitude »",
    "array": "[longitude, latitude]",
    "object": '{{"lon": longitude, "lat": latitude}}',
}
# strftime's directives as a French user reads a format (%d/%m/%Y: JJ/MM/AAAA).
STRFTIME_WORDS = {
    "%Y": "AAAA",
    "%y": "AA",
    "%m": "MM",
    "%d": "JJ",
    "%H": "HH",
    "%M": "mm",
    "%S": "SS",
    "%f": "ffffff",
    "%z": "+HHMM",
    "%Z": "fuseau",
}
HINT_DECIMAL_COMMA = (
    " Écrivez le séparateur décimal avec un point (12.5) et sans séparateur de milliers."
)
HINT_DATE_ORDER = " Écrivez la date dans l'ordre année-mois-jour : {iso}."


def _number_text(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def size_text(size: int) -> str:
    """« 12,5 Mo »."""
    for unit, scale in (("Go", 1024**3), ("Mo", 1024**2), ("ko", 1024)):
        if size >= scale:
            return f"{_number_text(size / scale)} {unit}"
    return f"{size} octets"


def file_too_large(filename: str, *, size: int, limit: int) -> str:
    return FILE_TOO_LARGE.format(filename=filename, size=size_text(size), limit=size_text(limit))


def zip_too_large(filename: str, *, size: int, limit: int) -> str:
    return UNCOMPRESSED_TOO_LARGE.format(
        filename=filename, size=size_text(size), limit=size_text(limit)
    )


def shortened(value: str, limit: int = 80) -> str:
    """``value``, cut to ``limit`` characters (an ellipsis says so)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def listing(items: list[str] | tuple[str, ...], *, limit: int = 12) -> str:
    """« « a », « b » et « c » », the first ``limit`` of them."""
    quoted = [f"« {item} »" for item in items[:limit]]
    if len(items) > limit:
        quoted.append(f"{len(items) - limit} autres")
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " et " + quoted[-1]


def formula_refused(filename: str, *, row: int, column: str, value: str, count: int) -> str:
    others = FORMULA_OTHERS.format(count=count - 1) if count > 1 else ""
    return FORMULA_REFUSED.format(
        filename=filename, row=row, column=column, value=shortened(value), others=others
    )


def labels_trimmed(labels: list[str]) -> str:
    return LABELS_TRIMMED.format(labels=listing(labels))


def json_kind(value: object) -> str:
    return JSON_KINDS.get(type(value).__name__, JSON_KINDS["dict"])


def where(row: int | None, column: str | None) -> str:
    if row is None:
        return WHERE_FILE if column is None else WHERE_COLUMN.format(column=column)
    if column is None:
        return WHERE_ROW.format(row=row)
    return WHERE_CELL.format(row=row, column=column)


def date_format_words(strftime: str) -> str:
    """A strftime format as a French user reads it: ``%d/%m/%Y`` is ``JJ/MM/AAAA``."""
    for directive, words in STRFTIME_WORDS.items():
        strftime = strftime.replace(directive, words)
    return strftime


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
LOAD_NOT_FOUND = "Aucun chargement « {load_id} »."
# Batches of rows published on Kafka by the suite's services (records-submitted).
RECORDS_PRODUCER_INVALID = (
    "Le lot de lignes ne nomme pas le service qui l'envoie (« {producer} ») : le producteur "
    "est le nom d'un service de la suite, en minuscules, chiffres et tirets."
)
RECORDS_BATCH_ID_INVALID = (
    "L'identifiant de lot « {batch_id} » ne convient pas : de 1 à 128 lettres sans accent, "
    "chiffres, points, deux-points, tirets ou soulignés."
)
RECORDS_PRODUCER_NOT_ALLOWED = (
    "Règle « producteur-de-lignes » : le service « {producer} » n'est pas autorisé à verser "
    "des lignes dans le lac de données (réglage « record_producers »)."
)
RECORDS_EMPTY = "Le lot « {batch_id} » du service « {producer} » ne contient aucune ligne."
RECORDS_TOO_MANY = (
    "Le lot « {filename} » compte {rows} lignes, au-delà de la limite de {limit} : "
    "découpez-le en plusieurs lots."
)
RECORDS_NO_COLUMNS = "Les lignes du lot « {filename} » ne portent aucune colonne."
RECORDS_REJECTED = (
    "Le lot « {filename} » n'est pas conforme au schéma « {schema_name} » ({errors}) : "
    "aucune de ses lignes n'a été ajoutée, la version en ligne est inchangée. Ses lignes et "
    "leur rapport sont gardés en quarantaine (« {quarantine_id} ») ; le service qui l'a "
    "envoyé doit le corriger et l'envoyer de nouveau, sous un autre identifiant de lot."
)
RECORDS_DUPLICATE = (
    "Le lot « {batch_id} » du service « {producer} » a déjà été reçu (chargement "
    "« {load_id} ») : il est ignoré."
)
ISSUE_AT_ROW = "Ligne {row} : {message}"
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


def load_errors_count(count: int) -> str:
    """« 1 erreur », « 1 200 erreurs »."""
    return f"{count:,}".replace(",", "\u202f") + (" erreur" if count == 1 else " erreurs")


def load_size(size: int) -> str:
    """« 200 Mo », « 1,5 Ko », « 12 octets » (decimal units, as French software shows them)."""
    for unit, factor in (("Go", 10**9), ("Mo", 10**6), ("Ko", 10**3)):
        if size >= factor:
            value = f"{size / factor:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{value} {unit}"
    return f"{size} octet" + ("s" if size > 1 else "")


# --- telemetry --------------------------------------------------------------------------
TELEMETRY_OPERATORS_ONLY = (
    "Télémétrie refusée : seuls les délégataires transmettent une télémétrie (jeton client "
    "credentials de leur client, rôle « dsp-operator »)."
)
TELEMETRY_NOT_IN_CONTRACT = (
    "Télémétrie refusée : le jeu de données « {dataset_id} » ne figure, en télémétrie, dans "
    "aucun contrat en vigueur de votre client « {client_id} »."
)
TELEMETRY_NOT_TELEMETRY = (
    "Télémétrie refusée : le jeu de données « {dataset_id} » n'est pas une télémétrie (type "
    "« {kind} »)."
)
BATCH_DATASET_REQUIRED = "Lot refusé : le jeu de données (dataset_id) est requis."
BATCH_ID_INVALID = (
    "Lot refusé : l'identifiant de lot « {batch_id} » est invalide (1 à 100 caractères : "
    "lettres, chiffres, « . », « _ », « : », « - »)."
)
BATCH_TOO_LARGE = "Lot « {batch_id} » refusé : {count} mesures, au plus {limit} par lot."
BATCH_WRITE_FAILED = (
    "Le lot « {batch_id} » n'a pas pu être écrit dans le lac de données : rien n'en a été "
    "gardé. Renvoyez-le avec le même identifiant."
)
READING_SENSOR_INVALID = (
    "Identifiant de capteur invalide : « {sensor_id} » (1 à 64 caractères : lettres, "
    "chiffres, « . », « _ », « : », « - »)."
)
READING_MEASURE_UNKNOWN = "Grandeur inconnue : « {measure} » (attendues : {known})."
READING_VALUE_NOT_FINITE = "Valeur non numérique ou infinie ({value}) pour « {measure} »."
READING_OUT_OF_RANGE = (
    "Valeur {value} hors de la plage plausible de « {measure} » ({minimum} à {maximum} {unit})."
)
READING_UNIT = "Unité « {unit} » inattendue pour « {measure} » : « {expected} » attendue."
READING_TIME_MISSING = "Date de la mesure (measured_at) absente."
READING_IN_FUTURE = (
    "Mesure datée du futur ({measured_at}), au-delà de la tolérance de {skew} secondes."
)
READING_TOO_OLD = "Mesure trop ancienne ({measured_at}) : plus de {days} jours."
READING_COMMUNE_INVALID = (
    "Code commune invalide : « {commune} » (un code INSEE à 5 caractères, ex. 57463)."
)
SIMULATOR_ACK = "Lot {batch_id} : {accepted} mesures acceptées, {rejected} refusées{duplicate}."
SIMULATOR_DUPLICATE = " (déjà reçu : rien n'a été ajouté)"
SIMULATOR_DONE = (
    "Terminé : {accepted} mesures acceptées, {rejected} refusées, {duplicates} lots déjà "
    "reçus, dans « {dataset_id} »."
)

# --- contracts (DSP) --------------------------------------------------------------------
CONTRACT_NOT_FOUND = "Aucun contrat de délégation de service public « {contract_id} »."
CONTRACT_EXISTS = "Le contrat « {contract_id} » existe déjà."
CONTRACT_STEWARD_REQUIRED = (
    "Déclarer un contrat de délégation de service public est réservé aux administrateurs des "
    "données (rôle « data-steward » ou « admin »)."
)
CONTRACTS_READERS = (
    "Les contrats de délégation de service public se consultent par les administrateurs des "
    "données (rôle « data-steward » ou « admin ») et par leurs délégataires."
)
CONTRACT_READERS = (
    "Le contrat « {contract_id} » se consulte par les administrateurs des données et par son "
    "délégataire seulement."
)
CONTRACT_TERM_INVALID = (
    "Règle « duree-du-contrat » : le contrat doit finir après son début (du {starts_on} au "
    "{ends_on})."
)
OPEN_DATA_EXEMPTION_REQUIRED = (
    "Règle « exemption-open-data-publiee » : un contrat sans ouverture des données doit "
    "citer la décision motivée, rendue publique, qui en exempte le délégataire (code de la "
    "commande publique, article L3131-2) : son texte (open_data_exemption) et l'adresse où "
    "elle est publiée (open_data_exemption_url)."
)
RETURNED_ASSETS_DATASET = (
    "Règle « inventaire-des-biens-de-retour » : l'inventaire des biens de retour "
    "« {dataset_id} » doit figurer parmi les jeux de données à livrer."
)
CONTRACT_DATASETS_INVALID = (
    "Règle « jeux-de-donnees-du-contrat » : les jeux de données à livrer ne conviennent "
    "pas — {problems}."
)
CONTRACT_DATASET_REPEATED = "le jeu de données « {dataset_id} » est donné deux fois"
CONTRACT_DATASET_UNKNOWN = (
    "le jeu de données « {dataset_id} » n'est pas déclaré : déclarez-le d'abord "
    "(POST /v1/datasets, avec l'identifiant du contrat)"
)
CONTRACT_DATASET_OTHER_CONTRACT = (
    "le jeu de données « {dataset_id} » doit être déclaré au titre du contrat "
    "« {contract_id} » (il l'est au titre de : {declared})"
)
NO_CONTRACT = "aucun contrat"
TELEMETRY_IS_CONTINUOUS = (
    "le jeu de données « {dataset_id} » est une télémétrie, transmise en continu : sa "
    "fréquence est « continuous »"
)
FILES_ARE_PERIODIC = (
    "le jeu de données « {dataset_id} » se livre par fichiers : sa fréquence est « daily », "
    "« monthly », « quarterly » ou « yearly »"
)
MEASURES_TELEMETRY_ONLY = (
    "le jeu de données « {dataset_id} » n'est pas une télémétrie : il n'a pas de grandeurs "
    "mesurées à déclarer"
)
MEASURE_REPEATED = "la grandeur « {measure} » est donnée deux fois"
MEASURE_RANGE_EMPTY = (
    "la plage de « {measure} » est vide : le minimum ({minimum}) doit être inférieur au "
    "maximum ({maximum})"
)
DELIVERY_OPERATORS_ONLY = (
    "Livraison refusée : seuls les délégataires livrent des données au titre d'un contrat "
    "(jeton client credentials de leur client, rôle « dsp-operator »)."
)
DELIVERY_NOT_YOUR_CONTRACT = (
    "Livraison refusée : le contrat « {contract_id} » est celui de {operator_name} ; votre "
    "client « {client_id} » ne peut pas livrer à ce titre."
)
DELIVERY_DATASET_NOT_IN_CONTRACT = (
    "Livraison refusée : le jeu de données « {dataset_id} » ne fait pas partie des données "
    "à livrer au titre du contrat « {contract_id} »."
)
DELIVERY_OF_TELEMETRY = (
    "Règle « telemetrie-en-continu » : le jeu de données « {dataset_id} » est une "
    "télémétrie ; elle se transmet en continu (gRPC IngestTelemetry), pas par fichier."
)
PERIOD_NOT_ALIGNED = (
    "La période livrée commence au début d'une période {frequency} : le {period_start} n'en "
    "est pas un (la période qui le contient commence le {suggestion})."
)
PERIOD_OUTSIDE_TERM = (
    "La période du {period_start} n'est pas couverte par le contrat « {contract_id} » (du "
    "{starts_on} au {ends_on})."
)
PERIOD_NOT_OVER = (
    "La période du {period_start} n'est pas terminée : elle se livre à partir du {period_end}."
)
DELIVERY_REFUSED = "Livraison enregistrée mais refusée à l'entrée : {detail} La période reste due."
FREQUENCY_LABELS = {
    "daily": "quotidienne",
    "monthly": "mensuelle",
    "quarterly": "trimestrielle",
    "yearly": "annuelle",
    "continuous": "continue",
}
DELIVERY_STATUS_LABELS = {
    "pending": "en attente (le délai court encore)",
    "on_time": "livrée à temps",
    "late": "livrée en retard",
    "invalid": "refusée à l'entrée (fichier invalide ou vide), délai dépassé",
    "missing": "manquante, délai dépassé",
}


def contract_datasets_invalid(problems: list[str]) -> str:
    """« ... ne conviennent pas — a ; b. »: every problem of the datasets to deliver."""
    return CONTRACT_DATASETS_INVALID.format(problems=" ; ".join(problems))


# --- documents --------------------------------------------------------------------------
DOCUMENTS_STEWARD_REQUIRED = (
    "La publication des documents est réservée aux administrateurs des données "
    "(rôle « data-steward » ou « admin »)."
)
DOCUMENT_NOT_FOUND = "Aucun document « {document_id} »."
DOCUMENT_EXISTS = (
    "Le document « {document_id} » existe déjà : publiez-en une nouvelle version "
    "(PUT /v1/documents/{document_id})."
)
DOCUMENT_TOO_LARGE = (
    "Le texte du document est trop long : {size} octets en UTF-8, au plus {limit}. "
    "Découpez-le en plusieurs documents."
)
DOCUMENT_WITHDRAWN_BY_STEWARD = "Retiré par l'administrateur des données."

# --- open data (catalogue, downloads) ----------------------------------------------------
CATALOGUE_TITLE = "Données ouvertes de la collectivité"
CATALOGUE_DESCRIPTION = (
    "Les jeux de données publics du lac de données de la collectivité. Chaque jeu est une "
    "série de versions ; chaque version se télécharge en CSV (UTF-8) et en Parquet."
)
CATALOGUE_PUBLISHER = "La collectivité"
VERSION_TITLE = "{title} — version du {date}"
DISTRIBUTION_TITLE = "{title} — version du {date} ({format})"
LATEST_DISTRIBUTION_TITLE = "{title} — dernière version ({format})"
DISTRIBUTION_DESCRIPTION = (
    "Les lignes de cette version, en {format} (CSV : UTF-8, avec une ligne d'en-tête)."
)
LATEST_DISTRIBUTION_DESCRIPTION = (
    "Les lignes de la dernière version, en {format} (CSV : UTF-8, avec une ligne d'en-tête) ; "
    "cette adresse donne toujours la version la plus récente."
)
AVAILABILITY_STABLE = "Stable (adresse pérenne)"
AVAILABILITY_AVAILABLE = "Disponible le temps de la conservation des versions"
LOCAL_AUTHORITY = "Collectivité territoriale"
DATA_THEME_SCHEME = "Thèmes des données (vocabulaire de l'Union européenne)"
OWNER_DEPARTMENT = "{publisher} (service propriétaire : « {department} »)"
PROVENANCE = (
    "Données produites par {provider}, propriété de {publisher} ; administrées par {steward}."
)
PROVENANCE_CONTRACT = (
    "Données produites par {provider} dans le cadre du contrat de délégation de service "
    "public « {contract_id} » et remises à {publisher}, qui en est propriétaire ; "
    "administrées par {steward}."
)
ROLE_ORIGINATOR = "Producteur des données"
ROLE_CUSTODIAN = "Administrateur des données"
ROLE_OWNER = "Propriétaire"
CATALOGUE_VERSIONS_INVALID = (
    "Paramètre « versions » invalide ; valeurs possibles : all (les versions "
    "récentes), latest (la dernière), none (les séries seules)."
)
FLIGHT_TOKEN_REQUIRED = (
    "Les lectures Arrow Flight demandent un jeton : en-tête « authorization: Bearer <jeton> »."
)
FLIGHT_TICKET_INVALID = (
    'Ticket invalide : un objet JSON {"dataset_id": "...", "version": "..."} est attendu '
    "(version facultative)."
)
FLIGHT_DESCRIPTOR_INVALID = (
    "Descripteur invalide : un chemin [jeu de données] ou [jeu de données, version], ou la "
    "commande JSON d'un ticket, est attendu."
)
FLIGHT_ACTION_UNKNOWN = "Ce service Arrow Flight ne connaît aucune action « {action} »."
FLIGHT_INTERNAL = "Erreur interne du lac de données ; réessayez plus tard."

# --- pages ------------------------------------------------------------------------------
PAGES_JAVASCRIPT_NEEDED = "Cette page a besoin de JavaScript."
PAGES_STATIC_NOT_FOUND = "Introuvable"

# --- scheduled jobs (the service's ``-jobs`` command, read in the CronJob's log) -----------
JOB_SNAPSHOTS_EXPIRED = (
    "Expiration des versions : {tables} jeu(x) de données ; {expired} instantané(s) Iceberg "
    "antérieur(s) au {cutoff} oublié(s) (les {keep_last} dernières versions de chacun "
    "gardées), {removed} fichier(s) que plus rien ne référence supprimé(s) ; {files} "
    "fichier(s) de données dans les versions courantes."
)
JOB_COMPACTED = (
    "Compactage : {tables} jeu(x) de données ; {before} fichier(s) de données avant, {after} après."
)
