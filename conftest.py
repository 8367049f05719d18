"""The fixtures every test may use, loaded explicitly (nothing auto-loads from an installed
package): real Kafka and Keycloak, demo tokens, captured spans, browsers, the model server,
and the services other services' tests talk to, started through their entry points."""

from pathlib import Path

import pytest

pytest_plugins = ["collectivia.testkit.plugin"]
_DEPLOY_TESTS = Path(__file__).resolve().parent / "tests" / "deploy"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The deployment tests last: `make test` builds their Kubernetes toolchain in the
    background meanwhile (minutes of CPU on a fresh machine), so they rarely wait for it."""
    items.sort(key=lambda item: Path(str(item.path)).is_relative_to(_DEPLOY_TESTS))
