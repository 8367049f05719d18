"""Malformed and extreme messages for every method of a gRPC service, built from its
descriptor and sent as raw bytes (so that what protobuf would refuse to serialize — a text
that is not UTF-8, an enum value the contract lacks, a field of the wrong wire type — still
reaches the server): empty, not protobuf, huge texts, control characters, numbers at and
beyond their range, unknown enum values, thousands of repeated items, nested garbage; and
bad metadata (no token, a token that is not one, another scheme, a huge one).

A service withstands them when it never answers UNKNOWN or INTERNAL (an unexpected error)
and says why in French whenever it refuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import grpc
from google.protobuf.descriptor import (
    Descriptor,
    FieldDescriptor,
    MethodDescriptor,
    ServiceDescriptor,
)

from collectivia.testkit.french import assert_french

UNEXPECTED = (grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL)
# Answers given at the door, before the method runs.
_GATE_CODES = (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)
HUGE_TEXT_CHARACTERS = 300_000
MANY_ITEMS = 5_000
_VARINT, _LENGTH = 0, 2
_NUMBERS = (
    FieldDescriptor.TYPE_INT32,
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT32,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT32,
    FieldDescriptor.TYPE_SINT64,
)
# Extreme values of every integer width, and one beyond 32 bits (sent as 64-bit varints).
_EXTREME_NUMBERS = (0, -1, 2**31 - 1, -(2**31), 2**40, 2**63 - 1, -(2**63))


@dataclass(frozen=True)
class Attempt:
    name: str
    payload: bytes


@dataclass(frozen=True)
class Refusal:
    method: str
    attempt: str
    identity: str
    problem: str

    def __str__(self) -> str:
        return f"{self.method} [{self.attempt}, {self.identity}] {self.problem}"


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative numbers: ten bytes, as protobuf writes them
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, wire: int, value: int | bytes) -> bytes:
    key = _varint(number << 3 | wire)
    if isinstance(value, bytes):
        return key + _varint(len(value)) + value
    return key + _varint(value)


def attempts(message: Descriptor) -> list[Attempt]:
    """The malformed and extreme requests of ``message``'s type."""
    found = [Attempt("vide", b""), Attempt("pas du protobuf", b"\xff\xff\xff\xff\x0f")]
    for field in message.fields:
        found.extend(_field_attempts(field))
    return found


def _field_attempts(field: FieldDescriptor) -> Iterator[Attempt]:
    name, number = field.name, field.number
    repeated = field.is_repeated
    if field.type == FieldDescriptor.TYPE_STRING:
        yield Attempt(
            f"{name}: texte énorme", _field(number, _LENGTH, b"\xc3\xa9" * HUGE_TEXT_CHARACTERS)
        )
        yield Attempt(f"{name}: pas de l'UTF-8", _field(number, _LENGTH, b"\xc3\x28\xff\xfe"))
        yield Attempt(
            f"{name}: caractères de contrôle", _field(number, _LENGTH, b"\x00\x1b[31m\r\n\x7f")
        )
        yield Attempt(f"{name}: nombre au lieu d'un texte", _field(number, _VARINT, 7))
    elif field.type == FieldDescriptor.TYPE_BYTES:
        yield Attempt(
            f"{name}: octets quelconques", _field(number, _LENGTH, bytes(range(256)) * 64)
        )
    elif field.type in _NUMBERS:
        for value in _EXTREME_NUMBERS:
            yield Attempt(f"{name}: {value}", _field(number, _VARINT, value))
    elif field.type == FieldDescriptor.TYPE_ENUM:
        yield Attempt(f"{name}: valeur inconnue 999", _field(number, _VARINT, 999))
        yield Attempt(f"{name}: valeur inconnue -1", _field(number, _VARINT, -1))
    elif field.type == FieldDescriptor.TYPE_BOOL:
        yield Attempt(f"{name}: booléen 7", _field(number, _VARINT, 7))
    elif field.type == FieldDescriptor.TYPE_MESSAGE:
        yield Attempt(f"{name}: message illisible", _field(number, _LENGTH, b"\xff\xff\xff"))
        assert field.message_type is not None
        inner = b"".join(a.payload for a in attempts(field.message_type)[2:4])
        yield Attempt(f"{name}: message extrême", _field(number, _LENGTH, inner))
    if repeated:
        one = _one_item(field)
        yield Attempt(f"{name}: {MANY_ITEMS} éléments", one * MANY_ITEMS)


def _one_item(field: FieldDescriptor) -> bytes:
    if field.type in (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES):
        return _field(field.number, _LENGTH, b"x")
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return _field(field.number, _LENGTH, b"")
    return _field(field.number, _VARINT, 1)


