"""The verified-token cache of TokenVerifier: a token's signature is checked once, and an
entry is never served past the token's ``exp``."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest

from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import Unauthenticated
from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.local_issuer import LocalIssuer, new_rsa_key

SETTINGS = KeycloakSettings(url="http://keycloak.test", realm="collectivia", leeway_seconds=0)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every token whose signature the verifier checks (PyJWT's decode), in order."""
    checked: list[str] = []
    real_decode = jwt.decode

    def spy(token: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(token)
        return real_decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", spy)
    return checked


@pytest.fixture
def clock() -> Clock:
    return Clock()


def verifier_for(issuer: LocalIssuer, clock: Clock, cache_size: int = 16) -> TokenVerifier:
    return TokenVerifier(
        SETTINGS,
        audience="ethics-register",
        http=issuer.http_client(),
        cache_size=cache_size,
        clock=clock,
    )


def test_a_token_is_checked_once_then_served_from_memory(
    issuer: LocalIssuer, clock: Clock, decodes: list[str]
) -> None:
    verifier = verifier_for(issuer, clock)
    token = issuer.sign(issuer.claims(), "k1")
    first = verifier.verify(token)
    assert all(verifier.verify(token) == first for _ in range(5))
    assert decodes == [token]


def test_an_entry_is_not_served_once_the_token_expired(
    issuer: LocalIssuer, clock: Clock, decodes: list[str]
) -> None:
    verifier = verifier_for(issuer, clock)
    claims = issuer.claims()
    token = issuer.sign(claims, "k1")
    verifier.verify(token)
    clock.now = claims["exp"] - 0.001
    verifier.verify(token)
    assert len(decodes) == 1
    clock.now = claims["exp"]
    verifier.verify(token)  # checked again (and still valid for PyJWT's own clock)
    assert len(decodes) == 2


def test_an_expired_token_is_refused_even_after_it_was_accepted(issuer: LocalIssuer) -> None:
    verifier = TokenVerifier(SETTINGS, audience="ethics-register", http=issuer.http_client())
    # two seconds, not one: a whole second at least before it expires, so that a loaded machine
    # (CI's integration half beside) still verifies it first (it failed so once)
    exp = int(time.time()) + 2
    token = issuer.sign(issuer.claims(exp=exp), "k1")
    verifier.verify(token)
    while time.time() < exp + 0.05:
        time.sleep(0.05)
    with pytest.raises(Unauthenticated, match="expiré"):
        verifier.verify(token)


def test_refused_tokens_are_not_remembered(
    issuer: LocalIssuer, clock: Clock, decodes: list[str]
) -> None:
    verifier = verifier_for(issuer, clock)
    forged = issuer.sign(issuer.claims(), "k1", key=new_rsa_key())
    wrong_audience = issuer.sign(issuer.claims(aud=["citizen-chat"], azp="citizen-web"), "k1")
    for _ in range(2):
        with pytest.raises(Unauthenticated, match="signature"):
            verifier.verify(forged)
        with pytest.raises(Unauthenticated, match="pas destiné à"):
            verifier.verify(wrong_audience)
    assert len(decodes) == 4
    assert len(verifier.verified) == 0


def test_the_cache_is_bounded(issuer: LocalIssuer, clock: Clock, decodes: list[str]) -> None:
    verifier = verifier_for(issuer, clock, cache_size=2)
    first, second, third = (issuer.sign(issuer.claims(), "k1") for _ in range(3))
    for token in (first, second, third):
        verifier.verify(token)
    assert len(verifier.verified) == 2
    verifier.verify(third)
    verifier.verify(first)  # the oldest was dropped: checked again
    assert decodes == [first, second, third, first]


def test_a_zero_size_cache_checks_every_call(
    issuer: LocalIssuer, clock: Clock, decodes: list[str]
) -> None:
    verifier = verifier_for(issuer, clock, cache_size=0)
    token = issuer.sign(issuer.claims(), "k1")
    verifier.verify(token)
    verifier.verify(token)
    assert len(decodes) == 2
