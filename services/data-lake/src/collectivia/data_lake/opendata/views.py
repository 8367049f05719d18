"""HTTP routes of open data: translation only. The catalogue and public datasets need no
token; a token shows what its roles and communes allow."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import Response, StreamingResponse

from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.opendata.service import (
    Download,
    OpenData,
    RdfFormat,
    VersionsListed,
)
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import optional_bearer_token
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1", tags=["données ouvertes"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 404, 422)}
RDF_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/ld+json": {}, "text/turtle": {}, "application/rdf+xml": {}}}
}
# Accepted media types (and their aliases) for the catalogue, by format.
ACCEPTED: dict[str, RdfFormat] = {
    "application/ld+json": RdfFormat.JSON_LD,
    "application/json": RdfFormat.JSON_LD,
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/rdf+xml": RdfFormat.RDF_XML,
}

Service = Annotated[OpenData, Depends(provided(OpenData))]
Versions = Annotated[
    str,
    Query(
        description="Versions listées comme jeux de données : « all » (les plus récentes), "
        "« latest » (la dernière) ou « none » (les séries seules)."
    ),
]
ALL = VersionsListed.ALL.value
VersionParam = Annotated[
    str | None, Query(description="Identifiant de version ; par défaut, la dernière.")
]


def anyone(principal: Annotated[Principal | None, Depends(optional_bearer_token)]) -> Reader:
    return Reader.of(principal)


AnyReader = Annotated[Reader, Depends(anyone)]


def negotiate(accept: str | None) -> RdfFormat:
    """The format the ``Accept`` header prefers (q-values honoured); JSON-LD by default."""
    best, best_q = RdfFormat.JSON_LD, 0.0
    for position, part in enumerate((accept or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        form = ACCEPTED.get(media.lower())
        # Earlier types win ties: a small penalty for the position in the list.
        if form is not None and quality - position * 1e-6 > best_q:
            best, best_q = form, quality - position * 1e-6
    return best


def _catalogue(service: OpenData, form: RdfFormat, versions: str) -> Response:
    return Response(
        service.catalogue_document(form, versions=versions),
        media_type=form.media_type,
        headers={"Vary": "Accept"},
    )


@router.get(
    "/catalogue",
    summary="Catalogue DCAT-AP 3 des données publiques (JSON-LD ou Turtle selon « Accept »)",
    response_class=Response,
    responses=RDF_CONTENT,
)
def catalogue(
    service: Service,
    versions: Versions = ALL,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    return _catalogue(service, negotiate(accept), versions)


@router.get(
    "/catalogue.jsonld",
    summary="Catalogue DCAT-AP 3 des données publiques (JSON-LD)",
    response_class=Response,
    responses=RDF_CONTENT,
)
def catalogue_json_ld(service: Service, versions: Versions = ALL) -> Response:
    return _catalogue(service, RdfFormat.JSON_LD, versions)


@router.get(
    "/catalogue.ttl",
    summary="Catalogue DCAT-AP 3 des données publiques (Turtle)",
    response_class=Response,
    responses=RDF_CONTENT,
)
def catalogue_turtle(service: Service, versions: Versions = ALL) -> Response:
    return _catalogue(service, RdfFormat.TURTLE, versions)


@router.get(
    "/catalogue.rdf",
    summary="Catalogue DCAT-AP 3 des données publiques (RDF/XML)",
    response_class=Response,
    responses=RDF_CONTENT,
)
def catalogue_rdf_xml(service: Service, versions: Versions = ALL) -> Response:
    return _catalogue(service, RdfFormat.RDF_XML, versions)


def _file(download: Download) -> StreamingResponse:
    return StreamingResponse(
        download.chunks,
        media_type=download.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{download.filename}"',
            "X-Dataset-Version": str(download.snapshot_id),
        },
    )


@router.get(
    "/datasets/{dataset_id}/download.csv",
    summary="Télécharger une version en CSV (UTF-8, avec en-tête)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}, **ERRORS},
)
def download_csv(
    dataset_id: str, service: Service, reader: AnyReader, version: VersionParam = None
) -> StreamingResponse:
    return _file(service.download(dataset_id, "csv", reader=reader, version=version))


@router.get(
    "/datasets/{dataset_id}/download.parquet",
    summary="Télécharger une version en Parquet",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/vnd.apache.parquet": {}}}, **ERRORS},
)
def download_parquet(
    dataset_id: str, service: Service, reader: AnyReader, version: VersionParam = None
) -> StreamingResponse:
    return _file(service.download(dataset_id, "parquet", reader=reader, version=version))
