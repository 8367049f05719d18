"""A local token issuer for unit tests of token verification (no Keycloak involved).

Integration tests use the real Keycloak; this only exercises the verifier's own rules
(expiry, audience, unknown keys...) with tokens that Keycloak would never hand out.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey


def new_rsa_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class LocalIssuer:
    issuer: str
    keys: dict[str, RSAPrivateKey] = field(default_factory=dict)
    jwks_requests: int = 0

    def add_key(self, kid: str | None = None) -> str:
        kid = kid or uuid.uuid4().hex
        self.keys[kid] = new_rsa_key()
        return kid

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, key in self.keys.items():
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
            keys.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return {"keys": keys}

    def http_client(self) -> httpx.Client:
        """An HTTP client whose JWKS endpoint is this issuer's."""

        def handle(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith("/protocol/openid-connect/certs"):
                self.jwks_requests += 1
                return httpx.Response(200, json=self.jwks())
            return httpx.Response(404)

        return httpx.Client(transport=httpx.MockTransport(handle))

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": str(uuid.uuid4()),
            "aud": ["ethics-register"],
            "azp": "collectivia-dev-cli",
            "typ": "Bearer",
            "iat": now,
            "exp": now + 300,
            "realm_access": {"roles": ["ethics-officer"]},
            "groups": ["/communes/59350", "/departments/numerique"],
            "preferred_username": "claire.ethique",
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(self, claims: dict[str, Any], kid: str, key: RSAPrivateKey | None = None) -> str:
        return jwt.encode(claims, key or self.keys[kid], algorithm="RS256", headers={"kid": kid})
