"""``collectivia-lake-telemetry-simulator``: what a water operator's gateway would run. It
gets the operator's client-credentials token from Keycloak and streams realistic readings
of a few sensors in a few communes — flow (débit, m3/h, with its morning and evening
peaks), pressure (pression, bar, lower when the flow is high) and reservoir level (niveau,
m) — to the data lake's ``IngestTelemetry``, a few of them wrong on purpose (a negative
flow, an impossible pressure, a missing value, a wrong unit, a reading from tomorrow), and
prints each batch's acknowledgement.

    collectivia-lake-telemetry-simulator --dataset eau-telemetrie --readings 20000

Batch ids are ``<run id>-<number>``: run it again with the same ``--run-id`` and the
batches already stored come back as duplicates, nothing stored twice."""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.trace import TracerProvider

from collectivia.data_lake import messages
from collectivia.lake.v1 import lake_pb2, lake_pb2_grpc
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.errors import DomainError
from collectivia.platform.grpc_client import open_channel
from collectivia.platform.settings import KeycloakSettings
from collectivia.platform.telemetry import Telemetry

# Communes of the demo realm (Metz Métropole).
COMMUNES = ("57463", "57480", "57751")
DEV_SECRET_SUFFIX = "-dev-secret"  # noqa: S105 - the demo realm's convention, no secret


@dataclass(frozen=True)
class Sensor:
    sensor_id: str
    measure: str
    unit: str
    commune: str
    base: float


def sensors_of(communes: Sequence[str], per_commune: int) -> list[Sensor]:
    """Per commune: flow and pressure meters on the network, and a reservoir's level."""
    sensors: list[Sensor] = []
    for commune in communes:
        for number in range(1, per_commune + 1):
            sensors.append(Sensor(f"DEB-{commune}-{number:02d}", "debit", "m3/h", commune, 40.0))
            sensors.append(Sensor(f"PRS-{commune}-{number:02d}", "pression", "bar", commune, 4.2))
        sensors.append(Sensor(f"NIV-{commune}-01", "niveau", "m", commune, 5.0))
    return sensors


def demand(at: datetime) -> float:
    """Water demand over the day: low at night, peaks at 7:30 and 19:30 (1 = the mean)."""
    hour = at.hour + at.minute / 60
    morning = math.exp(-(((hour - 7.5) / 1.5) ** 2))
    evening = math.exp(-(((hour - 19.5) / 2.0) ** 2))
    return 0.45 + 0.9 * morning + 0.7 * evening


def value_of(sensor: Sensor, at: datetime, rng: random.Random) -> float:
    load = demand(at)
    if sensor.measure == "debit":
        return round(max(0.0, sensor.base * load * rng.gauss(1.0, 0.05)), 2)
    if sensor.measure == "pression":
        return round(sensor.base - 0.6 * (load - 1.0) + rng.gauss(0.0, 0.05), 3)
    # The reservoir empties through the day's peaks and fills at night.
    return round(sensor.base + 1.5 * math.cos(2 * math.pi * at.hour / 24) + rng.gauss(0, 0.02), 3)


def spoil(reading: lake_pb2.TelemetryReading, rng: random.Random, now: datetime) -> None:
    """Make ``reading`` one of the mistakes a real gateway makes."""
    mistake = rng.randrange(6)
    if mistake == 0:
        reading.measure, reading.unit, reading.value = "debit", "m3/h", -12.0
    elif mistake == 1:
        reading.measure, reading.unit, reading.value = "pression", "bar", 99.0
    elif mistake == 2:
        reading.value = math.nan
    elif mistake == 3:
        reading.unit = "kPa" if reading.measure == "pression" else "l/s"
    elif mistake == 4:
        reading.measured_at.FromDatetime(now + timedelta(days=1))
    else:
        reading.measure = "vitesse"


def readings(
    sensors: Sequence[Sensor],
    *,
    count: int,
    start: datetime,
    end: datetime,
    bad_ratio: float,
    rng: random.Random,
) -> Iterator[lake_pb2.TelemetryReading]:
    """``count`` readings of the sensors in turn, evenly spread from ``start`` to ``end``."""
    step = (end - start) / max(count, 1)
    for index in range(count):
        sensor = sensors[index % len(sensors)]
        at = start + step * index
        reading = lake_pb2.TelemetryReading(
            sensor_id=sensor.sensor_id,
            measure=sensor.measure,
            value=value_of(sensor, at, rng),
            unit=sensor.unit,
            commune=sensor.commune,
        )
        reading.measured_at.FromDatetime(at)
        if rng.random() < bad_ratio:
            spoil(reading, rng, end)
        yield reading


