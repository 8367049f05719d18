"""The Arrow Flight area: a Flight server on its own port (``flight_port``), started as a
worker once every area is built."""

from __future__ import annotations

import logging

import pyarrow as pa
from pydantic import Field

from collectivia.data_lake.datasets.reading import DatasetReads
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.flight.server import LakeFlightServer
from collectivia.data_lake.settings import DataLakeSection, DataLakeSettings
from collectivia.lakehouse.tables import Lakehouse
from collectivia.platform.areas import Area, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.auth.tokens import TokenVerifier

logger = logging.getLogger(__name__)


class FlightNotStarted(RuntimeError):
    """The Flight server could not listen (its port is taken, most often)."""


class FlightSettings(DataLakeSection):
    # The Arrow Flight (gRPC) port; 0: a free port (tests).
    flight_port: int = Field(50065, ge=0, le=65535)


class LakeFlight:
    """The Flight endpoint of the lake: ``port`` is the bound port once started."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        verifier: TokenVerifier,
        datasets: Datasets,
        reads: DatasetReads,
        lakehouse: Lakehouse,
    ) -> None:
        self._host = host
        self._requested_port = port
        self._verifier = verifier
        self._datasets = datasets
        self._reads = reads
        self._lakehouse = lakehouse
        self._server: LakeFlightServer | None = None
        self.port = 0

    @property
    def location(self) -> str:
        return f"grpc+tcp://{self._host}:{self.port}"

    def start(self) -> LakeFlight:
        """Listen (the server answers from now on, on its own threads)."""
        address = f"{self._host}:{self._requested_port}"
        try:
            self._server = LakeFlightServer(
                f"grpc+tcp://{address}",
                verifier=self._verifier,
                datasets=self._datasets,
                reads=self._reads,
                lakehouse=self._lakehouse,
            )
        except pa.ArrowException as error:
            raise FlightNotStarted(
                f"Arrow Flight could not listen on {address} (port taken?): set "
                "COLLECTIVIA_DATA_LAKE_FLIGHT_PORT (0: any free port)"
            ) from error
        self.port = self._server.port
        logger.info("Arrow Flight listening on %s", self.location)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server = None


def build(context: AreaContext) -> LakeFlight:
    return LakeFlight(
        host=context.get(DataLakeSettings).http_host,
        port=context.section(FlightSettings).flight_port,
        verifier=context.verifier,
        datasets=context.get(Datasets),
        reads=context.get(DatasetReads),
        lakehouse=context.get(Lakehouse),
    )


AREA = Area(
    name="flight",
    summary="Bulk reads over Apache Arrow Flight (its own port), authenticated by the "
    "Keycloak token, through the one access rule and commune filter: list, describe and "
    "stream any version of the datasets the caller may see.",
    build=build,
    workers=(Worker("arrow-flight", start=lambda endpoint: endpoint.start()),),
    settings=FlightSettings,
)
