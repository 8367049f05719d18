from __future__ import annotations

import time

import jwt
import pytest

from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import DependencyUnavailable, Unauthenticated
from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.local_issuer import LocalIssuer, new_rsa_key

SETTINGS = KeycloakSettings(url="http://keycloak.test", realm="collectivia", leeway_seconds=0)


@pytest.fixture
def verifier(issuer: LocalIssuer) -> TokenVerifier:
    return TokenVerifier(SETTINGS, audience="ethics-register", http=issuer.http_client())


def test_valid_token_gives_the_principal(issuer: LocalIssuer, verifier: TokenVerifier) -> None:
    claims = issuer.claims()
    principal = verifier.verify(issuer.sign(claims, "k1"))
    assert principal.subject == claims["sub"]
    assert principal.realm_roles == {"ethics-officer"}
    assert principal.communes() == ("59350",)
    assert not principal.is_service_account


def test_keys_are_fetched_once_not_per_request(
    issuer: LocalIssuer, verifier: TokenVerifier
) -> None:
    for _ in range(5):
        verifier.verify(issuer.sign(issuer.claims(), "k1"))
    assert issuer.jwks_requests == 1


def test_expired_token_is_refused(issuer: LocalIssuer, verifier: TokenVerifier) -> None:
    past = int(time.time()) - 600
    token = issuer.sign(issuer.claims(iat=past, exp=past + 60), "k1")
    with pytest.raises(Unauthenticated, match="expiré"):
        verifier.verify(token)


def test_token_not_yet_valid_is_refused(issuer: LocalIssuer, verifier: TokenVerifier) -> None:
    token = issuer.sign(issuer.claims(nbf=int(time.time()) + 600), "k1")
    with pytest.raises(Unauthenticated, match="pas encore valide"):
        verifier.verify(token)


def test_token_signed_by_another_key_is_refused(
    issuer: LocalIssuer, verifier: TokenVerifier
) -> None:
    forged = issuer.sign(issuer.claims(), "k1", key=new_rsa_key())
    with pytest.raises(Unauthenticated, match="signature"):
        verifier.verify(forged)


def test_wrong_audience_is_refused(issuer: LocalIssuer, verifier: TokenVerifier) -> None:
    token = issuer.sign(issuer.claims(aud=["citizen-chat"], azp="citizen-web"), "k1")
    with pytest.raises(Unauthenticated, match="pas destiné à ethics-register"):
        verifier.verify(token)


def test_own_client_token_is_accepted_without_audience(
    issuer: LocalIssuer, verifier: TokenVerifier
) -> None:
    token = issuer.sign(issuer.claims(aud=None, azp="ethics-register"), "k1")
    assert verifier.verify(token).client_id == "ethics-register"


def test_other_realm_is_refused(issuer: LocalIssuer, verifier: TokenVerifier) -> None:
    token = issuer.sign(issuer.claims(iss="http://keycloak.test/realms/master"), "k1")
    with pytest.raises(Unauthenticated, match="autre domaine"):
        verifier.verify(token)


def test_refresh_or_id_tokens_are_refused(issuer: LocalIssuer, verifier: TokenVerifier) -> None:
    with pytest.raises(Unauthenticated, match=r"jetons d.accès"):
        verifier.verify(issuer.sign(issuer.claims(typ="ID"), "k1"))


def test_symmetric_algorithm_is_refused(issuer: LocalIssuer, verifier: TokenVerifier) -> None:
    token = jwt.encode(issuer.claims(), "x" * 32, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(Unauthenticated, match="algorithme"):
        verifier.verify(token)


def test_garbage_is_refused(verifier: TokenVerifier) -> None:
    with pytest.raises(Unauthenticated, match="pas un JWT"):
        verifier.verify("not-a-token")


def test_rotated_key_is_fetched_on_unknown_kid(issuer: LocalIssuer) -> None:
    settings = SETTINGS.model_copy(update={"jwks_refetch_interval_seconds": 0})
    verifier = TokenVerifier(settings, audience="ethics-register", http=issuer.http_client())
    verifier.verify(issuer.sign(issuer.claims(), "k1"))
    issuer.add_key("k2")
    verifier.verify(issuer.sign(issuer.claims(), "k2"))
    assert issuer.jwks_requests == 2


def test_unknown_kids_do_not_hammer_keycloak(issuer: LocalIssuer) -> None:
    settings = SETTINGS.model_copy(update={"jwks_refetch_interval_seconds": 60})
    verifier = TokenVerifier(settings, audience="ethics-register", http=issuer.http_client())
    verifier.verify(issuer.sign(issuer.claims(), "k1"))
    stranger = new_rsa_key()
    for _ in range(3):
        with pytest.raises(Unauthenticated, match="clé inconnue"):
            verifier.verify(issuer.sign(issuer.claims(), "nope", key=stranger))
    # The start-up fetch only: unknown kids inside the interval never reach Keycloak.
    assert issuer.jwks_requests == 1


def test_unreachable_keycloak_is_a_dependency_error() -> None:
    settings = KeycloakSettings(url="http://127.0.0.1:1", realm="collectivia")
    issuer = LocalIssuer(settings.issuer)
    issuer.add_key("k1")
    verifier = TokenVerifier(settings, audience="ethics-register")
    with pytest.raises(DependencyUnavailable):
        verifier.verify(issuer.sign(issuer.claims(), "k1"))