Metadata = tuple[tuple[str, str | bytes], ...]
BAD_METADATA: tuple[tuple[str, Metadata], ...] = (
    ("sans jeton", ()),
    ("jeton qui n'en est pas un", (("authorization", "Bearer pas-un-jeton"),)),
    ("autre schéma", (("authorization", "Basic YWRtaW46YWRtaW4="),)),
    ("jeton vide", (("authorization", "Bearer "),)),
    # Just under gRPC's own 8 KiB limit on metadata (over it, gRPC itself refuses, in
    # English, before any service code runs).
    ("jeton énorme", (("authorization", "Bearer " + "a." * 3000 + "a"),)),
    ("JWT forgé", (("authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),)),
)


def fuzz_grpc_service(
    target: str,
    service: ServiceDescriptor,
    identities: dict[str, str],
    *,
    thorough: bool = False,
    timeout: float = 30.0,
) -> list[Refusal]:
    """For every method of ``service`` at ``target``: an empty request as each of
    ``identities`` (name -> token) and with each bad metadata, then every attempt as the
    first of them the method lets in (as each of them when ``thorough``). What went wrong,
    empty when nothing did; a method no identity gets into is a problem too (it would test
    nothing)."""
    callers: list[tuple[str, Metadata]] = [
        (who, (("authorization", f"Bearer {token}"),)) for who, token in identities.items()
    ]
    problems: list[Refusal] = []
    with grpc.insecure_channel(
        target, options=[("grpc.max_send_message_length", 64 * 1024 * 1024)]
    ) as channel:
        for method in service.methods:
            path = f"/{service.full_name}/{method.name}"
            call = _caller(channel, path, method.client_streaming, method.server_streaming)
            problems.extend(_fuzz_method(call, method, callers, thorough, timeout))
    return problems


def _fuzz_method(
    call: object,
    method: MethodDescriptor,
    callers: list[tuple[str, Metadata]],
    thorough: bool,
    timeout: float,
) -> list[Refusal]:
    problems: list[Refusal] = []

    def send(attempt: Attempt, who: str, metadata: Metadata) -> grpc.StatusCode:
        code, problem = _outcome(call, attempt.payload, metadata, timeout)
        if problem is not None:
            problems.append(Refusal(method.name, attempt.name, who, problem))
        return code

    empty = Attempt("vide", b"")
    for who, metadata in BAD_METADATA:
        send(empty, who, metadata)
    admitted = [
        (who, metadata)
        for who, metadata in callers
        if send(empty, who, metadata) not in _GATE_CODES
    ]
    if not admitted:
        problems.append(Refusal(method.name, "toutes", "tous", "jamais atteinte"))
    for attempt in attempts(method.input_type)[1:]:
        for who, metadata in admitted if thorough else admitted[:1]:
            send(attempt, who, metadata)
    return problems


def _caller(channel: grpc.Channel, path: str, client_streams: bool, server_streams: bool) -> object:
    """The method at ``path``, taking and giving raw bytes."""
    if client_streams and server_streams:
        return channel.stream_stream(path, None, None)
    if client_streams:
        return channel.stream_unary(path, None, None)
    if server_streams:
        return channel.unary_stream(path, None, None)
    return channel.unary_unary(path, None, None)


def _outcome(
    call: object, payload: bytes, metadata: Metadata, timeout: float
) -> tuple[grpc.StatusCode, str | None]:
    """The status of the answer to one request (raw bytes; streams send it twice), and what
    is wrong with it."""
    try:
        if isinstance(call, grpc.StreamStreamMultiCallable):
            for _answer in call(iter((payload, payload)), metadata=metadata, timeout=timeout):
                pass
        elif isinstance(call, grpc.StreamUnaryMultiCallable):
            call(iter((payload, payload)), metadata=metadata, timeout=timeout)
        elif isinstance(call, grpc.UnaryStreamMultiCallable):
            for _answer in call(payload, metadata=metadata, timeout=timeout):
                pass
        else:
            assert isinstance(call, grpc.UnaryUnaryMultiCallable)
            call(payload, metadata=metadata, timeout=timeout)
    except grpc.RpcError as error:
        code, details = error.code(), error.details() or ""
        if code in UNEXPECTED or code == grpc.StatusCode.DEADLINE_EXCEEDED:
            return code, f"{code.name}: {details[:300]}"
        try:
            assert_french(details)
        except AssertionError as not_french:
            return code, f"{code.name}, pas en français : {not_french}"[:400]
        return code, None
    return grpc.StatusCode.OK, None
