"""General causes of missed or misshapen addresses seen on the twenty-ninth and thirtieth sets
(Alsace and the Moselle; Marseille, the Alps and Mayotte; both measured blind first, then read
for their addresses, never their sentences): German streets abbreviated « Str. », Albanian
« rr. » and « Pallati », a table's address column whose cells start in lower case or hold a
landmark, a landmark before the postcode where streets have no numbers, a building and its flat
with the postcode and no street, a civility or a table's header read into an address, a land
plot's number, a person after « à »; and the names model's addresses beside the rules'."""

from __future__ import annotations

from typing import cast

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.address_extents import trimmed_addresses
from collectivia.ai.privacy.model_addresses import with_model_addresses
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.ai.privacy.spans import Span
from collectivia.testkit.doubles import FixedPersonModel
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ancienne adresse : Lindenstr. 8, 79539 Lörrach, Deutschland.",
            ["Lindenstr. 8, 79539 Lörrach, Deutschland"],
        ),
        ("Il loge chez son cousin, Kölner Str. 17, 53111 Bonn.", ["Kölner Str. 17, 53111 Bonn"]),
        (
            "Mon grand-père vit rr. Skënderbeu nr. 12, 10000 Prishtinë, Kosovë depuis 1990.",
            ["rr. Skënderbeu nr. 12, 10000 Prishtinë, Kosovë"],
        ),
        (
            "Domicile : Rruga e Kavajës, Pallati 12, Shkalla 1, Ap. 4, 1001 Tiranë, Shqipëri",
            ["Rruga e Kavajës, Pallati 12, Shkalla 1, Ap. 4, 1001 Tiranë, Shqipëri"],
        ),
        # the street's type alone is no address
        ("La Str. est fermée le dimanche à Kehl.", []),
    ],
)
def test_german_and_albanian_streets(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_an_address_column_s_cells_in_any_case_and_with_a_landmark() -> None:
    text = (
        "NOM;Prénom;Adresse;Téléphone\n"
        "HALIDI;Moina;chemin des Crêtes, Combani, 97680 Tsingoni;06 39 11 22 33\n"
        "ABDOU;Zaïnaba;Cavani, près de la pharmacie, 97600 Mamoudzou;06 39 44 55 66\n"
        "ROUX;Élise;Cité des Pins, bât. Gamma, 83500 La Seyne-sur-Mer;06 11 22 33 44\n"
    )
    assert found(text, PiiType.ADDRESS) == [
        "chemin des Crêtes, Combani, 97680 Tsingoni",
        "Cavani, près de la pharmacie, 97600 Mamoudzou",
        "Cité des Pins, bât. Gamma, 83500 La Seyne-sur-Mer",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "J'habite village de Bandrakouni 2, derrière la boulangerie, 97660 Bandrélé.",
            ["village de Bandrakouni 2, derrière la boulangerie, 97660 Bandrélé"],
        ),
        (
            "Adresse : quartier Mgombani, en face de la mosquée, 97600 Mamoudzou",
            ["quartier Mgombani, en face de la mosquée, 97600 Mamoudzou"],
        ),
        # a landmark without a postcode after it is only a direction
        ("Le marché est près de la mosquée, à Mamoudzou.", []),
    ],
)
def test_a_landmark_before_the_postcode(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle est hébergée chez sa tante, bât. F Les Oliviers, 83000 Toulon.",
            ["bât. F Les Oliviers, 83000 Toulon"],
        ),
        ("Logés bat 7, escalier 2, 13015 Marseille.", ["bat 7, escalier 2, 13015 Marseille"]),
        # a farm's German name before its lieu-dit
        (
            "Le courrier : Hof Sonnenberg, 4 lieu-dit Sonnenberg, 68140 Munster",
            ["Hof Sonnenberg, 4 lieu-dit Sonnenberg, 68140 Munster"],
        ),
    ],
)
def test_a_building_and_a_flat_with_their_postcode(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_a_civility_ending_a_mention_is_not_the_address_s() -> None:
    text = "Ils sont hébergés chez le fils de Mme, Parc Bellevue, bât. K, 13003 Marseille."
    assert found(text, PiiType.ADDRESS) == ["Parc Bellevue, bât. K, 13003 Marseille"]


def test_a_table_s_header_is_not_read_into_an_address() -> None:
    text = (
        "Recensement du hameau du Col\n"
        "Maison\tHabitants\tTél\n"
        "Maison Les Sorbiers, hameau du Col, 05100 Névache\tJean Roux\t04 92 11 22 33\n"
    )
    assert found(text, PiiType.ADDRESS) == ["Maison Les Sorbiers, hameau du Col, 05100 Névache"]


@pytest.mark.parametrize(
    "text",
    [
        "Le conseil vend la parcelle section AB n° 87, lieu-dit Les Prés, à M. Roux.",
        "Vente de la parcelle cadastrée ZC 14, lieu-dit Heidenfeld, à Mme Klein.",
    ],
)
def test_a_land_plot_and_its_buyer_are_no_address(text: str) -> None:
    assert found(text, PiiType.ADDRESS) == []


def test_a_person_after_a_is_no_town() -> None:
    assert found("Envoyez-le au 12, lieu-dit Kirchacker, à M. Roux.", PiiType.ADDRESS) == [
        "12, lieu-dit Kirchacker"
    ]
    assert found("Envoyez-le au 12, lieu-dit Kirchacker, à Colmar.", PiiType.ADDRESS) == [
        "12, lieu-dit Kirchacker, à Colmar"
    ]


def _span(text: str, part: str, kind: PiiType = PiiType.ADDRESS) -> Span:
    start = text.index(part)
    return Span(kind, start, start + len(part), part)


def _at(text: str, part: str) -> tuple[int, int]:
    return text.index(part), text.index(part) + len(part)


MODEL_TEXT = (
    "Chez Anaïs Morel, Les Jardins du Parc, bât. C, 13014 Marseille 14e, tél. 06 11 22 33 44"
)


def test_the_model_s_wider_address_widens_the_rule_s() -> None:
    rule = _span(MODEL_TEXT, "bât. C, 13014 Marseille")
    model = _at(MODEL_TEXT, "Les Jardins du Parc, bât. C, 13014 Marseille 14e")
    (widened,) = with_model_addresses(MODEL_TEXT, [rule], [model])
    assert widened.text == "Les Jardins du Parc, bât. C, 13014 Marseille 14e"


def test_a_person_at_the_head_of_a_rule_s_address_is_a_name() -> None:
    rule = _span(MODEL_TEXT, "Anaïs Morel, Les Jardins du Parc, bât. C, 13014 Marseille")
    model = _at(MODEL_TEXT, "Les Jardins du Parc, bât. C, 13014 Marseille")
    spans = with_model_addresses(MODEL_TEXT, [rule], [model], [_at(MODEL_TEXT, "Anaïs Morel")])
    assert [(s.type, s.text) for s in spans] == [
        (PiiType.NAME, "Anaïs Morel"),
        (PiiType.ADDRESS, "Les Jardins du Parc, bât. C, 13014 Marseille"),
    ]


def test_a_person_is_split_off_only_with_the_address_s_new_start() -> None:
    text = "Chez Anaïs Morel, Les Jardins du Parc, bât. C, 13014 Marseille; tél."
    rule = _span(text, "Anaïs Morel, Les Jardins du Parc, bât. C, 13014 Marseille")
    # the model's address runs on across a cell's edge: nothing changes, no name overlaps
    model = _at(text, "Les Jardins du Parc, bât. C, 13014 Marseille; tél")
    assert with_model_addresses(text, [rule], [model], [_at(text, "Anaïs Morel")]) == [rule]


def test_a_model_s_address_over_something_else_changes_nothing() -> None:
    rule = _span(MODEL_TEXT, "bât. C, 13014 Marseille")
    phone = _span(MODEL_TEXT, "06 11 22 33 44", PiiType.PHONE)
    model = _at(MODEL_TEXT, "bât. C, 13014 Marseille 14e, tél. 06 11 22 33 44")
    assert with_model_addresses(MODEL_TEXT, [rule, phone], [model]) == [rule, phone]
    name = _span(MODEL_TEXT, "Anaïs Morel", PiiType.NAME)
    over_a_name = _at(MODEL_TEXT, "Morel, Les Jardins")
    assert with_model_addresses(MODEL_TEXT, [name], [over_a_name]) == [name]


def test_a_model_s_address_does_not_take_in_what_introduces_it() -> None:
    text = "On est 4, adresse bat A 2e étage 8 rue des Lys 67200 Strasbourg"
    rule = _span(text, "bat A 2e étage 8 rue des Lys 67200 Strasbourg")
    model = _at(text, "4, adresse bat A 2e étage 8 rue des Lys 67200 Strasbourg")
    assert with_model_addresses(text, [rule], [model]) == [rule]


def test_a_model_s_address_alone_needs_a_number() -> None:
    text = "Elle vit quartier Cavani, 97600 Mamoudzou, pas à Cavani Sud."
    spans = with_model_addresses(
        text, [], [_at(text, "quartier Cavani, 97600 Mamoudzou"), _at(text, "Cavani Sud")]
    )
    assert [s.text for s in spans] == ["quartier Cavani, 97600 Mamoudzou"]


def test_the_guard_widens_with_the_model_s_address() -> None:
    model = FixedPersonModel(addresses=("Les Jardins du Parc, bât. C, 13014 Marseille 14e",))
    guard = PrivacyGuard(persons=cast(PersonModel, model))
    text = "Nous logeons Les Jardins du Parc, bât. C, 13014 Marseille 14e depuis mai."
    assert found(text, PiiType.ADDRESS, guard) == [
        "Les Jardins du Parc, bât. C, 13014 Marseille 14e"
    ]


def test_trimmed_addresses_keep_envelopes_on_several_lines() -> None:
    text = "Maison Les Sorbiers\nhameau du Col\n05100 Névache"
    envelope = _span(text, text)
    assert trimmed_addresses([envelope]) == [envelope]
