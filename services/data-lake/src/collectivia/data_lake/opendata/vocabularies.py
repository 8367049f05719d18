"""The controlled vocabularies the catalogue points at: the EU Publications Office's
authority tables (data themes, frequencies, access rights, file types, languages), IANA
media types, the INSPIRE responsible-party roles, INSEE communes, the licences data.gouv.fr
recognises and the Table Schemas of schema.data.gouv.fr.

Only the IRIs are computed here (no network): DCAT-AP 3 asks for them, data.gouv.fr's
harvester reads them (frequency, format, media type, licence, schema)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

from collectivia.data_lake.datasets.schemas import AccessRights, Frequency

AUTHORITY = "http://publications.europa.eu/resource/authority/"
DATA_THEME_SCHEME = URIRef(AUTHORITY + "data-theme")
FRENCH = URIRef(AUTHORITY + "language/FRA")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
INSPIRE_ROLES = "http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/"
# INSEE's code-based commune IRIs. INSEE's current geographic reference names communes by
# opaque ids (http://id.insee.fr/geo/commune/<uuid>) that only its API gives; the code-based
# form stays the one computable offline, and each place also carries its code.
INSEE_COMMUNE = "http://id.insee.fr/geo/commune/"
TABLE_SCHEMAS = "https://schema.data.gouv.fr/schemas/"
# The ADMS publisher type of a commune or an intercommunality.
PUBLISHER_TYPES = URIRef("http://purl.org/adms/publishertype/1.0")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")

# The EU data themes (authority table "data-theme") and their French labels.
DATA_THEMES: dict[str, str] = {
    "AGRI": "Agriculture, pêche, sylviculture et alimentation",
    "ECON": "Économie et finances",
    "EDUC": "Éducation, culture et sport",
    "ENER": "Énergie",
    "ENVI": "Environnement",
    "GOVE": "Gouvernement et secteur public",
    "HEAL": "Santé",
    "INTR": "Questions internationales",
    "JUST": "Justice, système juridique et sécurité publique",
    "OP_DATPRO": "Données provisoires",
    "REGI": "Régions et villes",
    "SOCI": "Population et société",
    "TECH": "Science et technologie",
    "TRAN": "Transports",
}
# Our stewards may write a theme in French: its EU code (accents and case ignored).
THEME_ALIASES: dict[str, str] = {
    "agriculture": "AGRI",
    "alimentation": "AGRI",
    "economie": "ECON",
    "finances": "ECON",
    "budget": "ECON",
    "education": "EDUC",
    "culture": "EDUC",
    "sport": "EDUC",
    "energie": "ENER",
    "environnement": "ENVI",
    "eau": "ENVI",
    "dechets": "ENVI",
    "gouvernement": "GOVE",
    "administration": "GOVE",
    "citoyennete": "GOVE",
    "sante": "HEAL",
    "international": "INTR",
    "justice": "JUST",
    "securite": "JUST",
    "territoire": "REGI",
    "urbanisme": "REGI",
    "amenagement": "REGI",
    "logement": "REGI",
    "societe": "SOCI",
    "population": "SOCI",
    "social": "SOCI",
    "solidarite": "SOCI",
    "science": "TECH",
    "numerique": "TECH",
    "transport": "TRAN",
    "transports": "TRAN",
    "mobilite": "TRAN",
}

ACCESS_RIGHTS: dict[AccessRights, str] = {
    AccessRights.PUBLIC: "PUBLIC",
    AccessRights.RESTRICTED: "RESTRICTED",
    AccessRights.PERSONAL: "NON_PUBLIC",
}


@dataclass(frozen=True)
class FileFormat:
    """A download format: the EU file type, the IANA media type, the file's extension."""

    code: str
    media_type: str
    extension: str

    @property
    def file_type(self) -> URIRef:
        return URIRef(AUTHORITY + "file-type/" + self.code)

    @property
    def media_type_iri(self) -> URIRef:
        return URIRef(IANA_MEDIA_TYPES + self.media_type)


CSV = FileFormat("CSV", "text/csv", "csv")
PARQUET = FileFormat("PARQUET", "application/vnd.apache.parquet", "parquet")


@dataclass(frozen=True)
class Licence:
    iri: URIRef | None
    label: str


# Licence names as stewards write them (normalised) -> the IRI data.gouv.fr recognises.
_LICENCES: dict[str, str] = {
    "licence ouverte / open licence v2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "licence ouverte 2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "licence ouverte v2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "etalab-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "odbl": "https://opendatacommons.org/licenses/odbl/1-0/",
    "odbl-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "open database license (odbl)": "https://opendatacommons.org/licenses/odbl/1-0/",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc by 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def theme_code(theme: str) -> str | None:
    """The EU data-theme code of one of our themes (an EU code or a French word), if any."""
    upper = theme.strip().upper()
    if upper in DATA_THEMES:
        return upper
    return THEME_ALIASES.get(_plain(theme))


def theme_iri(code: str) -> URIRef:
    return URIRef(f"{DATA_THEME_SCHEME}/{code}")


def frequency_iri(frequency: Frequency) -> URIRef:
    return URIRef(AUTHORITY + "frequency/" + frequency.value)


def access_right_iri(access: AccessRights) -> URIRef:
    return URIRef(AUTHORITY + "access-right/" + ACCESS_RIGHTS[access])


def commune_iri(code: str) -> URIRef:
    return URIRef(INSEE_COMMUNE + code)


def role_iri(role: str) -> URIRef:
    """An INSPIRE responsible-party role: originator, custodian, owner..."""
    return URIRef(INSPIRE_ROLES + role)


def licence(text: str) -> Licence:
    """The licence a steward named: its IRI when known (or when the steward gave one)."""
    stripped = text.strip()
    if stripped.startswith(("http://", "https://")):
        return Licence(URIRef(stripped), stripped)
    known = _LICENCES.get(_plain(stripped))
    return Licence(URIRef(known) if known else None, stripped)


def table_schema_iri(schema_name: str, schema_version: str) -> URIRef:
    """The Table Schema file on schema.data.gouv.fr (``scdl/subventions``, ``2.1.1``)."""
    return URIRef(
        f"{TABLE_SCHEMAS}{schema_name.strip('/')}/{schema_version or 'latest'}/schema.json"
    )
