"""Who sees which commune's figures: an official their communes only, the
intercommunality's roles every commune, anyone else nothing; in French."""

from __future__ import annotations

import pytest

from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import InvalidInput, PermissionDenied

METZ, WOIPPY = "57463", "57480"


def principal(role: str, *groups: str) -> Principal:
    return Principal(
        subject="someone",
        client_id="collectivia-dev-cli",
        realm_roles=frozenset({role}),
        client_roles={},
        groups=groups,
        is_service_account=False,
    )


def test_an_official_covers_their_communes() -> None:
    claire = Viewer.of(principal("official", f"/communes/{WOIPPY}", "/departments/elus"))
    assert claire.communes == (WOIPPY,)
    assert claire.scope([]) == (WOIPPY,)
    assert claire.scope([WOIPPY, WOIPPY]) == (WOIPPY,)
    with pytest.raises(PermissionDenied) as other:
        claire.scope([WOIPPY, METZ])
    assert other.value.detail == (
        "Vous ne pouvez pas consulter les chiffres de la commune 57463 : seulement ceux de "
        "votre commune (57480)."
    )


def test_the_intercommunality_covers_every_commune() -> None:
    for role in ("admin", "data-steward"):
        viewer = Viewer.of(principal(role, "/departments/numerique"))
        assert viewer.scope([]) is None
        assert viewer.scope([WOIPPY, METZ]) == (METZ, WOIPPY)
        assert viewer.scope(["2A004"]) == ("2A004",)


def test_others_are_refused() -> None:
    for role in ("citizen", "agent", "integrator", "dpo"):
        with pytest.raises(PermissionDenied) as refused:
            Viewer.of(principal(role, f"/communes/{METZ}")).scope([])
        assert refused.value.detail == (
            "Les indicateurs sont réservés aux élus (rôle « official ») et à l'intercommunalité "
            "(rôles « admin » ou « data-steward »)."
        )


def test_an_official_without_a_commune_sees_nothing() -> None:
    with pytest.raises(PermissionDenied) as none:
        Viewer.of(principal("official")).scope([])
    assert none.value.detail.startswith("Votre compte d'élu n'est rattaché à aucune commune")


def test_a_malformed_commune_code_is_invalid() -> None:
    with pytest.raises(InvalidInput) as malformed:
        Viewer.of(principal("admin")).scope(["Metz"])
    assert malformed.value.detail == (
        "Code commune invalide : « Metz » (le code INSEE de la commune, 5 caractères, ex. 57463)."
    )
    assert malformed.value.errors[0].field == "commune"
