"""Client-credentials tokens for service-to-service calls, cached until shortly before expiry."""

from __future__ import annotations

import logging
import threading
import time

from keycloak import KeycloakOpenID
from keycloak.exceptions import KeycloakAuthenticationError, KeycloakError

from collectivia.platform import messages
from collectivia.platform.errors import DependencyUnavailable, Unauthenticated
from collectivia.platform.settings import KeycloakSettings

logger = logging.getLogger(__name__)

# Renew this long before expiry so a token never dies in flight.
RENEW_MARGIN_SECONDS = 30.0


class ServiceTokenProvider:
    def __init__(self, settings: KeycloakSettings, client_id: str, client_secret: str) -> None:
        self._openid = KeycloakOpenID(
            server_url=str(settings.url),
            realm_name=settings.realm,
            client_id=client_id,
            client_secret_key=client_secret,
            timeout=int(settings.http_timeout_seconds),
        )
        self._client_id = client_id
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()
        self.fetch_count = 0

    def token(self) -> str:
        with self._lock:
            if self._token is None or time.monotonic() >= self._renew_at:
                self._fetch()
            assert self._token is not None
            return self._token

    def _fetch(self) -> None:
        try:
            response = self._openid.token(grant_type="client_credentials")
        except KeycloakAuthenticationError as error:
            raise Unauthenticated(
                messages.SERVICE_CLIENT_REFUSED.format(client_id=self._client_id)
            ) from error
        except KeycloakError as error:
            raise DependencyUnavailable(messages.SERVICE_TOKEN_UNAVAILABLE) from error
        lifetime = float(response.get("expires_in", 60))
        self._token = str(response["access_token"])
        self._renew_at = time.monotonic() + max(lifetime - RENEW_MARGIN_SECONDS, lifetime / 2)
        self.fetch_count += 1
        logger.info("service token obtained for %s, valid %.0f s", self._client_id, lifetime)
