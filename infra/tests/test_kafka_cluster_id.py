"""The KRaft cluster id the stack formats Kafka's storage with."""

from __future__ import annotations

import base64
import uuid

import pytest

from infra.collectivia_stack import kafka


def test_a_cluster_id_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    """One id in 64 would: the storage tool then reads it as an option and refuses to format
    (seen once in CI). The first draw here starts with "-", the second does not."""
    dashed = uuid.UUID(bytes=base64.urlsafe_b64decode("-" + "A" * 21 + "=="))
    plain = uuid.UUID(bytes=base64.urlsafe_b64decode("B" * 22 + "=="))
    draws = iter([dashed, plain])
    monkeypatch.setattr(uuid, "uuid4", lambda: next(draws))
    assert kafka.cluster_id() == base64.urlsafe_b64encode(plain.bytes).decode().rstrip("=")


def test_a_cluster_id_is_22_url_safe_characters() -> None:
    drawn = kafka.cluster_id()
    assert len(drawn) == 22 and not drawn.startswith("-")
    assert base64.urlsafe_b64decode(drawn + "==")