def batches(
    dataset_id: str, run_id: str, source: Iterator[lake_pb2.TelemetryReading], size: int
) -> Iterator[lake_pb2.TelemetryBatch]:
    number = 0
    while True:
        batch = lake_pb2.TelemetryBatch(dataset_id=dataset_id, batch_id=f"{run_id}-{number:06d}")
        for reading in source:
            batch.readings.append(reading)
            if len(batch.readings) >= size:
                break
        if not batch.readings:
            return
        yield batch
        number += 1


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="collectivia-lake-telemetry-simulator",
        description="Simule la télémétrie d'un délégataire de l'eau vers le lac de données.",
    )
    parser.add_argument("--target", default="127.0.0.1:50064", help="gRPC du lac de données")
    parser.add_argument("--keycloak", default="http://127.0.0.1:8080", help="URL de Keycloak")
    parser.add_argument("--realm", default="collectivia")
    parser.add_argument("--client-id", default="operator-eau-demo")
    parser.add_argument(
        "--client-secret",
        default=os.environ.get("COLLECTIVIA_OPERATOR_CLIENT_SECRET", ""),
        help="secret du client (défaut : $COLLECTIVIA_OPERATOR_CLIENT_SECRET, sinon celui de "
        "démonstration <client>-dev-secret)",
    )
    parser.add_argument("--dataset", required=True, help="le jeu de données de télémétrie")
    parser.add_argument("--readings", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument(
        "--minutes", type=int, default=60, help="période couverte, jusqu'à maintenant"
    )
    parser.add_argument("--communes", nargs="+", default=list(COMMUNES))
    parser.add_argument("--sensors-per-commune", type=int, default=2)
    parser.add_argument("--bad-ratio", type=float, default=0.001, help="part de mesures fausses")
    parser.add_argument("--run-id", default=uuid.uuid4().hex[:12], help="préfixe des lots")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--quiet", action="store_true", help="le bilan seulement")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    secret = args.client_secret or args.client_id + DEV_SECRET_SUFFIX
    tokens = ServiceTokenProvider(
        KeycloakSettings(url=args.keycloak, realm=args.realm), args.client_id, secret
    )
    now = datetime.now(UTC)
    rng = random.Random(args.seed)  # noqa: S311 - simulated measurements
    source = readings(
        sensors_of(args.communes, args.sensors_per_commune),
        count=args.readings,
        start=now - timedelta(minutes=args.minutes),
        end=now,
        bad_ratio=args.bad_ratio,
        rng=rng,
    )
    telemetry = Telemetry("telemetry-simulator", TracerProvider(), MeterProvider())
    accepted = rejected = duplicates = 0
    try:
        metadata = (("authorization", f"Bearer {tokens.token()}"),)
        channel = open_channel(args.target, telemetry)
        stub = lake_pb2_grpc.DataLakeServiceStub(channel)
        stream = batches(args.dataset, args.run_id, source, args.batch_size)
        for ack in stub.IngestTelemetry(stream, metadata=metadata):
            accepted += ack.accepted
            rejected += len(ack.rejected)
            duplicates += int(ack.duplicate)
            if not args.quiet:
                say(
                    messages.SIMULATOR_ACK.format(
                        batch_id=ack.batch_id,
                        accepted=ack.accepted,
                        rejected=len(ack.rejected),
                        duplicate=messages.SIMULATOR_DUPLICATE if ack.duplicate else "",
                    )
                )
                for refused in ack.rejected[:3]:
                    say(f"  #{refused.index} : {refused.reason}")
        channel.close()
    except DomainError as error:
        say(error.detail, error=True)
        return 1
    except Exception as error:  # the gRPC status, as the server said it
        details = getattr(error, "details", None)
        say(details() if callable(details) else repr(error), error=True)
        return 1
    say(
        messages.SIMULATOR_DONE.format(
            accepted=accepted, rejected=rejected, duplicates=duplicates, dataset_id=args.dataset
        )
    )
    return 0


def say(text: str, *, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    stream.write(text + "\n")
    stream.flush()


if __name__ == "__main__":
    sys.exit(main())
