"""Verification of Keycloak access tokens against the realm's JWKS.

Keys are cached by ``kid``; an unknown ``kid`` (key rotation) triggers a refetch, at most
once per ``jwks_refetch_interval_seconds`` so that forged tokens cannot hammer Keycloak.
Tokens that passed are remembered until their ``exp`` (bounded, by SHA-256 of the token):
a service calling with the same token skips the signature check (about 100 us in PyJWT).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import jwt

from collectivia.platform import messages
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import DependencyUnavailable, Unauthenticated
from collectivia.platform.settings import KeycloakSettings

logger = logging.getLogger(__name__)

# Asymmetric algorithms only: an HS256 token "signed" with a public key must never pass.
ALLOWED_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256"})


class JwksCache:
    def __init__(self, jwks_url: str, http: httpx.Client, refetch_interval: float) -> None:
        self._url = jwks_url
        self._http = http
        self._refetch_interval = refetch_interval
        self._keys: dict[str, jwt.PyJWK] = {}
        self._last_fetch = float("-inf")
        self._lock = threading.Lock()
        self.fetch_count = 0

    def key_for(self, kid: str) -> jwt.PyJWK:
        key = self._keys.get(kid)
        if key is not None:
            return key
        with self._lock:
            if kid not in self._keys and self._may_refetch():
                self._fetch()
        key = self._keys.get(kid)
        if key is None:
            raise Unauthenticated(messages.UNKNOWN_KEY)
        return key

    def _may_refetch(self) -> bool:
        return time.monotonic() - self._last_fetch >= self._refetch_interval

    def _fetch(self) -> None:
        self._last_fetch = time.monotonic()
        try:
            response = self._http.get(self._url)
            response.raise_for_status()
            key_set = jwt.PyJWKSet.from_dict(response.json())
        except (httpx.HTTPError, ValueError, jwt.PyJWKSetError) as error:
            logger.warning("could not fetch the realm's signing keys: %s", error)
            raise DependencyUnavailable(messages.IDENTITY_KEYS_UNAVAILABLE) from error
        self.fetch_count += 1
        self._keys = {key.key_id: key for key in key_set.keys if key.key_id}


# Distinct tokens remembered at once: callers reuse one token for its lifetime.
VERIFIED_CACHE_SIZE = 4096


class VerifiedTokens:
    """Principals of verified tokens, until each token's ``exp``; least recently stored
    first out beyond ``capacity``. An expired entry is never served. A token stays accepted
    until its ``exp`` even if its signing key leaves the JWKS meanwhile (tokens are short)."""

    def __init__(self, capacity: int, clock: Callable[[], float]) -> None:
        self._capacity = capacity
        self._clock = clock
        self._entries: OrderedDict[bytes, tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def key(token: str) -> bytes:
        return hashlib.sha256(token.encode()).digest()

    def get(self, key: bytes) -> Principal | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            principal, expires_at = entry
            if self._clock() < expires_at:
                return principal
            del self._entries[key]
            return None

    def put(self, key: bytes, principal: Principal, expires_at: float) -> None:
        if self._capacity <= 0 or self._clock() >= expires_at:
            return
        with self._lock:
            self._entries[key] = (principal, expires_at)
            self._entries.move_to_end(key)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)


class TokenVerifier:
    """Verifies access tokens meant for ``audience`` (the service's client id).

    ``clock`` (epoch seconds, as ``exp``) is injectable for tests of the verified-token cache.
    """

    def __init__(
        self,
        settings: KeycloakSettings,
        audience: str,
        http: httpx.Client | None = None,
        *,
        cache_size: int = VERIFIED_CACHE_SIZE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._issuer = settings.issuer
        self._audience = audience
        self._leeway = settings.leeway_seconds
        self.http = http or httpx.Client(timeout=settings.http_timeout_seconds)
        self.jwks = JwksCache(
            f"{self._issuer}/protocol/openid-connect/certs",
            self.http,
            settings.jwks_refetch_interval_seconds,
        )
        self.verified = VerifiedTokens(cache_size, clock)

    def verify(self, token: str) -> Principal:
        key = self.verified.key(token)
        principal = self.verified.get(key)
        if principal is None:
            principal = self._verify(token, key)
        return principal

    def _verify(self, token: str, cache_key: bytes) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError:
            raise Unauthenticated(messages.NOT_A_JWT) from None
        algorithm = header.get("alg")
        kid = header.get("kid")
        if algorithm not in ALLOWED_ALGORITHMS or not isinstance(kid, str):
            raise Unauthenticated(messages.ALGORITHM_REFUSED)
        key = self.jwks.key_for(kid)
        claims = self._decode(token, key, algorithm)
        self._check_claims(claims)
        principal = Principal.from_claims(claims)
        self.verified.put(cache_key, principal, float(claims["exp"]))
        return principal

    def _decode(self, token: str, key: jwt.PyJWK, algorithm: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "sub"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated(messages.TOKEN_EXPIRED) from None
        except jwt.ImmatureSignatureError:
            raise Unauthenticated(messages.TOKEN_NOT_YET_VALID) from None
        except jwt.InvalidIssuerError:
            raise Unauthenticated(messages.OTHER_ISSUER) from None
        except jwt.InvalidSignatureError:
            raise Unauthenticated(messages.BAD_SIGNATURE) from None
        except jwt.InvalidTokenError as error:
            raise Unauthenticated(messages.TOKEN_INVALID.format(reason=error)) from None
        return claims

    def _check_claims(self, claims: Mapping[str, Any]) -> None:
        audience = claims.get("aud", [])
        audiences = {audience} if isinstance(audience, str) else set(audience)
        # A service may also call itself with its own client-credentials token.
        if self._audience not in audiences and claims.get("azp") != self._audience:
            raise Unauthenticated(messages.OTHER_AUDIENCE.format(audience=self._audience))
        # Keycloak marks access tokens "Bearer"; ID and refresh tokens must not open the API.
        if claims.get("typ", "Bearer") != "Bearer":
            raise Unauthenticated(messages.ACCESS_TOKENS_ONLY)
