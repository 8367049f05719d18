from __future__ import annotations

import pytest

from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.local_issuer import LocalIssuer


@pytest.fixture
def issuer() -> LocalIssuer:
    """Signs tokens as http://keycloak.test/realms/collectivia would, with key id "k1"."""
    issuer = LocalIssuer(KeycloakSettings(url="http://keycloak.test").issuer)
    issuer.add_key("k1")
    return issuer
